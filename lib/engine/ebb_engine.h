/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_engine.h: the forwarding engine: ports, streams, per-lcore poll loops, counters. */
#ifndef EBB_ENGINE_H
#define EBB_ENGINE_H

/*
 * CONTRACT between lib/engine (owner) and app/ebbflow (user). The engine owns all
 * data-path state; the app only parses, calls these functions and prints.
 * Every function is control-plane, called from the main lcore only, and returns
 * 0 or a negative errno (documented per function) unless it says otherwise.
 * Extend it compatibly (add fields at the end of structs, add functions).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>

struct rte_mbuf;

#ifdef __cplusplus
extern "C" {
#endif

#define EBB_MAX_BURST 512          /**< largest --burst / set burst */
#define EBB_DEFAULT_BURST 32
#define EBB_DEFAULT_RXD 1024
#define EBB_DEFAULT_TXD 1024
#define EBB_DEFAULT_MBUF_SIZE 2176 /**< data room incl. headroom, as testpmd */
#define EBB_DEFAULT_TXPKTS 64
#define EBB_DEFAULT_RESERVE 32        /**< control-only mbufs per ebb_waitq pool */
#define EBB_DEFAULT_WAIT_TIMEOUT_MS 100 /**< deadline of a paused RX queue */
#define EBB_DEFAULT_DELAY_US 1000     /**< delay mode: hold time */
#define EBB_DEFAULT_DELAY_FIFO 4096   /**< delay mode: most packets held per stream */
#define EBB_MAX_DELAY_FIFO (1u << 24)
#define EBB_ENGINE_MAX_TXSEGS 255     /**< mbufs per txonly frame, testpmd's
				       *   RTE_MAX_SEGS_PER_PKT (equals EBB_FWD_MAX_SEGS) */
#define EBB_ENGINE_MAX_TXLEN UINT16_MAX /**< longest txonly frame of several segments */

/** What a forwarding lcore does when every RX queue it polls is paused or held. */
enum ebb_idle {
	EBB_IDLE_PAUSE = 0, /**< rte_pause() loop (default) */
	EBB_IDLE_SPIN,      /**< keep looping */
	EBB_IDLE_SLEEP,     /**< park until a hand-off wakes the lcore or a deadline is due;
			     *   also while its queues still polled are empty and draw from
			     *   the pool its paused queues wait for (starved) */
};

/** How the streams of the forwarding ports send (--port-topology), as testpmd. */
enum ebb_topology {
	EBB_TOPO_PAIRED = 0, /**< 0<->1, 2<->3, ...; an odd last port to itself (default) */
	EBB_TOPO_CHAINED,    /**< 0->1->2->...->0 */
	EBB_TOPO_LOOP,       /**< each port to itself */
};

/** Engine configuration; fill with ebb_engine_conf_defaults() then override. */
struct ebb_engine_conf {
	uint16_t nb_rxq;            /**< RX queues per port (--rxq), >= 1 */
	uint16_t nb_txq;            /**< TX queues per port (--txq), >= 1 */
	uint16_t nb_rxd;            /**< --rxd */
	uint16_t nb_txd;            /**< --txd */
	uint16_t burst;             /**< --burst, 1..EBB_MAX_BURST */
	unsigned int nb_fwd_lcores; /**< --nb-cores; 0 = all worker lcores */
	char fwd_mode[32];          /**< --forward-mode */
	uint32_t total_num_mbufs;   /**< --total-num-mbufs; 0 = computed per pool */
	uint16_t mbuf_size;         /**< --mbuf-size: data room size */
	uint16_t txpkts;            /**< --txpkts: txonly frame length */
	bool eth_peer_set[RTE_MAX_ETHPORTS];
	struct rte_ether_addr eth_peer[RTE_MAX_ETHPORTS]; /**< --eth-peer N,MAC */
	bool no_wait;               /**< --no-wait: plain ring pools, spin on exhaustion */
	uint32_t reserve;           /**< control-only reserve per pool (0 = off) */
	/* added by lib/engine for exhaustion (compatible extension) */
	uint32_t wait_timeout_ms;   /**< --wait-timeout: paused queue deadline; 0 = none */
	enum ebb_idle idle;         /**< --idle */
	uint32_t delay_us;          /**< --delay-us (delay mode) */
	uint32_t delay_fifo;        /**< --delay-fifo (delay mode), 1..EBB_MAX_DELAY_FIFO */
	double tx_rate;             /**< --tx-rate Mpps of every port; < 0 = no limit */
	/* testpmd's recording options (compatible extension): the loop of an lcore records
	 * only when one is set (a loop of its own, chosen at launch) */
	bool record_burst_stats;    /**< --record-burst-stats: bursts by size, per stream */
	bool record_core_cycles;    /**< --record-core-cycles: TSC cycles of the passes */
	/* port selection and layout (compatible extension) */
	enum ebb_topology topology; /**< --port-topology */
	uint16_t nb_fwd_ports;      /**< --nb-ports: the first N of the list; 0 = all of it */
	uint16_t nb_port_list;      /**< --portmask / --portlist: ports listed; 0 = every port */
	uint16_t port_list[RTE_MAX_ETHPORTS]; /**< the forwarding ports' ids, in stream order */
	/* testpmd's pool and port options (compatible extension) */
	bool mbcache_set;           /**< --mbcache given: mbcache is every pool's lcore cache */
	uint16_t mbcache;           /**< --mbcache, 0..512 (0 with no_wait only) */
	bool no_lsc_interrupt;      /**< --no-lsc-interrupt: no link events asked of the PMD */
	uint64_t rss_hf;            /**< RSS hash functions with rxq > 1 (RTE_ETH_RSS_* bits;
				     *   --rss-ip default, --rss-udp, 0: --disable-rss) */
	uint64_t rx_offloads;       /**< --rx-offloads: asked of every port (RTE_ETH_RX_OFFLOAD_*) */
	uint64_t tx_offloads;       /**< --tx-offloads: idem (RTE_ETH_TX_OFFLOAD_*) */
	bool no_numa;               /**< --no-numa: one pool, on socket_num (else 0) */
	bool socket_num_set;        /**< --socket-num given */
	int socket_num;             /**< --socket-num: every pool and ring on this socket */
	/* txonly/flowgen frames of several mbufs (compatible extension): with nb_txsegs > 1
	 * each frame is a chain of nb_txsegs mbufs of txsegs[i] bytes, and txpkts is their
	 * sum (ebb_engine_init() sets it); 0 or 1: one mbuf of txpkts bytes */
	uint16_t nb_txsegs;         /**< --txpkts X,Y,...: segments, 0..EBB_ENGINE_MAX_TXSEGS */
	uint16_t txsegs[EBB_ENGINE_MAX_TXSEGS]; /**< each 1..the data room, the first
						 *   EBB_ENGINE_MIN_TXPKTS or more */
};

