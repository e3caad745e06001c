/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_loop.c: the per-lcore run-to-completion poll loop (layer 3, DESIGN.md), its launch
 * and its end. */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_timer.h>

#include "engine_priv.h"

/*
 * One forwarding lcore. Every iteration:
 * 1. each RX queue gets one pass. Plain (not stopped, its stream holding nothing back,
 *    no TX rate): the mode's pass (receive, work, send), then, after a short burst, the
 *    pool's exhaustion mark (a local byte) decides whether the queue pauses
 *    (engine_wait.c). Otherwise the careful path: stopped or held queues are skipped and
 *    counted, streams that hold packets (delay FIFO, shaped backlog) release what is
 *    due, polled or not;
 * 2. every EBB_LOOP_WAIT_BURSTS bursts polled (and see there): while any lcore waits on a
 *    pool, reclaim (TX completions, this lcore's caches); then lib/wait's pending work:
 *    refill rings drained, offers to paused queues, deadlines;
 * 3. every EBB_LOOP_SLOW_BURSTS bursts polled, and at every iteration that polled
 *    nothing: `show waiters` and link requests, timers, services (applets, tasks), the
 *    stop flag, then step 2;
 * 4. nothing polled and no service worked: the idle policy.
 * Nobody waiting, the cost over a plain loop is the pool's mark read with the dry-spell
 * word after each queue pass (one test), and every EBB_LOOP_WAIT_BURSTS bursts one
 * relaxed load per pool and one of the lcore's waiter count, inline (no call). Mode io
 * is inlined into the loop (no call per pass).
 */

/* Timer slack of a forwarding lcore's thread under --idle=sleep (ns). */
#define EBB_IDLE_TIMER_SLACK_NS 1000UL

/* Which queues of the lcore have ebb_waitq pools: known at compile time or looked up. */
enum wq { WQ_NONE, WQ_ALL, WQ_SOME };

/*
 * After a pass that received `got` frames: pause on exhaustion, or note a dry spell's
 * start or end (latency). The pool's exhaustion mark (this lcore's) is clear before
 * every pass (read after each pass, and cleared after whatever else allocates on the
 * lcore: services, timeouts, tx_first), so after the pass it says what THIS queue's
 * refill did, and how much it asked for. It is read whatever the burst, one load with
 * the dry-spell word; it pauses the queue after a short burst only: a queue that
 * received a full burst is not short of buffers yet (a PMD whose refill failed still
 * had frames for it, which would wait in its ring while it pauses).
 */

static __rte_always_inline void
rxq_after(struct ebb_lcore *lc, struct ebb_rxq *q, const struct ebb_stream *s, uint16_t got,
	  const enum wq wq)
{
	if (wq == WQ_ALL || (wq == WQ_SOME && q->waitq)) {
		if (unlikely((*q->mark | q->starve_tsc) != 0))
			ebb_engine_rxq_after(lc, q, got);
	} else if (unlikely((q->starve_tsc != 0) | (got == 0))) {
		ebb_engine_rxq_dry(lc, q, got != 0);
	}
}

/*
 * --record-burst-stats / --record-core-cycles, after a pass that received `got` frames
 * and sent `sent` (owner lcore; only the recording loop calls it): as testpmd, RX bursts
 * of every poll (empty ones too) and TX bursts of the passes that received, or of every
 * pass for a mode that sends what it did not receive (none for rxonly); cycles of the passes that moved
 * frames, from t0 (the TSC before the pass).
 */
static __rte_noinline void
rxq_record(const struct ebb_lcore *lc, struct ebb_rxq *q, uint16_t got, uint64_t sent,
	   uint64_t t0)
{
	struct ebb_rec *r = q->rec;

	if (r == NULL)
		return;
	if (lc->rec_bursts) {
		if (lc->rec_rx)
			ebb_stream_count(&r->rx[RTE_MIN(got, (uint16_t)EBB_MAX_BURST)], 1);
		if (lc->rec_tx && (got != 0 || lc->rec_tx_always))
			ebb_stream_count(&r->tx[RTE_MIN(sent, (uint64_t)EBB_MAX_BURST)], 1);
	}
	if (lc->rec_cycles && (got != 0 || sent != 0))
		ebb_stream_count(&r->cycles, rte_rdtsc() - t0);
}

