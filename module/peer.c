// SPDX-License-Identifier: GPL-2.0
/* vxip peers and the flood list; table setup and teardown. */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "netlink.h"

static const struct rhashtable_params vxip_peer_params = {
	.key_len	= sizeof(struct in6_addr),
	.key_offset	= offsetof(struct vxip_peer, addr),
	.head_offset	= offsetof(struct vxip_peer, node),
	.automatic_shrinking = true,
};

static void vxip_peer_free_rcu(struct rcu_head *head)
{
	struct vxip_peer *peer = container_of(head, struct vxip_peer, rcu);

	dst_cache_destroy(&peer->dst_cache);
	free_percpu(peer->stats);
	kfree(peer);
	vxip_obj_dec(VXIP_OBJ_PEER);
}

struct vxip_peer *vxip_peer_lookup(struct vxip_tables *t,
				   const struct in6_addr *addr)
{
	struct vxip_peer *peer;

	/* Callers hold RCU (datapath) or the device lock (netlink). */
	peer = rhashtable_lookup_fast(&t->peers, addr, vxip_peer_params);
	if (peer && READ_ONCE(peer->dead))
		return NULL;
	return peer;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_lookup);

struct vxip_peer *vxip_peer_create(const struct in6_addr *addr, u8 encap,
				   u16 port, u8 owner, u32 gen, gfp_t gfp)
{
	struct vxip_peer *peer;

	peer = kzalloc(sizeof(*peer), gfp);
	if (!peer)
		return NULL;
	peer->stats = alloc_percpu_gfp(struct vxip_peer_pcpu_stats, gfp);
	if (!peer->stats)
		goto err_free;
	if (dst_cache_init(&peer->dst_cache, gfp))
		goto err_stats;
	peer->addr = *addr;
	peer->tx = VXIP_PEER_TX(encap, port);
	if (owner) {
		peer->claims[0].owner = owner;
		peer->claims[0].what = VXIP_CLAIM_PEER;
		peer->claims[0].gen = gen;
	}
	INIT_HLIST_HEAD(&peer->fdbs);
	INIT_LIST_HEAD(&peer->list);
	vxip_obj_inc(VXIP_OBJ_PEER);
	return peer;

err_stats:
	free_percpu(peer->stats);
err_free:
	kfree(peer);
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_create);

/* Free a peer that never made it into the table. */
void vxip_peer_free(struct vxip_peer *peer)
{
	vxip_peer_free_rcu(&peer->rcu);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_free);

/* Called with the device lock held.  On error the caller frees @peer. */
int vxip_peer_insert(struct vxip_tables *t, struct vxip_peer *peer)
{
	int err;

	err = rhashtable_lookup_insert_fast(&t->peers, &peer->node,
					    vxip_peer_params);
	if (err)
		return err;
	list_add_tail_rcu(&peer->list, &t->peer_list);
	vxip_ipip_peer_sync(t, peer);
	t->n_peers++;
	atomic_inc(&t->peer_gen);
	pr_debug("peer %pI6c created\n", &peer->addr);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_insert);

/*
 * Remove @peer and everything that uses it.  The datapath stops using the
 * peer the moment it is marked dead, before its FDB entries, routes and
 * flood-list slot go; so the removal is atomic as the datapath sees it.
 * The slot becomes a hole: the caller compacts the flood list
 * (vxip_flood_compact()) once it is done removing peers.  Called with the
 * device lock held.  What went is added to @res, if given.
 */
void vxip_peer_remove(struct vxip_tables *t, struct vxip_peer *peer,
		      struct vxip_flush_result *res)
{
	unsigned int n_fdb, n_routes;
	bool flood = peer->flood;

	spin_lock_bh(&t->fdb_lock);
	WRITE_ONCE(peer->dead, true);
	spin_unlock_bh(&t->fdb_lock);
	vxip_ipip_peer_sync(t, peer);

	if (flood)
		vxip_flood_punch(t, peer);
	/* Exactly the peer's own entries: the FDB's through its list, the
	 * routes by a walk of the table, if the peer has any.
	 */
	n_fdb = vxip_fdb_flush_peer(t, peer);
	n_routes = vxip_route_flush_peer(&t->routes, peer);
	WARN_ON_ONCE(atomic_read(&peer->n_fdb) || atomic_read(&peer->n_routes));