/**
 * Fill conf with the defaults (testpmd's where it has one).
 * @param conf the configuration to fill.
 */
void ebb_engine_conf_defaults(struct ebb_engine_conf *conf);

/**
 * Create the per-NUMA pools, configure and start every available port
 * (promiscuous), build the streams for the current mode and lcores.
 * Streams: one per (forwarding port, RX queue), RX queue q sending on TX queue q of the
 * port's peer in conf->topology (paired 0<->1, 2<->3 and an odd last port to itself;
 * chained 0->1->...->0; loop each to itself; so nb_txq >= nb_rxq), spread over the first
 * nb_fwd_lcores worker lcores as testpmd does. Forwarding ports: conf->port_list (every
 * port when empty), its first conf->nb_fwd_ports (all when 0); every port is configured
 * and started either way.
 * An ebb_waitq pool must hold one refill (the PMD's rx_free_thresh, at least a burst)
 * per RX queue drawing on it; the control reserve gets what is left, up to conf->reserve
 * (a smaller reserve is logged).
 * @param conf the configuration (copied).
 * @return 0; -ENODEV no port; -EINVAL bad conf (message logged);
 *         -ENOMEM pools could not be created; -ENOBUFS a pool cannot serve one refill
 *         per RX queue (logged, with the smallest size that can); -EBUSY already
 *         initialised; other negative errno from ethdev.
 */
int ebb_engine_init(const struct ebb_engine_conf *conf);

/** Stop forwarding if running, stop and close ports, free pools. No return value. */
void ebb_engine_fini(void);

/**
 * (Re)start the ports, rebuild the streams (mode, burst, nbcore take effect here), reset
 * the per-stream counters and the port counters' start snapshot, and launch the poll
 * loops on the forwarding lcores.
 * @param tx_first send one burst of txonly packets on every stream first.
 * @return 0; -EBUSY already started; -ENODEV not initialised; -EINVAL the mode refuses a
 *         stream (txonly: txpkts); -ENOTCONN a port is stopped (ebb_engine_port_stop());
 *         -ENOBUFS a pool cannot serve one refill of the current burst per RX queue
 *         (logged, see ebb_engine_init()); other negative errno from ethdev or the
 *         launch.
 */
int ebb_engine_start(bool tx_first);

/** Most bursts of `start tx_first N`. */
#define EBB_MAX_TX_FIRST 1024

/**
 * ebb_engine_start() sending bursts txonly bursts on every stream first (`start tx_first
 * N`; 0: none, as ebb_engine_start(false)).
 * @param bursts 0..EBB_MAX_TX_FIRST.
 * @return as ebb_engine_start(); -EINVAL also bursts above EBB_MAX_TX_FIRST.
 */
int ebb_engine_start_tx_first(unsigned int bursts);

