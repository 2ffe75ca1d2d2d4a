// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the vxip generic netlink family, LD_PRELOADed into
 * vxipctl by tests/unit/vxipctl.sh.  vxipctl resolves the family before it
 * parses its arguments, and the host has no vxip module: this answers the
 * controller's CTRL_CMD_GETFAMILY for "vxip" with a made-up family id and
 * refuses every request to that family with an extended ACK that names
 * it, "fakegenl: request N reached the kernel", so that an argument
 * vxipctl should have refused shows up as exit status 1 and that message.
 * Every other message goes to the real socket.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#define FAKE_FAMILY	0x7ff0

static char reply[16384];
static size_t reply_len;

static void *put_msg(uint16_t type, uint16_t flags, uint32_t seq, uint32_t portid)
{
	struct nlmsghdr *nlh;

	if (reply_len + 512 > sizeof(reply))
		return NULL;
	nlh = mnl_nlmsg_put_header(reply + reply_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = portid;
	return nlh;
}

static void put_ack(const struct nlmsghdr *req, uint32_t portid, int error,
		    const char *msg)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	nlh = put_msg(NLMSG_ERROR, msg ? NLM_F_CAPPED | NLM_F_ACK_TLVS : NLM_F_CAPPED,
		      req->nlmsg_seq, portid);
	if (!nlh)
		return;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg = *req;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	reply_len += nlh->nlmsg_len;
}

static void answer(const struct nlmsghdr *req, uint32_t portid)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct genlmsghdr *rg;
	struct nlmsghdr *nlh;
	char msg[64];

	if (req->nlmsg_type == GENL_ID_CTRL) {
		nlh = put_msg(GENL_ID_CTRL, 0, req->nlmsg_seq, portid);
		if (!nlh)
			return;
		rg = mnl_nlmsg_put_extra_header(nlh, sizeof(*rg));
		rg->cmd = CTRL_CMD_NEWFAMILY;
		rg->version = 2;
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "vxip");
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
		reply_len += nlh->nlmsg_len;
		put_ack(req, portid, 0, NULL);
		return;
	}
	snprintf(msg, sizeof(msg), "fakegenl: request %u reached the kernel",
		 g->cmd);
	put_ack(req, portid, -EPROTO, msg);
}

static int is_ours(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type == FAKE_FAMILY)
		return 1;
	if (nlh->nlmsg_type != GENL_ID_CTRL || g->cmd != CTRL_CMD_GETFAMILY)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*g))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_NAME &&
		    !strcmp(mnl_attr_get_str(a), "vxip"))
			return 1;
	return 0;
}

ssize_t mnl_socket_sendto(const struct mnl_socket *nl, const void *buf, size_t len)
{
	static ssize_t (*real)(const struct mnl_socket *, const void *, size_t);
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	if (len >= sizeof(*nlh) && is_ours(nlh)) {
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
			answer(nlh, mnl_socket_get_portid(nl));
		return (ssize_t)len;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "mnl_socket_sendto");
	return real(nl, buf, len);
}

ssize_t mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t len)
{
	static ssize_t (*real)(const struct mnl_socket *, void *, size_t);
	size_t n = reply_len;

	if (n) {
		if (n > len)
			n = len;
		memcpy(buf, reply, n);
		memmove(reply, reply + n, reply_len - n);
		reply_len -= n;
		return (ssize_t)n;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "mnl_socket_recvfrom");
	return real(nl, buf, len);
}
