/* SPDX-License-Identifier: GPL-2.0 */
/* vxip generic netlink: helpers shared by the per-object op files. */
#ifndef _VXIP_NETLINK_H
#define _VXIP_NETLINK_H

#include <net/genetlink.h>

#include "vxip.h"

/* The multicast groups, in vxip_genl_mcgrps[] order. */
enum {
	VXIP_GRP_CHANGES,
	VXIP_GRP_LEARN,
	VXIP_GRP_MISS,
};

extern struct genl_family vxip_genl_family;

struct net_device *vxip_nl_find_rcu(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack);
u32 vxip_nl_req_flags(const struct genl_info *info);
bool vxip_nl_may_replace(const struct genl_info *info);
bool vxip_nl_may_create(const struct genl_info *info);
struct vxip_dev *vxip_nl_get(struct genl_info *info);
void vxip_nl_put(struct vxip_dev *vxip);
struct vxip_dev *vxip_nl_get_locked(struct genl_info *info);
void vxip_nl_unlock_put(struct vxip_dev *vxip);

/*
 * Parse the object nest @type of a request into @tb.  The core already
 * validated it against the nested policy, so only its absence can fail;
 * @missing then says what is missing.  Macros, not functions, because
 * NL_SET_ERR_MSG() takes its message as a string literal.
 */
#define vxip_nl_nest(info, type, tb, maxtype, policy, missing) ({	\
	struct genl_info *__vinfo = (info);				\
	int __verr = -EINVAL;						\
									\
	if (GENL_REQ_ATTR_CHECK(__vinfo, type))				\
		NL_SET_ERR_MSG(__vinfo->extack, missing);		\
	else								\
		__verr = nla_parse_nested(tb, maxtype, __vinfo->attrs[type], \
					 policy, __vinfo->extack);	\
	__verr;								\
})

/*
 * The attribute @key of the object nest @type, parsed into @tb, must be
 * present; else -EINVAL and @missing (a string literal).
 */
#define vxip_nl_need(info, type, tb, key, missing) ({			\
	struct genl_info *__vinfo = (info);				\
	struct nlattr *__vnest = __vinfo->attrs[type];			\
	int __verr = 0;							\
									\
	if (NL_REQ_ATTR_CHECK(__vinfo->extack, __vnest, tb, key)) {	\
		NL_SET_ERR_MSG_ATTR(__vinfo->extack, __vnest, missing);	\
		__verr = -EINVAL;					\
	}								\
	__verr;								\
})
/* events.c */
int vxip_nl_put_dev(struct sk_buff *skb, struct vxip_dev *vxip);
int vxip_nl_dev_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		     const void *stats);
int vxip_nl_peer_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		      const void *obj);
int vxip_nl_fdb_fill(struct sk_buff *skb, struct vxip_dev *vxip,
		     const void *obj);
int vxip_nl_fdb_key_fill(struct sk_buff *skb, struct vxip_dev *vxip,
			 const void *obj);
int vxip_nl_put_peers(struct sk_buff *skb, int type4, int type6,
		      struct vxip_peer *first, const struct vxip_nhs *nhs);
void *vxip_nl_msg(struct sk_buff *skb, struct vxip_dev *vxip, u32 portid,
		  u32 seq, int flags, u8 cmd);
void vxip_nl_notify(struct vxip_dev *vxip, u8 cmd,
		    int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				const void *obj),
		    const void *obj, gfp_t gfp);
void vxip_nl_notify_req(struct vxip_dev *vxip, struct genl_info *info, u8 cmd,
			int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				    const void *obj),
			const void *obj);
void vxip_nl_notify_learn(struct vxip_dev *vxip, u8 cmd,
			  int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				      const void *obj),
			  const void *obj, gfp_t gfp);

/* nl_tables.c */
int vxip_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vxip_nl_fdb_new_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vxip_nl_flood_new_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_flood_del_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_flood_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

int vxip_nl_owner_writable(struct genl_info *info, const struct nlattr *a);

/* nl_route.c */
int vxip_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info);
int vxip_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* Shared by the per-object files. */
int vxip_nl_dump_devices(struct sk_buff *skb, struct netlink_callback *cb,
			 int (*one)(struct sk_buff *skb,
				    struct netlink_callback *cb,
				    struct vxip_dev *vxip));
int vxip_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vxip_dev *vxip, u8 cmd,
		     int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				 const void *obj),
		     const void *obj);
int vxip_nl_dump_rht(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vxip_dev *vxip, struct rhashtable *ht, u32 gen,
		     u8 cmd,
		     bool (*match)(struct netlink_callback *cb, const void *obj),
		     int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				 const void *obj));
int vxip_nl_get_one(struct genl_info *info, u8 cmd,
		    const void *(*find)(struct vxip_dev *vxip, const void *arg,
					struct netlink_ext_ack *extack),
		    const void *arg,
		    int (*fill)(struct sk_buff *skb, struct vxip_dev *vxip,
				const void *obj));
struct vxip_peer *vxip_nl_find_peer(struct vxip_dev *vxip,
				    const struct nlattr *a,
				    struct netlink_ext_ack *extack);
int vxip_nl_find_peers(struct vxip_dev *vxip, const struct nlattr *nest,
		       int type4, int type6, struct vxip_nh *nh,
		       struct netlink_ext_ack *extack);
bool vxip_nl_uses_peer(struct vxip_peer *first, const struct vxip_nhs *nhs,
		       const struct in6_addr *addr);
int vxip_nl_addr_either(struct netlink_ext_ack *extack, struct nlattr **tb,
			int type4, int type6);
int vxip_nl_put_addr(struct sk_buff *skb, int type4, int type6,
		     const struct in6_addr *addr);

#define VXIP_DUMP_IFINDEX	0
#define VXIP_DUMP_POS		1
#define VXIP_DUMP_SUBPOS	2
#define VXIP_DUMP_FLAGS		3	/* VXIP_DUMP_F_*, and FDB filter bits */

/* A table changed in a way the cursor can't follow: see nl_dump_msg(). */
#define VXIP_DUMP_F_INTR	BIT(16)
/* The request filtered the dump: every message says NLM_F_DUMP_FILTERED. */
#define VXIP_DUMP_F_FILTERED	BIT(17)
/* The request's filters were checked (on the dump's first call). */
#define VXIP_DUMP_F_PARSED	BIT(18)

/* The consistency mark of a dump over a table of generation @gen: never 0,
 * as the core only compares marks once the first one is non-zero.
 */
static inline unsigned int vxip_nl_dump_seq(u32 gen)
{
	return gen << 1 | 1;
}

#endif /* _VXIP_NETLINK_H */
