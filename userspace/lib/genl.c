// SPDX-License-Identifier: GPL-2.0
/* Small generic netlink layer over libmnl for the vxip family. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/vxip.h>

#include "genl.h"

static struct nlmsghdr *put_hdr(void *buf, uint16_t type,
				uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *vxnl_msg(struct vxnl *nl, void *buf, uint8_t cmd,
			  uint16_t flags)
{
	return put_hdr(buf, nl->family, cmd, VXIP_GENL_VERSION, flags);
}

/* The valid range the kernel reported for a rejected attribute. */
static void policy_range(const struct nlattr *pol, char *out, size_t len)
{
	const struct nlattr *a;
	uint64_t min = 0, max = 0, mask = 0;
	bool has_min = false, has_max = false, has_mask = false;

	mnl_attr_for_each_nested(a, pol) {
		switch (mnl_attr_get_type(a)) {
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			min = mnl_attr_get_u64(a);
			has_min = true;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			max = mnl_attr_get_u64(a);
			has_max = true;
			break;
		case NL_POLICY_TYPE_ATTR_MASK:
			mask = mnl_attr_get_u64(a);
			has_mask = true;
			break;
		}
	}
	if (has_mask)
		snprintf(out, len, ", valid bits 0x%llx", (unsigned long long)mask);
	else if (has_min && has_max)
		snprintf(out, len, ", valid %llu-%llu", (unsigned long long)min,
			 (unsigned long long)max);
}

/*
 * Fill nl->errmsg from the TLVs at payload offset @off of @nlh, an error
 * ACK or a DONE message, for request @req (may be NULL).
 */
static void parse_tlvs(struct vxnl *nl, const struct nlmsghdr *nlh,
		       unsigned int off, const struct nlmsghdr *req)
{
	const char *msg = NULL, *name = NULL;
	char range[64] = "";
	const struct nlattr *a;

	nl->errmsg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    off > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				msg = mnl_attr_get_str(a);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (req && nl->attr_name &&
			    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				name = nl->attr_name(req, mnl_attr_get_u32(a));
			break;
		case NLMSGERR_ATTR_POLICY:
			policy_range(a, range, sizeof(range));
			break;
		}
	}
	if (!msg)
		return;
	if (name)
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s (attribute %s%s)",
			 msg, name, range);
	else
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s", msg);
}

/* Fill nl->errmsg from an error ACK for request @req (may be NULL). */
static void parse_extack(struct vxnl *nl, const struct nlmsghdr *nlh,
			 const struct nlmsghdr *req)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);

	/* Without NETLINK_CAP_ACK the request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	parse_tlvs(nl, nlh, off, req);
}

/*
 * A dump the kernel refuses ends in a DONE message that carries the
 * error, and the extack TLVs after it.  Returns that error, or 0.
 */
static int done_error(struct vxnl *nl, const struct nlmsghdr *nlh,
		      const struct nlmsghdr *req)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return 0;
	parse_tlvs(nl, nlh, sizeof(err), req);
	return err;
}

int vxnl_talk(struct vxnl *nl, struct nlmsghdr *nlh, vxnl_cb_t cb, void *data)
{
	static char buf[VXNL_RECV_SIZE];
	uint32_t seq;
	bool intr = false;
	int err = 0, derr;

	/* Numbered when sent: a request abandoned half-built uses none. */
	nlh->nlmsg_seq = ++nl->seq;
	seq = nlh->nlmsg_seq;
	nl->errmsg[0] = '\0';
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len;

		if (n < 0)
			return -errno;
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != nl->portid)
				continue;
			if (m->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

				/* On success: the kernel's warning, if any. */
				parse_extack(nl, m, nlh);
				return e->error ? e->error : err;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				derr = done_error(nl, m, nlh);
				if (derr)
					return derr;
				if (!err && intr)
					err = -EINTR;
				return err;
			}
			if (m->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && !err && cb(m, data) < 0)
				err = -EIO;	/* keep reading to stay in sync */
		}
	}
}

const char *vxnl_strerror(const struct vxnl *nl, int err)
{
	if (nl && nl->errmsg[0])
		return nl->errmsg;
	return strerror(-err);
}

int vxnl_batch_init(struct vxnl_batch *b, unsigned int max_msgs, size_t bytes)
{
	memset(b, 0, sizeof(*b));
	b->buf = malloc(bytes);
	b->offs = calloc(max_msgs, sizeof(*b->offs));
	if (!b->buf || !b->offs) {
		vxnl_batch_free(b);
		return -ENOMEM;
	}
	b->cap = bytes;
	b->max = max_msgs;
	return 0;
}

