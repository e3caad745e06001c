/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_wait.c: the RX queue's states: paused on exhaustion and resumed on buffers, stopped
 * for a link set down; reclaim, idle. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_pause.h>
#include <rte_timer.h>

#include "engine_priv.h"

/*
 * The life of an RX queue (owner lcore only):
 *
 *   POLLING --(rx_burst, then the pool's exhaustion mark)--> PAUSED: a data waiter asks
 *     lib/wait for what the PMD's failed refill asked for (the mark's size plus what the
 *     lcore cache held: reclaim flushes the cache while it waits; plus a burst once the
 *     queue repaused: rxq_need), register, publish, retry once;
 *   PAUSED --(offers complete the need)--> POLLING: the buffers wait in the queue's stash
 *     and go into this lcore's mempool cache right before its next pass (what the cache
 *     cannot hold into the pool ring), where the PMD's refill (inside rx_burst) takes
 *     them. Counted a wakeup once that pass does not pause again; if it does, a
 *     repause: same waiting period, same deadline;
 *   PAUSED --(deadline, --wait-timeout)--> POLLING for one probe poll; still exhausted:
 *     PAUSED again, a new period.
 * A queue whose stream is full (delay FIFO, shaped backlog: ebb_stream_blocked()) is not
 * polled either, but that is not a buffer pause: buffers do not lift it.
 */

/* longest park of an idle lcore (--idle=sleep): bounds the lateness of the main lcore's
 * requests (`show waiters` snapshots, link flags), which do not wake it */
#define EBB_IDLE_SLEEP_MAX_US 2000
/* shortest park worth a system call: a nearer deadline is waited for by pausing (a
 * sleep that short would end late, by the wake-up's own cost) */
#define EBB_IDLE_SLEEP_MIN_US 20
#define EBB_IDLE_PAUSES 32

static void
rxq_state(struct ebb_rxq *q, enum ebb_rxq_state_pub st)
{
	__atomic_store_n(&q->state_pub, (uint8_t)st, __ATOMIC_RELAXED);
}

/* lib/wait's mark for queues whose pool is not an ebb_waitq pool: never set */
static const uint32_t rxq_no_mark;

static uint64_t
us_to_tsc(uint64_t us)
{
	return us * rte_get_tsc_hz() / 1000000;
}

static void
rxq_resume(struct ebb_rxq *q)
{
	EBB_RXQ_COUNT(q, paused_tsc, rte_get_tsc_cycles() - q->pause_tsc);
	EBB_RXQ_COUNT(q, resumes, 1);
	q->stop &= ~EBB_RXQ_STOP_NOBUF;
	rxq_state(q, EBB_QUEUE_POLLING);
}

/* Resumed with buffers in its stash: they go into the cache before its next poll. */
static void
rxq_resume_fill(struct ebb_rxq *q)
{
	rxq_resume(q);
	if (q->stash_n != 0)
		q->stop |= EBB_RXQ_STOP_FILL;
}

/*
 * Offered buffers go to the queue's stash; its next pass puts them where the PMD's
 * refill finds them (ebb_engine_rxq_fill). Up to the stash's room: the most it waits for.
 */
static unsigned int
rxq_offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	struct ebb_rxq *q = w->arg;
	unsigned int k = RTE_MIN(n, q->stash_max - q->stash_n);

	if (k == 0) {
		/* the stash is full: decline (they pass on) and let the refill try; its
		 * pass says whether that was enough */
		q->rewoken = true;
		rxq_resume_fill(q);
		return 0;
	}
	memcpy(&q->stash[q->stash_n], objs, k * sizeof(objs[0]));
	q->stash_n += k;
	if (k == w->need) {
		q->rewoken = true; /* a wakeup if the next pass does not pause again */
		rxq_resume_fill(q);
		q->lc->requeue = true; /* after this run: the others go behind */
	}
	return k;
}

/*
 * Owner lcore: the stash into this lcore's cache of the pool. Written in place, not with
 * rte_mempool_put: a put that crosses the flush threshold would push them to the
 * driver's enqueue, which hands them to waiters again. Up to the cache's whole array,
 * past its flush threshold: a PMD that refills in bulk (virtio: every free descriptor at
 * once) asks for more than the threshold, and its refill right after takes them from
 * the cache first. Should the refill take fewer, the next put on this lcore flushes the
 * cache to the pool (the mempool's own rule above the threshold).
 * What the cache cannot hold (a request above its array: DPDK 22.11's get takes what
 * the cache has, then the rest from the driver in one dequeue) goes into the pool ring
 * when the refill follows (`refill`), past the hand-off, which would give it to the next
 * waiter (often another queue of this lcore) and fail the refill; else through the
 * driver's enqueue (hand-off first).
 */