	rhashtable_remove_fast(&t->peers, &peer->node, vxip_peer_params);
	list_del_rcu(&peer->list);
	t->n_peers--;
	atomic_inc(&t->peer_gen);
	pr_debug("peer %pI6c destroyed\n", &peer->addr);
	call_rcu(&peer->rcu, vxip_peer_free_rcu);
	if (res) {
		res->n_peers++;
		res->n_flood += flood;
		res->n_fdb += n_fdb;
		res->n_routes += n_routes;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_remove);

/*
 * Claims: which owners hold a peer, and for what.  All under the device
 * lock.  @what is one VXIP_CLAIM_* bit, or 0 for any.
 */
struct vxip_claim *vxip_claim_find(struct vxip_peer *peer, u8 owner, u8 what)
{
	unsigned int i;

	for (i = 0; i < VXIP_PEER_CLAIMS; i++) {
		struct vxip_claim *c = &peer->claims[i];

		if (c->owner == owner && (what ? c->what & what : c->what))
			return c;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_claim_find);

/* @owner holds @peer for @what (one bit) at @gen, new or refreshed. */
int vxip_peer_claim(struct vxip_peer *peer, u8 owner, u8 what, u32 gen)
{
	struct vxip_claim *c = vxip_claim_find(peer, owner, 0);
	unsigned int i;

	for (i = 0; !c && i < VXIP_PEER_CLAIMS; i++)
		if (!peer->claims[i].what)
			c = &peer->claims[i];
	if (!c)
		return -ENOSPC;
	WRITE_ONCE(c->owner, owner);
	if (what == VXIP_CLAIM_FLOOD)
		WRITE_ONCE(c->flood_gen, gen);
	else
		WRITE_ONCE(c->gen, gen);
	WRITE_ONCE(c->what, c->what | what);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_claim);

static void vxip_claim_drop(struct vxip_claim *c, u8 what)
{
	WRITE_ONCE(c->what, c->what & ~what);
	if (!c->what)
		WRITE_ONCE(c->owner, 0);
}

/* Does any owner still want @peer on the flood list? */
static bool vxip_peer_floods(struct vxip_peer *peer)
{
	unsigned int i;

	for (i = 0; i < VXIP_PEER_CLAIMS; i++)
		if (peer->claims[i].what & VXIP_CLAIM_FLOOD)
			return true;
	return false;
}

/*
 * @owner lets go of @peer's @what.  The last flood claim takes the peer
 * off the flood list (the caller compacts it).  The peer itself stays:
 * the caller decides with vxip_peer_gc().  -ENOENT if there was no claim.
 */
int vxip_peer_unclaim(struct vxip_tables *t, struct vxip_peer *peer, u8 owner,
		      u8 what)
{
	struct vxip_claim *c = vxip_claim_find(peer, owner, what);

	if (!c)
		return -ENOENT;
	vxip_claim_drop(c, what);
	if (what == VXIP_CLAIM_FLOOD && peer->flood && !vxip_peer_floods(peer))
		vxip_flood_punch(t, peer);
	atomic_inc(&t->peer_gen);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_unclaim);

/* Does anything hold @peer: a claim, an FDB entry or a route? */
bool vxip_peer_held(struct vxip_peer *peer)
{
	unsigned int i;

	for (i = 0; i < VXIP_PEER_CLAIMS; i++)
		if (peer->claims[i].what)
			return true;
	return atomic_read(&peer->n_fdb) || atomic_read(&peer->n_routes);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_held);

/* Remove @peer if nothing holds it any more.  True if it went. */
bool vxip_peer_gc(struct vxip_tables *t, struct vxip_peer *peer,
		  struct vxip_flush_result *res)
{
	if (vxip_peer_held(peer))
		return false;
	vxip_peer_remove(t, peer, res);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_peer_gc);

/*
 * Several peers behind one entry.  Control-plane side, under the device
 * lock, but for vxip_nh_pick() (datapath, RCU).
 */

/* The set for an entry with @nh's peers: NULL for one peer. */
int vxip_nhs_make(const struct vxip_nh *nh, const struct vxip_nhs **out,
		  gfp_t gfp)
{
	struct vxip_nhs *nhs;

	*out = NULL;
	if (nh->n < 2)
		return 0;
	nhs = kmalloc(struct_size(nhs, peer, nh->n), gfp);
	if (!nhs)
		return -ENOMEM;
	nhs->n = nh->n;
	memcpy(nhs->peer, nh->peer, nh->n * sizeof(nh->peer[0]));
	*out = nhs;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nhs_make);

/* Copy an entry's peers into @nh. */
void vxip_nh_get(struct vxip_peer *first, const struct vxip_nhs *nhs,
		 struct vxip_nh *nh)
{
	unsigned int i;