/* Rounds of empty polls after which a starved lcore sleeps (lcore_starved). */
#define EBB_IDLE_STARVED_ROUNDS 8

/*
 * --idle=sleep, once an iteration in which a queue of the lcore waits for buffers (its
 * skipped pass, so that the loop's fast path pays nothing for it): when the
 * queues it still polls are on pools that its waiting queues wait on, and none of them
 * received anything for EBB_IDLE_STARVED_ROUNDS rounds, the lcore is as idle as when
 * every queue is paused: a frame that came could not be refilled for (its pool is
 * empty), and buffers coming back wake the sleep (the hand-off's eventfd). So it sleeps,
 * bounded by every deadline (held frames' release: flushed here first, timers, waiter
 * deadlines), instead of polling empty rings: one way traffic over two ports, the
 * return port never receives, kept the lcore busy at 100 % with its sender paused.
 */
static __rte_noinline void
lcore_starved(struct ebb_lcore *lc)
{
	uint64_t due = UINT64_MAX, now;
	struct ebb_rxq *q;
	unsigned int polled = 0;
	bool got = false;

	/* called from a waiting queue's pass: some queue of the lcore waits */
	for (q = lc->rxq; q != lc->rxq_end; q++) {
		if (q->stop != 0 || ebb_stream_blocked(q->s))
			continue;
		bool starved = false;

		for (const struct ebb_rxq *p = lc->rxq; p != lc->rxq_end && !starved; p++)
			starved = (p->stop & EBB_RXQ_STOP_NOBUF) && p->s->pool == q->s->pool;
		if (!starved) {
			lc->starved_rounds = 0;
			return;
		}
		got |= q->s->rx != q->idle_rx;
		q->idle_rx = q->s->rx;
		polled++;
	}
	/* every queue paused or held: the loop's own idle step (lcore_round_slow) */
	if (got || polled == 0) {
		lc->starved_rounds = 0;
		return;
	}
	if (++lc->starved_rounds < EBB_IDLE_STARVED_ROUNDS)
		return;
	lc->starved_rounds = 0;
	now = rte_get_tsc_cycles();
	for (q = lc->rxq; q != lc->rxq_end; q++)
		if (ebb_stream_holding(q->s) && likely(!q->tx_down))
			due = RTE_MIN(due, ebb_stream_flush(q->s, lc->mode, now));
	lc->starved = true;
	ebb_engine_idle(lc, due);
	lc->starved = false;
}

/* One pass of a queue that is stopped, held, or whose stream holds packets back. Polls
 * are not counted: every iteration a queue is polled, skipped or held (queue_fill()).
 * @return 1 when it was polled. */
static __rte_noinline unsigned int
rxq_pass_careful(struct ebb_lcore *lc, struct ebb_rxq *q)
{
	struct ebb_stream *s = q->s;
	unsigned int polled = 0;

	if (q->stop & EBB_RXQ_STOP_FILL)
		ebb_engine_rxq_fill(q); /* woken: its buffers where its refill looks */
	if (q->stop != 0) {
		EBB_RXQ_COUNT(q, polls_skipped, 1);
		/* waiting for buffers: lib/wait's work every iteration (offers); under
		 * --idle=sleep, once an iteration, whether the lcore is starved */
		if (q->stop & EBB_RXQ_STOP_NOBUF) {
			lc->bursts |= EBB_LOOP_WAIT_BURSTS - 1;
			if (lc->idle == EBB_IDLE_SLEEP && lc->starved_loop != lc->loops) {
				lc->starved_loop = lc->loops;
				lcore_starved(lc);
			}
		}
	} else if (ebb_stream_blocked(s)) {
		EBB_RXQ_COUNT(q, held_loops, 1);
	} else {
		const uint64_t before = s->rx, tx0 = s->tx;
		const uint64_t t0 = lc->rec_cycles ? rte_rdtsc() : 0;

		lc->mode->fwd(s);
		rxq_after(lc, q, s, (uint16_t)(s->rx - before), WQ_SOME);
		if (unlikely(q->rec != NULL))
			rxq_record(lc, q, (uint16_t)(s->rx - before), s->tx - tx0, t0);
		polled = 1;
	}
	if (ebb_stream_holding(s) && likely(!q->tx_down))
		lc->due = RTE_MIN(lc->due, ebb_stream_flush(s, lc->mode, rte_get_tsc_cycles()));
	return polled;
}

