/* SPDX-License-Identifier: GPL-2.0 */
/* The few kernel-style helpers userspace code uses. */
#ifndef VXIP_COMPILER_H
#define VXIP_COMPILER_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif
