// SPDX-License-Identifier: GPL-2.0
/* vxip generic netlink ops for the L3 route table. */

#include <linux/etherdevice.h>
#include <net/genetlink.h>

#include "compat.h"
#include "netlink.h"

#define route_policy	(vxip_genl_policy[VXIP_A_ROUTE].nested_policy)

/* A prefix from a ROUTE nest: its family, key and length. */
struct nl_prefix {
	u8 family;
	u8 plen;
	bool has_plen;
	u8 key[16];
};

static int nl_route_prefix(struct genl_info *info, struct nlattr **tb,
			   struct nl_prefix *p)
{
	struct netlink_ext_ack *extack = info->extack;
	unsigned int max;

	memset(p, 0, sizeof(*p));
	if (tb[VXIP_ROUTE_A_DST4] && tb[VXIP_ROUTE_A_DST6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VXIP_ROUTE_A_DST6],
				    "Give DST4 or DST6, not both");
		return -EINVAL;
	}
	if (tb[VXIP_ROUTE_A_DST4]) {
		p->family = AF_INET;
		memcpy(p->key, nla_data(tb[VXIP_ROUTE_A_DST4]), 4);
		max = 32;
	} else if (tb[VXIP_ROUTE_A_DST6]) {
		p->family = AF_INET6;
		memcpy(p->key, nla_data(tb[VXIP_ROUTE_A_DST6]), 16);
		max = 128;
	} else {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[VXIP_A_ROUTE],
				    "Missing the destination (VXIP_ROUTE_A_DST4 or DST6)");
		return -EINVAL;
	}
	if (tb[VXIP_ROUTE_A_PLEN]) {
		p->plen = nla_get_u32(tb[VXIP_ROUTE_A_PLEN]);
		p->has_plen = true;
		if (p->plen > max) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXIP_ROUTE_A_PLEN],
					    "Prefix length too long for an IPv4 destination");
			return -EINVAL;
		}
		/* As the table keys it: no bits past the prefix length. */
		vxip_prefix_mask(p->key, p->key, p->plen);
	}
	return 0;
}

static int nl_route_nest(struct genl_info *info, struct nlattr **tb,
			 struct nl_prefix *p, bool need_plen)
{
	int err;

	err = vxip_nl_nest(info, VXIP_A_ROUTE, tb, VXIP_ROUTE_A_MAX,
			   route_policy, "Missing the route nest (VXIP_A_ROUTE)");
	if (err)
		return err;
	err = nl_route_prefix(info, tb, p);
	if (err)
		return err;
	if (need_plen && !p->has_plen) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "Missing the prefix length (VXIP_ROUTE_A_PLEN)");
		return -EINVAL;
	}
	return 0;
}

static int vxip_nl_route_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			      const void *obj)
{
	const struct vxip_route *r = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_ROUTE);

	if (!nest)
		return -EMSGSIZE;
	if (r->family == AF_INET ?
	    nla_put(skb, VXIP_ROUTE_A_DST4, 4, r->addr) :
	    nla_put(skb, VXIP_ROUTE_A_DST6, 16, r->addr))
		return -EMSGSIZE;
	if (nla_put_u32(skb, VXIP_ROUTE_A_PLEN, r->plen) ||
	    nla_put_in_addr(skb, VXIP_ROUTE_A_PEER4, vxip_addr4(&r->peer->addr)) ||
	    nla_put_u32(skb, VXIP_ROUTE_A_ENCAP, r->encap) ||
	    nla_put_u32(skb, VXIP_ROUTE_A_OWNER, r->owner) ||
	    nla_put_u32(skb, VXIP_ROUTE_A_GEN, r->gen))
		return -EMSGSIZE;
	if (r->vni != VXIP_VNI_NONE && nla_put_u32(skb, VXIP_ROUTE_A_VNI, r->vni))
		return -EMSGSIZE;
	if (!is_zero_ether_addr(r->rmac) &&
	    nla_put(skb, VXIP_ROUTE_A_RMAC, ETH_ALEN, r->rmac))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Only the key: what a deletion notification needs. */
