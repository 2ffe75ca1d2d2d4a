// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the vxip generic netlink family, LD_PRELOADed into
 * vxipctl by tests/unit/vxipctl.sh, since the host has no vxip module.
 * It answers the controller's CTRL_CMD_GETFAMILY for "vxip" with a
 * made-up family id and groups "changes", "learn" and "miss", and refuses every request to that
 * family with an extended ACK that names it, "fakegenl: request N reached
 * the kernel", so that an argument vxipctl should have refused shows up
 * as exit status 1 and that message.  A dump is refused the kernel's way:
 * the error and its message in the NLMSG_DONE that ends it.
 *
 * Requests for the device "ok0" succeed instead: a dump of routes has two
 * (one that follows its peer's encap), a flush reports counts (one above
 * 2^31), a peer del is acknowledged with a warning, anything else
 * plainly, but NLM_F_CREATE, _EXCL or _REPLACE, which the genetlink core
 * refuses for new families.  Joining a group queues its events: one change of each kind
 * (deletions with their key only), a learned MAC, a miss.  Once they are
 * read the socket reports ESHUTDOWN, which ends vxipctl monitor.
 * Every other message goes to the real socket.
 */

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../../uapi/linux/vxip.h"

#define FAKE_FAMILY	0x7ff0
#define GRP_CHANGES	0x7ff1
#define GRP_LEARN	0x7ff2
#define GRP_MISS	0x7ff3
#define OK_DEV		"ok0"

static int monitoring;

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

/* A dump ends in DONE, which carries the dump's error, if any. */
static void put_done(const struct nlmsghdr *req, uint32_t portid, int error,
		     const char *msg)
{
	struct nlmsghdr *nlh;
	int *e;

	nlh = put_msg(NLMSG_DONE, NLM_F_MULTI | (msg ? NLM_F_ACK_TLVS : 0),
		      req->nlmsg_seq, portid);
	if (!nlh)
		return;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	*e = error;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	reply_len += nlh->nlmsg_len;
}

/* A vxip message of @cmd for device ok0, to fill and then end_obj(). */
static struct nlmsghdr *put_obj(uint8_t cmd, uint16_t flags, uint32_t seq,
				uint32_t portid)
{
	struct nlmsghdr *nlh = put_msg(FAKE_FAMILY, flags, seq, portid);
	struct genlmsghdr *g;

	if (!nlh)
		return NULL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = VXIP_GENL_VERSION;
	mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, VXIP_A_IFNAME, OK_DEV);
	return nlh;
}

static void end_obj(struct nlmsghdr *nlh)
{
	if (nlh)
		reply_len += nlh->nlmsg_len;
}

static void put_be32(struct nlmsghdr *nlh, uint16_t type, const char *addr)
{
	struct in_addr a;

	inet_pton(AF_INET, addr, &a);
	mnl_attr_put(nlh, type, 4, &a);
}

static void put_route(uint8_t cmd, uint16_t flags, uint32_t seq,
		      uint32_t portid, const char *dst, uint32_t plen,
		      uint32_t encap, uint32_t owner, uint32_t gen)
{
	struct nlmsghdr *nlh = put_obj(cmd, flags, seq, portid);
	struct nlattr *nest;

	if (!nlh)
		return;
	nest = mnl_attr_nest_start(nlh, VXIP_A_ROUTE);
	put_be32(nlh, VXIP_ROUTE_A_DST4, dst);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_PLEN, plen);
	put_be32(nlh, VXIP_ROUTE_A_PEER4, "10.0.0.1");
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_ENCAP, encap);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_OWNER, owner);
	mnl_attr_put_u32(nlh, VXIP_ROUTE_A_GEN, gen);
	mnl_attr_nest_end(nlh, nest);
	end_obj(nlh);
}

static void put_flush_reply(const struct nlmsghdr *req, uint32_t portid)
{
	struct nlmsghdr *nlh = put_obj(VXIP_CMD_FLUSH, 0, req->nlmsg_seq, portid);
	struct nlattr *nest;

	if (!nlh)
		return;
	nest = mnl_attr_nest_start(nlh, VXIP_A_FLUSH);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_N_FDB, 3000000000U);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_N_PEERS, 1);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_N_FLOOD, 2);
	mnl_attr_put_u32(nlh, VXIP_FLUSH_A_N_ROUTES, 4);
	mnl_attr_nest_end(nlh, nest);
	end_obj(nlh);
}

/* What the kernel does for a request to device ok0. */
static void answer_ok(const struct nlmsghdr *req, uint32_t portid)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);

	if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
		if (g->cmd == VXIP_CMD_ROUTE_GET) {
			put_route(VXIP_CMD_ROUTE_NEW, NLM_F_MULTI, req->nlmsg_seq,
				  portid, "10.1.0.0", 16, VXIP_ENCAP_UNSPEC, 5, 7);
			put_route(VXIP_CMD_ROUTE_NEW, NLM_F_MULTI, req->nlmsg_seq,
				  portid, "10.2.0.0", 24, VXIP_ENCAP_IPIP, 200, 7);
			/* The static owner's, for show -c and apply. */
			put_route(VXIP_CMD_ROUTE_NEW, NLM_F_MULTI, req->nlmsg_seq,
				  portid, "10.3.0.0", 24, VXIP_ENCAP_IPIP,
				  VXIP_OWNER_STATIC, 9);
		}
		put_done(req, portid, 0, NULL);
		return;
	}
	/* As the genetlink core does for families without resv_start_op. */
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP &&
	    (req->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL | NLM_F_REPLACE))) {
		put_ack(req, portid, -EINVAL, "fakegenl: NLM_F_CREATE, _EXCL or _REPLACE set");
		return;
	}
	if (g->cmd == VXIP_CMD_FLUSH)
		put_flush_reply(req, portid);
	/* A success with a warning, as a peer del that leaves the peer. */
	put_ack(req, portid, 0, g->cmd == VXIP_CMD_PEER_DEL ?
		"fakegenl: peer stays" : NULL);
}

