/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_fwd-t.h: types of forwarding: the stream (RX queue -> TX queue) and the mode struct. */
#ifndef EBB_FWD_T_H
#define EBB_FWD_T_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

#define EBB_FWD_MAX_BURST 512     /**< equals EBB_MAX_BURST of the engine */
#define EBB_FWD_NAMESIZE 32
#define EBB_FWD_MAX_MODES 16
#define EBB_FWD_TMPL_SIZE 64      /**< room for a mode's prebuilt frame header */

struct rte_mempool;
struct rte_mbuf;

/**
 * RX hook of a stream (owner lcore): sees every received burst before the mode does and
 * may consume frames (it owns those it keeps or frees). It returns how many are left,
 * compacted at the front of pkts, in their order.
 */
typedef uint16_t (*ebb_stream_rx_hook_fn)(void *arg, uint16_t port, struct rte_mbuf **pkts,
					  uint16_t n);

/**
 * One stream: packets received on (rx_port, rx_queue) leave on (tx_port, tx_queue).
 * Owned by one forwarding lcore while forwarding runs: it alone writes the counters
 * (relaxed stores); the main lcore reads them with relaxed loads (ebb_stream_read()).
 */
struct ebb_stream {
	/* read-only while forwarding */
	uint16_t rx_port, rx_queue;
	uint16_t tx_port, tx_queue;
	uint16_t burst;                /**< packets per rx/tx burst */
	uint16_t txpkts;               /**< txonly frame length (no FCS) */
	unsigned int lcore_id;         /**< forwarding lcore running it */
	struct rte_mempool *pool;      /**< pool of the RX queue (txonly allocates here) */
	struct rte_ether_addr tx_src;  /**< MAC address of tx_port */
	struct rte_ether_addr peer;    /**< destination MAC (mac, txonly): --eth-peer or
				        *   02:00:00:00:00:<tx_port> */
	ebb_stream_rx_hook_fn rx_hook; /**< NULL: none (one predictable branch per burst) */
	void *rx_hook_arg;
	/* counters, owner lcore only */
	uint64_t rx;                   /**< packets received */
	uint64_t tx;                   /**< packets sent */
	uint64_t tx_dropped;           /**< packets the TX queue refused, freed */
	/* mode-private: txonly keeps its prebuilt headers here */
	uint8_t tmpl[EBB_FWD_TMPL_SIZE] __rte_aligned(16);
} __rte_cache_aligned;

/** A forwarding mode: a name and a packet function, registered by a constructor. */
struct ebb_fwd_mode {
	const char *name;
	/** Optional, control plane: prepare a stream before forwarding starts.
	 *  @return 0 or a negative errno (the start is refused). */
	int (*stream_init)(struct ebb_stream *s);
	/** One pass over one stream (owner lcore): receive, work, send; unsent freed and
	 *  counted in tx_dropped. */
	void (*fwd)(struct ebb_stream *s);
};

#endif /* EBB_FWD_T_H */
