// SPDX-License-Identifier: GPL-2.0
/* vxip L3 route table: a path-compressed binary trie per family, RCU reads. */

#include <linux/slab.h>
#include <kunit/visibility.h>

#include "vxip.h"

/*
 * A trie node holds a prefix (key, cidr); its children extend it by one
 * more bit, bit[0] or bit[1] at position cidr, possibly after skipping
 * bits they share.  Nodes without a route only branch.  Writers hold the
 * device lock; readers hold RCU and only ever follow published pointers.
 */
struct vxip_rnode {
	struct vxip_rnode __rcu *bit[2];
	struct vxip_route __rcu *route;
	u8 key[16];		/* the prefix, zero past cidr bits */
	u8 cidr;
	struct rcu_head rcu;
};

static unsigned int key_bit(const u8 *key, unsigned int i)
{
	return (key[i / 8] >> (7 - i % 8)) & 1;
}

/* How many leading bits of @a and @b are equal, at most @max. */
static unsigned int common_bits(const u8 *a, const u8 *b, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; n < max; i++) {
		u8 x = a[i] ^ b[i];

		if (x) {
			n += __builtin_clz(x) - 24;
			break;
		}
		n += 8;
	}
	return min(n, max);
}

/* @key with every bit past @cidr cleared; @out may be @key. */
void vxip_prefix_mask(u8 *out, const u8 *key, unsigned int cidr)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (cidr >= (i + 1) * 8)
			out[i] = key[i];
		else if (cidr > i * 8)
			out[i] = key[i] & (0xff << (8 - (cidr - i * 8)));
		else
			out[i] = 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vxip_prefix_mask);

static unsigned int family_bits(u8 family)
{
	return family == AF_INET ? 32 : 128;
}

static struct vxip_rnode __rcu **rtable_root(struct vxip_rtable *rt, u8 family)
{
	return family == AF_INET ? &rt->root4 : &rt->root6;
}

static struct vxip_rnode *rnode_new(const u8 *key, unsigned int cidr)
{
	struct vxip_rnode *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	vxip_prefix_mask(n->key, key, cidr);
	n->cidr = cidr;
	return n;
}

#define rnode_deref(p) rcu_dereference_check(p, true)