static void
rxq_fill(struct ebb_rxq *q, bool refill)
{
	struct rte_mempool *mp = q->s->pool;
	struct rte_mempool_cache *c = rte_mempool_default_cache(mp, rte_lcore_id());
	unsigned int room = c != NULL && c->len < RTE_DIM(c->objs) ?
		(unsigned int)RTE_DIM(c->objs) - c->len : 0;
	unsigned int k = RTE_MIN(q->stash_n, room), rest = q->stash_n - k;

	q->stop &= ~EBB_RXQ_STOP_FILL;
	if (k != 0) {
		memcpy(&c->objs[c->len], q->stash, k * sizeof(q->stash[0]));
		c->len += k;
	}
	if (rest != 0) {
		if (refill && q->waitq) {
			ebb_wait_pool_put_ring(mp, &q->stash[k], rest);
			__atomic_store_n(&q->spilled, q->spilled + rest, __ATOMIC_RELAXED);
		} else {
			rte_mempool_ops_enqueue_bulk(mp, &q->stash[k], rest);
		}
	}
	q->stash_n = 0;
}

/* The first pass after a resume, before its poll: where the PMD's refill looks. */
void
ebb_engine_rxq_fill(struct ebb_rxq *q)
{
	rxq_fill(q, true);
}

static void
rxq_timeout(struct ebb_waiter *w)
{
	struct ebb_rxq *q = w->arg;

	/* give up, poll once; the next exhaustion mark pauses it again, a new period */
	EBB_RXQ_COUNT(q, wait_timeouts, 1);
	q->rewoken = false;
	q->wait_deadline = 0;
	rxq_resume_fill(q); /* what it got so far helps its probe poll */
}

/*
 * Buffers to wait for after a refill that asked for `asked` and failed: the PMD's whole
 * request. With the lcore cache in between (DPDK 22.11: what the cache held, then the
 * rest from the driver, a whole cache more on the first try) the driver saw the request
 * minus what the cache held; while the queue waits, reclaim flushes that cache too: the
 * whole request must come back, however far above the cache's flush threshold or its
 * array (virtio asks for every free descriptor: with a ring of 4096 up to 4096). Plus
 * the queue's slack (a PMD that receives before it refills asks for more at the resumed
 * pass). No more than its stash holds (its ring and a burst), nor than the pool holds.
 */
static unsigned int
rxq_need(const struct ebb_rxq *q, unsigned int asked)
{
	struct rte_mempool *mp = q->s->pool;
	struct rte_mempool_cache *c = rte_mempool_default_cache(mp, rte_lcore_id());
	uint64_t need = (uint64_t)asked + q->slack + (c != NULL ? c->len : 0);

	need = RTE_MIN(need, (uint64_t)q->stash_max);
	return (unsigned int)RTE_MAX(RTE_MIN(need, (uint64_t)mp->size), 1u);
}

/* Its refill asked for `asked` buffers and failed: pause, waiting for what it asked. */
static void
rxq_exhausted(struct ebb_lcore *lc, struct ebb_rxq *q, unsigned int asked)
{
	uint64_t tmo = __atomic_load_n(&ebb_eng.wait_timeout_us, __ATOMIC_RELAXED);
	unsigned int need;
	int ret;

	EBB_RXQ_COUNT(q, nombuf, 1);
	if (q->stop & EBB_RXQ_STOP_NOBUF)
		return;
	/* lib/wait's work at the end of this iteration: the next bursts cross a mark */
	lc->bursts |= EBB_LOOP_WAIT_BURSTS - 1;
	q->stop |= EBB_RXQ_STOP_NOBUF;
	q->pause_tsc = rte_get_tsc_cycles();
	if (q->starve_tsc == 0)
		q->starve_tsc = q->pause_tsc;
	if (q->rewoken) {
		/* woken, and the refill right after failed: not a wakeup; the same waiting
		 * period goes on, with what is left of its deadline (a flapping queue still
		 * times out). The PMD asked for more than it had asked before (it received
		 * first): from now on the queue waits for a burst more than it is asked. */
		q->rewoken = false;
		q->slack = q->s->burst;
		EBB_RXQ_COUNT(q, repauses, 1);
		if (q->wait_deadline != 0)
			tmo = q->wait_deadline > q->pause_tsc ?
				(q->wait_deadline - q->pause_tsc) * 1000000 / rte_get_tsc_hz() + 1 : 1;
	} else {
		q->wait_deadline = tmo == 0 ? 0 : q->pause_tsc + us_to_tsc(tmo);
	}
	need = rxq_need(q, asked);
	__atomic_store_n(&q->st.need, need, __ATOMIC_RELAXED);
	rxq_state(q, EBB_QUEUE_PAUSED);
	ret = ebb_waiter_register_lcore(&q->w, need, tmo);
	if (unlikely(ret < 0)) {
		/* cannot wait (not an EAL lcore...): keep polling as testpmd would */
		q->stop &= ~EBB_RXQ_STOP_NOBUF;
		rxq_state(q, EBB_QUEUE_POLLING);
		EBB_RXQ_COUNT(q, wait_errors, 1);
		return;
	}
	EBB_RXQ_COUNT(q, pauses, 1);
}