/**
 * Stop the poll loops, wait for them, then stop the ports (their rings give their mbufs
 * back, so ebb_engine_audit() is exact; counters are kept as they were).
 * @return 0; -EALREADY not started.
 */
int ebb_engine_stop(void);

/** @return true while forwarding runs (between start and stop). */
bool ebb_engine_running(void);

/**
 * Forwarding mode for the next start.
 * @param mode a registered mode name.
 * @return 0; -ENOENT unknown mode; -EBUSY forwarding is running.
 */
int ebb_engine_set_fwd(const char *mode);
/**
 * Packets per burst, from the next start.
 * @param burst 1..EBB_MAX_BURST.
 * @return 0; -EINVAL 0 or > EBB_MAX_BURST.
 */
int ebb_engine_set_burst(uint16_t burst);
/**
 * Number of forwarding lcores, from the next start.
 * @param n 1..the worker lcores.
 * @return 0; -EINVAL 0 or more than the worker lcores; -EBUSY while running.
 */
int ebb_engine_set_nbcore(unsigned int n);

/**
 * `set nbport N`: forward on the first N ports of the configured list (--portmask,
 * --portlist, set portlist; every port by default). The streams are built again at once
 * when forwarding is stopped; while it runs, from the next start.
 * @param n 1..ebb_engine_nb_cfg_ports().
 * @return 0; -ENODEV not initialised; -EINVAL 0; -ERANGE above the configured ports.
 */
int ebb_engine_set_nbport(uint16_t n);

/**
 * `set portlist A,B,...`: the configured forwarding ports, in stream order (all of them
 * forward: nbport becomes n). Streams built again at once.
 * @param ports engine port ids.
 * @param n how many, 1..the engine's ports.
 * @param bad receives the index of the refused entry (may be NULL).
 * @return 0; -ENODEV not initialised, or ports[*bad] is not a port; -EINVAL n 0 or above
 *         the ports; -EEXIST ports[*bad] given twice; -EBUSY forwarding runs.
 */
int ebb_engine_set_portlist(const uint16_t *ports, uint16_t n, unsigned int *bad);

/**
 * `set corelist A,B,...` (and `set coremask`): the configured forwarding lcores, in order
 * (all of them forward: nbcore becomes n). Streams built again at once.
 * @param lcores lcore ids.
 * @param n how many, 1..the worker lcores.
 * @param bad receives the index of the refused entry (may be NULL).
 * @return 0; -ENODEV not initialised; -EINVAL n 0 or above the workers; -EPERM
 *         lcores[*bad] is the main lcore; -ENOENT lcores[*bad] is not an EAL lcore;
 *         -EEXIST lcores[*bad] given twice; -EBUSY forwarding runs.
 */
int ebb_engine_set_corelist(const unsigned int *lcores, unsigned int n, unsigned int *bad);

/** @return forwarding ports of the next start (set nbport), 0 when not initialised. */
uint16_t ebb_engine_nb_fwd_ports(void);
/** @return ports of the configured list (set portlist), 0 when not initialised. */
uint16_t ebb_engine_nb_cfg_ports(void);
/** @return forwarding lcores of the next start (set nbcore). */
unsigned int ebb_engine_nb_fwd_lcores(void);
/** @return lcores of the configured list (set corelist); the workers by default. */
unsigned int ebb_engine_nb_cfg_lcores(void);

/**
 * `port config all rxq|txq N`: RX / TX queues of every port (0: unchanged); every port
 * stopped. The ports are configured again and their queues set up at once (as
 * ebb_engine_port_config_desc()), the streams built again; the pools keep their size, and
 * are fitted again (ring fit, one refill per RX queue): what they cannot serve is refused
 * and the ports keep the queues they had.
 * @param nb_rxq RX queues per port; 0: unchanged.
 * @param nb_txq TX queues per port; 0: unchanged.
 * @return 0; -ENODEV not initialised; -EBUSY forwarding runs; -EAGAIN a port is started;
 *         -EINVAL txq below rxq (each RX queue sends on its own TX queue); -E2BIG more
 *         than a port's PMD takes; -ENOBUFS a pool too small (logged); -ENOMEM; negative
 *         errno from ethdev.
 */
int ebb_engine_port_config_queues(uint16_t nb_rxq, uint16_t nb_txq);

/** Shortest txonly/flowgen frame: Ethernet + IPv4 + UDP headers. */
#define EBB_ENGINE_MIN_TXPKTS 42

/**
 * `set eth-peer N MAC`: the peer MAC of port (mac, txonly, flowgen, csum), from the next
 * start.
 * @param port an engine port.
 * @param mac the address.
 * @return 0; -ENODEV bad port or not initialised; -EINVAL mac NULL; -EBUSY forwarding
 *         runs.
 */
int ebb_engine_set_eth_peer(uint16_t port, const struct rte_ether_addr *mac);