/* Step 3: requests from the main lcore, timers, services. @return work of the services. */
static __rte_noinline unsigned int
lcore_slow(struct ebb_lcore *lc)
{
	const struct ebb_lcore_services *svc = &ebb_services[lc->lcore_id];
	unsigned int work = 0;

	/* `show waiters`: after the polls, before timeouts turn waiters into probes */
	if (unlikely(__atomic_load_n(&lc->snap_req, __ATOMIC_RELAXED) != lc->snap_done))
		ebb_engine_snapshot(lc);
	/* set link-down/up: acquire pairs with the main lcore's release (engine_link.c) */
	if (unlikely(__atomic_load_n(&lc->link_req, __ATOMIC_ACQUIRE) != lc->link_done))
		ebb_engine_link_lcore(lc);
	rte_timer_manage();
	if (svc->n != 0) {
		uint64_t now = rte_get_tsc_cycles();

		for (unsigned int k = 0; k < svc->n; k++)
			work += svc->svc[k].fn(svc->svc[k].arg, now);
	}
	return work;
}

/* Step 2: reclaim while some lcore waits, lib/wait's pending work. */
static __rte_noinline void
lcore_wait_work(struct ebb_lcore *lc)
{
	struct rte_mempool *const *mp = lc->pools;

	do { /* lc->wait: at least one pool */
		if (unlikely(ebb_wait_pool_wanted(*mp))) {
			ebb_engine_reclaim(lc);
			break;
		}
	} while (*++mp != NULL);
	ebb_wait_run_lcore(); /* it clears what its callbacks' allocations marked */
	if (unlikely(lc->requeue))
		ebb_engine_requeue(lc);
}

/*
 * Whether step 2 has work: a pool some lcore waits on, waiters of this lcore, a requeue.
 * Inline, so that the loop's look every EBB_LOOP_WAIT_BURSTS bursts while nobody waits
 * is these loads (lines nobody writes then) and no call.
 */
static __rte_always_inline bool
lcore_wait_pending(const struct ebb_lcore *lc)
{
	for (struct rte_mempool *const *mp = lc->pools; *mp != NULL; mp++)
		if (ebb_wait_pool_wanted(*mp))
			return true;
	return ebb_wait_hot[lc->lcore_id].active != 0 || lc->requeue;
}

/*
 * Steps 3 (then 2: services may have registered waiters) and 4.
 * @return true when the loop must end.
 */
static __rte_noinline bool
lcore_round_slow(struct ebb_lcore *lc, unsigned int active)
{
	active += lcore_slow(lc);
	/* services, timers: their allocations are no queue's refill */
	ebb_wait_marks_clear_lcore(lc->lcore_id);
	/* the flag publishes nothing: rte_eal_wait_lcore() orders what follows */
	if (__atomic_load_n(&ebb_eng.stop, __ATOMIC_RELAXED))
		return true;
	if (lc->wait)
		lcore_wait_work(lc);
	if (active == 0) {
		ebb_engine_idle(lc, lc->due);
		lc->due = UINT64_MAX;
	}
	return false;
}

