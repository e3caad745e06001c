/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_priv.h: the engine's internal state (layer 0, DESIGN.md), shared by its .c files;
 * never installed. */
#ifndef EBB_ENGINE_PRIV_H
#define EBB_ENGINE_PRIV_H

#include <assert.h>
#include <stddef.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"
#include "ebb_fwd.h"
#include "ebb_pool.h"
#include "ebb_wait.h"

extern int ebb_engine_logtype;
#define EBB_ENGINE_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, ebb_engine_logtype, "ebbflow: " fmt "\n", ##__VA_ARGS__)

static_assert(EBB_MAX_BURST == EBB_FWD_MAX_BURST, "one burst limit");

/** Why an RX queue is not polled: bits of ebb_rxq.stop (owner lcore only). */
#define EBB_RXQ_STOP_NOBUF 1u  /**< waiting for buffers (a data waiter is queued) */
#define EBB_RXQ_STOP_LINK 2u   /**< its RX or TX port is set link-down (engine_wait.c) */
#define EBB_RXQ_STOP_FILL 4u   /**< woken: its stash goes into the cache before its poll */

/** Fewest buffers an RX queue's stash holds: what an lcore's mempool cache can hold (its
 *  objs[] array, 2 x RTE_MEMPOOL_CACHE_MAX_SIZE), the largest request the cache alone
 *  serves. A queue whose ring is larger has a stash of its ring plus a burst (its PMD
 *  may ask for every descriptor at once), bounded by the pool (ebb_engine_lcore_prepare). */
#define EBB_RXQ_STASH (RTE_MEMPOOL_CACHE_MAX_SIZE * 2)

/** State of an RX queue in its lcore's poll list. */
enum ebb_rxq_state {
	EBB_RXQ_POLLING = 0, /**< polled every loop iteration */
	EBB_RXQ_PAUSED,      /**< waiting for buffers: skipped by the loop */
};

/** Counters of an RX queue: owner lcore writes (relaxed stores), main reads. */
struct ebb_rxq_stats {
	uint64_t nombuf, pauses, resumes, wakeups, wait_timeouts;
	uint64_t polls_skipped, paused_tsc, wait_errors, held_loops;
	uint64_t repauses;  /**< woken by offers, and the pass right after paused again */
	uint64_t need;      /**< buffers its last pause waited for (a value, not a count) */
};

/** --record-burst-stats / --record-core-cycles of one stream, since start: the owner
 *  lcore writes (relaxed stores), the main lcore reads (relaxed loads). */
struct ebb_rec {
	uint64_t rx[EBB_MAX_BURST + 1]; /**< RX bursts by frames received */
	uint64_t tx[EBB_MAX_BURST + 1]; /**< TX bursts by frames sent */
	uint64_t cycles;                /**< TSC cycles of the passes that moved frames */
};

/** An RX queue (its stream) in the poll list of an lcore. First line: what a plain
 *  pass reads (stream, stop bits, waitq, dry spell, exhaustion mark). */
struct ebb_rxq {
	struct ebb_stream *s;
	uint32_t stop;            /**< EBB_RXQ_STOP_* bits; 0 = polled (owner lcore only) */
	bool waitq;               /**< its pool is an ebb_waitq pool */
	bool tx_cleanup_notsup;   /**< rte_eth_tx_done_cleanup said ENOTSUP: not asked again */
	uint16_t quantum;         /**< refill size the pool must allow (rx_free_thresh or burst) */
	uint64_t starve_tsc;      /**< when it started to get nothing (latency), 0 = fed */
	/** lib/wait's exhaustion mark of (its lcore, its pool), clear before each pass:
	 *  non-zero after it, the size of the pass's failed refill; a zero word when its
	 *  pool is not an ebb_waitq pool */
	const uint32_t *mark;
	struct ebb_rxq_stats st;
	uint64_t pause_tsc;       /**< when it paused */
	uint64_t wait_deadline;   /**< TSC its waiting period times out (kept across a
				   *   repause), 0 = none */
	bool rewoken;             /**< woken by offers; its next pass not seen yet */
	/** buffers waited for on top of the failed request: one burst once a resume paused
	 *  again at once (its PMD received before refilling, and asked for more) */
	uint16_t slack;
	struct ebb_waiter w;      /**< its data waiter */
	struct ebb_lcore *lc;     /**< its lcore */
	struct ebb_rec *rec;      /**< its stream's records; NULL unless recording */
	uint8_t state_pub;        /**< enum ebb_rxq_state_pub, relaxed store for readers */
	uint64_t idle_rx;         /**< its stream's rx at the last starved check (engine_loop.c) */
	bool tx_down;             /**< its TX port is set link-down: held packets stay held */
	/** buffers offered to it while it waits, its own until its next pass puts them in
	 *  the lcore cache (and what the cache cannot hold in the pool ring), right before
	 *  its refill (in the cache, another queue's refill or a reclaim would take them) */
	unsigned int stash_n;
	unsigned int stash_max;   /**< room of stash: the most one pause waits for */
	void **stash;             /**< allocated at each start, freed at stop */
	/** buffers its resumes put in the pool ring past a full cache: owner writes
	 *  (relaxed store), main reads (here, not in st: the lines above keep their place) */
	uint64_t spilled;
} __rte_cache_aligned;