/**
 * `set txpkts N`: the txonly/flowgen frame length (one segment), from the next start.
 * @param len EBB_ENGINE_MIN_TXPKTS .. the mbuf data room (--mbuf-size - headroom).
 * @return 0; -ENODEV not initialised; -EINVAL out of range; -EBUSY forwarding runs.
 */
int ebb_engine_set_txpkts(uint16_t len);

/**
 * `set txpkts X[,Y]*`: txonly/flowgen frames of n segments, from the next start: each
 * frame a chain of n mbufs whose data_len are lens[0..n-1] (the Ethernet, IPv4 and UDP
 * headers in the first), pkt_len their sum. n 1 is ebb_engine_set_txpkts(lens[0]).
 * @param lens segment lengths, each 1..the mbuf data room (--mbuf-size - headroom),
 *        lens[0] EBB_ENGINE_MIN_TXPKTS or more.
 * @param n 1..EBB_ENGINE_MAX_TXSEGS.
 * @param bad receives the index of the refused length (may be NULL; set for -EINVAL of a
 *        length, else n).
 * @return 0; -ENODEV not initialised; -EINVAL lens NULL, n 0, a length out of range, or a
 *         sum above EBB_ENGINE_MAX_TXLEN; -E2BIG n above EBB_ENGINE_MAX_TXSEGS; -ENOTSUP a
 *         port sends fewer segments per packet (its tx_desc_lim); -EBUSY
 *         forwarding runs.
 */
int ebb_engine_set_txsegs(const uint16_t *lens, unsigned int n, unsigned int *bad);

/**
 * Check a list of txonly segment lengths against a data room, as ebb_engine_set_txsegs()
 * and ebb_engine_init() do (no engine needed).
 * @param lens segment lengths.
 * @param n how many.
 * @param room the mbuf data room without headroom (--mbuf-size - RTE_PKTMBUF_HEADROOM).
 * @param bad receives the index of the refused length (may be NULL).
 * @return the frame length (their sum); -EINVAL lens NULL, n 0, a length 0 or above room,
 *         lens[0] below EBB_ENGINE_MIN_TXPKTS (*bad 0), or the sum above
 *         EBB_ENGINE_MAX_TXLEN (*bad n); -E2BIG n above EBB_ENGINE_MAX_TXSEGS.
 */
int ebb_engine_txsegs_check(const uint16_t *lens, unsigned int n, unsigned int room,
			    unsigned int *bad);

/** @return the name of the forwarding mode for the next start. */
const char *ebb_engine_fwd_mode(void);
/**
 * Write the names of the forwarding modes, separated by '|', into buf.
 * @param buf where to write (always terminated when len > 0).
 * @param len size of buf.
 */
void ebb_engine_fwd_modes(char *buf, size_t len);
/** @return the number of ports the engine drives (0 before ebb_engine_init()). */
uint16_t ebb_engine_nb_ports(void);
/** @return the configuration in force (the one given to ebb_engine_init()). */
const struct ebb_engine_conf *ebb_engine_conf(void);

/** Counters of one port, since start or the last clear. */
struct ebb_port_stats {
	uint64_t rx_packets, rx_dropped, rx_bytes; /**< rx_dropped: imissed + rx_nombuf */
	uint64_t tx_packets, tx_dropped, tx_bytes; /**< tx_dropped: unsent, freed */
	uint64_t rx_errors, tx_errors;
	double rx_pps, tx_pps;                     /**< since the previous call */
	/* added by lib/engine (compatible extension) */
	uint64_t rx_missed, rx_nombuf;             /**< the two parts of rx_dropped */
	double rx_bps, tx_bps;                     /**< bits/s since the previous call */
};
/**
 * @param port an engine port.
 * @param st filled in.
 * @return 0; -ENODEV bad port.
 */
int ebb_engine_port_stats(uint16_t port, struct ebb_port_stats *st);
/**
 * Restart the port's counters from now.
 * @param port an engine port.
 * @return 0; -ENODEV bad port.
 */
int ebb_engine_port_stats_clear(uint16_t port);

/** One forwarding lcore, for telemetry /ebbflow/lcores. */
struct ebb_lcore_stats {
	unsigned int lcore_id;
	uint64_t loops, rx, tx, tx_dropped;
	uint64_t idle_loops;   /**< iterations with every RX queue paused or held */
	uint64_t sleeps;       /**< times it parked (--idle=sleep) */
	uint64_t reclaims;     /**< iterations that flushed caches because a pool had waiters */
};
/**
 * @param st room for max entries.
 * @param max size of st.
 * @return number of forwarding lcores written (at most max).
 */
unsigned int ebb_engine_lcore_stats(struct ebb_lcore_stats *st, unsigned int max);

/* Printers, with testpmd's field names (RX-packets, RX-dropped, TX-packets, TX-dropped,
 * Rx-pps, Tx-pps ...), so that people and scripts that read testpmd read ebbflow. */
