/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_pool.h: one pktmbuf pool per NUMA socket in use, sized from what draws on it; audit. */
#ifndef EBB_POOL_H
#define EBB_POOL_H

/*
 * Which sockets get a pool: every socket that has a port or a forwarding lcore and has
 * memory (libnuma; with hugepages, the node must have some: held by this process or free).
 * Each port's RX queues draw on the pool of the port's socket; where that socket has no
 * memory they fall back (warning logged) to the lowest socket with memory that has a
 * forwarding lcore, else the lowest socket with memory that has a port, else any socket
 * with memory. The engine then sets up that port's rings on the pool's socket too.
 *
 * Default size of one pool (req->total_num_mbufs == 0):
 *
 *     n    = Q * (rxd + txd + burst)                 RX ring, TX ring of the peer, one burst
 *          + L * (cache * 3 / 2 + burst)             what an lcore cache can hold (DPDK
 *                                                    flushes it above 1.5 x its size) plus
 *                                                    a burst in the lcore's hands
 *          + EBB_POOL_MARGIN                         main lcore, applets, txonly in flight
 *     size = n rounded up to a multiple of EBB_POOL_ROUND
 *
 * with Q the RX queues drawing on the pool, L the forwarding lcores (all of them: any lcore
 * may free into any pool through its cache), cache = EBB_POOL_CACHE. Two ports, one queue
 * each, rxd = txd = 1024, burst 32, one lcore: 2 * 2080 + 416 + 512 = 5088 -> 5120 per pool
 * when both ports are on one socket.
 *
 * Overrides: total_num_mbufs sets the size of every pool; the cache then shrinks to fit
 * (DPDK needs cache * 3 / 2 <= size), unless cache_set asks for one (then it must fit).
 * mbuf_size sets the data room (headroom included). one_socket makes one pool, on
 * req->socket (which must have memory), for every port.
 */

#include <stdio.h>

#include <rte_mempool.h>

#include "ebb_pool-t.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EBB_POOL_CACHE 256             /**< per-lcore mempool cache, in mbufs */
#define EBB_POOL_MARGIN 512            /**< mbufs added to every computed pool */
#define EBB_POOL_ROUND 1024            /**< computed sizes round up to this */
#define EBB_POOL_DEFAULT_MBUF_SIZE 2176 /**< data room incl. RTE_PKTMBUF_HEADROOM */
#define EBB_POOL_DEFAULT_OPS "ring_mp_mc"

/** @return the topology of this machine, from DPDK and libnuma; never NULL. */
const struct ebb_pool_topo *ebb_pool_topo_default(void);

/**
 * The default size of one pool (formula above), before any override.
 * @param nb_queues RX queues drawing on the pool.
 * @param rxd RX descriptors per queue.
 * @param txd TX descriptors per queue.
 * @param burst packets per burst.
 * @param nb_lcores forwarding lcores.
 * @param cache per-lcore cache size.
 * @return number of mbufs, a multiple of EBB_POOL_ROUND; 0 if it would exceed UINT32_MAX.
 */
uint32_t ebb_pool_size_formula(unsigned int nb_queues, uint16_t rxd, uint16_t txd,
			       uint16_t burst, unsigned int nb_lcores, uint32_t cache);

/**
 * Decide which sockets get a pool, their size and cache, and which pool each port's RX
 * queues draw on. Pure: creates nothing, logs fallbacks.
 * @param req what draws on the pools.
 * @param topo NULL for ebb_pool_topo_default().
 * @param plan filled in on success.
 * @return 0;
 *   -EINVAL req or plan NULL, no port, nb_rxq/burst 0, mbuf_size smaller than the
 *           headroom, a socket id >= EBB_POOL_MAX_SOCKETS, an ops name too long;
 *   -ENOMEM no socket in use, nor any other, has memory;
 *   -ERANGE a computed size does not fit in 32 bits.
 */
int ebb_pool_plan(const struct ebb_pool_req *req, const struct ebb_pool_topo *topo,
		  struct ebb_pool_plan *plan);

/**
 * Plan (ebb_pool_plan()) and create the pools with rte_pktmbuf_pool_create_by_ops().
 * @param req what draws on the pools.
 * @param topo NULL for ebb_pool_topo_default().
 * @return the pool set, or NULL with rte_errno: the errors of ebb_pool_plan(); EEXIST a
 *   pool of that name exists; ENOMEM no memory; EINVAL the ops name is not registered;
 *   other errors of rte_pktmbuf_pool_create_by_ops().
 */
struct ebb_pool_set *ebb_pool_set_create(const struct ebb_pool_req *req,
					 const struct ebb_pool_topo *topo);

/**
 * Free every pool and the set. Mbufs must all be back.
 * @param set from ebb_pool_set_create(); NULL is allowed.
 */
void ebb_pool_set_free(struct ebb_pool_set *set);

/**
 * @param set the pools.
 * @param port an ethdev port id.
 * @return the pool port's RX queues draw on; NULL (rte_errno ENODEV) if not planned.
 */
struct rte_mempool *ebb_pool_for_port(const struct ebb_pool_set *set, uint16_t port);

/**
 * @param set the pools.
 * @param socket a NUMA socket id.
 * @return the pool of socket; NULL (rte_errno ENOENT) if that socket has none.
 */
struct rte_mempool *ebb_pool_for_socket(const struct ebb_pool_set *set, int socket);

/**
 * Count what is back in mp: its store (ops get_count) plus every lcore cache, unclamped
 * (rte_mempool_avail_count() clamps to the size and so hides a double free). Exact only
 * when no lcore is using the pool.
 * @param mp the pool.
 * @param a filled in; may be NULL.
 * @return 0 every mbuf is back exactly once; -EAGAIN some are missing (a->missing);
 *   -EOVERFLOW more than the size came back (a->excess: double free); -EINVAL mp NULL.
 */
int ebb_pool_audit(const struct rte_mempool *mp, struct ebb_pool_audit *a);

#ifdef __cplusplus
}
#endif
#endif /* EBB_POOL_H */