/*
 * The loop, specialised at compile time: io (the mode's pass inlined) or any mode
 * through its fwd pointer; with or without ebb_waitq pools; recording (--record-*
 * options: the general pass, each one timed and counted) or not, so that the loops
 * that do not record carry no trace of it. What lives across
 * iterations is in lc (memory) and the rarer steps are out of line, so that the passes
 * have every register (callgrind: inlined, they made the loop spill).
 */
static __rte_always_inline void
lcore_run(struct ebb_lcore *lc, const bool io, const enum wq wq, const bool wait,
	  const bool rec)
{
	void (*fwd)(struct ebb_stream *) = lc->mode->fwd;

	lc->bursts = EBB_LOOP_WAIT_BURSTS - 1; /* the first iteration does the wait work */
	lc->due = UINT64_MAX;
	for (;;) {
		struct ebb_rxq *q = lc->rxq;
		unsigned int active = 0;
		uint64_t loops;
		uint32_t b0;

		do { /* an lcore has one queue at least (ebb_engine_streams_build) */
			struct ebb_stream *s = q->s;

			if (likely((q->stop | ebb_stream_busy(s)) == 0)) {
				uint16_t got;

				if (io) {
					/* ebb_fwd_io(s, true), with the queue's check between
					 * RX and TX: what it reads is in registers there */
					struct rte_mbuf *pkts[EBB_MAX_BURST];
					uint16_t n = ebb_stream_rx_got(s, pkts, &got);

					rxq_after(lc, q, s, got, wq);
					if (likely(n != 0))
						ebb_stream_tx_burst(s, pkts, n);
				} else if (rec) {
					const uint64_t before = s->rx, tx0 = s->tx;
					const uint64_t t0 = lc->rec_cycles ? rte_rdtsc() : 0;

					fwd(s);
					got = (uint16_t)(s->rx - before);
					rxq_after(lc, q, s, got, wq);
					rxq_record(lc, q, got, s->tx - tx0, t0);
				} else {
					const uint64_t before = s->rx;

					fwd(s);
					got = (uint16_t)(s->rx - before);
					rxq_after(lc, q, s, got, wq);
				}
				active++;
			} else {
				active += rxq_pass_careful(lc, q);
			}
		} while (++q != lc->rxq_end);
		/* owner-only counter; main reads it relaxed (ebb_engine_lcore_stats) */
		loops = lc->loops + 1;
		__atomic_store_n(&lc->loops, loops, __ATOMIC_RELAXED);
		/* the bursts polled crossed a multiple of EBB_LOOP_SLOW_BURSTS, or of
		 * EBB_LOOP_WAIT_BURSTS: bits at or above it changed */
		b0 = lc->bursts;
		lc->bursts = b0 + active;
		b0 ^= b0 + active;
		if (unlikely(active == 0) || unlikely(b0 >= EBB_LOOP_SLOW_BURSTS)) {
			if (lcore_round_slow(lc, active))
				break;
		} else if (wait && b0 >= EBB_LOOP_WAIT_BURSTS && lcore_wait_pending(lc)) {
			lcore_wait_work(lc);
		}
	}
}

