// SPDX-License-Identifier: GPL-2.0
/*
 * Local MACs: the FDB of each configured Linux bridge over rtnetlink, a dump
 * at start and RTM_NEWNEIGH/RTM_DELNEIGH after.  Exported are the entries
 * on ports other than the vxip device, without permanent, self or
 * externally learned ones (those are the bridge's own or a control plane's).
 * Their IPv4 and IPv6 addresses come from the bridge device's own
 * neighbour tables (an SVI address on the bridge makes the kernel learn
 * them); IPv6 link-local ones are left out, as FRR leaves them out.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "evpn.h"

static struct mnl_socket *ev_sk;

/*
 * A burst of bridge FDB changes (a batch of thousands of MACs) comes
 * faster than vxip-evpn originates them (a gRPC round trip each): a
 * large receive buffer keeps the events rather than dropping them and
 * falling back to a dump, which misses what changes while it runs.
 */
#define EV_RCVBUF	(16 << 20)

int rtnl_open(void)
{
	int fd, sz = EV_RCVBUF;

	ev_sk = mnl_socket_open(NETLINK_ROUTE);
	if (!ev_sk || mnl_socket_bind(ev_sk, 1 << (RTNLGRP_NEIGH - 1), MNL_SOCKET_AUTOPID)) {
		logmsg("rtnetlink: %s", strerror(errno));
		return -1;
	}
	fd = mnl_socket_get_fd(ev_sk);
	/* Past rmem_max with CAP_NET_ADMIN; rmem_max otherwise. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return 0;
}

int rtnl_fd(void)
{
	return ev_sk ? mnl_socket_get_fd(ev_sk) : -1;
}

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t <= NDA_MAX)
		tb[t] = a;
	return MNL_CB_OK;
}

/* An IPv4 or IPv6 neighbour of a bridge device: a MAC/IP pair of its VNI. */
static void ip_neigh(const struct nlmsghdr *nlh, const struct ndmsg *ndm,
		     const struct nlattr **tb)
{
	const uint16_t valid = NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE;
	size_t len = ndm->ndm_family == AF_INET ? 4 : 16;
	static const uint8_t none[6];
	struct ipaddr ip = { .af = ndm->ndm_family };
	struct vni_conf *v;
	const uint8_t *mac;
	bool on;

	if (!tb[NDA_DST] || mnl_attr_get_payload_len(tb[NDA_DST]) != len)
		return;
	memcpy(&ip.v4, mnl_attr_get_payload(tb[NDA_DST]), len);
	if (ip.af == AF_INET6 &&
	    (IN6_IS_ADDR_LINKLOCAL(&ip.v6) || IN6_IS_ADDR_MULTICAST(&ip.v6)))
		return;
	on = nlh->nlmsg_type == RTM_NEWNEIGH && (ndm->ndm_state & valid);
	mac = tb[NDA_LLADDR] && mnl_attr_get_payload_len(tb[NDA_LLADDR]) == 6 ?
	      mnl_attr_get_payload(tb[NDA_LLADDR]) : NULL;
	if (on && (!mac || (mac[0] & 1)))
		return;
	for (v = conf.vnis; v; v = v->next)
		if (!v->l3 && v->br_ifindex &&
		    v->br_ifindex == (unsigned int)ndm->ndm_ifindex)
			export_neigh(v, mac ?: none, &ip, on);
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NDA_MAX + 1] = { NULL };
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const uint8_t *mac;
	struct vni_conf *v;
	uint32_t master;

	(void)data;
	if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH)
		return MNL_CB_OK;
	if (ndm->ndm_family != AF_BRIDGE && ndm->ndm_family != AF_INET &&
	    ndm->ndm_family != AF_INET6)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ndm), attr_cb, tb);
	if (ndm->ndm_family != AF_BRIDGE) {
		ip_neigh(nlh, ndm, tb);
		return MNL_CB_OK;
	}
	if (!tb[NDA_MASTER] || !tb[NDA_LLADDR] ||
	    mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6)
		return MNL_CB_OK;
	if ((ndm->ndm_state & NUD_PERMANENT) ||
	    (ndm->ndm_flags & (NTF_SELF | NTF_EXT_LEARNED)))
		return MNL_CB_OK;
	master = mnl_attr_get_u32(tb[NDA_MASTER]);
	mac = mnl_attr_get_payload(tb[NDA_LLADDR]);
	if (mac[0] & 1)
		return MNL_CB_OK;
	for (v = conf.vnis; v; v = v->next) {
		if (v->l3 || !v->br_ifindex || v->br_ifindex != master)
			continue;
		if ((unsigned int)ndm->ndm_ifindex == v->ifindex ||
		    (unsigned int)ndm->ndm_ifindex == v->br_ifindex)
			continue;
		export_mac(v, mac, nlh->nlmsg_type == RTM_NEWNEIGH);
	}
	return MNL_CB_OK;
}

/* Dump the neighbours of @family (the bridges' FDB, IPv4, IPv6) through neigh_cb. */
static int dump(uint8_t family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *sk;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	uint32_t seq = time(NULL), portid;
	int n, ret = 0;

	sk = mnl_socket_open(NETLINK_ROUTE);
	if (!sk || mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID)) {
		if (sk)
			mnl_socket_close(sk);
		return -1;
	}
	portid = mnl_socket_get_portid(sk);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	if (mnl_socket_sendto(sk, nlh, nlh->nlmsg_len) < 0) {
		mnl_socket_close(sk);
		return -1;
	}
	while ((n = mnl_socket_recvfrom(sk, buf, sizeof(buf))) > 0) {
		ret = mnl_cb_run(buf, n, seq, portid, neigh_cb, NULL);
		if (ret <= MNL_CB_STOP)
			break;
	}
	mnl_socket_close(sk);
	return ret < 0 ? -1 : 0;
}

/* The local MACs first, then their addresses. */
int rtnl_dump(void)
{
	return dump(AF_BRIDGE) || dump(AF_INET) || dump(AF_INET6) ? -1 : 0;
}

void rtnl_read(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int n;

	while ((n = mnl_socket_recvfrom(ev_sk, buf, sizeof(buf))) > 0)
		mnl_cb_run(buf, n, 0, 0, neigh_cb, NULL);
	if (n < 0 && errno == ENOBUFS) {
		/* Events were lost: read the whole FDB again. */
		logmsg("rtnetlink: events lost, dumping the bridges' FDB again");
		rtnl_dump();
	}
}
