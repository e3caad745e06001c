/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_wait.h: waiting for mbufs: per-lcore FIFOs of waiters fed by freed buffers, lock-free. */
#ifndef EBB_WAIT_H
#define EBB_WAIT_H

/**
 * @file
 * When an ebb_waitq pool is exhausted, whoever needs buffers registers a waiter on
 * its own lcore instead of spinning; buffers freed anywhere are handed to the oldest
 * waiting lcore of that pool, which offers them to its waiters oldest first.
 *
 * Names: `_lcore` functions are called on the owner lcore only (an EAL lcore);
 * the pool functions (`ebb_wait_pool_put`, `_put_ring`, `_get`, `ebb_wait_get_control`)
 * may be called from any thread.
 *
 * The protocol (hand-off, no lost wakeup W1-W4 / F1-F3, sleeping lcores, unpublish,
 * stop, order) is in lib/wait/DESIGN.md.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_lcore.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "ebb_wait-t.h"

#ifdef __cplusplus
extern "C" {
#endif

/** While an lcore waits, the longest it may go without running ebb_wait_run_lcore(). */
#define EBB_WAIT_RECHECK_US 100

/* ---- driver side (drivers/mempool/waitq) ---- */

/**
 * Create the wait state of an ebb_waitq pool (the driver's alloc): ring of capacity
 * >= mp->size, refill stacks for every EAL lcore, stored in mp->pool_data.
 * @param mp the pool being created (its size and socket are set).
 * @return 0; -ENOSPC too many ebb_waitq pools (EBB_WAIT_MAX_POOLS);
 *         -ENOMEM or another negative errno from ring/stack creation.
 */
int ebb_wait_pool_create(struct rte_mempool *mp);

/**
 * Free the wait state of a pool (the driver's free). Control plane, with no lcore
 * using the pool; waiters still queued are cancelled (their callbacks do not run).
 * @param mp an ebb_waitq pool; nothing happens when its wait state is gone already.
 */
void ebb_wait_pool_free(struct rte_mempool *mp);

/**
 * Objects held by the pool (the driver's get_count), any thread.
 * @param mp an ebb_waitq pool.
 * @return objects in its ring, its reserve and the lcores' refill stacks.
 */
unsigned int ebb_wait_pool_count(const struct rte_mempool *mp);

/* Step points of the model tests (lib/wait/wait_steps.h): nothing in normal builds. */
#ifdef EBB_WAIT_STEPS
#include "wait_steps.h"
#else
#define EBB_WAIT_STEP(where) do { } while (0)
#endif

/** @internal Slow paths of the inline functions below (same parameters). */
int ebb_wait_pool_put_slow(struct ebb_wait_pool_head *h, void * const *objs, unsigned int n);
void ebb_wait_pool_get_failed(struct ebb_wait_pool_head *h, unsigned int n);
unsigned int ebb_wait_mark_take(struct ebb_wait_pool_head *h);
void ebb_wait_marks_clear_slow(unsigned int lcore);
__rte_noreturn void ebb_wait_pool_put_failed(struct ebb_wait_pool_head *h);
unsigned int ebb_wait_run_slow(unsigned int lcore);

/**
 * Put objects straight into the pool ring, past the hand-off, any thread: for a
 * caller that takes them again at once, such as an RX queue woken with more buffers
 * than its lcore's mempool cache holds, whose refill right after takes the rest from
 * the ring. Waiters find them there by their re-check (W4, lib/wait/DESIGN.md), as
 * they find a freer's that read a stale zero: no wakeup is lost; until then they are
 * free for anyone's dequeue.
 * @param mp an ebb_waitq pool.
 * @param objs the objects, n of them.
 * @param n how many.
 * @return 0 (the ring holds the whole pool; a refusal would lose objects: panic).
 */
static inline int
ebb_wait_pool_put_ring(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct ebb_wait_pool_head *h = (struct ebb_wait_pool_head *)mp->pool_data;

	EBB_WAIT_STEP(PUT_RING);
	/* the MP/MC call directly (as ring_mp_mc), not the generic call's switch on the
	 * sync type */
	if (unlikely((likely(!h->rts) ? rte_ring_mp_enqueue_bulk(h->ring, objs, n, NULL) :
		      rte_ring_enqueue_bulk(h->ring, objs, n, NULL)) != n))
		ebb_wait_pool_put_failed(h);
	return 0;
}