/* The thread of a forwarding lcore (static: launched by ebb_engine_lcores_launch()). */
static int
ebb_engine_lcore_loop(void *arg)
{
	struct ebb_lcore *lc = arg;

	/* idle sleeps end at the lcore's deadlines, not up to 50 us (the default slack)
	 * after them */
	if (lc->idle == EBB_IDLE_SLEEP && prctl(PR_SET_TIMERSLACK, EBB_IDLE_TIMER_SLACK_NS) < 0)
		EBB_ENGINE_LOG(DEBUG, "lcore %u: timer slack: %s", lc->lcore_id, strerror(errno));
	for (unsigned int k = 0; lc->first != NULL && k < lc->first_n; k++)
		for (unsigned int i = 0; i < lc->nb_rxq; i++)
			lc->first->fwd(lc->rxq[i].s);
	ebb_wait_marks_clear_lcore(lc->lcore_id); /* the first pass starts clear */
	/* io over queues that all wait (ebbflow's default) or none (--no-wait): the
	 * common cases without a look-up per pass; anything else in the general loop */
	if (lc->rec_bursts || lc->rec_cycles)
		lcore_run(lc, false, WQ_SOME, lc->wait, true);
	else if (lc->mode == &ebb_fwd_mode_io && lc->wait && lc->waitq_all)
		lcore_run(lc, true, WQ_ALL, true, false);
	else if (lc->mode == &ebb_fwd_mode_io && !lc->wait)
		lcore_run(lc, true, WQ_NONE, false, false);
	else if (lc->mode == &ebb_fwd_mode_io)
		lcore_run(lc, true, WQ_SOME, true, false);
	else
		lcore_run(lc, false, WQ_SOME, lc->wait, false);
	ebb_engine_lcore_end(lc);
	return 0;
}

static void
lcores_wait(unsigned int upto)
{
	uint64_t one = 1;

	__atomic_store_n(&ebb_eng.stop, true, __ATOMIC_RELAXED);
	for (unsigned int l = 0; l < upto; l++) /* a parked lcore looks at once */
		if (ebb_eng.lc[l].wake_fd >= 0 &&
		    write(ebb_eng.lc[l].wake_fd, &one, sizeof(one)) < 0)
			EBB_ENGINE_LOG(DEBUG, "wake of lcore %u: %s", ebb_eng.lc[l].lcore_id,
				       strerror(errno));
	for (unsigned int l = 0; l < upto; l++)
		rte_eal_wait_lcore(ebb_eng.lc[l].lcore_id);
}

/* Main lcore, before the launch: pools to reclaim into, policy, waiters.
 * @return 0; -ENOMEM (ebb_engine_lcore_prepare). */
static int
lcore_setup(struct ebb_lcore *lc)
{
	int ret;

	lc->idle = ebb_eng.conf.idle;
	lc->starved_rounds = 0;
	lc->starved_loop = UINT64_MAX;
	lc->starved = false;
	lc->wait = false;
	lc->nb_pools = 0;
	lc->wake_fd = -1;
	lc->snap_req = lc->snap_done = 0;
	lc->idle_loops = lc->sleeps = lc->reclaims = 0;
	lc->requeue = false;
	lc->rec_bursts = ebb_eng.conf.record_burst_stats;
	lc->rec_cycles = ebb_eng.conf.record_core_cycles;
	lc->rec_rx = strcmp(lc->mode->name, "txonly") != 0;
	lc->rec_tx = strcmp(lc->mode->name, "rxonly") != 0;
	lc->rec_tx_always = !lc->rec_rx || strcmp(lc->mode->name, "flowgen") == 0;
	memset(lc->lat, 0, sizeof(lc->lat));
	for (int sk = 0; sk < EBB_POOL_MAX_SOCKETS; sk++) {
		struct rte_mempool *mp = ebb_eng.pools->mp[sk];

		if (mp == NULL || ebb_wait_pool_info(mp, &(struct ebb_wait_pool_info){ 0 }) < 0)
			continue;
		if (lc->nb_pools < EBB_LCORE_MAX_POOLS)
			lc->pools[lc->nb_pools++] = mp;
		lc->wait = true;
	}
	lc->pools[lc->nb_pools] = NULL;
	ret = ebb_engine_lcore_prepare(lc);
	if (ret < 0)
		return ret;
	lc->rxq_end = lc->rxq + lc->nb_rxq;
	lc->waitq_all = true;
	for (unsigned int i = 0; i < lc->nb_rxq; i++)
		lc->waitq_all &= lc->rxq[i].waitq;
	ebb_engine_link_prepare(lc); /* ports set link-down stay stopped */
	if (lc->wait && lc->idle == EBB_IDLE_SLEEP) {
		struct rte_cpu_intrinsics intr;

		/* rte_power_monitor would need lib/wait to expose the refill stack's head as
		 * the address to watch; not done (these VMs have no monitor/mwaitx): the
		 * eventfd that hand-offs write serves every CPU */
		memset(&intr, 0, sizeof(intr));
		rte_cpu_get_intrinsics_support(&intr);
		EBB_ENGINE_LOG(DEBUG, "lcore %u: idle sleep on the wake eventfd (power monitor %s)",
			       lc->lcore_id, intr.power_monitor ? "present, unused" : "absent");
	}
	if (lc->wait && lc->idle == EBB_IDLE_SLEEP) {
		int fd = ebb_wait_lcore_wake_fd(lc->lcore_id);

		if (fd < 0)
			EBB_ENGINE_LOG(WARNING, "lcore %u: no wake fd (%s): idle pauses instead",
				       lc->lcore_id, strerror(-fd));
		lc->wake_fd = fd;
		if (fd < 0)
			lc->idle = EBB_IDLE_PAUSE;
	}
	return 0;
}

