/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_show_wait.c: exhaustion made visible: per-queue states and counters, waiters, pools. */
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "engine_priv.h"

#define SNAP_WAIT_MS 100

static uint64_t
rd(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

static const struct ebb_lcore *
lcore_of(const struct ebb_rxq *q)
{
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		const struct ebb_lcore *lc = &ebb_eng.lc[l];

		if (q >= lc->rxq && q < lc->rxq + lc->nb_rxq)
			return lc;
	}
	return NULL;
}

static void
queue_fill(const struct ebb_rxq *q, struct ebb_queue_stats *st)
{
	const struct ebb_lcore *lc = lcore_of(q);
	uint64_t hz = rte_get_tsc_hz();

	memset(st, 0, sizeof(*st));
	st->port = q->s->rx_port;
	st->queue = q->s->rx_queue;
	st->lcore = lc != NULL ? lc->lcore_id : q->s->lcore_id;
	st->state = (enum ebb_rxq_state_pub)__atomic_load_n(&q->state_pub, __ATOMIC_RELAXED);
	if (!ebb_eng.running)
		st->state = EBB_QUEUE_STOPPED;
	else if (st->state == EBB_QUEUE_POLLING && ebb_stream_blocked(q->s))
		st->state = EBB_QUEUE_HELD; /* racy read of owner fields: display only */
	/* every iteration polls, skips or holds each queue: polls are what is left (racy
	 * reads of an owner's counters: never below 0) */
	if (lc != NULL) {
		uint64_t other = rd(&q->st.polls_skipped) + rd(&q->st.held_loops);
		uint64_t loops = rd(&lc->loops);

		st->polls = loops > other ? loops - other : 0;
	}
	st->nombuf = rd(&q->st.nombuf);
	st->pauses = rd(&q->st.pauses);
	st->resumes = rd(&q->st.resumes);
	st->wakeups = rd(&q->st.wakeups);
	st->wait_timeouts = rd(&q->st.wait_timeouts);
	st->polls_skipped = rd(&q->st.polls_skipped);
	st->paused_us = rd(&q->st.paused_tsc) * 1000000 / hz;
	st->wait_errors = rd(&q->st.wait_errors);
	st->held_loops = rd(&q->st.held_loops);
	st->repauses = rd(&q->st.repauses);
	st->need = rd(&q->st.need);
	st->spilled = rd(&q->spilled);
}

unsigned int
ebb_engine_queue_stats(struct ebb_queue_stats *st, unsigned int max)
{
	unsigned int n = 0;

	if (st == NULL || !ebb_eng.inited)
		return 0;
	for (unsigned int i = 0; i < ebb_eng.nb_streams && n < max; i++)
		queue_fill(&ebb_eng.rxq[i], &st[n++]);
	return n;
}

static const char *
state_name(enum ebb_rxq_state_pub s)
{
	switch (s) {
	case EBB_QUEUE_POLLING: return "polling";
	case EBB_QUEUE_PAUSED: return "paused";
	case EBB_QUEUE_HELD: return "held";
	case EBB_QUEUE_STOPPED: return "stopped";
	}
	return "?";
}

/* Per-queue lines under `show port stats`. */
void
ebb_engine_show_port_queues(FILE *f, uint16_t port)
{
	struct ebb_queue_stats st;

	if (!ebb_eng.inited)
		return;
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		if (ebb_eng.rxq[i].s->rx_port != port)
			continue;
		queue_fill(&ebb_eng.rxq[i], &st);
		fprintf(f, "  RX queue %-3u lcore %-3u %-8s pauses: %-8" PRIu64 " paused-us: %-10"
			PRIu64 " wakeups: %-8" PRIu64 " repauses: %-6" PRIu64 " need: %-5" PRIu64
			" spilled: %-8" PRIu64 " wait-timeouts: %-6" PRIu64 " polls-skipped: %-10"
			PRIu64 " polls: %" PRIu64 "\n", st.queue, st.lcore, state_name(st.state),
			st.pauses, st.paused_us, st.wakeups, st.repauses, st.need, st.spilled,
			st.wait_timeouts, st.polls_skipped, st.polls);
	}
}

unsigned int
ebb_engine_waiters(struct ebb_engine_waiter *w, unsigned int max)
{
	unsigned int n = 0;

	if (w == NULL || !ebb_eng.inited || !ebb_eng.running)
		return 0; /* stopped: every waiter of the engine was cancelled */
	/* ask every lcore for its own list: only the owner may walk its FIFOs */
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		__atomic_store_n(&lc->snap_req, lc->snap_req + 1, __ATOMIC_RELAXED);
	}
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];
		uint64_t end = rte_get_tsc_cycles() + rte_get_tsc_hz() / 1000 * SNAP_WAIT_MS;
		uint32_t req = lc->snap_req;

		/* acquire: pairs with the lcore's release store after filling snap */
		while (__atomic_load_n(&lc->snap_done, __ATOMIC_ACQUIRE) != req &&
		       rte_get_tsc_cycles() < end)
			rte_pause();
		if (__atomic_load_n(&lc->snap_done, __ATOMIC_ACQUIRE) != req)
			continue; /* did not answer in time */
		for (unsigned int i = 0; i < lc->snap_n && n < max; i++)
			w[n++] = lc->snap[i];
	}
	return n;
}