/**
 * Return objects to the pool (the driver's enqueue), any thread.
 * Nobody waiting: one relaxed load of demand, then the ring.
 * @param mp an ebb_waitq pool.
 * @param objs the objects, n of them.
 * @param n how many.
 * @return 0 (the ring holds the whole pool; a refusal would lose objects: panic).
 */
static inline int
ebb_wait_pool_put(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct ebb_wait_pool_head *h = (struct ebb_wait_pool_head *)mp->pool_data;

	/* Pairs with the seq_cst increment in the waiter's publish (W2). A stale zero is
	 * allowed: the objects go into the ring, where the waiter's re-check finds them
	 * (lib/wait/DESIGN.md). */
	EBB_WAIT_STEP(PUT_DEMAND);
	if (likely(__atomic_load_n(&h->demand, __ATOMIC_RELAXED) == 0))
		return ebb_wait_pool_put_ring(mp, objs, n);
	return ebb_wait_pool_put_slow(h, objs, n);
}

/**
 * Take n objects from the pool ring (the driver's dequeue), any thread. The calling
 * lcore's exhaustion mark for this pool tells what its LAST dequeue did (set to n on a
 * failure, cleared on a success), so the mempool cache's second, smaller try that
 * succeeds clears what the first one set, and a failed second try records what the
 * request lacked beyond the cache.
 * A success reads h->marks (one relaxed load) and only touches the lcore's mark when
 * some lcore has one set: the lcore's own set mark is counted there, and it reads
 * its own increment (coherence), so "marks == 0" proves its mark is clear.
 * @param mp an ebb_waitq pool.
 * @param objs where the n objects go.
 * @param n how many.
 * @return 0; -ENOBUFS not enough objects (nothing taken).
 */
static inline int
ebb_wait_pool_get(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct ebb_wait_pool_head *h = (struct ebb_wait_pool_head *)mp->pool_data;

	if (unlikely((likely(!h->rts) ? rte_ring_mc_dequeue_bulk(h->ring, objs, n, NULL) :
		      rte_ring_dequeue_bulk(h->ring, objs, n, NULL)) == 0)) {
		ebb_wait_pool_get_failed(h, n);
		return -ENOBUFS;
	}
	if (unlikely(__atomic_load_n(&h->marks, __ATOMIC_RELAXED) != 0))
		ebb_wait_mark_take(h);
	return 0;
}

/* ---- users ---- */

/**
 * Prepare a waiter. Control-plane or owner lcore.
 * @param w the waiter (zeroed, then filled).
 * @param mp the ebb_waitq pool it will wait on.
 * @param cls EBB_WAIT_CONTROL or EBB_WAIT_DATA.
 * @param offer called with buffers while it waits (ebb_wait_offer_cb).
 * @param on_timeout may be NULL for a waiter that never uses a deadline.
 * @param arg user data, w->arg.
 * @return 0; -EINVAL w, mp or offer NULL, or bad class; -ENOENT mp is not an
 *         ebb_waitq pool; -EBUSY w is waiting.
 */
int ebb_waiter_init(struct ebb_waiter *w, struct rte_mempool *mp, enum ebb_wait_class cls,
		    ebb_wait_offer_cb offer, ebb_wait_timeout_cb on_timeout, void *arg);

/**
 * Queue w on the calling lcore's FIFO for its pool and class, publish the lcore as
 * waiting, retry the allocation once (W1-W3 in lib/wait/DESIGN.md). Offers come from
 * later calls of ebb_wait_run_lcore() on this lcore, never from inside this function.
 * @param w an initialised waiter that is not waiting.
 * @param need buffers wanted, 1..pool size.
 * @param timeout_us 0 = no deadline; else on_timeout runs after that long.
 * @return 0; -EINVAL w NULL, not initialised, need 0 or > pool size, or a timeout
 *         without on_timeout; -EALREADY w is waiting; -ENOTSUP the caller is not an
 *         EAL lcore (or an lcore created after the pool); -ENOENT the pool is not
 *         an ebb_waitq pool.
 */
int ebb_waiter_register_lcore(struct ebb_waiter *w, unsigned int need, uint64_t timeout_us);

