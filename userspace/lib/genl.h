/* SPDX-License-Identifier: GPL-2.0 */
/* Small generic netlink layer over libmnl for the vxip family. */
#ifndef VXIP_GENL_H
#define VXIP_GENL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct vxnl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t events_grp;
	/* The kernel's extack text for the last error, or "". */
	char errmsg[256];
};

/* Large enough for the biggest dump message the kernel builds. */
#define VXNL_RECV_SIZE 32768

typedef int (*vxnl_cb_t)(const struct nlmsghdr *nlh, void *data);

int vxnl_open(struct vxnl *nl);
void vxnl_close(struct vxnl *nl);

/* Start a vxip request in @buf (MNL_SOCKET_BUFFER_SIZE bytes at least). */
struct nlmsghdr *vxnl_msg(struct vxnl *nl, void *buf, uint8_t cmd,
			  uint16_t flags);

/*
 * Send @nlh and read replies until its ACK or NLMSG_DONE.  Every data
 * message goes to @cb.  Returns 0, or a negative errno with the kernel's
 * message in nl->errmsg.  A dump the kernel marked inconsistent returns
 * -EINTR after it is fully read, so the caller can start it again.
 */
int vxnl_talk(struct vxnl *nl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data);

/* A description of an error: the extack text if any, else strerror. */
const char *vxnl_strerror(const struct vxnl *nl, int err);

#endif
