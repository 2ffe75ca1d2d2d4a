/* SPDX-License-Identifier: GPL-2.0 */
/* Small generic netlink layer over libmnl for the vxip family. */
#ifndef VXIP_GENL_H
#define VXIP_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* Large enough for the biggest dump message the kernel builds. */
#define VXNL_RECV_SIZE 32768

/* Names the attribute at byte offset @off of request @req, for errors. */
typedef const char *(*vxnl_attr_name_t)(const struct nlmsghdr *req,
					unsigned int off);

struct vxnl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	/* Multicast groups, 0 when the module has none by that name. */
	uint32_t grp_changes;	/* "changes" (or a module's older "events") */
	uint32_t grp_learn;	/* "learn": what the datapath learns and ages */
	uint32_t grp_miss;	/* "miss" */
	vxnl_attr_name_t attr_name;
	/* The kernel's extack text for the last error, with the attribute
	 * and the valid range when the kernel says which; after a success,
	 * the kernel's warning if it gave one; or "".
	 */
	char errmsg[384];
};

typedef int (*vxnl_cb_t)(const struct nlmsghdr *nlh, void *data);

int vxnl_open(struct vxnl *nl);
void vxnl_close(struct vxnl *nl);

/*
 * Start a vxip request in @buf (MNL_SOCKET_BUFFER_SIZE bytes at least).
 * Its sequence number is given when it is sent or queued.
 */
struct nlmsghdr *vxnl_msg(struct vxnl *nl, void *buf, uint8_t cmd,
			  uint16_t flags);

/*
 * Number and send @nlh, and read replies until its ACK or NLMSG_DONE.
 * Every data message goes to @cb.  Returns 0, or a negative errno with
 * the kernel's message in nl->errmsg, also when the kernel refuses a dump
 * (an error in NLMSG_DONE).  A dump the kernel marked inconsistent returns
 * -EINTR after it is fully read, so the caller can start it again.
 */
int vxnl_talk(struct vxnl *nl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data);

/* A description of an error: the extack text if any, else strerror. */
const char *vxnl_strerror(const struct vxnl *nl, int err);

/*
 * Pipelining: many requests sent in one sendmsg, then their answers read.
 * A request without NLM_F_ACK is answered only if it fails (netlink
 * always reports an error); the batch's last request always asks for an
 * ACK, a barrier: the kernel runs a sendmsg's requests in order, so once
 * it is answered, every request before it has been, and each one that
 * sent no answer succeeded.
 */
struct vxnl_batch {
	char *buf;
	size_t len, cap;
	size_t *offs;		/* where each request starts in buf */
	unsigned int n, max;
};

int vxnl_batch_init(struct vxnl_batch *b, unsigned int max_msgs, size_t bytes);
void vxnl_batch_free(struct vxnl_batch *b);
/* Room for a request of up to @len bytes? */
bool vxnl_batch_fits(const struct vxnl_batch *b, size_t len);
/* Copy the finished request @nlh into the batch, and number it. */
void vxnl_batch_add(struct vxnl *nl, struct vxnl_batch *b,
		    const struct nlmsghdr *nlh);
/*
 * Send the batch and collect its answers.  @done(data, i, err) runs, in
 * order, for each request i (0-based) that was answered: every one that
 * failed (err a negative errno) and every one sent with NLM_F_ACK (err 0
 * if it succeeded, with nl->errmsg set if the kernel warned).
 * Returns 0 once the last request's ACK came back, else a negative errno
 * (the socket overflowed, or the kernel stopped answering); the batch is
 * emptied.
 */
int vxnl_batch_send(struct vxnl *nl, struct vxnl_batch *b,
		    void (*done)(void *data, unsigned int i, int err),
		    void *data);

#endif
