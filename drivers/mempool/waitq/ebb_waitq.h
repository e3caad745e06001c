/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_waitq.h: the ebb_waitq mempool driver: a ring pool that hands freed objects to waiters. */
#ifndef EBB_WAITQ_H
#define EBB_WAITQ_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @return "ebb_waitq", the ops name to pass to rte_pktmbuf_pool_create_by_ops() or
 *         rte_mempool_set_ops_byname(). Calling it also keeps the driver linked in.
 */
const char *ebb_waitq_ops_name(void);

#ifdef __cplusplus
}
#endif
#endif /* EBB_WAITQ_H */
