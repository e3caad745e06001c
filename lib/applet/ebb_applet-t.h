/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_applet-t.h: types of lib/applet: port applet config, probe config, statistics. */
#ifndef EBB_APPLET_T_H
#define EBB_APPLET_T_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_config.h>
#include <rte_ether.h>

#include "ebb_proto.h"

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mbuf;
struct rte_mempool;
struct ebb_applet;

/** Default and largest bound of a responder's FIFO of unanswered requests. */
#define EBB_APPLET_PENDING_DEFAULT 32
#define EBB_APPLET_PENDING_MAX 1024
/** Default time the responder waits for buffers before dropping what it holds (us). */
#define EBB_APPLET_WAIT_TIMEOUT_US 100000
/** In POLL mode (plain pool), how often ebb_applet_run() wants to retry (us). */
#define EBB_APPLET_POLL_US 100
/** Largest request frame (without FCS, one VLAN tag allowed) a waiting responder keeps. */
#define EBB_APPLET_FRAME_MAX 1518
/** Buckets of the probe lateness histogram: [0] < 1 us, [i] in [2^(i-1), 2^i) us. */
#define EBB_PROBE_HIST 24

/**
 * Transmit callback the engine provides: send pkts[0..n-1] on (port, queue), return how
 * many were sent. The applet frees the unsent ones and counts them. Called on the lcore
 * that runs the applet, from ebb_applet_input(), ebb_applet_run() and the wait callbacks.
 */
typedef uint16_t (*ebb_applet_tx_t)(uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
				    uint16_t n, void *arg);

/** Clock: microseconds, monotonic. Injected for deterministic tests. */
typedef uint64_t (*ebb_applet_clock_t)(void *arg);

/** How the applet waits for buffers (decided at creation from the pool's ops). */
enum ebb_applet_wait_mode {
	EBB_APPLET_WAIT_WAITER = 0, /**< lib/wait control-class waiter (ebb_waitq pool) */
	EBB_APPLET_WAIT_POLL,       /**< plain pool: ebb_applet_run() retries the allocation */
};

/** Configuration of a port's applet (responder + optional probe). */
struct ebb_applet_conf {
	uint16_t port_id;           /**< < RTE_MAX_ETHPORTS, one applet per port */
	uint16_t tx_queue;          /**< queue passed to tx */
	struct rte_ether_addr mac;  /**< the port's address: source of everything sent */
	struct rte_mempool *mp;     /**< the port's pktmbuf pool: replies and probes */
	ebb_applet_tx_t tx;         /**< required */
	void *tx_arg;
	ebb_applet_clock_t clock;   /**< NULL: the TSC in microseconds */
	void *clock_arg;
	unsigned int pending_max;   /**< FIFO bound, 0 = EBB_APPLET_PENDING_DEFAULT */
	uint32_t wait_timeout_us;   /**< 0 = EBB_APPLET_WAIT_TIMEOUT_US */
	int socket_id;              /**< memory of the applet; SOCKET_ID_ANY allowed */
};

/** Which requests a probe sends. */
enum ebb_probe_method {
	/** ARP request while the peer's MAC is unknown (or the port has no IP), then ICMP
	 *  echo to the learned MAC; back to ARP when the peer goes DOWN. */
	EBB_PROBE_AUTO = 0,
	EBB_PROBE_ARP,  /**< ARP requests only */
};

/** Health of the probed peer. A probe starts UNKNOWN. */
enum ebb_probe_state {
	EBB_PROBE_UNKNOWN = 0, /**< fewer than rise successes and fall failures in a row yet */
	EBB_PROBE_DOWN,        /**< fall failed probes in a row */
	EBB_PROBE_UP,          /**< rise answered probes in a row */
};

/** `set probe port N dst A.B.C.D interval MS timeout MS rise R fall F` */
struct ebb_probe_conf {
	uint32_t dst_ip;       /**< network order, not 0 */
	uint32_t interval_ms;  /**< 1 .. 3600000 */
	uint32_t timeout_ms;   /**< 1 .. interval_ms */
	uint16_t rise;         /**< >= 1 */
	uint16_t fall;         /**< >= 1 */
	uint8_t method;        /**< enum ebb_probe_method */
};

