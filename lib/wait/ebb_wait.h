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
 * the pool functions (`ebb_wait_pool_put`, `_get`, `ebb_wait_get_control`) may be
 * called from any thread.
 *
 * State per pool:
 * - the ring: MP/MC like ring_mp_mc when every lcore has a CPU of its own, RTS
 *   (relaxed tail sync, twice the pool size) when lcores share CPUs
 *   (wait_ring_flags() in ebb_wait_pool.c says why);
 * - per lcore a slot: `need`, one 64-bit word holding per class (control, data) the
 *   buffers the lcore still wants and nobody has claimed (claimed by CAS from any
 *   thread; the owner installs both halves with one CAS, so its accounting is exact),
 *   `ticket[class]` (from a per-pool counter when the lcore started waiting in that
 *   class; the lead's design had one class per lcore: two halves keep a data waiter
 *   from riding on a control waiter's priority), a refill stack (below), and
 *   owner-only FIFOs (control, data) and counters;
 * - `demand` = published (lcore, class) pairs + reserve deficit, read with ONE relaxed
 *   load by every enqueue: zero means "straight into the ring", nothing else happens.
 *
 * Hand-off (ebb_wait_pool_put slow path, any thread), per batch of freed objects:
 * control slots first (lowest ticket), then the reserve deficit, then data slots
 * (lowest ticket), then the ring. For a slot: claim k <= need by CAS on `need`, push
 * the k objects into its refill stack, wake it if it sleeps. A freer stopped between
 * its claim and its push (preempted) holds k objects back and the need reads 0 for
 * them: while such claims are late and the ring holds objects, the waiting lcore takes
 * as many from the ring itself and offers them; the late objects, when they come, are
 * leftovers and go back (nothing waits for a stalled freer). The reserve is refilled
 * before any data waiter is served (so control traffic survives a data-path
 * starvation); control waiters come before the reserve because they could take from
 * it anyway.
 *
 * The refill ring is an rte_stack with RTE_STACK_F_LF: push and pop are lock-free
 * (128-bit CAS with a modification counter, no ABA), so a producer preempted in the
 * middle of its push never blocks the other producers nor the consumer. rte_ring's
 * MP enqueue is not lock-free: a producer preempted between its head reservation and
 * its tail update stalls every later producer and hides their objects from the
 * consumer. The pool ring has the same weakness in both its modes: an RTS producer
 * preempted after its head move still holds back the tail (what later producers
 * enqueue stays invisible to consumers until it finishes), only the others do not spin
 * behind it while the head is less than htd_max ahead. A waiter may thus miss objects
 * for as long as such a producer is stopped; the hand-off never goes through the ring.
 * LIFO order inside one lcore's refill stack is harmless: buffers are
 * fungible, the ORDER that matters is the waiters' and it is kept by the FIFOs.
 * Capacity is the pool size, so a push never fails.
 *
 * No-lost-wakeup protocol.
 * Waiter (owner lcore, ebb_waiter_register_lcore):
 *   W1 append to the FIFO;
 *   W2 publish: store the class's ticket, install the need (release CAS), then
 *      demand++ (seq_cst RMW);
 *   W3 retry once: pull what the ring holds (up to the need) and route it through the
 *      hand-off, so an older waiter elsewhere still comes first;
 *   W4 while published, every ebb_wait_run_lcore() re-reads the ring count (a relaxed
 *      load, paid only while waiting) and does W3 again when it is not zero.
 * Freer (ebb_wait_pool_put):
 *   F1 one relaxed load of demand; zero: F2 enqueue into the ring, done;
 *   F3 else hand-off as above; what is left goes into the ring.
 * A freer may read a stale zero (its relaxed load is not ordered against W2: e.g.
 * it is satisfied while its earlier stores still sit in its store buffer); it then
 * puts its objects into the ring, where W3 or W4 finds them: stores become visible
 * in finite time and W4 re-reads the ring on every run while the lcore waits. A freer that sees demand > 0 finds the slot's need (it was stored before the
 * demand increment: release/acquire on `need`). So every buffer freed while a waiter
 * is published either reaches a waiter by hand-off or is found in the ring by W4:
 * no fence is needed on the freer's fast path.
 * Consequence for an idle=sleep policy: an lcore that sleeps cannot run W4; it must
 * set ebb_wait_sleeping_lcore(true), re-check (ebb_wait_run_lcore), and sleep no
 * longer than ebb_wait_next_deadline_lcore() says (it bounds the sleep by
 * EBB_WAIT_RECHECK_US while the lcore waits); hand-offs to it write its eventfd
 * (their seq_cst fence and the sleeper's seq_cst flag store: one sees the other).
 * Without that bound the re-check-every-run rule leaves a hole for a sleeping lcore.
 * test/model/wait.pml checks W1-W4/F1-F3 with SPIN, and that dropping W4 loses a
 * wakeup.
 *
 * Unpublish: when an lcore's FIFO for a pool and class empties, it sets that half of
 * need to 0 (CAS) and decrements demand. Objects claimed before that (a freer
 * between its CAS and its push) still arrive; the lcore keeps draining its refill
 * stack while advertised - received > 0 and returns what nobody takes to the pool
 * through the hand-off. Nothing is lost.
 *
 * Order: control before data; within a class, lcores of a pool in the order they
 * started waiting in that class (ticket); inside an lcore, its waiters in registration
 * order. An lcore keeps its ticket while it waits continuously in that class, so the
 * order across lcores is per waiting period, not per waiter (one scan per hand-off
 * over the pool's lcores; claims cover a whole lcore's need).
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
 * @return 0; -ENOSPC too many ebb_waitq pools (EBB_WAIT_MAX_POOLS);
 *         -ENOMEM or another negative errno from ring/stack creation.
 */
int ebb_wait_pool_create(struct rte_mempool *mp);

/**
 * Free the wait state of a pool (the driver's free). Control plane, with no lcore
 * using the pool; waiters still queued are cancelled (their callbacks do not run).
 */
void ebb_wait_pool_free(struct rte_mempool *mp);

/** Objects held by the pool: ring + reserve + refill stacks (the driver's get_count). */
unsigned int ebb_wait_pool_count(const struct rte_mempool *mp);

/*
 * @internal Step points: test/model/interleave_wait.c builds lib/wait with
 * EBB_WAIT_STEPS and runs the real code one shared-memory access at a time, every
 * schedule of a waiter and a freer. Nothing in normal builds.
 */
enum ebb_wait_step_id {
	EBB_WAIT_STEP_PUT_DEMAND, EBB_WAIT_STEP_PUT_RING, EBB_WAIT_STEP_PICK,
	EBB_WAIT_STEP_CLAIM, EBB_WAIT_STEP_PUSH, EBB_WAIT_STEP_SYNC_LOAD,
	EBB_WAIT_STEP_SYNC_CAS, EBB_WAIT_STEP_DEMAND, EBB_WAIT_STEP_RECHECK,
	EBB_WAIT_STEP_RUN, EBB_WAIT_STEP_POP, EBB_WAIT_STEP_SUBSTITUTE,
};
#ifdef EBB_WAIT_STEPS
void ebb_wait_step(enum ebb_wait_step_id where);
#define EBB_WAIT_STEP(where) ebb_wait_step(EBB_WAIT_STEP_ ## where)
#else
#define EBB_WAIT_STEP(where) do { } while (0)
#endif

/** @internal Slow paths of the inline functions below. */
int ebb_wait_pool_put_slow(struct ebb_wait_pool_head *h, void * const *objs, unsigned int n);
void ebb_wait_pool_get_failed(struct ebb_wait_pool_head *h);
bool ebb_wait_mark_take(struct ebb_wait_pool_head *h);
__rte_noreturn void ebb_wait_pool_put_failed(struct ebb_wait_pool_head *h);
unsigned int ebb_wait_run_slow(unsigned int lcore);

/**
 * Return objects to the pool (the driver's enqueue), any thread.
 * Nobody waiting: one relaxed load of demand, then the ring.
 * @return 0 (the ring holds the whole pool; a refusal would lose objects: panic).
 */
static inline int
ebb_wait_pool_put(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	struct ebb_wait_pool_head *h = mp->pool_data;

	/* Pairs with the seq_cst increment in the waiter's publish (W2). A stale zero is
	 * allowed: the objects go into the ring, where the waiter's re-check finds them. */
	EBB_WAIT_STEP(PUT_DEMAND);
	if (likely(__atomic_load_n(&h->demand, __ATOMIC_RELAXED) == 0)) {
		EBB_WAIT_STEP(PUT_RING);
		/* the MP/MC call directly (as ring_mp_mc): 6 instructions less than the
		 * generic call's switch on the sync type (callgrind) */
		if (unlikely((likely(!h->rts) ? rte_ring_mp_enqueue_bulk(h->ring, objs, n, NULL) :
			      rte_ring_enqueue_bulk(h->ring, objs, n, NULL)) != n))
			ebb_wait_pool_put_failed(h);
		return 0;
	}
	return ebb_wait_pool_put_slow(h, objs, n);
}

/**
 * Take n objects from the pool ring (the driver's dequeue), any thread. The calling
 * lcore's exhaustion mark for this pool tells what its LAST dequeue did (set on a
 * failure, cleared on a success), so the mempool cache's second, smaller try that
 * succeeds clears what the first one set.
 * A success reads h->marks (one relaxed load) and only touches the lcore's mark when
 * some lcore has one set: the lcore's own set mark is counted there, and it reads
 * its own increment (coherence), so "marks == 0" proves its mark is clear.
 * @return 0; -ENOBUFS not enough objects (nothing taken).
 */
static inline int
ebb_wait_pool_get(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct ebb_wait_pool_head *h = mp->pool_data;

	if (unlikely((likely(!h->rts) ? rte_ring_mc_dequeue_bulk(h->ring, objs, n, NULL) :
		      rte_ring_dequeue_bulk(h->ring, objs, n, NULL)) == 0)) {
		ebb_wait_pool_get_failed(h);
		return -ENOBUFS;
	}
	if (unlikely(__atomic_load_n(&h->marks, __ATOMIC_RELAXED) != 0))
		ebb_wait_mark_take(h);
	return 0;
}

/* ---- users ---- */

/**
 * Prepare a waiter. Control-plane or owner lcore.
 * @param on_timeout may be NULL for a waiter that never uses a deadline.
 * @return 0; -EINVAL w, mp or offer NULL, or bad class; -ENOENT mp is not an
 *         ebb_waitq pool; -EBUSY w is waiting.
 */
int ebb_waiter_init(struct ebb_waiter *w, struct rte_mempool *mp, enum ebb_wait_class cls,
		    ebb_wait_offer_cb offer, ebb_wait_timeout_cb on_timeout, void *arg);

/**
 * Queue w on the calling lcore's FIFO for its pool and class, publish the lcore as
 * waiting, retry the allocation once (W1-W3 above). Offers come from later calls of
 * ebb_wait_run_lcore() on this lcore, never from inside this function.
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
 * @return 0; -EINVAL w NULL; -ENOENT w is not waiting; -EPERM not its owner lcore.
 */
int ebb_waiter_cancel_lcore(struct ebb_waiter *w);

/** @return true while w is queued (registered, not done, declined, timed out, cancelled). */
static inline bool
ebb_waiter_waiting(const struct ebb_waiter *w)
{
	return w->state == EBB_WAITER_WAITING;
}

/**
 * @return true while some lcore waits on mp or its reserve is short: one relaxed
 *         load, any thread. The engine flushes its lcore caches of mp while this
 *         holds, so that freed buffers reach the waiters instead of sitting there.
 *         mp must be an ebb_waitq pool.
 */
static inline bool
ebb_wait_pool_wanted(const struct rte_mempool *mp)
{
	const struct ebb_wait_pool_head *h = mp->pool_data;

	return __atomic_load_n(&h->demand, __ATOMIC_RELAXED) != 0;
}

/**
 * Read AND clear the calling lcore's exhaustion mark for mp: true when the last
 * driver dequeue on this lcore for mp failed. mp must be an ebb_waitq pool.
 */
static inline bool
ebb_wait_exhausted_lcore(struct rte_mempool *mp)
{
	struct ebb_wait_pool_head *h = mp->pool_data;
	unsigned int lcore = rte_lcore_id();

	if (likely(lcore >= RTE_MAX_LCORE || ebb_wait_hot[lcore].mark[h->idx] == 0))
		return false;
	return ebb_wait_mark_take(h);
}

/**
 * Run the calling lcore's pending wait work: drain its refill stacks, re-check the
 * rings of the pools it waits on, offer buffers oldest first (control first), expire
 * deadlines, return leftovers. Costs two local loads when nothing is pending.
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
 * ebb_wait_run_lcore() once more) before sleeping, clear it after waking.
 */
void ebb_wait_sleeping_lcore(bool sleeping);

/**
 * eventfd that hand-offs write when they give buffers to `lcore` while it sleeps.
 * Created on first call (control plane, before the lcore sleeps).
 * @return fd >= 0; -EINVAL lcore is not an EAL lcore; -errno from eventfd().
 */
int ebb_wait_lcore_wake_fd(unsigned int lcore);

/**
 * Allocate n objects for a control-class user, any thread: the normal pool first
 * (through the lcore cache), then the pool's reserve. All or nothing. Does not
 * change the caller's exhaustion mark.
 * @return 0; -EINVAL objs NULL or n 0; -ENOENT not an ebb_waitq pool;
 *         -ENOBUFS neither the pool nor the reserve has n objects.
 */
int ebb_wait_get_control(struct rte_mempool *mp, void **objs, unsigned int n);

/**
 * Size the control-only reserve of mp (0 = off). Control plane, not concurrently
 * with itself. Growing takes what the ring holds now and the rest from later frees;
 * shrinking gives objects back to the pool.
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
 * @return 0; -EINVAL st NULL; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_pool_stats(struct rte_mempool *mp, struct ebb_wait_stats *st);

/**
 * Counters of mp on one lcore (exact: written by that lcore only).
 * @return 0; -EINVAL st NULL or lcore >= RTE_MAX_LCORE; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_lcore_stats(unsigned int lcore, struct rte_mempool *mp, struct ebb_wait_stats *st);

/**
 * Waiting state of mp: waiting lcores, buffers in refill stacks, ring and reserve.
 * @return 0; -EINVAL info NULL; -ENOENT not an ebb_waitq pool.
 */
int ebb_wait_pool_info(struct rte_mempool *mp, struct ebb_wait_pool_info *info);

/**
 * List the waiters of `lcore` (all pools, FIFO order, control first per pool).
 * Safe from the lcore itself or while it does not run wait work (racy otherwise).
 * @return number written (at most max); -EINVAL info NULL or lcore >= RTE_MAX_LCORE.
 */
int ebb_wait_lcore_waiters(unsigned int lcore, struct ebb_waiter_info *info, unsigned int max);

#ifdef __cplusplus
}
#endif
#endif /* EBB_WAIT_H */