void
ebb_engine_show_waiters(FILE *f)
{
	struct ebb_engine_waiter w[64];
	struct ebb_resume_latency lat;
	unsigned int n = ebb_engine_waiters(w, RTE_DIM(w));

	if (!ebb_eng.running) {
		fprintf(f, "No waiter: forwarding is not running\n");
		if (ebb_engine_resume_latency(&lat) == 0 && lat.samples != 0)
			fprintf(f, "resume latency (released -> first packet): samples %" PRIu64
				", median %.2f us, p99 %.2f us, max %.2f us\n", lat.samples,
				lat.p50_us, lat.p99_us, lat.max_us);
		return;
	}
	fprintf(f, "%-6s %-12s %-8s %-6s %-12s %s\n", "lcore", "owner", "class", "need",
		"age-us", "deadline-in-us");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%-6u %-12s %-8s %-6u %-12" PRIu64 " %" PRIu64 "\n", w[i].lcore,
			w[i].owner, w[i].control ? "control" : "data", w[i].need, w[i].age_us,
			w[i].deadline_in_us);
	fprintf(f, "%u waiter%s\n", n, n == 1 ? "" : "s");
	if (ebb_engine_resume_latency(&lat) == 0 && lat.samples != 0)
		fprintf(f, "resume latency (released -> first packet): samples %" PRIu64
			", median %.2f us, p99 %.2f us, max %.2f us\n", lat.samples, lat.p50_us,
			lat.p99_us, lat.max_us);
}

/* Middle of histogram bucket b, in microseconds. */
static double
lat_bucket_us(unsigned int b)
{
	unsigned int l = b / EBB_LAT_SUB, sub = b % EBB_LAT_SUB;
	double lo = (double)(EBB_LAT_SUB + sub) * ((double)(UINT64_C(1) << l) / EBB_LAT_SUB);

	return lo * (1.0 + 0.5 / (EBB_LAT_SUB + sub)) / 1000.0;
}

int
ebb_engine_resume_latency(struct ebb_resume_latency *lat)
{
	uint64_t h[EBB_LAT_BUCKETS] = { 0 }, n = 0, acc = 0;
	bool p50 = false;

	if (lat == NULL)
		return -EINVAL;
	memset(lat, 0, sizeof(*lat));
	if (!ebb_eng.inited)
		return -ENODEV;
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++)
		for (unsigned int b = 0; b < EBB_LAT_BUCKETS; b++) {
			h[b] += rd(&ebb_eng.lc[l].lat[b]);
			n += rd(&ebb_eng.lc[l].lat[b]);
		}
	lat->samples = n;
	for (unsigned int b = 0; b < EBB_LAT_BUCKETS && n != 0; b++) {
		if (h[b] == 0)
			continue;
		acc += h[b];
		if (!p50 && acc * 2 >= n) {
			lat->p50_us = lat_bucket_us(b);
			p50 = true;
		}
		if (lat->p99_us == 0 && acc * 100 >= n * 99)
			lat->p99_us = lat_bucket_us(b);
		lat->max_us = lat_bucket_us(b);
	}
	return 0;
}

/* The wait part of a pool's info (zero for a plain pool). */
void
ebb_engine_pool_wait_info(const struct rte_mempool *mp, struct ebb_pool_info *pi)
{
	struct rte_mempool *m = (struct rte_mempool *)(uintptr_t)mp;
	struct ebb_wait_pool_info wi;
	struct ebb_wait_stats ws;

	pi->in_caches = 0;
	if (mp->cache_size != 0)
		for (unsigned int l = 0; l < RTE_MAX_LCORE; l++)
			pi->in_caches += mp->local_cache[l].len;
	if (ebb_wait_pool_info(m, &wi) < 0 || ebb_wait_pool_stats(m, &ws) < 0)
		return;
	pi->waitq = true;
	pi->in_refill = wi.in_refill;
	pi->in_reserve = wi.in_reserve;
	pi->reserve = wi.reserve_target;
	pi->waiting_lcores = wi.waiting_lcores;
	pi->failed_dequeues = ws.failed_dequeues;
	pi->waits = ws.waits;
	pi->wakeups = ws.wakeups;
	pi->handoffs = ws.handoffs;
	pi->timeouts = ws.timeouts;
	pi->reserve_uses = ws.reserve_uses;
}