/* what a plain pass reads stays on the queue's first cache line */
static_assert(offsetof(struct ebb_rxq, mark) + sizeof(const uint32_t *) <= RTE_CACHE_LINE_SIZE,
	      "ebb_rxq: the pass's fields on one line");

/* Resume latency histogram: 8 buckets per power of two of nanoseconds (~9% wide). */
#define EBB_LAT_SUB 8
#define EBB_LAT_BUCKETS (32 * EBB_LAT_SUB)

/*
 * Timers, services, requests and the stop flag run every this many bursts polled (and at
 * every iteration that polled nothing, so that paused lcores run them on time): their
 * cost spread over the bursts, their lateness bounded by this much forwarding work (64
 * bursts of 32 frames: ~60 us at 35 Mpps). A power of two.
 */
#define EBB_LOOP_SLOW_BURSTS 64

/*
 * Reclaim (while some lcore waits) and lib/wait's pending work run every this many bursts
 * polled (a power of two; 8 bursts of 32 frames: ~7 us at 35 Mpps); and at every
 * iteration in which a queue of the lcore waits for buffers, that ran the services or
 * that polled nothing.
 */
#define EBB_LOOP_WAIT_BURSTS 8
static_assert(EBB_LOOP_WAIT_BURSTS < EBB_LOOP_SLOW_BURSTS &&
	      RTE_IS_POWER_OF_2(EBB_LOOP_SLOW_BURSTS) && RTE_IS_POWER_OF_2(EBB_LOOP_WAIT_BURSTS),
	      "burst marks: powers of two");

/** Most distinct pools one lcore flushes its caches into. */
#define EBB_LCORE_MAX_POOLS 8

/** One forwarding lcore: its poll list and counters. */
struct ebb_lcore {
	unsigned int lcore_id;
	unsigned int nb_rxq;
	struct ebb_rxq *rxq;              /**< into eng.rxq */
	struct ebb_rxq *rxq_end;          /**< rxq + nb_rxq (set at each start) */
	const struct ebb_fwd_mode *mode;  /**< mode of this run */
	const struct ebb_fwd_mode *first; /**< txonly when tx_first, else NULL */
	unsigned int first_n;             /**< bursts of first on each stream (start tx_first N) */
	uint64_t loops;                   /**< owner writes, main reads, relaxed */
	uint64_t idle_loops, sleeps, reclaims; /**< idem */
	bool wait;                        /**< some of its pools are ebb_waitq pools */
	bool waitq_all;                   /**< all its RX queues draw from ebb_waitq pools */
	bool requeue;                     /**< a queue was woken: requeue the others */
	bool rec_bursts, rec_cycles;      /**< --record-burst-stats, --record-core-cycles */
	bool rec_rx;                      /**< the mode receives (not txonly): RX bursts */
	bool rec_tx;                      /**< the mode sends (not rxonly): TX bursts */
	bool rec_tx_always;               /**< the mode sends what it did not receive
					   *   (txonly, flowgen): TX bursts of every pass */
	enum ebb_idle idle;               /**< policy of this run */
	/** --idle=sleep: consecutive rounds in which some queue waited for buffers and the
	 *  queues still polled, all on a pool waited for, received nothing */
	unsigned int starved_rounds;
	uint64_t starved_loop;            /**< loops at the last check (one per iteration) */
	bool starved;                     /**< idem, sleeping: those queues may stay polled */
	int wake_fd;                      /**< lib/wait eventfd (idle sleep), -1 none */
	unsigned int nb_pools;
	/** every engine pool (reclaim), NULL after the last */
	struct rte_mempool *pools[EBB_LCORE_MAX_POOLS + 1];
	/* loop state in memory, owner only: one instruction each, no register held */
	uint32_t bursts;                  /**< bursts polled (engine_loop.c: its marks) */
	uint64_t due;                     /**< earliest TSC a held stream wants (idle) */
	/* `show waiters` snapshot: main bumps snap_req, the lcore fills snap, then sets
	 * snap_done = snap_req (release; main reads it acquire) */
	uint64_t lat[EBB_LAT_BUCKETS];    /**< owner writes (relaxed), main reads */
	uint32_t snap_req, snap_done;
	unsigned int snap_n;
	struct ebb_engine_waiter snap[16];
	/* link flags changed: main bumps link_req (release), the lcore applies them and
	 * sets link_done (engine_link.c, engine_wait.c) */
	uint32_t link_req, link_done;
} __rte_cache_aligned;