/*
 * After a pass of a queue on an ebb_waitq pool whose mark is set or that is in a dry
 * spell (engine_loop.c): pause on its own failed refill, count the wakeup its pass
 * confirmed, end the dry spell.
 */
void
ebb_engine_rxq_after(struct ebb_lcore *lc, struct ebb_rxq *q, uint16_t got)
{
	unsigned int asked = *q->mark != 0 ? ebb_wait_exhausted_lcore(q->s->pool) : 0;

	if (asked != 0 && got < q->s->burst) {
		rxq_exhausted(lc, q, asked);
		return;
	}
	if (q->rewoken) {
		/* the refill the offers were for went through */
		q->rewoken = false;
		EBB_RXQ_COUNT(q, wakeups, 1);
	}
	if (q->starve_tsc != 0 && got != 0)
		ebb_engine_lat_sample(lc, q);
}

/*
 * Frames again after a dry spell: time since the lcore's streams last released held
 * packets (delay mode frees them at TX), when that release ended the spell. It is the
 * "buffers freed -> the queue's first packet" of a waiting queue (hand-off, offer,
 * next poll) and of a spinning one (next poll) alike.
 */
void
ebb_engine_lat_sample(struct ebb_lcore *lc, struct ebb_rxq *q)
{
	uint64_t rel = 0, now, ns;
	unsigned int b;

	for (unsigned int i = 0; i < lc->nb_rxq; i++)
		rel = RTE_MAX(rel, lc->rxq[i].s->last_release);
	if (rel > q->starve_tsc) {
		now = rte_get_tsc_cycles();
		ns = (now - rel) * 1000000000 / rte_get_tsc_hz();
		if (ns == 0)
			ns = 1;
		/* 8 buckets per octave: the top 3 bits under the leading one */
		b = (63 - __builtin_clzll(ns)) * EBB_LAT_SUB;
		b += (unsigned int)(b >= 3 * EBB_LAT_SUB ? (ns >> (b / EBB_LAT_SUB - 3)) & 7 :
				     (ns << (3 - b / EBB_LAT_SUB)) & 7);
		if (b >= EBB_LAT_BUCKETS)
			b = EBB_LAT_BUCKETS - 1;
		__atomic_store_n(&lc->lat[b], lc->lat[b] + 1, __ATOMIC_RELAXED);
	}
	q->starve_tsc = 0;
}

/*
 * A queue on a plain pool (no waiting) after its poll, while it is in a dry spell or
 * received nothing: the spell starts at its first empty poll and ends, with a latency
 * sample, at the first frames.
 */
void
ebb_engine_rxq_dry(struct ebb_lcore *lc, struct ebb_rxq *q, bool received)
{
	if (q->starve_tsc != 0) {
		if (received)
			ebb_engine_lat_sample(lc, q);
	} else if (!received) {
		q->starve_tsc = rte_get_tsc_cycles();
	}
}

/*
 * A queue of this lcore was woken. lib/wait orders lcores by when they started to wait
 * and an lcore keeps its place while any of its queues waits: with several queues that
 * take turns it would stay first for ever and starve the other lcores. So its other
 * waiting queues leave and join again (same need, what is left of their deadline): the
 * lcore starts a new waiting period behind the lcores that waited meanwhile. Buffers
 * claimed for it before still arrive and are offered to them. Owner lcore, outside
 * ebb_wait_run_lcore().
 */