/**
 * Print a port's details (driver, link, queues, MAC).
 * @param f where to print.
 * @param port an engine port (< ebb_engine_nb_ports()).
 */
void ebb_engine_show_port_info(FILE *f, uint16_t port);
/**
 * Print a port's counters and rates (`show port stats`).
 * @param f where to print.
 * @param port an engine port.
 */
void ebb_engine_show_port_stats(FILE *f, uint16_t port);
/** Print per-stream and accumulated forward statistics. @param f where to print. */
void ebb_engine_show_fwd_stats(FILE *f);
/** Print the mode, lcores and streams. @param f where to print. */
void ebb_engine_show_config_fwd(FILE *f);
/** Print each pool: name, size, available, in use. @param f where to print. */
void ebb_engine_show_pools(FILE *f);

/** One mbuf pool, for `show pool` and telemetry /ebbflow/pools. */
struct ebb_pool_info {
	char name[32];
	int socket;
	unsigned int size, avail, in_use; /**< avail counts the lcore caches */
	/* added by lib/engine (compatible extension); zero for a --no-wait pool */
	bool waitq;                 /**< an ebb_waitq pool */
	unsigned int in_caches;     /**< part of avail sitting in lcore caches */
	unsigned int in_refill;     /**< handed off, in lcores' refill rings */
	unsigned int in_reserve, reserve; /**< control reserve: now / configured */
	unsigned int waiting_lcores; /**< (lcore, class) pairs waiting on it */
	uint64_t failed_dequeues, waits, wakeups, handoffs, timeouts, reserve_uses;
	unsigned int cache;         /**< per-lcore cache size (--mbcache) */
};
/**
 * @param info room for max entries.
 * @param max size of info.
 * @return number of pools written (at most max).
 */
unsigned int ebb_engine_pools(struct ebb_pool_info *info, unsigned int max);

/**
 * Print "pool <name>: <n>/<n> mbufs returned" (or "... <k> missing") per pool.
 * Ports must be stopped first (their rings hold mbufs).
 * @param f where to print.
 * @return number of mbufs missing over all pools (0 = audit passed).
 */
unsigned int ebb_engine_audit(FILE *f);


/* ---- exhaustion: paused RX queues, waiters, shaped egress ---- */

/**
 * Set the deadline of RX queues that pause from now on.
 * @param ms milliseconds; 0 = none.
 * @return 0.
 */
int ebb_engine_set_wait_timeout(uint32_t ms);

/**
 * Limit the egress of port to mpps million packets per second, shared by the streams
 * that send on it; 0 stalls it (packets held back, not dropped); negative removes the
 * limit. Applies at once, running or not.
 * @param port an engine port.
 * @param mpps the rate, million packets per second.
 * @return 0; -ENODEV bad port or not initialised; -EINVAL mpps not a number.
 */
int ebb_engine_set_tx_rate(uint16_t port, double mpps);

/**
 * @param port an engine port.
 * @return the TX rate of port in Mpps, negative when unlimited (or bad port).
 */
double ebb_engine_tx_rate(uint16_t port);

/**
 * Idle policy for the next start.
 * @param idle the policy.
 * @return 0; -EINVAL unknown policy; -EBUSY forwarding runs.
 */
int ebb_engine_set_idle(enum ebb_idle idle);

/**
 * @param idle a policy.
 * @return "spin", "pause", "sleep" (or "?").
 */
const char *ebb_engine_idle_name(enum ebb_idle idle);

/** State of an RX queue in its lcore's loop. */
enum ebb_rxq_state_pub {
	EBB_QUEUE_POLLING = 0, /**< polled every iteration */
	EBB_QUEUE_PAUSED,      /**< waiting for buffers */
	EBB_QUEUE_HELD,        /**< its stream holds a full FIFO / backlog (TX rate) */
	EBB_QUEUE_STOPPED,     /**< forwarding not running, or its port set link-down */
};

/** One RX queue, for `show port stats` and telemetry /ebbflow/queues. Since start. */
struct ebb_queue_stats {
	uint16_t port, queue;
	unsigned int lcore;
	enum ebb_rxq_state_pub state;
	uint64_t polls;          /**< rx_burst calls (passes of the mode) */
	uint64_t nombuf;         /**< polls after which the pool was found exhausted */
	uint64_t pauses;         /**< POLLING -> PAUSED */
	uint64_t resumes;        /**< PAUSED -> POLLING (buffers or timeout) */
	uint64_t wakeups;        /**< resumes because buffers were handed over */
	uint64_t wait_timeouts;  /**< resumes because the deadline passed (one probe poll) */
	uint64_t polls_skipped;  /**< iterations it was not polled (paused or held) */
	uint64_t paused_us;      /**< time spent paused */
	uint64_t wait_errors;    /**< registrations refused (the queue kept polling) */
	uint64_t held_loops;     /**< iterations not polled because the stream was full */
	uint64_t repauses;       /**< woken by buffers, and the refill right after failed:
				  *   paused again at once (not counted in wakeups) */
	uint64_t need;           /**< buffers its last pause waited for: what the PMD's
				  *   failed refill asked (a value, not a count) */
	uint64_t spilled;        /**< buffers its resumes put in the pool ring because
				  *   the lcore cache was full (a refill larger than
				  *   the cache: its rest comes from the ring) */
};

