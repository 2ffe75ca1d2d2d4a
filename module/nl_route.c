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
	const struct nlattr *nest;	/* for error messages */
	u8 owner;			/* of a deleted route, for its event */
	u32 gen;
};

static int nl_route_prefix(struct genl_info *info, struct nlattr **tb,
			   struct nl_prefix *p)
{
	struct netlink_ext_ack *extack = info->extack;
	unsigned int max;

	memset(p, 0, sizeof(*p));
	p->nest = info->attrs[VXIP_A_ROUTE];
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

/* DST4 or DST6, and PLEN. */
static int nl_put_prefix(struct sk_buff *skb, u8 family, const u8 *key, u8 plen)
{
	if (family == AF_INET ? nla_put(skb, VXIP_ROUTE_A_DST4, 4, key) :
				nla_put(skb, VXIP_ROUTE_A_DST6, 16, key))
		return -EMSGSIZE;
	return nla_put_u32(skb, VXIP_ROUTE_A_PLEN, plen);
}

static int vxip_nl_route_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			      const void *obj)
{
	const struct vxip_route *r = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_ROUTE);

	if (!nest || nl_put_prefix(skb, r->family, r->addr, r->plen))
		return -EMSGSIZE;
	if (vxip_nl_put_peers(skb, VXIP_ROUTE_A_PEER4, VXIP_ROUTE_A_PEER6,
			      r->peer, r->nhs) ||
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

/* What a deletion notification carries: the key, owner and generation. */
static int vxip_nl_route_key_fill(struct sk_buff *skb, struct vxip_dev *vxip,
				  const void *obj)
{
	const struct nl_prefix *p = obj;
	struct nlattr *nest = nla_nest_start(skb, VXIP_A_ROUTE);

	if (!nest || nl_put_prefix(skb, p->family, p->key, p->plen) ||
	    nla_put_u32(skb, VXIP_ROUTE_A_OWNER, p->owner) ||
	    nla_put_u32(skb, VXIP_ROUTE_A_GEN, p->gen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int vxip_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct vxip_route *r, *old;
	struct vxip_nh nh, old_nh;
	struct vxip_dev *vxip;
	struct nl_prefix p;
	unsigned int i;
	u8 encap;
	int err;

	err = nl_route_nest(info, tb, &p, true);
	if (err)
		return err;
	/* Peers of either family, repeated: the first given, for the check. */
	if (!tb[VXIP_ROUTE_A_PEER4])
		tb[VXIP_ROUTE_A_PEER4] = tb[VXIP_ROUTE_A_PEER6];
	err = vxip_nl_need(info, VXIP_A_ROUTE, tb, VXIP_ROUTE_A_PEER4,
			   "Missing the peer address (VXIP_ROUTE_A_PEER4 or PEER6)") ?:
	      vxip_nl_owner_writable(info, tb[VXIP_ROUTE_A_OWNER]);
	if (err)
		return err;

	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	err = vxip_nl_find_peers(vxip, info->attrs[VXIP_A_ROUTE],
				 VXIP_ROUTE_A_PEER4, VXIP_ROUTE_A_PEER6, &nh,
				 info->extack);
	if (err)
		goto out_unlock;
	encap = tb[VXIP_ROUTE_A_ENCAP] ? nla_get_u32(tb[VXIP_ROUTE_A_ENCAP]) : 0;
	for (i = 0; i < nh.n && !tb[VXIP_ROUTE_A_RMAC]; i++) {
		if ((encap ?: VXIP_PEER_TX_ENCAP(nh.peer[i]->tx)) ==
		    VXIP_ENCAP_VXLAN) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
					    "A VXLAN route needs the peer's router MAC (VXIP_ROUTE_A_RMAC)");
			err = -EINVAL;
			goto out_unlock;
		}
	}

	r = vxip_route_create(p.family, p.key, p.plen, nh.peer[0], GFP_KERNEL);
	if (!r) {
		err = -ENOMEM;
		goto out_unlock;
	}
	err = vxip_nhs_make(&nh, &r->nhs, GFP_KERNEL);
	if (err) {
		vxip_route_free(r);
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

	old = vxip_route_find(&vxip->t.routes, p.family, p.key, p.plen);
	if (old) {
		vxip_nh_get(old->peer, old->nhs, &old_nh);
	} else if (!vxip_nl_may_create(info)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "No route for this prefix (create makes it)");
		vxip_route_free(r);
		err = -ENOENT;
		goto out_unlock;
	}
	err = vxip_route_insert(&vxip->t.routes, r,
				vxip_nl_may_replace(info),
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
	vxip_nl_notify_req(vxip, info, VXIP_CMD_ROUTE_NEW, vxip_nl_route_fill, r);
	/* The replaced route's peers may have been held by it alone. */
	if (old)
		vxip_peers_collect(vxip, &old_nh, &nh);
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

int vxip_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct vxip_dev *vxip;
	struct vxip_route *r;
	struct nl_prefix p;
	struct vxip_nh nh;
	int err;

	err = nl_route_nest(info, tb, &p, true);
	if (err)
		return err;
	vxip = vxip_nl_get_locked(info);
	if (IS_ERR(vxip))
		return PTR_ERR(vxip);
	r = vxip_route_find(&vxip->t.routes, p.family, p.key, p.plen);
	if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "No route for this prefix");
		err = -ENOENT;
		goto out_unlock;
	}
	/* Only the owner's route goes: static if the request names none. */
	if ((tb[VXIP_ROUTE_A_OWNER] ? nla_get_u32(tb[VXIP_ROUTE_A_OWNER]) :
				      VXIP_OWNER_STATIC) != r->owner) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXIP_A_ROUTE],
				    "Route for this prefix belongs to another owner");
		err = -ENOENT;
		goto out_unlock;
	}
	vxip_nh_get(r->peer, r->nhs, &nh);
	p.owner = r->owner;
	p.gen = r->gen;
	err = vxip_route_delete(&vxip->t.routes, p.family, p.key, p.plen);
	if (!err) {
		vxip_nl_notify(vxip, VXIP_CMD_ROUTE_DEL, vxip_nl_route_key_fill,
			       &p, GFP_KERNEL);
		vxip_peers_collect(vxip, &nh, NULL);
	}