	nh->n = vxip_nh_count(nhs);
	for (i = 0; i < nh->n; i++)
		nh->peer[i] = vxip_nh_at(first, nhs, i);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nh_get);

bool vxip_nh_has(const struct vxip_nh *nh, const struct vxip_peer *peer)
{
	unsigned int i;

	for (i = 0; i < nh->n; i++)
		if (nh->peer[i] == peer)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nh_has);

/* Does the entry with @first and @nhs use @peer? */
bool vxip_nhs_has(const struct vxip_peer *first, const struct vxip_nhs *nhs,
		  const struct vxip_peer *peer)
{
	unsigned int i;

	if (!nhs)
		return first == peer;
	for (i = 0; i < nhs->n; i++)
		if (nhs->peer[i] == peer)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nhs_has);

/* Same peers in the same order (the order picks a flow's peer). */
bool vxip_nhs_equal(const struct vxip_peer *a, const struct vxip_nhs *an,
		    const struct vxip_peer *b, const struct vxip_nhs *bn)
{
	if (!an || !bn)
		return !an && !bn && a == b;
	return an->n == bn->n &&
	       !memcmp(an->peer, bn->peer, an->n * sizeof(an->peer[0]));
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nhs_equal);

/*
 * The peer that carries @skb's flow: one flow always takes one peer (no
 * reordering), different flows spread over all of them, as the stack's
 * multipath routes do, by the flow hash of the inner headers.  RCU.
 */
struct vxip_peer *vxip_nh_pick(struct vxip_peer *first,
			       const struct vxip_nhs *nhs, struct sk_buff *skb)
{
	if (!nhs)
		return first;
	return nhs->peer[reciprocal_scale(skb_get_hash(skb), nhs->n)];
}
EXPORT_SYMBOL_IF_KUNIT(vxip_nh_pick);

/*
 * Remove @peer if nothing holds it any more, and tell the changes group.
 * Device lock.
 */
void vxip_peer_collect(struct vxip_dev *vxip, struct vxip_peer *peer)
{
	if (vxip_peer_held(peer))
		return;
	vxip_nl_notify(vxip, VXIP_CMD_PEER_DEL, vxip_nl_peer_fill, peer,
		       GFP_KERNEL);
	vxip_peer_remove(&vxip->t, peer, NULL);
	vxip_flood_compact(&vxip->t);
}

/*
 * An entry that used @old's peers went, or now uses @now's: collect those
 * it alone held.  Device lock.
 */
void vxip_peers_collect(struct vxip_dev *vxip, const struct vxip_nh *old,
			const struct vxip_nh *now)
{
	unsigned int i;

	for (i = 0; i < old->n; i++)
		if (!now || !vxip_nh_has(now, old->peer[i]))
			vxip_peer_collect(vxip, old->peer[i]);
}

/* Change how a peer is reached, in place.  Device lock held. */
void vxip_peer_set_tx(struct vxip_tables *t, struct vxip_peer *peer, u8 encap,
		      u16 port)
{
	u32 tx = VXIP_PEER_TX(encap, port);

	if (tx == peer->tx)
		return;
	WRITE_ONCE(peer->tx, tx);
	/* The cached route was looked up for the old protocol and port,
	 * which policy routing may match on (ipproto, dport): look it up
	 * again, as a change of the device's port does.
	 */
	dst_cache_reset(&peer->dst_cache);
	/* Into or out of the IPIP receive hash, if the encap changed. */
	vxip_ipip_peer_sync(t, peer);
	atomic_inc(&t->peer_gen);
}

static void vxip_flood_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct vxip_flood, rcu));
}

/*
 * Publish a copy of the flood list without its holes, plus @add if given
 * (an empty list is none).  Large lists (a slot per peer: 512 peers fill a
 * page) come from vmalloc when no contiguous pages are left.  Device lock
 * held.
 */
