/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_waitq.h: the ebb_waitq mempool driver: a ring pool that hands freed objects to waiters. */
#ifndef EBB_WAITQ_H
#define EBB_WAITQ_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Register the ops (the first call; best after rte_eal_init(), so that DPDK's own
 * drivers keep the table indexes other DPDK processes give them) and name them.
 * Call it before creating an ebb_waitq pool.
 * @return "ebb_waitq", the ops name to pass to rte_pktmbuf_pool_create_by_ops() or
 *         rte_mempool_set_ops_byname().
 */
const char *ebb_waitq_ops_name(void);

#ifdef __cplusplus
}
#endif
#endif /* EBB_WAITQ_H */