void vxip_rtable_init(struct vxip_rtable *rt)
{
	RCU_INIT_POINTER(rt->root4, NULL);
	RCU_INIT_POINTER(rt->root6, NULL);
	INIT_LIST_HEAD(&rt->list);
	rt->n = 0;
	atomic_set(&rt->gen, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_rtable_init);

/*
 * The route with the longest prefix covering @addr (16 bytes; IPv4 in the
 * first 4), or NULL.  RCU.
 */
struct vxip_route *vxip_route_lookup(struct vxip_rtable *rt, u8 family,
				     const u8 *addr)
{
	struct vxip_rnode *n = rcu_dereference(*rtable_root(rt, family));
	unsigned int max = family_bits(family);
	struct vxip_route *best = NULL, *r;

	while (n && common_bits(n->key, addr, n->cidr) == n->cidr) {
		r = rcu_dereference(n->route);
		if (r)
			best = r;
		if (n->cidr == max)
			break;
		n = rcu_dereference(n->bit[key_bit(addr, n->cidr)]);
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_lookup);

/* The node holding exactly (@key, @cidr), or NULL.  Device lock or RCU. */
static struct vxip_rnode *rnode_find(struct vxip_rtable *rt, u8 family,
				     const u8 *key, unsigned int cidr)
{
	struct vxip_rnode *n = rnode_deref(*rtable_root(rt, family));

	while (n && n->cidr <= cidr &&
	       common_bits(n->key, key, n->cidr) == n->cidr) {
		if (n->cidr == cidr)
			return n;
		n = rnode_deref(n->bit[key_bit(key, n->cidr)]);
	}
	return NULL;
}

/* The route of exactly this prefix, or NULL.  Device lock or RCU. */
struct vxip_route *vxip_route_find(struct vxip_rtable *rt, u8 family,
				   const u8 *key, unsigned int cidr)
{
	struct vxip_rnode *n = rnode_find(rt, family, key, cidr);

	return n ? rnode_deref(n->route) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_find);

static void vxip_route_free_rcu(struct rcu_head *head)
{
	struct vxip_route *r = container_of(head, struct vxip_route, rcu);

	kfree(r->nhs);
	kfree(r);
	vxip_obj_dec(VXIP_OBJ_ROUTE);
}

struct vxip_route *vxip_route_create(u8 family, const u8 *addr, u8 plen,
				     struct vxip_peer *peer, gfp_t gfp)
{
	struct vxip_route *r;

	if (plen > family_bits(family))
		return NULL;
	r = kzalloc(sizeof(*r), gfp);
	if (!r)
		return NULL;
	r->family = family;
	r->plen = plen;
	vxip_prefix_mask(r->addr, addr, plen);
	r->peer = peer;
	INIT_LIST_HEAD(&r->list);
	vxip_obj_inc(VXIP_OBJ_ROUTE);
	return r;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_create);

void vxip_route_free(struct vxip_route *r)
{
	vxip_route_free_rcu(&r->rcu);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_free);

static struct vxip_tables *rtable_tables(struct vxip_rtable *rt)
{
	return container_of(rt, struct vxip_tables, routes);
}

/* Each of @r's peers counts it (@d = 1) or stops (-1).  Device lock. */
static void vxip_route_account(struct vxip_rtable *rt, struct vxip_route *r,
			       int d)
{
	unsigned int i;

	for (i = 0; i < vxip_nh_count(r->nhs); i++) {
		struct vxip_peer *peer = vxip_nh_at(r->peer, r->nhs, i);

		atomic_add(d, &peer->n_routes);
		if (r->encap == VXIP_ENCAP_IPIP) {
			/* The peer may (no longer) send us IPIP: receive it. */
			atomic_add(d, &peer->n_ipip_routes);
			vxip_ipip_peer_sync(rtable_tables(rt), peer);
		}
	}
}

static void vxip_route_retire(struct vxip_rtable *rt, struct vxip_route *r)
{
	list_del_rcu(&r->list);
	list_del(&r->peer_node);
	vxip_route_account(rt, r, -1);
	rt->n--;
	atomic_inc(&rt->gen);
	call_rcu(&r->rcu, vxip_route_free_rcu);
}

/*
 * Put @r in the table.  An existing route for the same prefix is swapped
 * for it if @replace (readers see one or the other), else -EEXIST; beyond
 * @max routes (0: no limit), -ENOSPC.  Device lock held.  On error @r is
 * still the caller's.
 */
int vxip_route_insert(struct vxip_rtable *rt, struct vxip_route *r,
		      bool replace, u32 max)
{
	struct vxip_rnode __rcu **pp = rtable_root(rt, r->family);
	struct vxip_rnode *n = rnode_deref(*pp), *leaf, *branch;
	unsigned int c = 0, cidr = r->plen;
	struct vxip_route *old;

	while (n) {
		c = common_bits(n->key, r->addr, min_t(unsigned int, n->cidr, cidr));
		if (c < n->cidr)
			break;		/* diverges, or @r is shorter: split here */
		if (n->cidr == cidr) {
			old = rnode_deref(n->route);
			if (old && !replace)
				return -EEXIST;
			if (!old && max && rt->n >= max)
				return -ENOSPC;
			rcu_assign_pointer(n->route, r);
			goto linked_in;
		}
		pp = &n->bit[key_bit(r->addr, n->cidr)];
		n = rnode_deref(*pp);
	}

	if (max && rt->n >= max)
		return -ENOSPC;
	old = NULL;
	leaf = rnode_new(r->addr, cidr);
	if (!leaf)
		return -ENOMEM;
	RCU_INIT_POINTER(leaf->route, r);
	if (!n) {
		rcu_assign_pointer(*pp, leaf);
	} else if (c == cidr) {
		/* The new prefix covers n: it becomes n's parent. */
		RCU_INIT_POINTER(leaf->bit[key_bit(n->key, cidr)], n);
		rcu_assign_pointer(*pp, leaf);
	} else {
		/* They part at bit c: a branch node above both. */
		branch = rnode_new(r->addr, c);
		if (!branch) {
			kfree(leaf);
			return -ENOMEM;
		}
		RCU_INIT_POINTER(branch->bit[key_bit(n->key, c)], n);
		RCU_INIT_POINTER(branch->bit[key_bit(r->addr, c)], leaf);
		rcu_assign_pointer(*pp, branch);
	}

linked_in:
	list_add_tail_rcu(&r->list, &rt->list);
	list_add_tail(&r->peer_node, &r->peer->routes);
	vxip_route_account(rt, r, 1);
	rt->n++;
	atomic_inc(&rt->gen);
	if (old)
		vxip_route_retire(rt, old);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_insert);

/*
 * Drop the node in slot @pp if it no longer does anything: a routeless node
 * with one child is replaced by it, one without children goes.  True if it
 * went without a replacement, so that its parent may now be useless too.
 */
static bool rnode_prune(struct vxip_rnode __rcu **pp)
{
	struct vxip_rnode *n = rnode_deref(*pp);
	struct vxip_rnode *l = rnode_deref(n->bit[0]);
	struct vxip_rnode *h = rnode_deref(n->bit[1]);

	if (rnode_deref(n->route) || (l && h))
		return false;
	rcu_assign_pointer(*pp, l ?: h);
	kfree_rcu(n, rcu);
	return !l && !h;
}

/* Remove the route of this exact prefix.  Device lock held. */
int vxip_route_delete(struct vxip_rtable *rt, u8 family, const u8 *key,
		      unsigned int cidr)
{
	struct vxip_rnode __rcu **pp = rtable_root(rt, family), **parent = NULL;
	struct vxip_rnode *n = rnode_deref(*pp);
	struct vxip_route *r;

	/* Down to the node holding exactly this prefix, if there is one. */
	while (n && n->cidr < cidr &&
	       common_bits(n->key, key, n->cidr) == n->cidr) {
		parent = pp;
		pp = &n->bit[key_bit(key, n->cidr)];
		n = rnode_deref(*pp);
	}
	if (!n || n->cidr != cidr || common_bits(n->key, key, cidr) != cidr)
		return -ENOENT;
	r = rnode_deref(n->route);
	if (!r)
		return -ENOENT;
	RCU_INIT_POINTER(n->route, NULL);

	/*
	 * A routeless node always has two children: insertion makes them so
	 * (branches) and this keeps them so.  Hence at most two nodes go: this
	 * one, and then, if it had no children, its parent, which is left
	 * with one child (or was routeful and stays).
	 */
	if (rnode_prune(pp) && parent)
		rnode_prune(parent);
	vxip_route_retire(rt, r);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_delete);

/* Remove the routes @match selects; how many went.  Device lock held. */
unsigned int vxip_route_sweep(struct vxip_rtable *rt,
			      bool (*match)(const struct vxip_route *r, const void *arg),
			      const void *arg)
{
	struct vxip_route *r, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(r, tmp, &rt->list, list) {
		if (!match(r, arg))
			continue;
		vxip_route_delete(rt, r->family, r->addr, r->plen);
		if (++n % 1024 == 0)
			cond_resched();
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_sweep);

static bool route_flush_match(const struct vxip_route *r, const void *f)
{
	return vxip_flush_match(f, r->owner, r->gen, r->peer, r->nhs);
}

unsigned int vxip_route_flush(struct vxip_rtable *rt,
			      const struct vxip_flush_filter *f)
{
	if (!rt->n)
		return 0;
	return vxip_route_sweep(rt, route_flush_match, f);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_flush);

/* Remove every route through @peer, found through its list.  Device lock. */
unsigned int vxip_route_flush_peer(struct vxip_rtable *rt,
				   struct vxip_peer *peer)
{
	struct vxip_route *r;
	unsigned int n = 0;

	while ((r = list_first_entry_or_null(&peer->routes, struct vxip_route,
					     peer_node))) {
		/* Unlinks @r from the peer's list, as from the trie. */
		if (WARN_ON_ONCE(vxip_route_delete(rt, r->family, r->addr,
						   r->plen)))
			break;
		n++;
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_flush_peer);

/* True if no node is left: what the KUnit suite checks after deleting all. */
bool vxip_rtable_empty(struct vxip_rtable *rt)
{
	return !rcu_access_pointer(rt->root4) && !rcu_access_pointer(rt->root6) &&
	       list_empty(&rt->list) && !rt->n;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_rtable_empty);
