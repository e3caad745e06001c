/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_waitq.c: mempool ops "ebb_waitq": ring-backed, failed dequeues mark the lcore, frees feed waiters. */
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

RTE_MEMPOOL_REGISTER_OPS(waitq_ops);

const char *
ebb_waitq_ops_name(void)
{
	return waitq_ops.name;
}
