/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_wait-t.h: types of lib/wait: waiters, classes, callbacks, statistics. */
#ifndef EBB_WAIT_T_H
#define EBB_WAIT_T_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_config.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mempool;
struct rte_ring;
struct ebb_waiter;

/** Largest number of ebb_waitq pools alive at once in a process. */
#define EBB_WAIT_MAX_POOLS 64

/** Name of the mempool ops that lib/wait serves (drivers/mempool/waitq registers it). */
#define EBB_WAITQ_OPS_NAME "ebb_waitq"

/** Waiter class: control waiters are served before data waiters of the same pool. */
enum ebb_wait_class {
	EBB_WAIT_CONTROL = 0, /**< tasks, probes, applets: may use the pool's reserve */
	EBB_WAIT_DATA = 1,    /**< RX queues */
};
#define EBB_WAIT_NB_CLASSES 2

/** Where a waiter is in its life. */
enum ebb_waiter_state {
	EBB_WAITER_IDLE = 0,   /**< initialised, never registered */
	EBB_WAITER_WAITING,    /**< queued on its owner lcore's FIFO */
	EBB_WAITER_DONE,       /**< its need was met by offers */
	EBB_WAITER_DECLINED,   /**< it declined an offer and left the FIFO */
	EBB_WAITER_TIMED_OUT,  /**< its deadline passed; on_timeout ran */
	EBB_WAITER_CANCELLED,  /**< ebb_waiter_cancel_lcore() removed it */
};

/**
 * Offer callback, run on the owner lcore from ebb_wait_run_lcore().
 * objs[0..n-1] are buffers of the waiter's pool, n <= its remaining need.
 * The callback takes objs[0..k-1] (they are its own from now on) and returns k:
 * - 0: decline; the waiter leaves the FIFO and the offer passes to the next;
 * - 0 < k < need: partial; the waiter stays at the head with need - k;
 * - k == need: the waiter is complete and leaves the FIFO.
 * It must not block, must not call ebb_wait_run_lcore(), and must not register
 * or cancel the waiter it was called for (it may do so for other waiters).
 */
typedef unsigned int (*ebb_wait_offer_cb)(struct ebb_waiter *w, void **objs, unsigned int n);

/**
 * Timeout callback, run on the owner lcore after the waiter left the FIFO.
 * The waiter holds no buffer and will not be offered any; it may register again.
 * It must not need a buffer to do its job (it may try an allocation and cope with failure).
 */
typedef void (*ebb_wait_timeout_cb)(struct ebb_waiter *w);

/**
 * A waiter, embedded by its user (RX queue, applet, task). Initialise it with
 * ebb_waiter_init(); the fields are read-only for users (documented for debugging
 * and for the owner's callbacks), written by lib/wait on the owner lcore only.
 */
struct ebb_waiter {
	struct rte_mempool *mp;        /**< pool it waits on (an ebb_waitq pool) */
	enum ebb_wait_class cls;       /**< control or data */
	enum ebb_waiter_state state;   /**< see enum ebb_waiter_state */
	unsigned int need;             /**< buffers still wanted while WAITING */
	unsigned int lcore;            /**< owner lcore (set at registration) */
	uint64_t deadline;             /**< TSC at which it times out; 0 = never */
	uint64_t since;                /**< TSC at registration */
	ebb_wait_offer_cb offer;       /**< offered buffers, see ebb_wait_offer_cb */
	ebb_wait_timeout_cb on_timeout; /**< run when the deadline passes (may be NULL if never) */
	void *arg;                     /**< user data */
	TAILQ_ENTRY(ebb_waiter) next;  /**< linkage in the owner's FIFO for (pool, class) */
};

