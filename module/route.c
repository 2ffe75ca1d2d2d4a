// SPDX-License-Identifier: GPL-2.0
/*
 * vxip L3 route table: a hash table of prefixes, probed once per prefix
 * length in use, longest first (as the IPv4 FIB's hash of zones was before
 * the LC-trie).  Writers hold the device lock; readers hold RCU.  A route
 * costs its own 80 bytes and its share of the bucket array, and no other
 * node: a trie needs one or two more per route, and a list of all routes
 * 16 bytes.  Dumps and sweeps walk the hash table.
 */

#include <linux/bitmap.h>
#include <linux/inetdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "vxip.h"

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

static struct kmem_cache *vxip_route_cache __read_mostly;

/* Routes a sweep handles between two yields of the CPU. */
#define VXIP_ROUTE_SWEEP_BATCH	1024

int vxip_route_init(void)
{
	vxip_route_cache = KMEM_CACHE(vxip_route, 0);
	return vxip_route_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no route is waiting for its grace period. */
void vxip_route_uninit(void)
{
	kmem_cache_destroy(vxip_route_cache);
}

static unsigned int family_bits(u8 family)
{
	return family == AF_INET ? 32 : 128;
}

static const struct rhashtable_params vxip_route_params = {
	.head_offset = offsetof(struct vxip_route, node),
	.key_offset = offsetof(struct vxip_route, key),
	.key_len = sizeof(struct vxip_route_key),
	.automatic_shrinking = true,
};

/* A route's named key fields are where its key has them. */
static_assert(offsetof(struct vxip_route, addr) ==
	      offsetof(struct vxip_route, key.addr));
static_assert(offsetof(struct vxip_route, family) ==
	      offsetof(struct vxip_route, key.family));
static_assert(offsetof(struct vxip_route, plen) ==
	      offsetof(struct vxip_route, key.plen));

/*
 * The key of (@addr, @plen) in @family: the prefix masked to @plen bits.
 * IPv4 in one word: a lookup builds a key per length it probes.
 */
static void route_key(struct vxip_route_key *k, u8 family, const u8 *addr,
		      unsigned int plen)
{
	if (family == AF_INET) {
		__be32 a;

		memcpy(&a, addr, sizeof(a));
		a &= inet_make_mask(plen);
		memset(k, 0, sizeof(*k));
		memcpy(k->addr, &a, sizeof(a));
	} else {
		vxip_prefix_mask(k->addr, addr, plen);
		k->pad[0] = 0;
		k->pad[1] = 0;
	}
	k->family = family;
	k->plen = plen;
}

/* The lengths in use in @family, longest at bit 0; and their counts. */
static unsigned long *rtable_lens(struct vxip_rtable *rt, u8 family)
{
	return family == AF_INET ? rt->lens4 : rt->lens6;
}

static u32 *rtable_len_count(struct vxip_rtable *rt, u8 family,
			     unsigned int plen)
{
	return family == AF_INET ? &rt->n_len4[plen] : &rt->n_len6[plen];
}

int vxip_rtable_init(struct vxip_rtable *rt)
{
	memset(rt, 0, sizeof(*rt));
	atomic_set(&rt->gen, 0);
	return rhashtable_init(&rt->ht, &vxip_route_params);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_rtable_init);

/* Free the hash table; its routes must be gone (vxip_route_sweep()). */
void vxip_rtable_destroy(struct vxip_rtable *rt)
{
	WARN_ON_ONCE(rt->n);
	rhashtable_destroy(&rt->ht);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_rtable_destroy);

/*
 * The route with the longest prefix covering @addr (16 bytes; IPv4 in the
 * first 4), or NULL.  RCU.  A length whose last route goes while this
 * runs may still be probed, and finds nothing.
 */
struct vxip_route *vxip_route_lookup(struct vxip_rtable *rt, u8 family,
				     const u8 *addr)
{
	unsigned int max = family_bits(family), i;
	struct vxip_route_key k;
	struct vxip_route *r;

	for_each_set_bit(i, rtable_lens(rt, family), max + 1) {
		route_key(&k, family, addr, max - i);
		r = rhashtable_lookup(&rt->ht, &k, vxip_route_params);
		if (r)
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_lookup);

/* The route of exactly this prefix, or NULL.  Device lock or RCU. */
struct vxip_route *vxip_route_find(struct vxip_rtable *rt, u8 family,
				   const u8 *key, unsigned int cidr)
{
	struct vxip_route_key k;

	if (cidr > family_bits(family))
		return NULL;
	route_key(&k, family, key, cidr);
	return rhashtable_lookup_fast(&rt->ht, &k, vxip_route_params);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_find);

static void vxip_route_free_rcu(struct rcu_head *head)
{
	struct vxip_route *r = container_of(head, struct vxip_route, rcu);

	kfree(r->nhs);
	kmem_cache_free(vxip_route_cache, r);
	vxip_obj_dec(VXIP_OBJ_ROUTE);
}

struct vxip_route *vxip_route_create(u8 family, const u8 *addr, u8 plen,
				     struct vxip_peer *peer, gfp_t gfp)
{
	struct vxip_route *r;

	if (plen > family_bits(family))
		return NULL;
	r = kmem_cache_zalloc(vxip_route_cache, gfp);
	if (!r)
		return NULL;
	r->family = family;
	r->plen = plen;
	vxip_prefix_mask(r->addr, addr, plen);
	r->peer = peer;
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

/* Leave the peers' counts and the table's count; free later. */
static void vxip_route_retire(struct vxip_rtable *rt, struct vxip_route *r)
{
	vxip_route_account(rt, r, -1);
	rt->n--;
	atomic_inc(&rt->gen);
	call_rcu(&r->rcu, vxip_route_free_rcu);
}

/* One more (@d = 1) or one less (-1) route of @r's length. */
static void vxip_route_len(struct vxip_rtable *rt, const struct vxip_route *r,
			   int d)
{
	u32 *count = rtable_len_count(rt, r->family, r->plen);
	unsigned int bit = family_bits(r->family) - r->plen;

	*count += d;
	if (d > 0 && *count == 1)
		set_bit(bit, rtable_lens(rt, r->family));
	else if (d < 0 && !*count)
		clear_bit(bit, rtable_lens(rt, r->family));
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
	struct vxip_route *old;
	int err;

	old = rhashtable_lookup_fast(&rt->ht, &r->key, vxip_route_params);
	if (old) {
		if (!replace)
			return -EEXIST;
		err = rhashtable_replace_fast(&rt->ht, &old->node, &r->node,
					      vxip_route_params);
	} else {
		if (max && rt->n >= max)
			return -ENOSPC;
		err = rhashtable_insert_fast(&rt->ht, &r->node,
					     vxip_route_params);
	}
	if (err)
		return err;
	if (!old)
		vxip_route_len(rt, r, 1);
	vxip_route_account(rt, r, 1);
	rt->n++;
	atomic_inc(&rt->gen);
	if (old)
		vxip_route_retire(rt, old);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_insert);

/* Take @r, which is in the table, out of it.  Device lock held. */
static void vxip_route_unlink(struct vxip_rtable *rt, struct vxip_route *r)
{
	rhashtable_remove_fast(&rt->ht, &r->node, vxip_route_params);
	vxip_route_len(rt, r, -1);
	vxip_route_retire(rt, r);
}

/* Remove the route of this exact prefix.  Device lock held. */
int vxip_route_delete(struct vxip_rtable *rt, u8 family, const u8 *key,
		      unsigned int cidr)
{
	struct vxip_route *r = vxip_route_find(rt, family, key, cidr);

	if (!r)
		return -ENOENT;
	vxip_route_unlink(rt, r);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_delete);

/*
 * Remove the routes @match selects; how many went.  Device lock held, so
 * only a resize moves routes meanwhile: the walk may then see some twice
 * but misses none (it goes on into the table being filled).  It yields
 * the CPU on a route still in the table, by which it finds its place
 * again; a route it unlinks keeps its link to the next until its grace
 * period ends.
 */
unsigned int vxip_route_sweep(struct vxip_rtable *rt,
			      bool (*match)(const struct vxip_route *r, const void *arg),
			      const void *arg)
{
	struct rhashtable_iter iter;
	unsigned int n = 0, seen = 0;
	struct vxip_route *r;

	rhashtable_walk_enter(&rt->ht, &iter);
	rhashtable_walk_start(&iter);
	while ((r = rhashtable_walk_next(&iter))) {
		if (IS_ERR(r))
			continue;	/* -EAGAIN: resized, routes may repeat */
		if (++seen % VXIP_ROUTE_SWEEP_BATCH == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
		if (match(r, arg)) {
			vxip_route_unlink(rt, r);
			n++;
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
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

static bool route_peer_match(const struct vxip_route *r, const void *peer)
{
	return r->peer == peer;
}

/*
 * Remove every route whose first peer is @peer.  A walk of the whole
 * table, but only for a peer that routes still use: removing a peer
 * whose routes went first (a flush, the usual way) costs nothing here.
 * Device lock held.
 */
unsigned int vxip_route_flush_peer(struct vxip_rtable *rt,
				   struct vxip_peer *peer)
{
	if (!atomic_read(&peer->n_routes))
		return 0;
	return vxip_route_sweep(rt, route_peer_match, peer);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_route_flush_peer);

/* True if no route is left: what the KUnit suite checks after deleting all. */
bool vxip_rtable_empty(struct vxip_rtable *rt)
{
	return !atomic_read(&rt->ht.nelems) &&
	       !rt->n && bitmap_empty(rt->lens4, VXIP_RLEN4) &&
	       bitmap_empty(rt->lens6, VXIP_RLEN6);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_rtable_empty);