struct ebb_port {
	uint16_t id;
	int socket;                   /**< the device's NUMA socket (0 when unknown) */
	bool started;
	struct rte_ether_addr mac;
	struct rte_mempool *pool;
	uint16_t nb_rxd, nb_txd;      /**< after rte_eth_dev_adjust_nb_rx_tx_desc */
	struct rte_eth_stats frozen;  /**< taken at stop, reported while stopped */
	bool frozen_valid;            /**< frozen taken before the stop (RX drain) */
	struct rte_eth_stats snap;    /**< at start / clear */
	uint64_t txdrop_base;         /**< tx_dropped of streams since rebuilt away */
	uint64_t txdrop_snap;         /**< tx_dropped total at start / clear */
	uint64_t pps_rx, pps_tx, pps_rxb, pps_txb, pps_tsc; /**< previous call */
	ebb_engine_rx_hook_fn rx_hook; /**< copied into its streams at build */
	void *rx_hook_arg;
	const uint32_t *rx_gate;      /**< idem (ebb_engine_set_rx_hook_gate) */
	double tx_rate;               /**< Mpps; < 0 = no limit */
	uint16_t quantum;             /**< refill quantum of its RX queues */
	bool link_pmd;                /**< set link-down reached the PMD (engine.c) */
	bool lsc_cb;                  /**< link event callback registered */
	bool closed;                  /**< rte_eth_dev_close done */
	bool parked;                  /**< RX queues parked while stopped (engine_port.c) */
	uint64_t admin_downs;         /**< set link-down commands */
	bool admin_stopped;           /**< `port stop` in force (engine_port.c) */
	bool promisc_off;             /**< `set promisc N off` (default on) */
	bool allmulti_set, allmulti_on; /**< `set allmulti N on|off` given, and which */
};

/* Where the port's rings and control structures go: its pool's socket, which is the
 * device's own unless that socket has no memory (ebb_pool_plan()'s fallback). */
static inline int
ebb_port_mem_socket(const struct ebb_port *p)
{
	return p->pool != NULL ? p->pool->socket_id : p->socket;
}

/** A service of an lcore (ebb_engine_add_service). */
struct ebb_service {
	ebb_engine_service_fn fn;
	void *arg;
};

/** The services of one lcore; outside ebb_eng so that they survive stream rebuilds. */
struct ebb_lcore_services {
	unsigned int n;
	struct ebb_service svc[EBB_ENGINE_MAX_SERVICES];
};


