/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_waitq_secondary.c: LD_PRELOAD for DPDK's tools: ebb_waitq registered after EAL's init, at the primary's index. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mempool.h>

#include "ebb_waitq.h"

/*
 * A pool's ops are an index into each process's own table (rte_mempool_ops_table). The
 * primary (ebbflow, or a program on libebbflow) registers "ebb_waitq" after EAL loaded
 * DPDK's mempool drivers, so ebb_waitq is last there. A DPDK tool started as a secondary
 * (dpdk-proc-info) has DPDK's drivers only: the pool's index names nothing in it, and
 * counting the pool's objects calls a NULL get_count. Preloaded into such a tool, this
 * library wraps rte_eal_init(): after it (DPDK's drivers loaded, as in the primary), it
 * registers ebb_waitq, which lands at the same index when both processes load the same
 * DPDK drivers. Each ebb_waitq pool is then checked: one whose index names other ops
 * here is reported on stderr (its counts would be another driver's).
 */

typedef int (*ebb_eal_init_fn)(int argc, char **argv);

static void
ebb_secondary_check(struct rte_mempool *mp, void *arg)
{
	const char *want = arg;
	const struct rte_mempool_ops *ops;

	if (mp->ops_index < 0 || (unsigned int)mp->ops_index >= rte_mempool_ops_table.num_ops) {
		fprintf(stderr, "ebb_waitq_secondary: pool %s: ops index %d, this process has "
			"%u ops: do not read it\n", mp->name, mp->ops_index,
			rte_mempool_ops_table.num_ops);
		return;
	}
	ops = rte_mempool_get_ops(mp->ops_index);
	/* ebbflow's pools are named ebb_pool_<socket> (lib/pool) */
	if (strncmp(mp->name, "ebb_pool_", 9) == 0 && strcmp(ops->name, want) != 0)
		fprintf(stderr, "ebb_waitq_secondary: pool %s: ops index %d is '%s' here, not "
			"'%s': this process loaded other mempool drivers than the primary\n",
			mp->name, mp->ops_index, ops->name, want);
}

__attribute__((visibility("default"))) int
rte_eal_init(int argc, char **argv)
{
	ebb_eal_init_fn real = (ebb_eal_init_fn)(uintptr_t)dlsym(RTLD_NEXT, "rte_eal_init");
	const char *name;
	int ret;

	if (real == NULL) {
		fprintf(stderr, "ebb_waitq_secondary: no rte_eal_init to wrap: %s\n", dlerror());
		rte_errno = ENOSYS;
		return -1;
	}
	ret = real(argc, argv);
	if (ret < 0 || rte_eal_process_type() != RTE_PROC_SECONDARY)
		return ret;
	name = ebb_waitq_ops_name();
	rte_mempool_walk(ebb_secondary_check, (void *)(uintptr_t)name);
	return ret;
}