/**
 * Remove w from its FIFO; what was claimed for it goes to the next waiter or back
 * to the pool. It will not be offered anything nor time out.
 * @param w a waiting waiter of the calling lcore.
 * @return 0; -EINVAL w NULL; -ENOENT w is not waiting; -EPERM not its owner lcore.
 */
int ebb_waiter_cancel_lcore(struct ebb_waiter *w);

/**
 * @param w an initialised waiter.
 * @return true while w is queued (registered, not done, declined, timed out, cancelled).
 */
static inline bool
ebb_waiter_waiting(const struct ebb_waiter *w)
{
	return w->state == EBB_WAITER_WAITING;
}

/**
 * @param mp an ebb_waitq pool.
 * @return true while some lcore waits on mp or its reserve is short: one relaxed
 *         load, any thread. The engine flushes its lcore caches of mp while this
 *         holds, so that freed buffers reach the waiters instead of sitting there.
 *         mp must be an ebb_waitq pool.
 */
static inline bool
ebb_wait_pool_wanted(const struct rte_mempool *mp)
{
	const struct ebb_wait_pool_head *h = (const struct ebb_wait_pool_head *)mp->pool_data;

	return __atomic_load_n(&h->demand, __ATOMIC_RELAXED) != 0;
}

/**
 * Read AND clear the calling lcore's exhaustion mark for mp.
 * Gets served by the lcore cache alone do not reach the driver and leave the mark as
 * it was: a caller that wants to know what one piece of its own work did (the engine:
 * one RX queue's pass) reads the mark right after that work and clears it before
 * (or after anything else that may allocate on the lcore).
 * @param mp an ebb_waitq pool.
 * @return 0 when the last driver dequeue on this lcore for mp succeeded (or the mark
 *         was read since); else the number of objects that dequeue asked for (with
 *         the lcore cache in between: what the request lacked beyond the cache).
 */
static inline unsigned int
ebb_wait_exhausted_lcore(struct rte_mempool *mp)
{
	struct ebb_wait_pool_head *h = (struct ebb_wait_pool_head *)mp->pool_data;
	unsigned int lcore = rte_lcore_id();

	if (likely(lcore >= RTE_MAX_LCORE || ebb_wait_hot[lcore].mark[h->idx] == 0))
		return 0;
	return ebb_wait_mark_take(h);
}

/**
 * Address of lcore's exhaustion mark for mp, for a loop on that lcore that looks at
 * it once per piece of work (one plain load, written by the same lcore): non-zero
 * means ebb_wait_exhausted_lcore() would return that. Control plane.
 * @param mp an ebb_waitq pool.
 * @param lcore an lcore id below RTE_MAX_LCORE.
 * @return the address; NULL when mp is not an ebb_waitq pool or lcore is out of range.
 */
const uint32_t *ebb_wait_mark_addr(const struct rte_mempool *mp, unsigned int lcore);

/**
 * Clear every exhaustion mark of the calling lcore (all pools): after work whose
 * allocations must not be read as someone else's (services, timers). One local load
 * when none is set. ebb_wait_run_lcore() does it itself for the marks its callbacks set.
 * @param lcore the calling lcore's id (rte_lcore_id(), for a caller that has it).
 */
static inline void
ebb_wait_marks_clear_lcore(unsigned int lcore)
{
	if (unlikely(lcore < RTE_MAX_LCORE && ebb_wait_hot[lcore].marked != 0))
		ebb_wait_marks_clear_slow(lcore);
}

/**
 * Run the calling lcore's pending wait work: drain its refill stacks, re-check the
 * rings of the pools it waits on, offer buffers oldest first (control first), expire
 * deadlines, return leftovers. Costs two local loads when nothing is pending.
 * Exhaustion marks that the callbacks' allocations set are cleared before it returns
 * (when the lcore had none set on entry): they are nobody's refill.
 * @return amount of work done (objects moved + waiters completed or expired).
 */
static inline unsigned int
ebb_wait_run_lcore(void)
{
	unsigned int lcore = rte_lcore_id();

	if (likely(lcore >= RTE_MAX_LCORE || ebb_wait_hot[lcore].active == 0))
		return 0;
	return ebb_wait_run_slow(lcore);
}

