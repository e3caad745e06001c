/* SPDX-License-Identifier: BSD-3-Clause */
/* wait_priv.h: private state of lib/wait (per-pool slots, per-lcore lists); not installed. */
#ifndef EBB_WAIT_PRIV_H
#define EBB_WAIT_PRIV_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_log.h>
#include <rte_stack.h>

#include "ebb_wait.h"

extern int ebb_wait_logtype;
#define WAIT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ebb_wait_logtype, "wait: " fmt "\n", ##__VA_ARGS__)

/** Objects moved per step of a drain / re-check (stack array). */
#define WAIT_BATCH 64u

struct ebb_wait_pool;

TAILQ_HEAD(ebb_waiter_list, ebb_waiter);

/**
 * One lcore's place in one pool. The first line is shared: `need` is claimed by
 * any thread (CAS), the tickets are written by the owner and read by freers. The
 * rest is written by the owner lcore only.
 *
 * `need` packs both classes in one word (control in the high half, data in the low
 * half) so that the owner computes and installs both with one CAS, exactly, while
 * freers claim from one half.
 */
struct ebb_wait_slot {
	uint64_t need;             /**< unclaimed need per class; CAS by freers and owner */
	uint64_t ticket[EBB_WAIT_NB_CLASSES]; /**< when the class started waiting (relaxed) */
	struct rte_stack *refill;  /**< LF MPSC refill stack; NULL: not an EAL lcore */

	/* owner only */
	struct ebb_waiter_list fifo[EBB_WAIT_NB_CLASSES] __rte_cache_aligned;
	uint64_t want[EBB_WAIT_NB_CLASSES]; /**< sum of queued waiters' need per class */
	uint64_t advertised[EBB_WAIT_NB_CLASSES]; /**< total ever installed in need per class */
	uint64_t received;         /**< total popped from `refill` */
	unsigned int nb_waiters;
	bool published[EBB_WAIT_NB_CLASSES]; /**< counted in demand, its ticket valid */
	bool active;               /**< linked in the lcore's active list */
	unsigned int lcore;
	struct ebb_wait_pool *pool;
	TAILQ_ENTRY(ebb_wait_slot) act;
	struct ebb_wait_stats st;  /**< this lcore's counters for this pool */
} __rte_cache_aligned;

/** Shift of a class's half in ebb_wait_slot.need. */
static inline unsigned int
need_shift(unsigned int cls)
{
	return cls == EBB_WAIT_CONTROL ? 32 : 0;
}

static inline uint32_t
need_of(uint64_t need, unsigned int cls)
{
	return (uint32_t)(need >> need_shift(cls));
}

static_assert(offsetof(struct ebb_wait_slot, fifo) == RTE_CACHE_LINE_SIZE,
	      "shared part of a slot must fit one cache line");

/** State behind mp->pool_data. */
struct ebb_wait_pool {
	struct ebb_wait_pool_head head;      /**< ring, idx, demand (read inline) */
	struct rte_mempool *mp;
	struct rte_stack *reserve;           /**< control-only reserve (LF stack) */
	unsigned int size;                   /**< mp->size */
	unsigned int nb_lcores;
	uint16_t lcores[RTE_MAX_LCORE];      /**< EAL lcores with a refill stack */

	/* shared counters, slow paths only */
	uint64_t ticket __rte_cache_aligned; /**< next ticket (RMW) */
	uint32_t reserve_target;             /**< configured reserve size */
	uint32_t reserve_deficit;            /**< target - in reserve - in flight to it (CAS) */
	uint32_t waiting;                    /**< published (lcore, class) pairs (RMW) */
	struct ebb_wait_stats anon;          /**< non-EAL threads' counters (atomic adds) */

	struct ebb_wait_slot slots[RTE_MAX_LCORE];
};

/** Per-lcore state other than the hot part. */
struct ebb_wait_lcore {
	TAILQ_HEAD(, ebb_wait_slot) active;  /**< slots with pending work (owner only) */
	uint64_t next_deadline;              /**< earliest deadline, may be early (owner) */
	uint32_t sleeping __rte_cache_aligned; /**< read by freers (acquire) */
	int wake_fd;                         /**< eventfd or -1 */
} __rte_cache_aligned;

extern struct ebb_wait_lcore ebb_wait_lcores[RTE_MAX_LCORE];

static inline struct ebb_wait_pool *
wait_pool(const struct rte_mempool *mp)
{
	return (struct ebb_wait_pool *)mp->pool_data;
}

/** @return the wait pool of mp, NULL when mp is not a (populated) ebb_waitq pool. */
struct ebb_wait_pool *wait_pool_check(const struct rte_mempool *mp);

/** Owner lcore: add n to a counter of slot s; a relaxed store (stats readers load it
 *  relaxed from other threads), no RMW: the owner is the only writer. */
#define WAIT_SLOT_COUNT(s, field, n) \
	__atomic_store_n(&(s)->st.field, (s)->st.field + (n), __ATOMIC_RELAXED)

/** Add n to a counter of the calling thread (exact per lcore, atomic for others). */
#define WAIT_STAT_ADD(p, field, n) do { \
	unsigned int lc_ = rte_lcore_id(); \
	if (lc_ < RTE_MAX_LCORE) \
		WAIT_SLOT_COUNT(&(p)->slots[lc_], field, n); \
	else \
		__atomic_fetch_add(&(p)->anon.field, (n), __ATOMIC_RELAXED); \
} while (0)

/** Hand objs to waiting lcores and the reserve; @return how many it took (a prefix). */
unsigned int wait_handoff(struct ebb_wait_pool *p, void * const *objs, unsigned int n);

/** Take n objects from the reserve, all or nothing, and count the deficit. */
bool wait_reserve_take(struct ebb_wait_pool *p, void **objs, unsigned int n);

/** Ring + reserve re-check of a published slot (W3/W4). @return objects pulled. */
unsigned int wait_recheck(struct ebb_wait_slot *s);

#endif /* EBB_WAIT_PRIV_H */
