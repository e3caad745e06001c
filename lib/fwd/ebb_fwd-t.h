/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_fwd-t.h: types of forwarding: the stream (RX queue -> TX queue) and the mode struct. */
#ifndef EBB_FWD_T_H
#define EBB_FWD_T_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EBB_FWD_MAX_BURST 512     /**< equals EBB_MAX_BURST of the engine */
#define EBB_FWD_NAMESIZE 32
#define EBB_FWD_MAX_MODES 16
#define EBB_FWD_TMPL_SIZE 64      /**< room for a mode's prebuilt frame header */
#define EBB_FWD_BACKLOG 1024      /**< packets a shaped stream may hold back */
#define EBB_FWD_RATE_OFF 0        /**< tx_limit: no limit */
#define EBB_FWD_RATE_STALL 1      /**< tx_limit: rate 0, nothing leaves */
#define EBB_FWD_MAX_SEGS 255      /**< mbufs in a txonly/flowgen frame, as testpmd's
				   *   RTE_MAX_SEGS_PER_PKT */

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
	/* first cache line: what a plain pass reads (ports, busy words, counters) */
	uint16_t rx_port, rx_queue;
	uint16_t tx_port, tx_queue;
	uint16_t burst;                /**< packets per rx/tx burst */
	uint16_t txpkts;               /**< txonly frame length (no FCS) */
	/* owner lcore: what the stream holds back (delay FIFO, shaped backlog) */
	uint32_t backlog_n;            /**< packets in backlog[] */
	uint32_t mode_held;            /**< packets the mode holds (delay FIFO) */
	uint32_t mode_block;           /**< the mode cannot take a burst: do not receive */
	uint32_t tx_shaped;            /**< tx_limit != EBB_FWD_RATE_OFF, for ebb_stream_busy()
					*   (main writes after tx_limit, relaxed) */
	/** RX hook gate: NULL, no hook (one predictable branch per burst); else rx_hook runs
	 *  for bursts received while *rx_gate != 0 (ebb_stream_set_rx_hook()) */
	const uint32_t *rx_gate;
	struct rte_mempool *pool;      /**< pool of the RX queue (txonly allocates here) */
	/* counters, owner lcore only */
	uint64_t rx;                   /**< packets received */
	uint64_t tx;                   /**< packets sent */
	/* second cache line and on: the rarer paths */
	/**
	 * Shaped egress: EBB_FWD_RATE_OFF, else 1 + packets per 2^32 TSC cycles
	 * (EBB_FWD_RATE_STALL: nothing leaves). Main writes (ebb_stream_set_tx_rate), the
	 * owner reads: relaxed, a new rate applies from the owner's next TX.
	 */
	uint64_t tx_limit;
	ebb_stream_rx_hook_fn rx_hook; /**< see rx_gate */
	void *rx_hook_arg;
	uint64_t tx_dropped;           /**< packets the TX queue refused, freed */
	uint64_t tx_held;              /**< packets that went through the shaped backlog */
	unsigned int lcore_id;         /**< forwarding lcore running it */
	uint32_t delay_us;             /**< delay mode: hold time */
	uint32_t delay_fifo;           /**< delay mode: release when this many are held */
	struct rte_ether_addr tx_src;  /**< MAC address of tx_port */
	struct rte_ether_addr peer;    /**< destination MAC (mac, txonly): --eth-peer or
				        *   02:00:00:00:00:<tx_port> */
	uint64_t tx_tokens;            /**< owner: packets << 32 */
	uint64_t tx_last;              /**< owner: TSC of the last token refill */
	void *priv;                    /**< mode-private state (stream_init .. stream_fini) */
	uint64_t last_release;         /**< owner: TSC of the mode's last release of held
					*   packets (delay), for the engine's resume latency */
	uint64_t rx_bad_ip_csum;       /**< csum: IPv4 header checksums found wrong */
	uint64_t rx_bad_l4_csum;       /**< csum: TCP/UDP checksums found wrong */
	uint32_t flow;                 /**< owner: next flow (flowgen, txonly multi-flow) */
	uint16_t tx_nb_segs;           /**< txonly/flowgen: mbufs per frame (tx_seg_len[]);
					*   0 or 1: one of txpkts bytes (it sits in the
					*   alignment padding before tmpl) */
	/* mode-private: txonly and flowgen keep their prebuilt headers here */
	uint8_t tmpl[EBB_FWD_TMPL_SIZE] __rte_aligned(16);
	/* shaped egress: packets held back, oldest first (owner lcore) */
	struct rte_mbuf *backlog[EBB_FWD_BACKLOG];
	/** txonly/flowgen with tx_nb_segs > 1: data_len of each mbuf of a frame, the first
	 *  holding the headers; their sum is txpkts */
	uint16_t tx_seg_len[EBB_FWD_MAX_SEGS];
} __rte_cache_aligned;

/* layout checks where the language has static_assert (not C99: its users still compile) */
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) || \
	(defined(__cplusplus) && __cplusplus >= 201103L)
static_assert(offsetof(struct ebb_stream, tx) + sizeof(uint64_t) <= RTE_CACHE_LINE_SIZE,
	      "a plain pass reads one line of its stream");
static_assert(offsetof(struct ebb_stream, tx_nb_segs) + sizeof(uint16_t) <=
	      offsetof(struct ebb_stream, tmpl), "tx_nb_segs sits in the padding before tmpl");
static_assert(EBB_FWD_MAX_SEGS <= EBB_FWD_MAX_BURST / 2,
	      "a txonly pass allocates two frames of the longest chain at least");
static_assert(EBB_FWD_MAX_BURST <= EBB_FWD_BACKLOG,
	      "a stream that holds nothing can take a burst (ebb_stream_busy)");
#endif

/** A forwarding mode: a name and a packet function, registered by a constructor. */
struct ebb_fwd_mode {
	const char *name;
	/** Optional, control plane: prepare a stream before forwarding starts.
	 *  @return 0 or a negative errno (the start is refused). */
	int (*stream_init)(struct ebb_stream *s);
	/** One pass over one stream (owner lcore): receive, work, send; unsent freed and
	 *  counted in tx_dropped. */
	void (*fwd)(struct ebb_stream *s);
	/** Optional, owner lcore, called every loop iteration while s->mode_held != 0,
	 *  received or not: send what is due. @return TSC when more is due (UINT64_MAX:
	 *  nothing held or nothing can leave). */
	uint64_t (*flush)(struct ebb_stream *s, uint64_t now);
	/** Optional, control plane, after forwarding stopped: free what the mode holds
	 *  (packets and s->priv). Must cope with a stream whose stream_init failed. */
	void (*stream_fini)(struct ebb_stream *s);
	/** The mode answers on the port it receives on: its streams' TX port is their RX
	 *  port (icmpecho), whatever the port topology. */
	bool tx_same_port;
};

#ifdef __cplusplus
}
#endif
#endif /* EBB_FWD_T_H */