static int vxip_flood_rebuild(struct vxip_tables *t, struct vxip_peer *add,
			      gfp_t gfp)
{
	struct vxip_flood *old = rcu_dereference_protected(t->flood, true);
	unsigned int i, n = 0, len = old ? old->n - old->holes : 0;
	struct vxip_flood *new = NULL;

	if (len || add) {
		new = kvmalloc(struct_size(new, peers, len + !!add), gfp);
		if (!new)
			return -ENOMEM;
		for (i = 0; old && i < old->n; i++)
			if (old->peers[i])
				new->peers[n++] = old->peers[i];
		if (add)
			new->peers[n++] = add;
		new->n = n;
		new->holes = 0;
	}
	rcu_assign_pointer(t->flood, new);
	if (old)
		call_rcu(&old->rcu, vxip_flood_free_rcu);
	return 0;
}

/*
 * Take @peer off the flood list in place: its slot becomes a hole.  Never
 * fails, allocates nothing: a peer being removed must leave the list.
 * Device lock held.
 */
void vxip_flood_punch(struct vxip_tables *t, struct vxip_peer *peer)
{
	struct vxip_flood *fl = rcu_dereference_protected(t->flood, true);
	unsigned int i;

	for (i = 0; fl && i < fl->n; i++) {
		if (fl->peers[i] != peer)
			continue;
		WRITE_ONCE(fl->peers[i], NULL);
		WRITE_ONCE(fl->holes, fl->holes + 1);
		break;
	}
	WRITE_ONCE(peer->flood, false);
	atomic_inc(&t->peer_gen);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flood_punch);

/* Drop the flood list's holes, if there are any and memory allows. */
void vxip_flood_compact(struct vxip_tables *t)
{
	struct vxip_flood *fl = rcu_dereference_protected(t->flood, true);

	if (fl && fl->holes)
		vxip_flood_rebuild(t, NULL, GFP_KERNEL | __GFP_NOWARN);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flood_compact);

/*
 * Add @peer to the flood list or take it off.  Adding can fail (-ENOMEM);
 * taking off cannot.  Called with the device lock held.
 */
int vxip_flood_set(struct vxip_tables *t, struct vxip_peer *peer, bool on)
{
	int err;

	if (peer->flood == on)
		return 0;
	if (!on) {
		vxip_flood_punch(t, peer);
		vxip_flood_compact(t);
		return 0;
	}
	err = vxip_flood_rebuild(t, peer, GFP_KERNEL);
	if (err)
		return err;
	WRITE_ONCE(peer->flood, true);
	atomic_inc(&t->peer_gen);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flood_set);

/* How many peers are on the flood list. */
unsigned int vxip_flood_len(struct vxip_tables *t)
{
	struct vxip_flood *fl;
	unsigned int n;

	rcu_read_lock();
	fl = rcu_dereference(t->flood);
	n = fl ? fl->n - READ_ONCE(fl->holes) : 0;
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flood_len);

void vxip_peer_count(struct vxip_peer *peer, bool tx, unsigned int len,
		     bool flood)
{
	struct vxip_peer_pcpu_stats *s = get_cpu_ptr(peer->stats);

	u64_stats_update_begin(&s->syncp);
	if (tx) {
		u64_stats_inc(&s->tx_packets);
		u64_stats_add(&s->tx_bytes, len);
		if (flood)
			u64_stats_inc(&s->tx_flood);
	} else {
		u64_stats_inc(&s->rx_packets);
		u64_stats_add(&s->rx_bytes, len);
	}
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(peer->stats);
}

void vxip_peer_count_drop(struct vxip_peer *peer)
{
	struct vxip_peer_pcpu_stats *s = get_cpu_ptr(peer->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(peer->stats);
}

/* Sum the per-CPU counters of @peer into @sum (its syncp is unused). */
void vxip_peer_read_stats(struct vxip_peer *peer,
			  struct vxip_peer_pcpu_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct vxip_peer_pcpu_stats *s = per_cpu_ptr(peer->stats, cpu);
		u64 txp, txb, rxp, rxb, fl, dr;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			fl = u64_stats_read(&s->tx_flood);
			dr = u64_stats_read(&s->drops);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		u64_stats_add(&sum->tx_packets, txp);
		u64_stats_add(&sum->tx_bytes, txb);
		u64_stats_add(&sum->rx_packets, rxp);
		u64_stats_add(&sum->rx_bytes, rxb);
		u64_stats_add(&sum->tx_flood, fl);
		u64_stats_add(&sum->drops, dr);
	}
}