/* An event whose nest carries one attribute: a deletion's key, a miss. */
static void put_key_event(uint8_t cmd, uint16_t nest_type, uint16_t type,
			  size_t len, const void *key, uint32_t portid)
{
	struct nlmsghdr *nlh = put_obj(cmd, 0, 0, portid);
	struct nlattr *nest;

	if (!nlh)
		return;
	nest = mnl_attr_nest_start(nlh, nest_type);
	mnl_attr_put(nlh, type, len, key);
	mnl_attr_nest_end(nlh, nest);
	end_obj(nlh);
}

/* The events of group @grp; a deletion carries the key only. */
static void queue_events(int grp, uint32_t portid)
{
	static const uint8_t mac1[6] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t mac2[6] = { 2, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
	struct in_addr peer2;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	if (grp == GRP_MISS) {
		put_key_event(VXIP_CMD_MISS, VXIP_A_MISS, VXIP_MISS_A_MAC, 6,
			      mac2, portid);
		return;
	}
	if (grp == GRP_LEARN) {
		nlh = put_obj(VXIP_CMD_FDB_NEW, 0, 0, portid);
		if (!nlh)
			return;
		nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);
		mnl_attr_put(nlh, VXIP_FDB_A_MAC, 6, mac2);
		put_be32(nlh, VXIP_FDB_A_PEER4, "10.0.0.3");
		mnl_attr_put_u32(nlh, VXIP_FDB_A_FLAGS, 0);
		mnl_attr_put_u32(nlh, VXIP_FDB_A_OWNER, VXIP_OWNER_LEARNED);
		mnl_attr_nest_end(nlh, nest);
		end_obj(nlh);
		return;
	}
	inet_pton(AF_INET, "10.0.0.2", &peer2);
	put_key_event(VXIP_CMD_PEER_DEL, VXIP_A_PEER, VXIP_PEER_A_ADDR4, 4,
		      &peer2, portid);

	nlh = put_obj(VXIP_CMD_PEER_NEW, 0, 0, portid);
	if (nlh) {
		nest = mnl_attr_nest_start(nlh, VXIP_A_PEER);
		put_be32(nlh, VXIP_PEER_A_ADDR4, "10.0.0.3");
		mnl_attr_put_u32(nlh, VXIP_PEER_A_ENCAP, VXIP_ENCAP_IPIP);
		mnl_attr_put_u32(nlh, VXIP_PEER_A_OWNER, 200);
		mnl_attr_put_u32(nlh, VXIP_PEER_A_GEN, 1);
		mnl_attr_nest_end(nlh, nest);
		end_obj(nlh);
	}

	put_key_event(VXIP_CMD_FDB_DEL, VXIP_A_FDB, VXIP_FDB_A_MAC, 6, mac1,
		      portid);
	put_route(VXIP_CMD_ROUTE_NEW, 0, 0, portid, "10.3.0.0", 24,
		  VXIP_ENCAP_UNSPEC, 5, 7);
	put_key_event(VXIP_CMD_FLOOD_DEL, VXIP_A_FLOOD, VXIP_FLOOD_A_PEER4, 4,
		      &peer2, portid);
}

static void put_group(struct nlmsghdr *nlh, uint16_t i, const char *name,
		      uint32_t id)
{
	struct nlattr *grp = mnl_attr_nest_start(nlh, i);

	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, name);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, id);
	mnl_attr_nest_end(nlh, grp);
}

static int for_ok_dev(const struct nlmsghdr *req)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == VXIP_A_IFNAME &&
		    !strcmp(mnl_attr_get_str(a), OK_DEV))
			return 1;
	return 0;
}

static void answer(const struct nlmsghdr *req, uint32_t portid)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct genlmsghdr *rg;
	struct nlattr *grps;
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
		grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		put_group(nlh, 1, "changes", GRP_CHANGES);
		put_group(nlh, 2, "learn", GRP_LEARN);
		put_group(nlh, 3, "miss", GRP_MISS);
		mnl_attr_nest_end(nlh, grps);
		reply_len += nlh->nlmsg_len;
		put_ack(req, portid, 0, NULL);
		return;
	}
	if (for_ok_dev(req)) {
		answer_ok(req, portid);
		return;
	}
	snprintf(msg, sizeof(msg), "fakegenl: request %u reached the kernel",
		 g->cmd);
	if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		put_done(req, portid, -EPROTO, msg);
	else
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
	if (monitoring) {
		errno = ESHUTDOWN;
		return -1;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "mnl_socket_recvfrom");
	return real(nl, buf, len);
}

int mnl_socket_setsockopt(const struct mnl_socket *nl, int type, void *buf,
			  socklen_t len)
{
	static int (*real)(const struct mnl_socket *, int, void *, socklen_t);

	if (type == NETLINK_ADD_MEMBERSHIP && len == sizeof(int) &&
	    *(int *)buf >= GRP_CHANGES && *(int *)buf <= GRP_MISS) {
		queue_events(*(int *)buf, mnl_socket_get_portid(nl));
		monitoring = 1;
		return 0;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "mnl_socket_setsockopt");
	return real(nl, type, buf, len);
}
