// SPDX-License-Identifier: GPL-2.0
/* vxip module init and exit: the registration ladder, nothing else. */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "vxip.h"

static int __init vxip_init(void)
{
	int err;

	err = vxip_fdb_init();
	if (err)
		return err;

	err = vxip_route_init();
	if (err)
		goto err_fdb;

	err = vxip_device_init();
	if (err)
		goto err_route;

	/* After the pernet state the IPIP receive path looks in. */
	err = vxip_ipip_init();
	if (err)
		goto err_device;

	err = vxip_genl_init();
	if (err)
		goto err_ipip;

	/* Last: devices notify through the family, so it must exist first. */
	err = vxip_device_link_init();
	if (err)
		goto err_genl;

	vxip_debugfs_init();
	pr_info("vxip " VXIP_VERSION " loaded\n");
	return 0;

err_genl:
	vxip_genl_uninit();
err_ipip:
	vxip_ipip_uninit();
err_device:
	vxip_device_uninit();
	rcu_barrier();
err_route:
	vxip_route_uninit();
err_fdb:
	vxip_fdb_uninit();
	return err;
}

static void __exit vxip_exit(void)
{
	vxip_debugfs_uninit();
	/* First the devices, which may still be sending miss notifications
	 * through the family; then the family.
	 */
	vxip_device_link_uninit();
	vxip_genl_uninit();
	vxip_ipip_uninit();
	vxip_device_uninit();
	/* Let queued RCU callbacks finish: they free into vxip_fdb_cache and
	 * vxip_route_cache, and run module code.
	 */
	rcu_barrier();
	vxip_objects_check();
	vxip_route_uninit();
	vxip_fdb_uninit();
}

module_init(vxip_init);
module_exit(vxip_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vxip: VXLAN and IP-in-IP overlay device programmed over generic netlink");
MODULE_VERSION(VXIP_VERSION);
MODULE_ALIAS_RTNL_LINK("vxip");
MODULE_ALIAS_GENL_FAMILY(VXIP_GENL_NAME);