int vxip_tables_init(struct vxip_tables *t)
{
	int err;

	memset(t, 0, sizeof(*t));
	INIT_LIST_HEAD(&t->peer_list);
	spin_lock_init(&t->fdb_lock);
	err = vxip_rtable_init(&t->routes);
	if (err)
		return err;
	err = rhashtable_init(&t->peers, &vxip_peer_params);
	if (err)
		goto out_routes;
	err = vxip_fdb_tables_init(t);
	if (err)
		goto out_peers;
	return 0;
out_peers:
	rhashtable_destroy(&t->peers);
out_routes:
	vxip_rtable_destroy(&t->routes);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_tables_init);

/*
 * Remove everything: no reader may still find the tables through the
 * device (it is unregistering, or they were never reachable).  Entries are
 * freed after a grace period.
 */
void vxip_tables_destroy(struct vxip_tables *t)
{
	struct vxip_flush_filter all = { .scope = VXIP_FLUSH_ALL };
	struct vxip_flush_result res;
	struct vxip_peer *peer, *tmp;
	struct vxip_flood *flood;

	vxip_flush(t, &all, &res);
	/* What learning added while the flush ran holds its peer too. */
	list_for_each_entry_safe(peer, tmp, &t->peer_list, list)
		vxip_peer_remove(t, peer, NULL);
	flood = rcu_dereference_protected(t->flood, true);
	RCU_INIT_POINTER(t->flood, NULL);
	if (flood)
		call_rcu(&flood->rcu, vxip_flood_free_rcu);
	vxip_fdb_tables_destroy(t);
	rhashtable_destroy(&t->peers);
	vxip_rtable_destroy(&t->routes);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_tables_destroy);

/*
 * Drop the claims on @peer that @f matches (its owner, and the claim's
 * generation), counting flood-list memberships in @res.
 */
static void vxip_peer_flush_claims(struct vxip_tables *t, struct vxip_peer *peer,
				   const struct vxip_flush_filter *f,
				   struct vxip_flush_result *res)
{
	bool changed = false, flood = false;
	unsigned int i;

	for (i = 0; i < VXIP_PEER_CLAIMS; i++) {
		struct vxip_claim *c = &peer->claims[i];

		if ((f->scope & VXIP_FLUSH_FLOOD) && (c->what & VXIP_CLAIM_FLOOD) &&
		    vxip_flush_match(f, c->owner, c->flood_gen, peer, NULL)) {
			vxip_claim_drop(c, VXIP_CLAIM_FLOOD);
			res->n_flood++;
			flood = true;
		}
		if ((f->scope & VXIP_FLUSH_PEER) && (c->what & VXIP_CLAIM_PEER) &&
		    vxip_flush_match(f, c->owner, c->gen, peer, NULL)) {
			vxip_claim_drop(c, VXIP_CLAIM_PEER);
			changed = true;
		}
	}
	if (flood && peer->flood && !vxip_peer_floods(peer))
		vxip_flood_punch(t, peer);
	if (changed || flood)
		atomic_inc(&t->peer_gen);
}

/*
 * FLUSH: remove the FDB entries and routes @f matches, and drop the claims
 * it matches; then every peer that nothing holds any more goes.  A flush
 * never removes what it does not match: another owner's entries and claims
 * stay, and so do the peers they hold.  Called with the device lock held.
 */
void vxip_flush(struct vxip_tables *t, const struct vxip_flush_filter *f,
		struct vxip_flush_result *res)
{
	struct vxip_peer *peer, *tmp;

	memset(res, 0, sizeof(*res));
	if (f->scope & VXIP_FLUSH_FDB)
		res->n_fdb += vxip_fdb_flush(t, f);
	if (f->scope & VXIP_FLUSH_ROUTE)
		res->n_routes += vxip_route_flush(&t->routes, f);
	list_for_each_entry_safe(peer, tmp, &t->peer_list, list) {
		if (f->peer && peer != f->peer)
			continue;
		if (f->scope & (VXIP_FLUSH_FLOOD | VXIP_FLUSH_PEER))
			vxip_peer_flush_claims(t, peer, f, res);
		vxip_peer_gc(t, peer, res);
	}
	/* One rebuild, not one per peer taken off. */
	vxip_flood_compact(t);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flush);