struct ebb_engine {
	bool inited;
	bool running;
	bool timers_ours;              /**< we ran rte_timer_subsystem_init */
	bool stop;                     /**< main writes, lcores read: relaxed */
	struct ebb_engine_conf conf;
	const struct ebb_fwd_mode *mode;
	uint16_t nb_ports;
	struct ebb_port port[RTE_MAX_ETHPORTS];
	struct ebb_pool_set *pools;
	unsigned int nb_workers;
	unsigned int workers[RTE_MAX_LCORE];
	unsigned int nb_lcores;        /**< lcores used by the current streams */
	struct ebb_lcore *lc;          /**< nb_workers of them */
	unsigned int nb_streams;
	struct ebb_stream *streams;    /**< nb_ports * nb_rxq */
	struct ebb_rxq *rxq;           /**< nb_streams */
	struct ebb_rec *rec;           /**< nb_streams; NULL unless a record option is set */
	uint64_t wait_timeout_us;      /**< main writes, lcores read: relaxed */
	const struct ebb_fwd_mode *run_mode; /**< mode whose streams hold state (fini) */
	bool link_down[RTE_MAX_ETHPORTS];    /**< by port id; main writes, lcores read */
	bool carrier_down[RTE_MAX_ETHPORTS]; /**< by port id, from link events (event thread) */
	uint64_t lsc_up[RTE_MAX_ETHPORTS], lsc_down[RTE_MAX_ETHPORTS]; /**< link events */
	struct rte_mempool *park_pool; /**< RX queues of stopped net_tap ports */
	/* forwarding ports and lcores (engine_stream.c), as testpmd's cfg / fwd lists */
	uint16_t nb_cfg_ports;         /**< ports of the list (set portlist) */
	uint16_t nb_fwd_ports;         /**< the first of them that forward (set nbport) */
	uint16_t nb_run_ports;         /**< forwarding ports of the streams built now */
	uint16_t fwd_port[RTE_MAX_ETHPORTS]; /**< the list: indexes into port[] */
	unsigned int nb_cfg_lcores;    /**< lcores of the list (set corelist) */
	unsigned int fwd_lcore[RTE_MAX_LCORE]; /**< the list: lcore ids, workers only */
	unsigned int nb_alloc_streams; /**< room of streams[] and rxq[] */
};

extern struct ebb_engine ebb_eng;

/*
 * Layer 0 accessors (static inline: no file's symbol). Every function declared below
 * lives in the layer its file is in (DESIGN.md's table; the engine_layers test checks
 * it): a file calls only into files of lower layers.
 */

/** The engine's port of ethdev port `port`; NULL when not inited or not an engine port. */
static inline struct ebb_port *
ebb_engine_port_of(uint16_t port)
{
	if (!ebb_eng.inited)
		return NULL;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (ebb_eng.port[i].id == port)
			return &ebb_eng.port[i];
	return NULL;
}

/** Port `port` is set link-down (admin). Relaxed: on a forwarding lcore, the acquire load
 *  of its link_req orders it after the main lcore's store (engine_link.c). */
static inline bool
ebb_engine_port_admin_down(uint16_t port)
{
	return port < RTE_MAX_ETHPORTS &&
	       __atomic_load_n(&ebb_eng.link_down[port], __ATOMIC_RELAXED);
}

/** Port `port` is set link-down, or its carrier is down (link event): its queues stop. */
static inline bool
ebb_engine_port_down(uint16_t port)
{
	return ebb_engine_port_admin_down(port) ||
	       (port < RTE_MAX_ETHPORTS &&
		__atomic_load_n(&ebb_eng.carrier_down[port], __ATOMIC_RELAXED));
}

/** Frames the streams sending on `p` dropped (and those since rebuilt away). */
static inline uint64_t
ebb_engine_port_txdrop(const struct ebb_port *p)
{
	uint64_t n = p->txdrop_base;

	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++)
		if (ebb_eng.streams[i].tx_port == p->id)
			n += ebb_stream_read(&ebb_eng.streams[i].tx_dropped);
	return n;
}

/* ---- layer 0: engine_state.c ---- */
void ebb_engine_workers_scan(void);

/* ---- layer 1: each calls layer 0 only ---- */
/* engine_conf.c */
int ebb_engine_conf_check(const struct ebb_engine_conf *c); /* workers scanned first */
/** Whether every port sends chains of n mbufs (its tx_desc_lim, as testpmd checks).
 * @return 0; -ENOTSUP *port takes at most *max segments per packet. */
