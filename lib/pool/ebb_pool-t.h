/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_pool-t.h: types of the per-NUMA mbuf pools: topology hooks, plan, pool set, audit. */
#ifndef EBB_POOL_T_H
#define EBB_POOL_T_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_config.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EBB_POOL_MAX_SOCKETS RTE_MAX_NUMA_NODES
#define EBB_POOL_MAX_PORTS RTE_MAX_ETHPORTS
#define EBB_POOL_NAMESIZE 32

struct rte_mempool;

/**
 * Where things are, as seen by the pool planner. The default (ebb_pool_topo_default())
 * asks DPDK (rte_eth_dev_socket_id, rte_lcore_to_socket_id) and libnuma
 * (numa_available, numa_node_size64); unit tests inject their own layouts.
 * A negative socket from port_socket / lcore_socket means "unknown" and counts as 0.
 */
struct ebb_pool_topo {
	int (*port_socket)(uint16_t port, void *arg);
	int (*lcore_socket)(unsigned int lcore, void *arg);
	bool (*socket_has_memory)(int socket, void *arg);
	void *arg;
};

/** What draws on the pools: input of ebb_pool_plan(). */
struct ebb_pool_req {
	uint16_t nb_ports;
	uint16_t ports[EBB_POOL_MAX_PORTS];   /**< port ids */
	uint16_t nb_rxq;                      /**< RX queues per port */
	uint16_t nb_rxd, nb_txd, burst;
	unsigned int nb_lcores;
	const unsigned int *lcores;           /**< forwarding lcore ids, nb_lcores of them */
	uint32_t total_num_mbufs;             /**< 0: formula; else mbufs per pool */
	uint16_t mbuf_size;                   /**< data room; 0: EBB_POOL_DEFAULT_MBUF_SIZE */
	char ops[EBB_POOL_NAMESIZE];          /**< mempool ops name; "" = "ring_mp_mc" */
	bool cache_set;                       /**< cache given: every pool's lcore cache */
	uint32_t cache;                       /**< 0..RTE_MEMPOOL_CACHE_MAX_SIZE; without
					       *   cache_set EBB_POOL_CACHE (shrunk to fit) */
	bool one_socket;                      /**< one pool, on `socket`, for every port
					       *   (testpmd's --socket-num, --no-numa) */
	int socket;                           /**< with one_socket: it must have memory */
};

/** One planned pool. */
struct ebb_pool_spec {
	bool used;              /**< this socket gets a pool */
	bool has_memory;
	unsigned int nb_queues; /**< RX queues drawing on it */
	unsigned int nb_lcores; /**< forwarding lcores counted in its size */
	uint32_t size;          /**< mbufs */
	uint32_t cache;         /**< per-lcore cache size */
};

/** Output of ebb_pool_plan(): which sockets get a pool and who draws where. */
struct ebb_pool_plan {
	struct ebb_pool_spec socket[EBB_POOL_MAX_SOCKETS];
	uint16_t nb_ports;
	uint16_t port_id[EBB_POOL_MAX_PORTS];   /**< req->ports, copied */
	int port_socket[EBB_POOL_MAX_PORTS];    /**< the port's own socket */
	int port_pool[EBB_POOL_MAX_PORTS];      /**< socket of the pool it draws on */
	bool port_fallback[EBB_POOL_MAX_PORTS]; /**< port's own socket had no memory */
	unsigned int nb_pools;
	uint16_t mbuf_size;
	char ops[EBB_POOL_NAMESIZE];
};

/** The created pools, one per used socket. */
struct ebb_pool_set {
	struct ebb_pool_plan plan;
	struct rte_mempool *mp[EBB_POOL_MAX_SOCKETS]; /**< NULL where no pool */
};

/** Result of auditing one pool. */
struct ebb_pool_audit {
	unsigned int size;   /**< mbufs in the pool */
	unsigned int avail;  /**< in the pool's store and every lcore cache (not clamped) */
	unsigned int missing; /**< size - avail when avail <= size */
	unsigned int excess; /**< avail - size: returned more than once (double free) */
};

#ifdef __cplusplus
}
#endif
#endif /* EBB_POOL_T_H */