/**
 * @param st room for max entries.
 * @param max size of st.
 * @return number of RX queues written (at most max): streams in build order.
 */
unsigned int ebb_engine_queue_stats(struct ebb_queue_stats *st, unsigned int max);

/** One waiter, for `show waiters` and telemetry /ebbflow/waiters. */
struct ebb_engine_waiter {
	unsigned int lcore;
	char owner[32];          /**< "rxq P/Q" for an RX queue, else "other" */
	bool control;            /**< class: control (true) or data */
	unsigned int need;       /**< buffers still wanted */
	uint64_t age_us;         /**< since registration */
	uint64_t deadline_in_us; /**< 0 = none or due */
};

/**
 * Every forwarding lcore's waiters, each lcore's FIFO in order (the lcores list their
 * own while running; the main lcore waits up to about 100 ms for them).
 * @param w room for max entries.
 * @param max size of w.
 * @return number written (at most max).
 */
unsigned int ebb_engine_waiters(struct ebb_engine_waiter *w, unsigned int max);

/** Print the waiters, one line each, by lcore, then the resume latency. @param f where to print. */
void ebb_engine_show_waiters(FILE *f);

/**
 * Resume latency since start: time from held packets released (freed at TX by the delay
 * mode) to the first frames of an RX queue that had run dry (paused, or without waiting
 * an empty poll), over every forwarding lcore. Histogram with ~9% wide buckets.
 */
struct ebb_resume_latency {
	uint64_t samples;
	double p50_us, p99_us, max_us; /**< bucket middles; 0 without samples */
};
/**
 * @param lat filled in.
 * @return 0; -ENODEV not initialised; -EINVAL lat NULL.
 */
int ebb_engine_resume_latency(struct ebb_resume_latency *lat);

/* ---- hooks for work that runs inside the forwarding loops (applets, tasks) ---- */

/** Most services on one lcore. */
#define EBB_ENGINE_MAX_SERVICES 8

/**
 * A service: runs on its lcore after the timers, paused queues or not: at every loop
 * iteration that polled no queue, and otherwise once every 64 bursts polled (tens of
 * microseconds of forwarding at full rate). It must not block. @return work done (0 = nothing: the
 * lcore may go idle).
 */
typedef unsigned int (*ebb_engine_service_fn)(void *arg, uint64_t now_tsc);

/**
 * Run fn(arg, now) on `lcore` from its forwarding loop (as often as said above), from the next start
 * on (it runs while that lcore forwards, i.e. has streams: see ebb_engine_port_lcore()).
 * Services of an lcore run in the order they were added. Kept across start/stop and
 * set nbcore; removed by ebb_engine_del_service() or ebb_engine_fini().
 * @param lcore a worker lcore.
 * @param fn the service.
 * @param arg passed to fn.
 * @return 0; -EINVAL fn NULL or lcore not a worker lcore; -EEXIST (fn, arg) already on
 *         that lcore; -ENOSPC EBB_ENGINE_MAX_SERVICES reached; -EBUSY forwarding runs.
 */
int ebb_engine_add_service(unsigned int lcore, ebb_engine_service_fn fn, void *arg);

/**
 * Remove the service (fn, arg) of lcore.
 * @param lcore its lcore.
 * @param fn the service.
 * @param arg the argument it was added with.
 * @return 0; -ENOENT (fn, arg) is not on that lcore; -EBUSY forwarding runs.
 */
int ebb_engine_del_service(unsigned int lcore, ebb_engine_service_fn fn, void *arg);

/**
 * The lcore that serves `port`: the one polling its RX queue 0. Stable until the next
 * set nbcore (streams keep their lcores across start/stop otherwise).
 * @param port an engine port.
 * @return lcore id; -ENODEV bad port or engine not initialised.
 */
int ebb_engine_port_lcore(uint16_t port);

/**
 * RX hook of a port: sees every burst received on any RX queue of `port`, on the lcore
 * of that queue, before the forwarding mode. It may consume frames (it owns what it
 * keeps, and frees or sends it) and returns how many are left, compacted at the front
 * of pkts, in order. Frames it consumes count as received (RX-packets) only.
 * Cost when unset: one predictable branch on a stream field per burst.
 */
typedef uint16_t (*ebb_engine_rx_hook_fn)(void *arg, uint16_t port, struct rte_mbuf **pkts,
					  uint16_t n);

