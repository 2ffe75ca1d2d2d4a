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
	$(MAKE) -C userspace VXIP_VERSION=$(VXIP_VERSION)
	$(MAKE) -C userspace/iplink
	$(MAKE) -C userspace/evpn
	$(MAKE) -C userspace/gossip

# vxipctl's argument parsing, the man pages and the bash completion, on
# the host in seconds (tests/unit/).
unit: tool
	@mkdir -p build/unit
	$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror -o build/unit/fakegenl.so \
		tests/unit/fakegenl.c $$(pkg-config --cflags --libs libmnl) -ldl
	tests/unit/vxipctl.sh
	tests/unit/manpages.sh
	tests/unit/completion.sh

# The module's sources in DIR, for a build outside the tree (one tree
# can't hold objects for two kernels, and make check's guests load the
# tree's vxip.ko while lint builds under sparse).
kmod-copy:
	@test -n "$(DIR)" || { echo "kmod-copy: DIR is not set"; exit 1; }
	@mkdir -p $(DIR)
	@rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' --exclude='Module.symvers' --exclude='modules.order' \
		-R Kbuild module uapi tests/kunit $(DIR)/

# The module and its KUnit suites, built against the debug kernel in a
# copy of the sources.  The debug kernel's UBSAN instruments vxip and its
# tests, not itself (tests/qemu/debug.config).
kmod-debug:
	@test -n "$(DEBUG_KDIR)" || { echo "DEBUG_KDIR is not set (tests/qemu/build-kernel prints it)"; exit 1; }
	@$(MAKE) -s kmod-copy DIR=build/kmod-debug
	$(call KMAKE,$(DEBUG_KDIR),$(CURDIR)/build/kmod-debug) UBSAN_SANITIZE=y modules

debug-kernel:
	tests/qemu/build-kernel

# Installing on a node.  DESTDIR and PREFIX work as usual for the tool.
PREFIX ?= /usr/local
KVER ?= $(STOCK_KVER)
DKMS_VERSION := $(subst -,.,$(VXIP_VERSION))
DKMS_SRC := $(DESTDIR)/usr/src/vxip-$(DKMS_VERSION)

install: module tool
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)
	install -D -m 755 userspace/vxipctl/vxipctl $(DESTDIR)$(PREFIX)/sbin/vxipctl
	install -D -m 644 Documentation/vxipctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/vxipctl.8
	install -D -m 755 userspace/evpn/vxip-evpn $(DESTDIR)$(PREFIX)/sbin/vxip-evpn
	install -D -m 644 Documentation/vxip-evpn.8 $(DESTDIR)$(PREFIX)/share/man/man8/vxip-evpn.8
	install -D -m 755 userspace/gossip/vxip-gossip $(DESTDIR)$(PREFIX)/sbin/vxip-gossip
	install -D -m 644 Documentation/vxip-gossip.8 $(DESTDIR)$(PREFIX)/share/man/man8/vxip-gossip.8
	install -D -m 644 contrib/vxipctl.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vxipctl
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system
	for u in vxip@.service vxip-evpn.service vxip-gossip.service; do \
		sed 's|/usr/local/|$(PREFIX)/|g' contrib/$$u > $(DESTDIR)$(PREFIX)/lib/systemd/system/$$u; \
	done
	$(MAKE) -C userspace/iplink install \
		IP_LIB_DIR=/usr/lib/$$(dpkg-architecture -qDEB_HOST_MULTIARCH)/ip

install-modules-load:
	install -D -m 644 packaging/vxip.modules-load.conf $(DESTDIR)/etc/modules-load.d/vxip.conf

# DKMS rebuilds the module for every kernel the node installs.
dkms-install:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r Kbuild module uapi $(DKMS_SRC)/
	mkdir -p $(DKMS_SRC)/tests && cp -r tests/kunit $(DKMS_SRC)/tests/
	sed 's/@VERSION@/$(DKMS_VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf
	dkms add -m vxip -v $(DKMS_VERSION)
	dkms build -m vxip -v $(DKMS_VERSION) -k $(KVER)
	dkms install -m vxip -v $(DKMS_VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove -m vxip -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

# checkpatch, sparse, and the YNL spec against the uapi header (both run).
lint:
	scripts/lint.sh; rc=$$?; scripts/ynl-check.sh && exit $$rc

# vxip.ko against 6.1, 6.12 (trixie) and 7.2 (sid), W=1.
compat:
	scripts/compat.sh

check:
	scripts/check.sh

demo:
	GOSSIP=$(GOSSIP) EVPN=$(EVPN) STATIC=$(STATIC) scripts/demo.sh

# The torture suite on the debug kernel: LONG=1 SEED=N KERNEL=stock TESTS=...
torture:
	LONG=$(LONG) SEED=$(SEED) KERNEL=$(KERNEL) TESTS="$(TESTS)" scripts/run-torture.sh

# Figures, not tests: QUICK=1 REPS=N KERNEL=stock|debug PROFILE="configs".
# See Documentation/performance.rst.
bench:
	QUICK=$(QUICK) REPS=$(REPS) ONLY="$(ONLY)" KERNEL=$(KERNEL) PROFILE="$(PROFILE)" scripts/run-bench.sh

clean-module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean: clean-module
	$(MAKE) -C userspace clean
	$(MAKE) -C userspace/iplink clean
	$(MAKE) -C userspace/evpn clean
	$(MAKE) -C userspace/gossip clean
	rm -rf build

.PHONY: all deps module tool unit kmod-copy kmod-debug debug-kernel install install-modules-load \
	dkms-install dkms-uninstall lint compat check demo bench torture clean-module clean