/**
 * @return TSC by which the calling lcore must run ebb_wait_run_lcore() again: the
 *         earliest deadline, or now + EBB_WAIT_RECHECK_US while it waits on a pool;
 *         UINT64_MAX when nothing is pending.
 */
uint64_t ebb_wait_next_deadline_lcore(void);

/**
 * Tell hand-offs whether the calling lcore sleeps on its wake fd. Set it (then run
 * ebb_wait_run_lcore() once more) before sleeping, clear it after waking. Nothing
 * happens on a thread that is not an EAL lcore.
 * @param sleeping true before the sleep, false after it.
 */
void ebb_wait_sleeping_lcore(bool sleeping);

/**
 * eventfd that hand-offs write when they give buffers to `lcore` while it sleeps.
 * Created on first call (control plane, before the lcore sleeps).
 * @param lcore an enabled EAL lcore.
 * @return fd >= 0; -EINVAL lcore is not an EAL lcore; -errno from eventfd().
 */
int ebb_wait_lcore_wake_fd(unsigned int lcore);

/**
 * Allocate n objects for a control-class user, any thread: the normal pool first
 * (through the lcore cache), then the pool's reserve. All or nothing. Does not
 * change the caller's exhaustion mark.
 * @param mp an ebb_waitq pool.
 * @param objs where the n objects go.
 * @param n how many, at least 1.
 * @return 0; -EINVAL objs NULL or n 0; -ENOENT not an ebb_waitq pool;
 *         -ENOBUFS neither the pool nor the reserve has n objects.
 */
int ebb_wait_get_control(struct rte_mempool *mp, void **objs, unsigned int n);

/**
 * Size the control-only reserve of mp (0 = off). Control plane, not concurrently
 * with itself. Growing takes what the ring holds now and the rest from later frees;
 * shrinking gives objects back to the pool.
 * @param mp an ebb_waitq pool.
 * @param n objects to keep for control users, 0..pool size.
 * @return 0; -EINVAL n > pool size; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_pool_set_reserve(struct rte_mempool *mp, unsigned int n);

/**
 * Hand everything in the calling lcore's refill stacks back to the pools (at stop,
 * after its waiters are cancelled). Waits for objects claimed for this lcore but not
 * yet pushed (a freer between its claim and its push). A pool on which this lcore
 * still has waiters is left alone: its refill stack holds what was claimed for them,
 * delivered by ebb_wait_run_lcore(); cancel them and flush again to get it back.
 * @return number of objects handed back; -ENOTSUP not an EAL lcore.
 */
int ebb_wait_flush_lcore(void);

/**
 * Counters of mp summed over all lcores and non-EAL threads.
 * @param mp an ebb_waitq pool.
 * @param st filled with the sums.
 * @return 0; -EINVAL st NULL; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_pool_stats(struct rte_mempool *mp, struct ebb_wait_stats *st);

/**
 * Counters of mp on one lcore (exact: written by that lcore only).
 * @param lcore the lcore, < RTE_MAX_LCORE.
 * @param mp an ebb_waitq pool.
 * @param st filled with its counters.
 * @return 0; -EINVAL st NULL or lcore >= RTE_MAX_LCORE; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_lcore_stats(unsigned int lcore, struct rte_mempool *mp, struct ebb_wait_stats *st);

/**
 * Waiting state of mp: waiting lcores, buffers in refill stacks, ring and reserve.
 * @param mp an ebb_waitq pool.
 * @param info filled with that state.
 * @return 0; -EINVAL info NULL; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_pool_info(struct rte_mempool *mp, struct ebb_wait_pool_info *info);

/**
 * List the waiters of `lcore` (all pools, FIFO order, control first per pool).
 * Safe from the lcore itself or while it does not run wait work (racy otherwise).
 * @param lcore the lcore, < RTE_MAX_LCORE.
 * @param info where the waiters are written, max of them.
 * @param max room in info.
 * @return number written (at most max); -EINVAL info NULL or lcore >= RTE_MAX_LCORE.
 */
int ebb_wait_lcore_waiters(unsigned int lcore, struct ebb_waiter_info *info, unsigned int max);

#ifdef __cplusplus
}
#endif
#endif /* EBB_WAIT_H */