out_unlock:
	vxip_nl_unlock_put(vxip);
	return err;
}

/* The route of a GET: the exact prefix, or with no length the LPM match. */
static const void *nl_route_get_find(struct vxip_dev *vxip, const void *arg,
				     struct netlink_ext_ack *extack)
{
	const struct nl_prefix *p = arg;
	struct vxip_route *r;

	if (p->has_plen) {
		r = vxip_route_find(&vxip->t.routes, p->family, p->key, p->plen);
		if (!r)
			NL_SET_ERR_MSG_ATTR(extack, p->nest, "No route for this prefix");
	} else {
		r = vxip_route_lookup(&vxip->t.routes, p->family, p->key);
		if (!r)
			NL_SET_ERR_MSG_ATTR(extack, p->nest, "No route covers this address");
	}
	return r ?: ERR_PTR(-ENOENT);
}

int vxip_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VXIP_ROUTE_A_MAX + 1];
	struct nl_prefix p;
	int err;

	err = nl_route_nest(info, tb, &p, false);
	if (err)
		return err;
	return vxip_nl_get_one(info, VXIP_CMD_ROUTE_GET, nl_route_get_find, &p,
			       vxip_nl_route_fill);
}

/* Filters of a dump request: ROUTE { [PEER4 | PEER6], [OWNER] }. */
static bool nl_route_dump_match(struct netlink_callback *cb, const void *obj)
{
	const struct vxip_route *r = obj;
	struct nlattr **attrs = vxip_dump_attrs(cb);
	const struct nlattr *a;
	struct in6_addr addr;
	int rem;

	if (!attrs[VXIP_A_ROUTE])
		return true;
	nla_for_each_nested(a, attrs[VXIP_A_ROUTE], rem) {
		if (nla_type(a) == VXIP_ROUTE_A_PEER4) {
			vxip_addr_set4(&addr, nla_get_in_addr(a));
			if (!vxip_nl_uses_peer(r->peer, r->nhs, &addr))
				return false;
		}
		if (nla_type(a) == VXIP_ROUTE_A_PEER6) {
			addr = nla_get_in6_addr(a);
			if (!vxip_nl_uses_peer(r->peer, r->nhs, &addr))
				return false;
		}
		if (nla_type(a) == VXIP_ROUTE_A_OWNER &&
		    nla_get_u32(a) != r->owner)
			return false;
	}
	return true;
}

/* Routes in the hash table's order, from the cursor. */
static int nl_dump_routes(struct sk_buff *skb, struct netlink_callback *cb,
			  struct vxip_dev *vxip)
{
	return vxip_nl_dump_rht(skb, cb, vxip, &vxip->t.routes.ht,
				atomic_read(&vxip->t.routes.gen),
				VXIP_CMD_ROUTE_GET, nl_route_dump_match,
				vxip_nl_route_fill);
}

/*
 * A dump filters by PEER4 and OWNER (checked once, on the first call); any
 * other attribute of the ROUTE nest is refused rather than ignored.
 */
static int nl_route_dump_filter(struct netlink_callback *cb)
{
	struct nlattr **attrs = vxip_dump_attrs(cb);
	const struct nlattr *a;
	int rem;

	if (!attrs[VXIP_A_ROUTE] || cb->args[VXIP_DUMP_FLAGS] & VXIP_DUMP_F_PARSED)
		return 0;
	nla_for_each_nested(a, attrs[VXIP_A_ROUTE], rem) {
		if (nla_type(a) != VXIP_ROUTE_A_PEER4 &&
		    nla_type(a) != VXIP_ROUTE_A_PEER6 &&
		    nla_type(a) != VXIP_ROUTE_A_OWNER) {
			NL_SET_ERR_MSG_ATTR(cb->extack, a,
					    "Route dumps filter by peer and owner only");
			return -EINVAL;
		}
		cb->args[VXIP_DUMP_FLAGS] |= VXIP_DUMP_F_FILTERED;
	}
	cb->args[VXIP_DUMP_FLAGS] |= VXIP_DUMP_F_PARSED;
	return 0;
}

int vxip_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	int err = nl_route_dump_filter(cb);

	return err ?: vxip_nl_dump_devices(skb, cb, nl_dump_routes);
}