void vxnl_batch_free(struct vxnl_batch *b)
{
	free(b->buf);
	free(b->offs);
	memset(b, 0, sizeof(*b));
}

bool vxnl_batch_fits(const struct vxnl_batch *b, size_t len)
{
	return b->n < b->max && b->len + MNL_ALIGN(len) <= b->cap;
}

void vxnl_batch_add(struct vxnl *nl, struct vxnl_batch *b,
		    const struct nlmsghdr *nlh)
{
	struct nlmsghdr *copy = (struct nlmsghdr *)(b->buf + b->len);

	b->offs[b->n++] = b->len;
	memcpy(copy, nlh, nlh->nlmsg_len);
	/* Numbered as queued, so that ACK i is request i. */
	copy->nlmsg_seq = ++nl->seq;
	b->len += MNL_ALIGN(nlh->nlmsg_len);
}

int vxnl_batch_send(struct vxnl *nl, struct vxnl_batch *b,
		    void (*done)(void *data, unsigned int i, int err),
		    void *data)
{
	static char buf[VXNL_RECV_SIZE];
	const struct nlmsghdr *first;
	struct nlmsghdr *last;
	bool barrier = false;
	uint32_t seq0;
	int err = 0;

	if (!b->n)
		return 0;
	first = (const struct nlmsghdr *)b->buf;
	seq0 = first->nlmsg_seq;
	last = (struct nlmsghdr *)(b->buf + b->offs[b->n - 1]);
	last->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sk, b->buf, b->len) < 0) {
		err = -errno;
		goto out;
	}
	while (!barrier) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len;

		if (n < 0) {
			/* ENOBUFS: ACKs were lost; never pretend they came. */
			err = -errno;
			goto out;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			const struct nlmsgerr *e;
			unsigned int i = m->nlmsg_seq - seq0;

			if (m->nlmsg_type != NLMSG_ERROR || i >= b->n ||
			    m->nlmsg_pid != nl->portid)
				continue;
			e = mnl_nlmsg_get_payload(m);
			parse_extack(nl, m, (const struct nlmsghdr *)
				     (b->buf + b->offs[i]));
			done(data, i, e->error);
			barrier = i == b->n - 1;
		}
	}
out:
	b->n = 0;
	b->len = 0;
	return err;
}

struct family_ids {
	uint16_t id;
	uint32_t changes, learn, miss;
};

static int mcgrp_cb(const struct nlattr *grp, struct family_ids *ids)
{
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(a);
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			id = mnl_attr_get_u32(a);
	}
	if (!name)
		return 0;
	/* Modules before the split had one group, "events", for all. */
	if (!strcmp(name, VXIP_MCGRP_CHANGES) || !strcmp(name, "events"))
		ids->changes = id;
	else if (!strcmp(name, VXIP_MCGRP_LEARN))
		ids->learn = id;
	else if (!strcmp(name, VXIP_MCGRP_MISS))
		ids->miss = id;
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_ids *ids = data;
	const struct nlattr *a, *g;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
				ids->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(g, a)
				mcgrp_cb(g, ids);
			break;
		}
	}
	return MNL_CB_OK;
}

int vxnl_open(struct vxnl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_ids ids = { 0 };
	int one = 1, rcvbuf = 8 << 20, err;
	struct nlmsghdr *nlh;

	memset(nl, 0, sizeof(*nl));
	nl->seq = (uint32_t)time(NULL);
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err_errno;
	nl->portid = mnl_socket_get_portid(nl->sk);
	/* Error messages from the kernel, without the echoed request. */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for the ACKs of a pipelined batch (root may go past rmem_max). */
	if (setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUF,
			   &rcvbuf, sizeof(rcvbuf));

	nlh = put_hdr(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VXIP_GENL_NAME);
	err = vxnl_talk(nl, nlh, family_cb, &ids);
	if (err == -ENOENT || (!err && !ids.id))
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "generic netlink family \"%s\" not found: is the vxip module loaded?",
			 VXIP_GENL_NAME);
	else if (err)
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "cannot look up generic netlink family \"%s\": %s",
			 VXIP_GENL_NAME, strerror(-err));
	if (err || !ids.id) {
		mnl_socket_close(nl->sk);
		nl->sk = NULL;
		return err ? err : -ENOENT;
	}
	nl->family = ids.id;
	nl->grp_changes = ids.changes;
	nl->grp_learn = ids.learn;
	nl->grp_miss = ids.miss;
	return 0;

err_errno:
	err = -errno;
	mnl_socket_close(nl->sk);
	nl->sk = NULL;
	return err;
}

void vxnl_close(struct vxnl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}