/** Counters of one pool on one lcore (or summed). Exact: each written by one lcore only. */
struct ebb_wait_stats {
	uint64_t failed_dequeues; /**< driver dequeues that failed on this lcore */
	uint64_t waits;           /**< waiters registered */
	uint64_t wakeups;         /**< waiters completed by offers */
	uint64_t handoffs;        /**< buffers this lcore's frees handed to waiting lcores */
	uint64_t received;        /**< buffers that arrived in this lcore's refill ring */
	uint64_t declined;        /**< offers declined (waiter left the FIFO) */
	uint64_t timeouts;        /**< waiters that timed out */
	uint64_t cancels;         /**< waiters cancelled */
	uint64_t reserve_uses;    /**< buffers taken from the reserve by control users */
	uint64_t returned;        /**< buffers offered that nobody took, returned to the pool */
};

/** One waiter, for `show waiters`. */
struct ebb_waiter_info {
	unsigned int lcore;
	enum ebb_wait_class cls;
	unsigned int need;
	uint64_t age_us;          /**< time since registration */
	uint64_t deadline_in_us;  /**< 0 = no deadline or already due */
	const struct ebb_waiter *w;
};

/** Waiting state of one pool, for `show pool`. */
struct ebb_wait_pool_info {
	unsigned int waiting_lcores;  /**< (lcore, class) pairs published as waiting */
	unsigned int in_refill;       /**< buffers sitting in lcores' refill rings */
	unsigned int in_ring;         /**< buffers in the pool's ring */
	unsigned int reserve_target;  /**< configured reserve (0 = off) */
	unsigned int in_reserve;      /**< buffers in the reserve now */
	uint32_t demand;              /**< waiting_lcores + reserve deficit */
};

/*
 * Internal: the parts of the per-pool and per-lcore state that the inline fast
 * paths in ebb_wait.h read. Not an API: use the functions.
 */

/** Head of the state behind mp->pool_data of an ebb_waitq pool. */
struct ebb_wait_pool_head {
	struct rte_ring *ring;  /**< the pool's objects (MP/MC ring, capacity >= size) */
	uint32_t idx;           /**< index of the pool in the per-lcore mark arrays */
	bool rts;               /**< ring in RTS mode (lcores share CPUs), else MP/MC */
	/**
	 * Published (lcore, class) pairs plus the reserve deficit. Written on slow
	 * paths only (RMW); read with one relaxed load by every enqueue. Own line.
	 */
	uint32_t demand __rte_cache_aligned;
	/**
	 * Lcores whose exhaustion mark for this pool is set. Written on slow paths only
	 * (a failed dequeue, the clearing read); a successful dequeue reads it (one
	 * relaxed load) and touches its mark only when not zero. Own line: failed
	 * dequeues write it, and every enqueue reads demand.
	 */
	uint32_t marks __rte_cache_aligned;
};
/* where the language has static_assert (not C99: its users still compile) */
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) || \
	(defined(__cplusplus) && __cplusplus >= 201103L)
static_assert(offsetof(struct ebb_wait_pool_head, marks) -
	      offsetof(struct ebb_wait_pool_head, demand) >= RTE_CACHE_LINE_SIZE &&
	      offsetof(struct ebb_wait_pool_head, demand) >= RTE_CACHE_LINE_SIZE &&
	      sizeof(struct ebb_wait_pool_head) % RTE_CACHE_LINE_SIZE == 0,
	      "demand and marks each on a cache line of their own");
#endif

/** Per-lcore hot state: written by its lcore only. */
struct ebb_wait_lcore_hot {
	uint32_t active;                       /**< pools with pending work on this lcore */
	uint32_t marked;                       /**< marks set below */
	/** exhaustion marks by pool index: the size of the last driver dequeue on this
	 *  lcore, which failed; 0 after a success or the mark's reading */
	uint32_t mark[EBB_WAIT_MAX_POOLS];
} __rte_aligned(512);
/* a power of two: the per-lcore look-ups index with one shift */
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) || \
	(defined(__cplusplus) && __cplusplus >= 201103L)
static_assert(sizeof(struct ebb_wait_lcore_hot) == 512, "ebb_wait_hot[] stride");
#endif

extern struct ebb_wait_lcore_hot ebb_wait_hot[RTE_MAX_LCORE];

#ifdef __cplusplus
}
#endif
#endif /* EBB_WAIT_T_H */