/**
 * Set (fn != NULL) or clear (fn == NULL) the RX hook of port; takes effect at once when
 * stopped and stays across start/stop.
 * @param port an engine port.
 * @param fn the hook, or NULL.
 * @param arg passed to fn.
 * @return 0; -ENODEV bad port or engine not initialised; -EBUSY forwarding runs.
 */
int ebb_engine_set_rx_hook(uint16_t port, ebb_engine_rx_hook_fn fn, void *arg);

/**
 * Gate the RX hook of port: it then runs only for bursts received while *gate != 0 (a
 * relaxed load per burst; whoever owns the word writes it with relaxed atomic stores,
 * at any time). For a hook that most of the time wants nothing: the frames go straight
 * to the mode without a call. gate NULL: the hook runs for every burst (the default).
 * Kept across start/stop; clearing the hook clears the gate.
 * @param port an engine port.
 * @param gate the word, or NULL.
 * @return 0; -ENODEV bad port or engine not initialised; -EBUSY forwarding runs;
 *         -EINVAL a gate for a port without a hook.
 */
int ebb_engine_set_rx_hook_gate(uint16_t port, const uint32_t *gate);

/* ---- link administration and link events (engine.c, engine_link.c) ---- */

/**
 * `set link-down port N` (up = false) / `set link-up port N` (up = true). Down: the PMD's
 * rte_eth_dev_set_link_down() where it has it, and in the engine in any case: the port's
 * RX queues are not polled, the streams that send to it neither receive nor release held
 * packets, control frames to it are refused. A stop for another reason than buffers: a
 * queue that waited for buffers gives its waiter up, and buffers do not lift it (state
 * EBB_QUEUE_STOPPED). Up undoes it; the running lcores apply either at their next loop
 * iteration. Kept across stop/start; idempotent.
 * @param port an engine port.
 * @param up true: link-up; false: link-down.
 * @return 0; -ENODEV bad port or engine not initialised.
 */
int ebb_engine_set_link(uint16_t port, bool up);

/** Link of a port as the engine sees it. */
struct ebb_link_info {
	bool admin_down;       /**< set link-down in force */
	bool pmd_down;         /**< ... and the PMD took rte_eth_dev_set_link_down() */
	bool link_up;          /**< the PMD's link status now */
	uint32_t speed;        /**< Mbps, as rte_eth_link */
	uint64_t events_up;    /**< link status change events seen: link up */
	uint64_t events_down;  /**< ... link down (e.g. a vhost-user peer gone) */
	uint64_t admin_downs;  /**< set link-down commands */
};

/**
 * @param port an engine port.
 * @param li filled in.
 * @return 0; -ENODEV bad port or not initialised; -EINVAL li NULL.
 */
int ebb_engine_link_info(uint16_t port, struct ebb_link_info *li);

/**
 * Print the admin state and event counts (`show port info`).
 * @param f where to print.
 * @param port an engine port.
 */
void ebb_engine_show_port_link(FILE *f, uint16_t port);

/**
 * ebb_engine_fini() with the pool audit where it is exact for every PMD: loops stopped,
 * held packets freed, ports stopped and closed (net_tap frees its RX buffers only at
 * close), audit printed to f, pools freed.
 * @param f where to print the audit.
 * @return mbufs missing over all pools (0 = audit passed; 0 when not initialised).
 */
unsigned int ebb_engine_fini_audit(FILE *f);

/* ---- testpmd's display commands, in its layout (engine_show_dev.c; xstats: engine_port.c) */

/** What ebb_engine_show() prints. */
enum ebb_show {
	EBB_SHOW_XSTATS = 0,    /**< show port xstats N: every xstat of the PMD */
	EBB_SHOW_SUMMARY,       /**< show port summary: port's line; port UINT16_MAX: the header */
	EBB_SHOW_DEVICE_INFO,   /**< show device info: port's device (once per device) */
	EBB_SHOW_RXQ,           /**< show rxq info N Q (the engine's setup when the PMD has none) */
	EBB_SHOW_TXQ,           /**< show txq info N Q (idem) */
	EBB_SHOW_MACS,          /**< show port N macs */
	EBB_SHOW_RSS_HASH,      /**< show port N rss-hash */
	EBB_SHOW_RSS_KEY,       /**< show port N rss-hash key */
	EBB_SHOW_CONFIG_RXTX,   /**< show config rxtx (port, queue unused) */
	EBB_SHOW_CONFIG_CORES,  /**< show config cores (idem) */
	EBB_SHOW_CONFIG_TXPKTS, /**< show config txpkts (idem) */
};

/**
 * Print one of testpmd's displays; prints nothing on error.
 * @param f where to print.
 * @param what which display.
 * @param port an engine port.
 * @param queue a queue of it, for the per-queue displays.
 * @return 0; -ENODEV bad port or not initialised; -EINVAL queue >= the port's queues or
 *         unknown what; -ENOTSUP the PMD cannot say (rss-hash key without a key size,
 *         or no rss_hash_conf_get);
 *         -ENOMEM; other negative errno from ethdev.
 */