/** Responder counters of one port (plus the applet's waiting counters). */
struct ebb_responder_stats {
	uint32_t ip;               /**< configured address, network order (0 = none) */
	uint8_t prefix_len;
	uint8_t wait_mode;         /**< enum ebb_applet_wait_mode */
	uint16_t pad;
	uint32_t pending;          /**< requests held now, waiting for buffers */
	uint64_t arp_requests;     /**< ARP requests for our address */
	uint64_t arp_replies;      /**< ARP replies sent (accepted by tx) */
	uint64_t arp_other;        /**< other ARP for us that no probe wanted */
	uint64_t icmp_requests;    /**< echo requests to our address */
	uint64_t icmp_replies;     /**< echo replies sent (accepted by tx) */
	uint64_t icmp_other;       /**< other ICMP to our address, dropped */
	uint64_t queued;           /**< requests queued for lack of buffers */
	uint64_t waited;           /**< times the responder started waiting */
	uint64_t dropped_pending;  /**< oldest requests dropped beyond the bound */
	uint64_t dropped_timeout;  /**< requests dropped when the wait timed out */
	uint64_t dropped_too_big;  /**< echo requests too large for one fresh buffer */
	uint64_t dropped_stop;     /**< requests dropped by ebb_applet_stop_lcore() */
	uint64_t wait_errors;      /**< waits lib/wait refused (then polled), e.g. off-lcore */
	uint64_t tx_dropped;       /**< replies tx did not take, freed */
	uint64_t malformed_total;
	uint64_t malformed[EBB_BAD_MAX]; /**< by enum ebb_pkt_reason */
};

/** Probe statistics of one port. */
struct ebb_probe_stats {
	uint8_t enabled;
	uint8_t state;             /**< enum ebb_probe_state */
	uint8_t peer_known;        /**< peer MAC learned (ICMP in use with AUTO) */
	uint8_t pad;
	struct rte_ether_addr peer_mac;
	struct ebb_probe_conf conf;
	uint64_t sent;             /**< probes handed to tx (ARP + ICMP) */
	uint64_t sent_arp, sent_icmp;
	uint64_t replies;          /**< replies in time */
	uint64_t late_replies;     /**< replies after the deadline or unmatched, ignored */
	uint64_t timeouts;         /**< probes sent and not answered in time */
	uint64_t waited;           /**< probes that had to wait for a buffer */
	uint64_t gave_up;          /**< deadline passed while waiting: nothing sent */
	uint64_t skipped;          /**< schedule slots skipped because run came too late */
	uint64_t tx_dropped;       /**< probes tx did not take, freed (not judged) */
	/**
	 * Schedule slots reached (served or skipped). Every one ends in exactly one of sent,
	 * tx_dropped, gave_up, skipped or cancelled, except the one that waits now: with the
	 * applet stopped, slots == sent + tx_dropped + gave_up + skipped + cancelled.
	 */
	uint64_t slots;
	uint64_t gave_up_late;     /**< of gave_up: slot reached after its deadline, no wait */
	uint64_t cancelled;        /**< waits stopped (stop, probe off): nothing sent */
	uint64_t transitions;      /**< state changes */
	uint64_t lat_last_us, lat_min_us, lat_max_us, lat_avg_us, lat_sum_us;
	uint64_t lateness_hist[EBB_PROBE_HIST]; /**< send time minus schedule, log2 buckets */
};

/*
 * Internal: what the inline front of ebb_applet_input() reads per port. Written by the
 * control plane with relaxed atomic stores (create, free, set_ip, probe set/clear),
 * read with relaxed loads: each word stands alone. Not an API.
 */
#define EBB_APPLET_HOT_ON 1u    /**< an applet with an address or a probe */
struct ebb_applet_hot {
	uint32_t ip;        /**< the port's address, network order; 0 = none */
	uint32_t want;      /**< EBB_APPLET_HOT_ON or 0 */
	uint32_t probe_dst; /**< the probed address, network order; 0 = no probe */
	uint32_t pad;
};
extern struct ebb_applet_hot ebb_applet_hot[RTE_MAX_ETHPORTS];

#ifdef __cplusplus
}
#endif
#endif /* EBB_APPLET_T_H */
