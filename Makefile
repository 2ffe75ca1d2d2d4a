# SPDX-License-Identifier: GPL-2.0
# vxip: top-level build, test and demo entry points.  See README.md.

STOCK_KVER ?= $(shell tests/qemu/stock-kver 2>/dev/null)
KDIR ?= /lib/modules/$(STOCK_KVER)/build
VXIP_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
KSRC_TAR := /usr/src/linux-source-6.1.tar.xz
# Debug kernel build directory; tests/qemu/build-kernel prints it.
DEBUG_KDIR ?=

KMAKE = $(MAKE) -C $(1) M=$(2) W=1 VXIP_VERSION=$(VXIP_VERSION)

all: module tool

deps:
	@scripts/deps.sh

module:
	$(call KMAKE,$(KDIR),$(CURDIR)) modules

tool:
	$(MAKE) -C userspace

# The module and its KUnit suites, built against the debug kernel in a
# copy of the sources (one tree can't hold objects for two kernels).
kmod-debug:
	@test -n "$(DEBUG_KDIR)" || { echo "DEBUG_KDIR is not set (tests/qemu/build-kernel prints it)"; exit 1; }
	@mkdir -p build/kmod-debug
	@rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' --exclude='Module.symvers' --exclude='modules.order' \
		-R Kbuild module uapi tests/kunit build/kmod-debug/
	$(call KMAKE,$(DEBUG_KDIR),$(CURDIR)/build/kmod-debug) modules

debug-kernel:
	tests/qemu/build-kernel

lint:
	scripts/lint.sh

# vxip.ko against 6.1, 6.12 (trixie) and 7.2 (sid), W=1.
compat:
	scripts/compat.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

clean-module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean: clean-module
	$(MAKE) -C userspace clean
	rm -rf build

.PHONY: all deps module tool kmod-debug debug-kernel lint compat check demo clean-module clean
