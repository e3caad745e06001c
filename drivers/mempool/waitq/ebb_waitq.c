/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_waitq.c: mempool ops "ebb_waitq": ring-backed, failed dequeues mark the lcore, frees feed waiters. */
#include <errno.h>
#include <stdbool.h>

#include <rte_mempool.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

static int
waitq_alloc(struct rte_mempool *mp)
{
	return ebb_wait_pool_create(mp);
}

static void
waitq_free(struct rte_mempool *mp)
{
	ebb_wait_pool_free(mp);
}

static int
waitq_enqueue(struct rte_mempool *mp, void * const *obj_table, unsigned int n)
{
	return ebb_wait_pool_put(mp, obj_table, n);
}

static int
waitq_dequeue(struct rte_mempool *mp, void **obj_table, unsigned int n)
{
	return ebb_wait_pool_get(mp, obj_table, n);
}

static unsigned int
waitq_get_count(const struct rte_mempool *mp)
{
	return ebb_wait_pool_count(mp);
}

static const struct rte_mempool_ops waitq_ops = {
	.name = EBB_WAITQ_OPS_NAME,
	.alloc = waitq_alloc,
	.free = waitq_free,
	.enqueue = waitq_enqueue,
	.dequeue = waitq_dequeue,
	.get_count = waitq_get_count,
};

/*
 * Registered at first use, not by a constructor: EAL loads DPDK's mempool drivers as
 * plugins inside rte_eal_init(), after constructors ran, and a pool's ops are an index
 * into the process's table. Registered last, "ebb_waitq" leaves every DPDK driver at the
 * index it has in any other DPDK process, so that a secondary (dpdk-pdump) may create a
 * pool that the primary's lcores use with the right ops.
 */
const char *
ebb_waitq_ops_name(void)
{
	static bool registered; /* relaxed: a second registration is refused (-EEXIST) */

	if (!__atomic_load_n(&registered, __ATOMIC_RELAXED)) {
		int ret = rte_mempool_register_ops(&waitq_ops);

		if (ret >= 0 || ret == -EEXIST)
			__atomic_store_n(&registered, true, __ATOMIC_RELAXED);
	}
	return waitq_ops.name;
}