void
ebb_engine_requeue(struct ebb_lcore *lc)
{
	uint64_t now = rte_get_tsc_cycles(), hz = rte_get_tsc_hz();
	uint64_t left[lc->nb_rxq];
	unsigned int need[lc->nb_rxq];
	bool again[lc->nb_rxq];

	lc->requeue = false;
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		again[i] = q->waitq && ebb_waiter_waiting(&q->w);
		if (!again[i])
			continue;
		need[i] = q->w.need; /* what is left: the rest is in the cache already */
		left[i] = q->w.deadline == 0 ? 0 : q->w.deadline > now ?
			(q->w.deadline - now) * 1000000 / hz + 1 : 1;
		ebb_waiter_cancel_lcore(&q->w);
	}
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		if (again[i] && ebb_waiter_register_lcore(&q->w, need[i], left[i]) < 0) {
			EBB_RXQ_COUNT(q, wait_errors, 1);
			rxq_resume_fill(q); /* cannot wait again: poll */
		}
	}
}

/*
 * Link stops (`set link-down`, engine_link.c): a queue whose RX or TX port is down is not
 * polled (EBB_RXQ_STOP_LINK), whatever its buffers; a buffer pause it was in ends.
 */
/* Owner lcore (or main before the launch): give the queues their link stops. */
static void
link_apply(struct ebb_lcore *lc, bool launched)
{
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];
		bool down = ebb_engine_port_down(q->s->rx_port) || ebb_engine_port_down(q->s->tx_port);

		q->tx_down = ebb_engine_port_down(q->s->tx_port);
		if (down && !(q->stop & EBB_RXQ_STOP_LINK)) {
			if (q->stop & EBB_RXQ_STOP_NOBUF) {
				/* not a buffer pause any more: leave the FIFO, hold nothing */
				if (launched && q->waitq && ebb_waiter_waiting(&q->w))
					ebb_waiter_cancel_lcore(&q->w);
				EBB_RXQ_COUNT(q, paused_tsc, rte_get_tsc_cycles() - q->pause_tsc);
				q->stop &= ~EBB_RXQ_STOP_NOBUF;
			}
			if (q->stash_n != 0 || (q->stop & EBB_RXQ_STOP_FILL))
				rxq_fill(q, false); /* what it was given: the lcore's cache */
			q->stop |= EBB_RXQ_STOP_LINK;
			rxq_state(q, EBB_QUEUE_STOPPED);
		} else if (!down && (q->stop & EBB_RXQ_STOP_LINK)) {
			q->stop &= ~EBB_RXQ_STOP_LINK;
			if ((q->stop & ~EBB_RXQ_STOP_FILL) == 0)
				rxq_state(q, EBB_QUEUE_POLLING);
		}
	}
}

void
ebb_engine_link_lcore(struct ebb_lcore *lc)
{
	uint32_t req = __atomic_load_n(&lc->link_req, __ATOMIC_ACQUIRE);

	link_apply(lc, true);
	lc->link_done = req;
}

void
ebb_engine_link_prepare(struct ebb_lcore *lc)
{
	lc->link_req = lc->link_done = 0;
	link_apply(lc, false);
}

/*
 * Room for what a pause of q waits for: the largest refill its PMD can ask (its ring:
 * virtio asks for every free descriptor at once) and a burst of slack, at least what
 * the lcore cache holds, at most the pool.
 */
static unsigned int
rxq_stash_max(const struct ebb_rxq *q)
{
	const struct ebb_port *p = ebb_engine_port_of(q->s->rx_port);
	struct rte_eth_rxq_info qi;
	unsigned int ring = p != NULL ? p->nb_rxd : 0;

	memset(&qi, 0, sizeof(qi));
	if (rte_eth_rx_queue_info_get(q->s->rx_port, q->s->rx_queue, &qi) == 0)
		ring = RTE_MAX(ring, (unsigned int)qi.nb_desc);
	return RTE_MAX(RTE_MIN(RTE_MAX(ring + q->s->burst, (unsigned int)EBB_RXQ_STASH),
			       q->s->pool->size), 1u);
}

/* Main, the loop ended (or never launched): the stashes freed (lcore_end emptied them). */
void
ebb_engine_lcore_release(struct ebb_lcore *lc)
{
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		rte_free(q->stash);
		q->stash = NULL;
		q->stash_max = 0;
		q->stash_n = 0;
	}
}