int ebb_engine_show(FILE *f, enum ebb_show what, uint16_t port, uint16_t queue);

/**
 * `clear port xstats N`: reset the PMD's extended counters (where it can) and start the
 * port's counters again from now, as `clear port stats N`.
 * @param port an engine port.
 * @return 0; -ENODEV bad port or not initialised; other negative errno from ethdev.
 */
int ebb_engine_xstats_clear(uint16_t port);

/**
 * `dump_mempool NAME`: rte_mempool_dump() of the engine's pool NAME (NULL: the first).
 * @param f where to print.
 * @param name a pool name, or NULL.
 * @return 0; -ENODEV not initialised; -ENOENT no such pool.
 */
int ebb_engine_dump_pool(FILE *f, const char *name);

/* ---- testpmd's port commands (engine_port.c) ---- */

/**
 * `port stop N`: stop the port now and keep it stopped (start refuses with -ENOTCONN
 * until `port start N`); its RX buffers go back to the pool (parked where the PMD keeps
 * them, as at `stop`).
 * @param port an engine port.
 * @return 0; -ENODEV bad port or not initialised; -EBUSY forwarding runs; -EALREADY it
 *         is stopped so already.
 */
int ebb_engine_port_stop(uint16_t port);

/**
 * `port start N`: start the port now (with its promiscuous/all-multicast settings).
 * @param port an engine port.
 * @return 0; -ENODEV; -EBUSY forwarding runs; -EALREADY it is started; negative errno
 *         from ethdev.
 */
int ebb_engine_port_start(uint16_t port);

/**
 * The port's MAC address now.
 * @param port an engine port.
 * @param mac filled in.
 * @return 0; -ENODEV bad port or mac NULL; -EIO.
 */
int ebb_engine_port_mac_get(uint16_t port, struct rte_ether_addr *mac);

/**
 * `port config all rxd|txd N`: every port's RX / TX descriptors per queue (0: unchanged),
 * as adjusted by the PMD; the queues are set up again (from the ports' pools), so every
 * port must be stopped (`stop` stops them; before the first start, `port stop all`).
 * The pools keep their size: the rings are fitted to them again (NIC and virtio-user
 * ports: a ring the pool cannot back is shrunk, one line per port; rings it cannot back
 * at their smallest are refused), and one refill per RX queue must fit.
 * @param nb_rxd RX descriptors per queue; 0: unchanged.
 * @param nb_txd TX descriptors per queue; 0: unchanged.
 * @return 0; -ENODEV not initialised; -EBUSY forwarding runs; -EAGAIN a port is started;
 *         -ENOBUFS the pools cannot back the rings (logged); negative errno from ethdev
 *         (the queues are then set up as they were).
 */
int ebb_engine_port_config_desc(uint16_t nb_rxd, uint16_t nb_txd);

/**
 * @param port an engine port.
 * @return whether `port stop` holds port (false for a bad port).
 */
bool ebb_engine_port_stopped(uint16_t port);

/**
 * `port config mtu N V`: rte_eth_dev_set_mtu().
 * @param port an engine port.
 * @param mtu the MTU.
 * @return 0; -ENODEV; -E2BIG a frame of that MTU does not fit in one mbuf (--mbuf-size);
 *         negative errno from the PMD (-EINVAL out of its range, -ENOTSUP ...).
 */
int ebb_engine_port_mtu(uint16_t port, uint16_t mtu);

/**
 * `port config all rss ip|udp|none`: the port's RSS hash functions
 * (rte_eth_dev_rss_hash_update(), key unchanged).
 * @param port an engine port.
 * @param rss_hf RTE_ETH_RSS_* bits; 0: none.
 * @return 0; -ENODEV; PMD errno (-ENOTSUP: no RSS, e.g. one RX queue; -EINVAL a hash the
 *         port lacks).
 */
int ebb_engine_port_rss(uint16_t port, uint64_t rss_hf);

/**
 * `set promisc N on|off`, kept across stop/start.
 * @param port an engine port.
 * @param on promiscuous or not.
 * @return 0; -ENODEV; PMD errno.
 */
int ebb_engine_port_promisc(uint16_t port, bool on);

/**
 * `set allmulti N on|off`, kept across stop/start.
 * @param port an engine port.
 * @param on all-multicast or not.
 * @return 0; -ENODEV; PMD errno.
 */
int ebb_engine_port_allmulti(uint16_t port, bool on);

/**
 * `mac_addr set N MAC`: the port's default MAC (mac and macswap use it from the next start).
 * @param port an engine port.
 * @param mac the address.
 * @return 0; -ENODEV; -EINVAL not a unicast address; PMD errno.
 */
int ebb_engine_port_mac(uint16_t port, const struct rte_ether_addr *mac);

#ifdef __cplusplus
}
#endif
#endif /* EBB_ENGINE_H */