static int vxip_nl_route_key_fill(struct sk_buff *skb, struct vxip_dev *vxip,
				  const void *obj)
{
	const struct nl_prefix *p = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_ROUTE);

	if (!nest)
		return -EMSGSIZE;
	if (p->family == AF_INET ?
	    nla_put(skb, VXIP_ROUTE_A_DST4, 4, p->key) :
	    nla_put(skb, VXIP_ROUTE_A_DST6, 16, p->key))
		return -EMSGSIZE;
	if (nla_put_u32(skb, VXIP_ROUTE_A_PLEN, p->plen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int vxip_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct vxip_peer *peer;
	struct vxip_dev *vxip;
	struct vxip_route *r;
	struct nl_prefix p;
	u8 encap;
	int err;

	err = nl_route_nest(info, tb, &p, true);
	if (err)
		return err;
	if (!tb[VXIP_ROUTE_A_PEER4]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "Missing the peer address (VXIP_ROUTE_A_PEER4)");
		return -EINVAL;
	}

	vxip = vxip_nl_get(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	err = vxip_nl_lock(vxip, info->extack);
	if (err)
		goto out_put;
	peer = vxip_nl_find_peer(vxip, tb[VXIP_ROUTE_A_PEER4], info->extack);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto out_unlock;
	}
	encap = tb[VXIP_ROUTE_A_ENCAP] ? nla_get_u32(tb[VXIP_ROUTE_A_ENCAP]) : 0;
	if ((encap ?: VXIP_PEER_TX_ENCAP(peer->tx)) == VXIP_ENCAP_VXLAN &&
	    !tb[VXIP_ROUTE_A_RMAC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "A VXLAN route needs the peer's router MAC (VXIP_ROUTE_A_RMAC)");
		err = -EINVAL;
		goto out_unlock;
	}

	r = vxip_route_create(p.family, p.key, p.plen, peer, GFP_KERNEL);
	if (!r) {
		err = -ENOMEM;
		goto out_unlock;
	}
	r->encap = encap;
	r->vni = tb[VXIP_ROUTE_A_VNI] ? nla_get_u32(tb[VXIP_ROUTE_A_VNI]) :
					VXIP_VNI_NONE;
	if (tb[VXIP_ROUTE_A_RMAC])
		ether_addr_copy(r->rmac, nla_data(tb[VXIP_ROUTE_A_RMAC]));
	r->owner = tb[VXIP_ROUTE_A_OWNER] ? nla_get_u32(tb[VXIP_ROUTE_A_OWNER]) :
					    VXIP_OWNER_STATIC;
	r->gen = tb[VXIP_ROUTE_A_GEN] ? nla_get_u32(tb[VXIP_ROUTE_A_GEN]) : 0;

	err = vxip_route_insert(&vxip->t.routes, r,
				info->nlhdr->nlmsg_flags & NLM_F_REPLACE,
				vxip_cfg(vxip)->max_routes);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(info->extack,
				       "Route for this prefix already exists (replace changes it)");
		else if (err == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "Route table is full: max-routes reached");
		vxip_route_free(r);
		goto out_unlock;
	}
	atomic_inc(&vxip->t.gen);
	vxip_nl_notify(vxip, VXIP_CMD_ROUTE_NEW, vxip_nl_route_fill, r,
		       GFP_KERNEL);
out_unlock:
	mutex_unlock(&vxip->lock);
out_put:
	vxip_nl_put(vxip);
	return err;
}

int vxip_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct vxip_dev *vxip;
	struct nl_prefix p;
	int err;

	err = nl_route_nest(info, tb, &p, true);
	if (err)
		return err;
	vxip = vxip_nl_get(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	err = vxip_nl_lock(vxip, info->extack);
	if (err)
		goto out_put;
	err = vxip_route_delete(&vxip->t.routes, p.family, p.key, p.plen);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "No route for this prefix");
	if (!err) {
		atomic_inc(&vxip->t.gen);
		vxip_nl_notify(vxip, VXIP_CMD_ROUTE_DEL, vxip_nl_route_key_fill,
			       &p, GFP_KERNEL);
	}
	mutex_unlock(&vxip->lock);
out_put:
	vxip_nl_put(vxip);
	return err;
}

int vxip_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct vxip_dev *vxip;
	struct vxip_route *r;
	struct sk_buff *msg;
	struct nl_prefix p;
	int err;

	err = nl_route_nest(info, tb, &p, false);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	vxip = vxip_nl_get(info);
	if (IS_ERR(vxip)) {
		nlmsg_free(msg);
		return PTR_ERR(vxip);
	}
	rcu_read_lock();
	if (p.has_plen)
		r = vxip_route_find(&vxip->t.routes, p.family, p.key, p.plen);
	else
		r = vxip_route_lookup(&vxip->t.routes, p.family, p.key);
	if (!r && p.has_plen) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "No route for this prefix");
		err = -ENOENT;
	} else if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "No route covers this address");
		err = -ENOENT;
	} else {
		err = vxip_nl_reply_one(info, vxip, VXIP_CMD_ROUTE_GET,
					vxip_nl_route_fill, r, msg);
	}
	rcu_read_unlock();
	vxip_nl_put(vxip);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Filters of a dump request: ROUTE { [PEER4], [OWNER] }. */
static bool nl_route_dump_match(struct netlink_callback *cb,
				const struct vxip_route *r)
{
	struct nlattr **attrs = vxip_dump_attrs(cb);
	const struct nlattr *a;
	int rem;

	if (!attrs[VXIP_A_ROUTE])
		return true;
	nla_for_each_nested(a, attrs[VXIP_A_ROUTE], rem) {
		if (nla_type(a) == VXIP_ROUTE_A_PEER4 &&
		    nla_get_in_addr(a) != vxip_addr4(&r->peer->addr))
			return false;
		if (nla_type(a) == VXIP_ROUTE_A_OWNER &&
		    nla_get_u32(a) != r->owner)
			return false;
	}
	return true;
}

/* Routes in insertion order, from the cursor. */
static int nl_dump_routes(struct sk_buff *skb, struct netlink_callback *cb,
			  struct vxip_dev *vxip)
{
	struct vxip_route *r;
	long idx = 0;

	cb->seq = atomic_read(&vxip->t.gen);
	list_for_each_entry_rcu(r, &vxip->t.routes.list, list) {
		if (idx++ < cb->args[VXIP_DUMP_POS])
			continue;
		if (nl_route_dump_match(cb, r) &&
		    vxip_nl_dump_one(skb, cb, vxip, VXIP_CMD_ROUTE_GET,
				     vxip_nl_route_fill, r))
			return -EMSGSIZE;
		cb->args[VXIP_DUMP_POS] = idx;
	}
	return 0;
}

int vxip_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vxip_nl_dump_devices(skb, cb, nl_dump_routes);
}
