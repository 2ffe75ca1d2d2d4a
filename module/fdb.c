// SPDX-License-Identifier: GPL-2.0
/* vxip FDB (MAC -> peer), its MAC/IP neighbour table, learning and ageing. */

#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "vxip.h"

static struct kmem_cache *vxip_fdb_cache __read_mostly;

/* Entries a sweep handles between two yields of the CPU. */
#define VXIP_FDB_SWEEP_BATCH	1024

static const struct rhashtable_params vxip_fdb_params = {
	.key_len	= ETH_ALEN,
	.key_offset	= offsetof(struct vxip_fdb, mac),
	.head_offset	= offsetof(struct vxip_fdb, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params vxip_neigh_params = {
	.key_len	= sizeof(struct in6_addr),
	.key_offset	= offsetof(struct vxip_neigh, ip),
	.head_offset	= offsetof(struct vxip_neigh, node),
	.automatic_shrinking = true,
};

int vxip_fdb_init(void)
{
	vxip_fdb_cache = KMEM_CACHE(vxip_fdb, 0);
	return vxip_fdb_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no entry is waiting for its grace period. */
void vxip_fdb_uninit(void)
{
	kmem_cache_destroy(vxip_fdb_cache);
}

int vxip_fdb_tables_init(struct vxip_tables *t)
{
	int err;

	err = rhashtable_init(&t->fdb, &vxip_fdb_params);
	if (err)
		return err;
	err = rhashtable_init(&t->neigh, &vxip_neigh_params);
	if (err)
		rhashtable_destroy(&t->fdb);
	return err;
}

/* The tables are empty: vxip_fdb_flush() removed every entry. */
void vxip_fdb_tables_destroy(struct vxip_tables *t)
{
	rhashtable_destroy(&t->neigh);
	rhashtable_destroy(&t->fdb);
}

struct vxip_fdb *vxip_fdb_lookup(struct vxip_tables *t, const u8 *mac)
{
	return rhashtable_lookup(&t->fdb, mac, vxip_fdb_params);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_lookup);

/*
 * The peers the entry for @mac uses, in @nh; false if there is none.
 * Device lock held.
 */
bool vxip_fdb_lookup_nh(struct vxip_tables *t, const u8 *mac,
			struct vxip_nh *nh)
{
	struct vxip_fdb *f;

	rcu_read_lock();
	f = vxip_fdb_lookup(t, mac);
	if (f)
		vxip_nh_get(f->peer, f->nhs, nh);
	rcu_read_unlock();
	return f;
}

/* The MAC an IP address is bound to, for ARP/ND suppression. RCU. */
const u8 *vxip_neigh_lookup(struct vxip_tables *t, const struct in6_addr *ip)
{
	struct vxip_neigh *n = rhashtable_lookup(&t->neigh, ip,
						 vxip_neigh_params);

	return n ? n->mac : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_neigh_lookup);

struct vxip_fdb *vxip_fdb_create(const u8 *mac, struct vxip_peer *peer,
				 u8 flags, u8 owner, u32 gen, gfp_t gfp)
{
	struct vxip_fdb *f = kmem_cache_zalloc(vxip_fdb_cache, gfp);

	if (!f)
		return NULL;
	ether_addr_copy(f->mac, mac);
	f->peer = peer;
	f->flags = flags;
	f->owner = owner;
	f->gen = gen;
	f->updated = jiffies;
	vxip_obj_inc(VXIP_OBJ_FDB);
	return f;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_create);

/* Bind addresses to an entry that is not in the table yet. */
int vxip_fdb_set_ips(struct vxip_fdb *f, const struct in6_addr *ips,
		     unsigned int n, gfp_t gfp)
{
	struct vxip_fdb_ips *a;

	if (!n)
		return 0;
	a = kmalloc(struct_size(a, ip, n), gfp);
	if (!a)
		return -ENOMEM;
	a->n = n;
	memcpy(a->ip, ips, n * sizeof(*ips));
	RCU_INIT_POINTER(f->ips, a);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_set_ips);

/* Free an entry that never made it into the table. */
void vxip_fdb_free(struct vxip_fdb *f)
{
	kfree(f->nhs);
	kfree(rcu_dereference_protected(f->ips, true));
	kmem_cache_free(vxip_fdb_cache, f);
	vxip_obj_dec(VXIP_OBJ_FDB);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_free);

static void vxip_fdb_free_rcu(struct rcu_head *head)
{
	vxip_fdb_free(container_of(head, struct vxip_fdb, rcu));
}

static struct vxip_neigh *vxip_neigh_alloc(void)
{
	struct vxip_neigh *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (n)
		vxip_obj_inc(VXIP_OBJ_NEIGH);
	return n;
}

static void vxip_neigh_free(struct vxip_neigh *n)
{
	if (!n)
		return;
	kfree(n);
	vxip_obj_dec(VXIP_OBJ_NEIGH);
}

static void vxip_neigh_free_rcu(struct rcu_head *head)
{
	vxip_neigh_free(container_of(head, struct vxip_neigh, rcu));
}

static struct vxip_fdb_ips *fdb_ips(struct vxip_fdb *f)
{
	return rcu_dereference_check(f->ips, true);
}

static bool ips_contain(const struct vxip_fdb_ips *a, const struct in6_addr *ip)
{
	unsigned int i;

	for (i = 0; a && i < a->n; i++)
		if (ipv6_addr_equal(&a->ip[i], ip))
			return true;
	return false;
}

/*
 * Drop the neighbour entries of @old's addresses that @keep does not have,
 * if they still point to @old's MAC (another MAC may have claimed one).
 * Called with fdb_lock held.
 */
static void vxip_neigh_unbind(struct vxip_tables *t, struct vxip_fdb *old,
			      const struct vxip_fdb_ips *keep)
{
	struct vxip_fdb_ips *a = fdb_ips(old);
	struct vxip_neigh *n;
	unsigned int i;

	for (i = 0; a && i < a->n; i++) {
		if (ips_contain(keep, &a->ip[i]))
			continue;
		n = rhashtable_lookup_fast(&t->neigh, &a->ip[i],
					   vxip_neigh_params);
		if (!n || !ether_addr_equal(n->mac, old->mac))
			continue;
		rhashtable_remove_fast(&t->neigh, &n->node, vxip_neigh_params);
		call_rcu(&n->rcu, vxip_neigh_free_rcu);
	}
}

/*
 * Point every address of @f at its MAC, using the entries preallocated in
 * @spare (one per address; the unused ones are left for the caller to
 * free).  Called with fdb_lock held; cannot fail.
 */
static void vxip_neigh_bind(struct vxip_tables *t, struct vxip_fdb *f,
			    struct vxip_neigh **spare)
{
	struct vxip_fdb_ips *a = fdb_ips(f);
	struct vxip_neigh *n, *old;
	unsigned int i;

	for (i = 0; a && i < a->n; i++) {
		old = rhashtable_lookup_fast(&t->neigh, &a->ip[i],
					     vxip_neigh_params);
		if (old && ether_addr_equal(old->mac, f->mac))
			continue;
		n = spare[i];
		spare[i] = NULL;
		n->ip = a->ip[i];
		ether_addr_copy(n->mac, f->mac);
		if (old) {
			/* The address moved to this MAC. */
			rhashtable_replace_fast(&t->neigh, &old->node, &n->node,
						vxip_neigh_params);
			call_rcu(&old->rcu, vxip_neigh_free_rcu);
		} else if (rhashtable_insert_fast(&t->neigh, &n->node,
						  vxip_neigh_params)) {
			/* Only on allocation failure of a bucket table:
			 * the address is then simply not suppressed.
			 */
			spare[i] = n;
		}
	}
}

/* @f joins (@d = 1) or leaves (-1) the table, and its first peer's list;
 * each of its peers counts it.  Called with fdb_lock held.
 */
static void vxip_fdb_account(struct vxip_tables *t, struct vxip_fdb *f, int d)
{
	unsigned int i;

	if (d > 0)
		hlist_add_head(&f->peer_node, &f->peer->fdbs);
	else
		hlist_del(&f->peer_node);
	for (i = 0; i < vxip_nh_count(f->nhs); i++)
		atomic_add(d, &vxip_nh_at(f->peer, f->nhs, i)->n_fdb);
	atomic_add(d, &t->n_fdb);
	if (!(f->flags & VXIP_FDB_F_STATIC))
		atomic_add(d, &t->n_dynamic);
	atomic_inc(&t->fdb_gen);
}

/* Called with fdb_lock held; @f is in the table. */
static void vxip_fdb_unlink(struct vxip_tables *t, struct vxip_fdb *f)
{
	rhashtable_remove_fast(&t->fdb, &f->node, vxip_fdb_params);
	vxip_neigh_unbind(t, f, NULL);
	vxip_fdb_account(t, f, -1);
	call_rcu(&f->rcu, vxip_fdb_free_rcu);
}

/*
 * Insert @f (NEW), or swap it for the entry with the same MAC (REPLACE):
 * a reader finds the old entry or the new one, never neither.  Called with
 * the device lock held.  On error @f is still the caller's.
 */
int vxip_fdb_insert(struct vxip_tables *t, struct vxip_fdb *f, bool replace,
		    u32 max, struct netlink_ext_ack *extack)
{
	struct vxip_neigh *spare[VXIP_FDB_MAX_IPS] = {};
	struct vxip_fdb_ips *a = fdb_ips(f);
	struct vxip_fdb *old;
	unsigned int i;
	int err = 0;

	for (i = 0; a && i < a->n; i++) {
		spare[i] = vxip_neigh_alloc();
		if (!spare[i]) {
			err = -ENOMEM;
			goto out;
		}
	}

	spin_lock_bh(&t->fdb_lock);
	for (i = 0; i < vxip_nh_count(f->nhs); i++) {
		if (READ_ONCE(vxip_nh_at(f->peer, f->nhs, i)->dead)) {
			NL_SET_ERR_MSG(extack, "Peer is being deleted");
			err = -ENOENT;
			goto unlock;
		}
	}
	old = rhashtable_lookup_fast(&t->fdb, f->mac, vxip_fdb_params);
	if (old) {
		if (!replace) {
			NL_SET_ERR_MSG(extack, "FDB entry for this MAC already exists");
			err = -EEXIST;
			goto unlock;
		}
		if ((old->flags & VXIP_FDB_F_STICKY) && old->owner != f->owner &&
		    !vxip_nhs_equal(old->peer, old->nhs, f->peer, f->nhs)) {
			NL_SET_ERR_MSG(extack,
				       "MAC is sticky: only its owner can move it to another peer");
			err = -EBUSY;
			goto unlock;
		}
		err = rhashtable_replace_fast(&t->fdb, &old->node, &f->node,
					      vxip_fdb_params);
		if (err)
			goto unlock;
		vxip_neigh_unbind(t, old, a);
		vxip_fdb_account(t, old, -1);
		vxip_fdb_account(t, f, 1);
		call_rcu(&old->rcu, vxip_fdb_free_rcu);
	} else {
		if (max && atomic_read(&t->n_fdb) >= max) {
			NL_SET_ERR_MSG(extack, "FDB is full: max-fdb entries reached");
			err = -ENOSPC;
			goto unlock;
		}
		err = rhashtable_insert_fast(&t->fdb, &f->node, vxip_fdb_params);
		if (err)
			goto unlock;
		vxip_fdb_account(t, f, 1);
	}
	vxip_neigh_bind(t, f, spare);
unlock:
	spin_unlock_bh(&t->fdb_lock);
out:
	for (i = 0; i < ARRAY_SIZE(spare); i++)
		vxip_neigh_free(spare[i]);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_insert);

/*
 * Remove the entry for @mac if @owner (0: any) owns it: -ENOENT if there
 * is none, -EPERM if another owner's.  *@gone, if given, gets a copy of
 * the entry (its key, owner and generation), and *@gone_nh its peers, for
 * the caller to collect with vxip_peer_gc().  Device lock.
 */
int vxip_fdb_delete(struct vxip_tables *t, const u8 *mac, u8 owner,
		    struct vxip_fdb *gone, struct vxip_nh *gone_nh)
{
	struct vxip_fdb *f;
	int err = 0;

	spin_lock_bh(&t->fdb_lock);
	f = rhashtable_lookup_fast(&t->fdb, mac, vxip_fdb_params);
	if (!f) {
		err = -ENOENT;
	} else if (owner && f->owner != owner) {
		err = -EPERM;
	} else {
		if (gone)
			*gone = *f;
		if (gone_nh)
			vxip_nh_get(f->peer, f->nhs, gone_nh);
		vxip_fdb_unlink(t, f);
	}
	spin_unlock_bh(&t->fdb_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_delete);

/* Does @f select what @owner holds at @gen, through @peer (and @nhs)? */
bool vxip_flush_match(const struct vxip_flush_filter *f, u8 owner, u32 gen,
		      const struct vxip_peer *peer, const struct vxip_nhs *nhs)
{
	if (f->owner && owner != f->owner)
		return false;
	if (f->has_gen && gen >= f->gen_below)
		return false;
	if (f->peer && !vxip_nhs_has(peer, nhs, f->peer))
		return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_flush_match);

/*
 * Remove the entries for which @match says so.  The table is walked
 * without fdb_lock, which is taken per entry, so the datapath and learning
 * are never held off for long; the walk yields the CPU every so often.
 * Called with the device lock held.
 *
 * The walker finds its place again after a yield by the entry it stopped
 * on, so it yields on an entry still in the table: had that entry been
 * unlinked first, the walk would resume past its successors in the bucket
 * and miss them.  Learning may still replace or remove that entry during
 * the yield; then the table is walked once more (a few times at most).
 */
static unsigned int vxip_fdb_sweep(struct vxip_tables *t,
				   bool (*match)(struct vxip_fdb *f, void *arg),
				   void (*gone)(struct vxip_fdb *f, void *arg),
				   void *arg)
{
	unsigned int n = 0, seen = 0, pass = 0;
	struct rhashtable_iter iter;
	u8 mac[ETH_ALEN];
	struct vxip_fdb *f, *cur;
	bool lost;

	do {
		lost = false;
		rhashtable_walk_enter(&t->fdb, &iter);
		rhashtable_walk_start(&iter);
		while ((f = rhashtable_walk_next(&iter))) {
			if (IS_ERR(f))
				continue; /* -EAGAIN: resized, entries may repeat */
			if (++seen % VXIP_FDB_SWEEP_BATCH == 0) {
				ether_addr_copy(mac, f->mac);
				rhashtable_walk_stop(&iter);
				cond_resched();
				rhashtable_walk_start(&iter);
				/* @f may be gone: go by the MAC. */
				cur = vxip_fdb_lookup(t, mac);
				lost |= cur != f;
				f = cur;
				if (!f)
					continue;
			}
			if (!match(f, arg))
				continue;
			spin_lock_bh(&t->fdb_lock);
			/* Still there, not replaced or removed meanwhile? */
			if (vxip_fdb_lookup(t, f->mac) == f && match(f, arg)) {
				if (gone)
					gone(f, arg);
				vxip_fdb_unlink(t, f);
				n++;
			}
			spin_unlock_bh(&t->fdb_lock);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	} while (lost && ++pass < 3);
	return n;
}

/*
 * Remove every entry of @peer, which is dead: nothing adds to its list any
 * more.  O(its entries), through the peer's list.  fdb_lock is dropped
 * every VXIP_FDB_SWEEP_BATCH entries so the datapath isn't held off long.
 * Called with the device lock held.
 */
unsigned int vxip_fdb_flush_peer(struct vxip_tables *t, struct vxip_peer *peer)
{
	unsigned int n = 0;

	spin_lock_bh(&t->fdb_lock);
	while (!hlist_empty(&peer->fdbs)) {
		vxip_fdb_unlink(t, hlist_entry(peer->fdbs.first, struct vxip_fdb,
					       peer_node));
		if (++n % VXIP_FDB_SWEEP_BATCH == 0) {
			spin_unlock_bh(&t->fdb_lock);
			cond_resched();
			spin_lock_bh(&t->fdb_lock);
		}
	}
	spin_unlock_bh(&t->fdb_lock);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_flush_peer);

static bool fdb_flush_match(struct vxip_fdb *f, void *arg)
{
	return vxip_flush_match(arg, f->owner, f->gen, f->peer, f->nhs);
}

unsigned int vxip_fdb_flush(struct vxip_tables *t,
			    const struct vxip_flush_filter *f)
{
	if (!atomic_read(&t->n_fdb))
		return 0;
	return vxip_fdb_sweep(t, fdb_flush_match, NULL, (void *)f);
}
EXPORT_SYMBOL_IF_KUNIT(vxip_fdb_flush);

/*
 * Learning with max-fdb 0 (no limit on what a control plane programs) still
 * stops at this many dynamic entries, so that a peer, or anyone spoofing its
 * address, cannot fill memory with made-up source MACs.  About 2 MiB of
 * entries and table; a larger max-fdb raises it.
 */
#define VXIP_FDB_LEARN_MAX	16384

/* May learning add an entry?  Counts the refusal if not. */
static bool vxip_fdb_learn_room(struct vxip_dev *vxip,
				const struct vxip_config *cfg)
{
	struct vxip_tables *t = &vxip->t;
	bool room;

	if (cfg->max_fdb)
		room = atomic_read(&t->n_fdb) < cfg->max_fdb;
	else
		room = atomic_read(&t->n_dynamic) < VXIP_FDB_LEARN_MAX;
	if (!room)
		vxip_count(vxip, VXIP_EV_FDB_FULL, 1);
	return room;
}

/*
 * Learn that @mac sits behind @peer, from a received frame.  Entries made
 * by a control plane or an operator are never changed.  A MAC that moves
 * to another peer takes a new entry in place of the old one, which is
 * freed after a grace period: the table does not grow.  Softirq context,
 * under RCU.  Returns true if the FDB changed.
 */
bool vxip_fdb_learn(struct vxip_dev *vxip, const u8 *mac,
		    struct vxip_peer *peer)
{
	const struct vxip_config *cfg = rcu_dereference(vxip->cfg);
	struct vxip_tables *t = &vxip->t;
	struct vxip_fdb *f, *old;
	bool changed = false;

	f = vxip_fdb_lookup(t, mac);
	if (f) {
		if (f->owner != VXIP_OWNER_LEARNED)
			return false;
		if (f->peer == peer) {
			unsigned long now = jiffies;

			/* Written once per tick at most: the line stays shared. */
			if (READ_ONCE(f->updated) != now)
				WRITE_ONCE(f->updated, now);
			return false;
		}
	} else if (!vxip_fdb_learn_room(vxip, cfg)) {
		return false;
	}

	f = vxip_fdb_create(mac, peer, 0, VXIP_OWNER_LEARNED, 0, GFP_ATOMIC);
	if (!f)
		return false;

	spin_lock(&t->fdb_lock);
	if (READ_ONCE(peer->dead))
		goto unlock;
	old = rhashtable_lookup_fast(&t->fdb, mac, vxip_fdb_params);
	if (old) {
		if (old->owner != VXIP_OWNER_LEARNED || old->peer == peer)
			goto unlock;
		/* The MAC moved to another peer. */
		if (rhashtable_replace_fast(&t->fdb, &old->node, &f->node,
					    vxip_fdb_params))
			goto unlock;
		vxip_fdb_account(t, old, -1);
		call_rcu(&old->rcu, vxip_fdb_free_rcu);
	} else if (!vxip_fdb_learn_room(vxip, cfg) ||
		   rhashtable_insert_fast(&t->fdb, &f->node, vxip_fdb_params)) {
		/* Checked again under the lock: CPUs learning side by side
		 * all passed the first check.
		 */
		goto unlock;
	}
	vxip_fdb_account(t, f, 1);
	changed = true;
unlock:
	spin_unlock(&t->fdb_lock);
	if (!changed) {
		vxip_fdb_free(f);
		return false;
	}
	vxip_count(vxip, VXIP_EV_LEARNED, 1);
	/* Still in the table, or freed after this RCU section. */
	vxip_nl_notify_learned(vxip, f);
	return true;
}

struct age_arg {
	struct vxip_dev *vxip;
	unsigned long now;
	unsigned long ageing;	/* jiffies */
};

static bool fdb_age_match(struct vxip_fdb *f, void *arg)
{
	struct age_arg *a = arg;

	return !(f->flags & VXIP_FDB_F_STATIC) &&
	       time_after(a->now, READ_ONCE(f->updated) + a->ageing);
}

static void fdb_aged(struct vxip_fdb *f, void *arg)
{
	vxip_nl_notify_aged(((struct age_arg *)arg)->vxip, f);
}

/* Remove the dynamic entries not seen for the ageing time.  Device lock held. */
void vxip_fdb_age(struct vxip_dev *vxip, unsigned long now)
{
	struct age_arg arg = { .vxip = vxip, .now = now };
	struct vxip_peer *peer, *tmp;
	unsigned int n;

	if (!atomic_read(&vxip->t.n_dynamic))
		return;
	arg.ageing = vxip_cfg(vxip)->ageing * HZ;
	n = vxip_fdb_sweep(&vxip->t, fdb_age_match, fdb_aged, &arg);
	if (n) {
		/* A peer that only learned entries held goes with them. */
		list_for_each_entry_safe(peer, tmp, &vxip->t.peer_list, list)
			vxip_peer_collect(vxip, peer);
		/* The datapath updates these counters in softirq: a softirq
		 * on this CPU must not interrupt the update (32-bit seqcount).
		 */
		local_bh_disable();
		vxip_count(vxip, VXIP_EV_AGED, n);
		local_bh_enable();
	}
}