int ebb_engine_txsegs_fit_ports(unsigned int n, uint16_t *port, uint16_t *max);
int ebb_engine_pools_create(void);
int ebb_engine_pools_fit(void);
/** Shrink NIC ports' rings to what their ebb_waitq pool can back (engine_fit.c); at init:
 * estimate (true) once the pools exist and before the queues are set up, then (false) with
 * the ports started, measured. @return 0; -ENOBUFS a pool too small for the smallest rings. */
int ebb_engine_rings_fit(bool estimate);

/* engine_port.c */
int ebb_engine_ports_setup(void);
int ebb_engine_ports_queues(void);
int ebb_engine_ports_desc(uint16_t rxd, uint16_t txd);
int ebb_engine_ports_start(void);
void ebb_engine_ports_stop(void);
void ebb_engine_ports_freeze(void);
void ebb_engine_ports_drain(void);
void ebb_engine_ports_close(void);
void ebb_engine_rx_park(void);
int ebb_engine_rx_unpark(void);
void ebb_engine_rx_park_free(void);

/* engine_port_stats.c */
void ebb_engine_port_snapshot(struct ebb_port *p);
void ebb_engine_port_delta(struct ebb_port *p, struct ebb_port_stats *st);

/* engine_stream.c */
int ebb_engine_fwd_lists_init(void);
void ebb_engine_streams_build(void);
void ebb_engine_streams_fold(void);
void ebb_engine_apply_tx_rates(void);
int ebb_engine_streams_init(const struct ebb_fwd_mode *m);
void ebb_engine_streams_release(void);

/* engine_wait.c (owner lcore, except where said) */
/* main, before the launch: -ENOMEM no room for a stash (those made are freed again) */
int ebb_engine_lcore_prepare(struct ebb_lcore *lc);
void ebb_engine_lcore_release(struct ebb_lcore *lc); /* main, the loop ended or never ran */
void ebb_engine_rxq_after(struct ebb_lcore *lc, struct ebb_rxq *q, uint16_t got);
void ebb_engine_rxq_fill(struct ebb_rxq *q);
void ebb_engine_reclaim(struct ebb_lcore *lc);
void ebb_engine_idle(struct ebb_lcore *lc, uint64_t due);
void ebb_engine_lcore_end(struct ebb_lcore *lc);
void ebb_engine_snapshot(struct ebb_lcore *lc);
void ebb_engine_lat_sample(struct ebb_lcore *lc, struct ebb_rxq *q);
void ebb_engine_rxq_dry(struct ebb_lcore *lc, struct ebb_rxq *q, bool received);
void ebb_engine_requeue(struct ebb_lcore *lc);
void ebb_engine_link_lcore(struct ebb_lcore *lc);
void ebb_engine_link_prepare(struct ebb_lcore *lc); /* main, before the launch */

/* engine_link.c */
void ebb_engine_link_publish(void);
void ebb_engine_link_restart(void);
void ebb_engine_link_init(void);
void ebb_engine_link_fini(void);

/* engine_hooks.c */
extern struct ebb_lcore_services ebb_services[RTE_MAX_LCORE];
void ebb_engine_services_clear(void);

/* engine_show_wait.c */
void ebb_engine_show_port_queues(FILE *f, uint16_t port);
void ebb_engine_pool_wait_info(const struct rte_mempool *mp, struct ebb_pool_info *pi);

/* ---- layer 2 ---- */
/* engine_ctrl.c (over engine_hooks.c's services) */
int ebb_engine_ctrl_start(void);
void ebb_engine_ctrl_stop(void);
/* engine_show.c: printers over the ports, links and queues */
unsigned int ebb_engine_pools_audit(FILE *f);

/* ---- layer 3: engine_loop.c ---- */
int ebb_engine_lcores_launch(const struct ebb_fwd_mode *first, unsigned int first_n);
void ebb_engine_lcores_stop(void);

/* ---- layer 4: engine.c, the lifecycle: only the app calls it ---- */

/** Owner lcore: counter += n, relaxed store (main reads relaxed). */
#define EBB_RXQ_COUNT(q, field, n) \
	__atomic_store_n(&(q)->st.field, (q)->st.field + (n), __ATOMIC_RELAXED)

#endif /* EBB_ENGINE_PRIV_H */