/* Main lcore: what the first `upto` lcores' set-up holds, freed (their loops ended). */
static void
lcores_release(unsigned int upto)
{
	for (unsigned int l = 0; l < upto; l++)
		ebb_engine_lcore_release(&ebb_eng.lc[l]);
}

/* Main lcore: every lcore of the streams set up and launched; the stop flag down first.
 * A launch refused: the loops launched before it are stopped again. */
int
ebb_engine_lcores_launch(const struct ebb_fwd_mode *first, unsigned int first_n)
{
	int ret;

	__atomic_store_n(&ebb_eng.stop, false, __ATOMIC_RELAXED);
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		lc->mode = ebb_eng.mode;
		lc->first = first;
		lc->first_n = first_n;
		lc->loops = 0;
		ret = lcore_setup(lc);
		if (ret < 0) {
			lcores_release(l); /* the failed one freed its own */
			return ret;
		}
	}
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		ret = rte_eal_remote_launch(ebb_engine_lcore_loop, lc, lc->lcore_id);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "cannot launch lcore %u: %s", lc->lcore_id,
				       strerror(-ret));
			lcores_wait(l);
			lcores_release(ebb_eng.nb_lcores);
			return ret;
		}
	}
	return 0;
}

/* Main lcore: the stop flag raised, sleeping lcores woken, every loop ended, what their
 * set-up held freed. */
void
ebb_engine_lcores_stop(void)
{
	lcores_wait(ebb_eng.nb_lcores);
	lcores_release(ebb_eng.nb_lcores);
}

unsigned int
ebb_engine_lcore_stats(struct ebb_lcore_stats *st, unsigned int max)
{
	unsigned int n = RTE_MIN(max, ebb_eng.nb_lcores);

	if (st == NULL)
		return 0;
	for (unsigned int l = 0; l < n; l++) {
		const struct ebb_lcore *lc = &ebb_eng.lc[l];

		memset(&st[l], 0, sizeof(st[l]));
		st[l].lcore_id = lc->lcore_id;
		st[l].loops = __atomic_load_n(&lc->loops, __ATOMIC_RELAXED);
		st[l].idle_loops = __atomic_load_n(&lc->idle_loops, __ATOMIC_RELAXED);
		st[l].sleeps = __atomic_load_n(&lc->sleeps, __ATOMIC_RELAXED);
		st[l].reclaims = __atomic_load_n(&lc->reclaims, __ATOMIC_RELAXED);
		for (unsigned int i = 0; i < lc->nb_rxq; i++) {
			const struct ebb_stream *s = lc->rxq[i].s;

			st[l].rx += ebb_stream_read(&s->rx);
			st[l].tx += ebb_stream_read(&s->tx);
			st[l].tx_dropped += ebb_stream_read(&s->tx_dropped);
		}
	}
	return n;
}