/* Main, before the lcore's loop: waiters, stashes and what the policy needs. */
int
ebb_engine_lcore_prepare(struct ebb_lcore *lc)
{
	int socket = (int)rte_lcore_to_socket_id(lc->lcore_id);

	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		q->stop = 0;
		q->lc = lc;
		q->starve_tsc = 0;
		q->tx_cleanup_notsup = false;
		memset(&q->st, 0, sizeof(q->st));
		q->spilled = 0;
		rxq_state(q, EBB_QUEUE_POLLING);
		q->waitq = ebb_waiter_init(&q->w, q->s->pool, EBB_WAIT_DATA, rxq_offer,
					   rxq_timeout, q) == 0;
		q->mark = q->waitq ? ebb_wait_mark_addr(q->s->pool, lc->lcore_id) : NULL;
		if (q->mark == NULL)
			q->mark = &rxq_no_mark;
		q->stash_n = 0;
		q->stash_max = 0;
		q->stash = NULL;
		q->rewoken = false;
		q->slack = 0;
		q->wait_deadline = 0;
		if (!q->waitq)
			continue; /* nothing is offered to it */
		q->stash_max = rxq_stash_max(q);
		q->stash = rte_malloc_socket("ebb_rxq_stash", q->stash_max * sizeof(q->stash[0]),
					     RTE_CACHE_LINE_SIZE, socket);
		if (q->stash == NULL)
			q->stash = rte_malloc("ebb_rxq_stash", q->stash_max * sizeof(q->stash[0]),
					      RTE_CACHE_LINE_SIZE);
		if (q->stash == NULL) {
			EBB_ENGINE_LOG(ERR, "lcore %u: no memory for the %u-buffer stash of RX "
				       "queue %u/%u", lc->lcore_id, q->stash_max, q->s->rx_port,
				       q->s->rx_queue);
			q->stash_max = 0;
			ebb_engine_lcore_release(lc);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * A pool has waiters: give back what this lcore holds, received anything or not. TX rings
 * first (PMDs that free completed descriptors lazily), then the lcore's caches, so that
 * the enqueue of ebb_waitq hands them over (what was offered to its waiting queues is in
 * their stashes, not there).
 */
void
ebb_engine_reclaim(struct ebb_lcore *lc)
{
	unsigned int lcore = lc->lcore_id;

	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		if (!q->tx_cleanup_notsup &&
		    rte_eth_tx_done_cleanup(q->s->tx_port, q->s->tx_queue, 0) == -ENOTSUP)
			q->tx_cleanup_notsup = true;
	}
	for (unsigned int p = 0; p < lc->nb_pools; p++) {
		struct rte_mempool_cache *c = rte_mempool_default_cache(lc->pools[p], lcore);

		if (c != NULL && c->len != 0)
			rte_mempool_cache_flush(c, lc->pools[p]);
	}
	__atomic_store_n(&lc->reclaims, lc->reclaims + 1, __ATOMIC_RELAXED);
}

static void
idle_pause(void)
{
	for (unsigned int i = 0; i < EBB_IDLE_PAUSES; i++)
		rte_pause();
}

/*
 * Park on the lib/wait eventfd until a hand-off, or until the earliest deadline the lcore
 * has: `due` (held packets' release, shaped TX: the streams' flushes), its timers, every
 * waiter of lib/wait on it (deadlines of RX, applet and probe waiters alike, and the
 * re-check bound while it waits on a pool: ebb_wait_next_deadline_lcore()), and
 * EBB_IDLE_SLEEP_MAX_US. Read after the last re-check, which may expire or add waiters.
 */
static void
idle_sleep(struct ebb_lcore *lc, uint64_t due)
{
	struct pollfd pfd = { .fd = lc->wake_fd, .events = POLLIN };
	uint64_t now, deadline, cnt, ns;
	struct timespec ts;
	int64_t t;

	if (lc->wake_fd < 0) {
		idle_pause();
		return;
	}
	/* Dekker with the hand-off's wake: say we sleep, then look once more */
	ebb_wait_sleeping_lcore(true);
	if (ebb_wait_run_lcore() != 0)
		goto awake;
	/* woken (FILL): polled next pass; a queue never paused, while starved (below):
	 * its pool is the one waited for, a poll would find no buffer to refill */
	for (unsigned int i = 0; i < lc->nb_rxq; i++)
		if ((lc->rxq[i].stop & ~EBB_RXQ_STOP_FILL) == 0 &&
		    !ebb_stream_blocked(lc->rxq[i].s) && !(lc->starved && lc->rxq[i].stop == 0))
			goto awake;
	now = rte_get_tsc_cycles();
	deadline = RTE_MIN(due, now + us_to_tsc(EBB_IDLE_SLEEP_MAX_US));
	deadline = RTE_MIN(deadline, ebb_wait_next_deadline_lcore());
	t = rte_timer_next_ticks();
	if (t >= 0)
		deadline = RTE_MIN(deadline, now + (uint64_t)t);
	if (deadline < now + us_to_tsc(EBB_IDLE_SLEEP_MIN_US)) {
		ebb_wait_sleeping_lcore(false);
		idle_pause();
		return;
	}
	ns = (deadline - now) * 1000000000 / rte_get_tsc_hz();
	ts.tv_sec = (time_t)(ns / 1000000000);
	ts.tv_nsec = (long)(ns % 1000000000);
	if (ppoll(&pfd, 1, &ts, NULL) > 0 && read(lc->wake_fd, &cnt, sizeof(cnt)) < 0)
		EBB_ENGINE_LOG(DEBUG, "lcore %u: wake fd read: %s", lc->lcore_id, strerror(errno));
	__atomic_store_n(&lc->sleeps, lc->sleeps + 1, __ATOMIC_RELAXED);
awake:
	ebb_wait_sleeping_lcore(false);
}

/* Every RX queue of the lcore is paused or held and this iteration found nothing. */
void
ebb_engine_idle(struct ebb_lcore *lc, uint64_t due)
{
	__atomic_store_n(&lc->idle_loops, lc->idle_loops + 1, __ATOMIC_RELAXED);
	switch (lc->idle) {
	case EBB_IDLE_SPIN:
		break;
	case EBB_IDLE_SLEEP:
		idle_sleep(lc, due);
		break;
	case EBB_IDLE_PAUSE:
	default:
		idle_pause();
		break;
	}
}

/* Fill the `show waiters` snapshot from the owner lcore (the FIFO is its own). */
void
ebb_engine_snapshot(struct ebb_lcore *lc)
{
	struct ebb_waiter_info info[RTE_DIM(lc->snap)];
	int n = ebb_wait_lcore_waiters(lc->lcore_id, info, RTE_DIM(info));

	lc->snap_n = 0;
	for (int i = 0; i < n; i++) {
		struct ebb_engine_waiter *w = &lc->snap[lc->snap_n++];
		const struct ebb_rxq *q = NULL;

		memset(w, 0, sizeof(*w));
		for (unsigned int k = 0; k < lc->nb_rxq; k++)
			if (&lc->rxq[k].w == info[i].w)
				q = &lc->rxq[k];
		w->lcore = info[i].lcore;
		w->control = info[i].cls == EBB_WAIT_CONTROL;
		w->need = info[i].need;
		w->age_us = info[i].age_us;
		w->deadline_in_us = info[i].deadline_in_us;
		if (q != NULL)
			snprintf(w->owner, sizeof(w->owner), "rxq %u/%u", q->s->rx_port,
				 q->s->rx_queue);
		else
			snprintf(w->owner, sizeof(w->owner), "other");
	}
	/* release: the snapshot before the answer; pairs with main's acquire load */
	__atomic_store_n(&lc->snap_done, __atomic_load_n(&lc->snap_req, __ATOMIC_RELAXED),
			 __ATOMIC_RELEASE);
}

/* Owner lcore, leaving its loop: its RX waiters cancelled, their refill stacks handed
 * back. Pools on which other waiters (applets, probes) still wait are flushed after the
 * stop hooks cancelled those (engine_ctrl.c). */
void
ebb_engine_lcore_end(struct ebb_lcore *lc)
{
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];

		if (q->waitq && ebb_waiter_waiting(&q->w))
			ebb_waiter_cancel_lcore(&q->w);
		if (q->stash_n != 0)
			rte_mempool_put_bulk(q->s->pool, q->stash, q->stash_n);
		q->stash_n = 0;
		q->rewoken = false;
		if (q->stop & EBB_RXQ_STOP_NOBUF)
			EBB_RXQ_COUNT(q, paused_tsc, rte_get_tsc_cycles() - q->pause_tsc);
		q->stop = 0;
		rxq_state(q, EBB_QUEUE_STOPPED);
	}
	if (lc->wait)
		ebb_wait_flush_lcore();
	ebb_engine_snapshot(lc); /* answer a request that came too late: empty */
}
