/* SPDX-License-Identifier: BSD-3-Clause */
/* stress_wait.c: lcores allocate, wait, free and cancel at random on two ebb_waitq pools;
 * proves no buffer lost or duplicated, FIFO order per (pool, lcore, class), pools full at end.
 *
 * Usage: stress_wait [--handoffs N] [--seed S] [--lcores MAP]
 *   default 10000000 hand-offs, --lcores 0@0,1@1,2@0,3@1 (lcores sharing CPUs: the pool
 *   ring is RTS); with one lcore per CPU (0@0,1@1) the ring is MP/MC.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>
#include <rte_pause.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

#define NB_POOLS 2
#define NB_WAITERS 6          /* per lcore per pool */
#define HOLD_MAX 48           /* objects one lcore holds per pool at most */
#define BURST_MAX 8

/* Sized so that the lcores together want more than a pool holds: exhausted often. */
static unsigned int pool_size[NB_POOLS];

/* Every object carries its id and pool; `owner` is the holder's lcore + 1, 0 when free. */
struct obj {
	uint32_t id;
	uint32_t pool;
	uint32_t owner;
};

struct swaiter {
	struct ebb_waiter w;
	struct lc *lc;
	unsigned int pool;
	uint64_t seq;        /* registration order in its (lcore, pool, class) FIFO */
	bool waiting;        /* test-side mirror of the FIFO */
};

struct lc {
	unsigned int lcore;
	uint64_t rng;
	struct obj *held[NB_POOLS][HOLD_MAX + BURST_MAX * NB_WAITERS];
	unsigned int nb_held[NB_POOLS];
	struct swaiter w[NB_POOLS][NB_WAITERS];
	uint64_t next_seq[NB_POOLS][EBB_WAIT_NB_CLASSES];
	uint64_t steps, received, errors, registered, timeouts, cancels, declines;
} __rte_cache_aligned;

static struct rte_mempool *pools[NB_POOLS];
static struct obj **objs_of[NB_POOLS];
static struct lc lcs[RTE_MAX_LCORE];
static uint64_t target = 10000000;
static uint64_t total_received;   /* summed by lcores, atomically, in chunks */
static volatile int stop;
static unsigned int barrier_count;
static unsigned int nb_lcores;

#define FAIL(lc, ...) do { (lc)->errors++; if ((lc)->errors < 10) { \
	fprintf(stderr, "lcore %u: ", (lc)->lcore); fprintf(stderr, __VA_ARGS__); } } while (0)

static inline uint64_t
rnd(struct lc *lc)
{
	/* xorshift64* */
	lc->rng ^= lc->rng >> 12;
	lc->rng ^= lc->rng << 25;
	lc->rng ^= lc->rng >> 27;
	return lc->rng * 2685821657736338717ULL;
}

static void
take(struct lc *lc, unsigned int p, struct obj *o)
{
	uint32_t free_ = 0;

	if (o->pool != p || o->id >= pool_size[p] || objs_of[p][o->id] != o)
		FAIL(lc, "foreign object %p in pool %u\n", (void *)o, p);
	/* an object given to two holders at once is a duplicate */
	if (!__atomic_compare_exchange_n(&o->owner, &free_, lc->lcore + 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		FAIL(lc, "object %u of pool %u duplicated (held by %u)\n", o->id, p, free_ - 1);
	lc->held[p][lc->nb_held[p]++] = o;
}

static void
give_back(struct lc *lc, unsigned int p, unsigned int n)
{
	struct obj **h = &lc->held[p][lc->nb_held[p] - n];
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint32_t me = lc->lcore + 1;

		if (!__atomic_compare_exchange_n(&h[i]->owner, &me, 0, false,
						 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			FAIL(lc, "freeing object %u not ours\n", h[i]->id);
	}
	rte_mempool_put_bulk(pools[p], (void **)h, n);
	lc->nb_held[p] -= n;
}

/* The oldest waiting waiter of a (pool, class) on this lcore, in the test's mirror. */
static struct swaiter *
mirror_head(struct lc *lc, unsigned int p, enum ebb_wait_class cls)
{
	struct swaiter *best = NULL;
	unsigned int i;

	for (i = 0; i < NB_WAITERS; i++) {
		struct swaiter *s = &lc->w[p][i];

		if (s->waiting && s->w.cls == cls && (best == NULL || s->seq < best->seq))
			best = s;
	}
	return best;
}

static unsigned int
s_offer(struct ebb_waiter *w, void **o, unsigned int n)
{
	struct swaiter *s = w->arg;
	struct lc *lc = s->lc;
	unsigned int i;

	if (rte_lcore_id() != lc->lcore)
		FAIL(lc, "offer on lcore %u\n", rte_lcore_id());
	if (!s->waiting)
		FAIL(lc, "offer to a waiter that left (timed out, cancelled, done)\n");
	/* FIFO: only the oldest of its class is offered (no partial takes here) */
	if (mirror_head(lc, s->pool, w->cls) != s)
		FAIL(lc, "pool %u: waiter seq %" PRIu64 " offered before an older one\n",
		     s->pool, s->seq);
	if (w->cls == EBB_WAIT_DATA && mirror_head(lc, s->pool, EBB_WAIT_CONTROL) != NULL)
		FAIL(lc, "pool %u: data offered while control waits\n", s->pool);
	if (n == 0 || n > w->need)
		FAIL(lc, "offer of %u for a need of %u\n", n, w->need);
	if ((rnd(lc) & 63) == 0) {
		s->waiting = false;
		lc->declines++;
		return 0;
	}
	for (i = 0; i < n; i++)
		take(lc, s->pool, o[i]);
	lc->received += n;
	if (n == w->need)
		s->waiting = false;
	return n;
}

static void
s_timeout(struct ebb_waiter *w)
{
	struct swaiter *s = w->arg;

	if (!s->waiting)
		FAIL(s->lc, "timeout of a waiter that left\n");
	s->waiting = false;
	s->lc->timeouts++;
}

static void
step(struct lc *lc)
{
	unsigned int p = rnd(lc) & 1, n = 1 + rnd(lc) % BURST_MAX, i;
	uint64_t r = rnd(lc);
	void *o[BURST_MAX];

	if (lc->nb_held[p] + n <= HOLD_MAX && (r & 1)) {
		if (rte_mempool_get_bulk(pools[p], o, n) == 0) {
			if (ebb_wait_exhausted_lcore(pools[p]))
				FAIL(lc, "exhaustion mark set after a successful get\n");
			for (i = 0; i < n; i++)
				take(lc, p, o[i]);
		} else if (ebb_wait_exhausted_lcore(pools[p])) {
			/* wait: a free waiter of this pool, random class and deadline */
			for (i = 0; i < NB_WAITERS; i++) {
				struct swaiter *s = &lc->w[p][i];

				if (ebb_waiter_waiting(&s->w))
					continue;
				if (ebb_waiter_init(&s->w, pools[p], (r >> 8) % 8 == 0 ?
						    EBB_WAIT_CONTROL : EBB_WAIT_DATA,
						    s_offer, s_timeout, s) != 0)
					FAIL(lc, "waiter init failed\n");
				s->seq = lc->next_seq[p][s->w.cls]++;
				s->waiting = true;
				if (ebb_waiter_register_lcore(&s->w, n,
							      (r >> 16) % 16 == 0 ? 20 + r % 200 : 0)) {
					FAIL(lc, "register failed\n");
					s->waiting = false;
				}
				lc->registered++;
				break;
			}
		} else {
			FAIL(lc, "failed get without exhaustion mark\n");
		}
	}
	/* free some of what we hold */
	if (lc->nb_held[p] != 0 && ((r >> 24) & 3) == 0)
		give_back(lc, p, 1 + (r >> 32) % lc->nb_held[p]);
	/* cancel a waiter now and then */
	if (((r >> 40) & 255) == 0) {
		struct swaiter *s = &lc->w[p][(r >> 48) % NB_WAITERS];

		if (ebb_waiter_waiting(&s->w)) {
			if (ebb_waiter_cancel_lcore(&s->w) != 0)
				FAIL(lc, "cancel failed\n");
			s->waiting = false;
			lc->cancels++;
		}
	}
	ebb_wait_run_lcore();
	/* the engine's rule: while someone waits on a pool, lcores flush their cache of
	 * it, so freed buffers reach the waiters (pool 1 has caches) */
	for (p = 0; p < NB_POOLS; p++)
		if (ebb_wait_pool_wanted(pools[p]))
			rte_mempool_cache_flush(NULL, pools[p]);
	lc->steps++;
}

static int
worker(void *arg)
{
	struct lc *lc = &lcs[rte_lcore_id()];
	uint64_t published = 0, report = 0;
	unsigned int p, i;

	(void)arg;
	/* start together */
	__atomic_fetch_add(&barrier_count, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&barrier_count, __ATOMIC_ACQUIRE) < nb_lcores)
		rte_pause();
	while (!stop) {
		for (i = 0; i < 256; i++)
			step(lc);
		__atomic_fetch_add(&total_received, lc->received - published, __ATOMIC_RELAXED);
		published = lc->received;
		if (rte_lcore_id() == rte_get_main_lcore()) {
			uint64_t now = rte_get_tsc_cycles();

			if (__atomic_load_n(&total_received, __ATOMIC_RELAXED) >= target)
				stop = 1;
			if (getenv("STRESS_VERBOSE") != NULL && now > report) {
				unsigned int l;

				report = now + rte_get_tsc_hz();
				RTE_LCORE_FOREACH(l)
					printf("  lcore %u: received %" PRIu64 " held %u+%u steps %" PRIu64 "\n",
					       l, lcs[l].received, lcs[l].nb_held[0], lcs[l].nb_held[1],
					       lcs[l].steps);
			}
		}
	}
	/* wind down: cancel, give everything back, flush what is in flight to us */
	for (p = 0; p < NB_POOLS; p++) {
		for (i = 0; i < NB_WAITERS; i++) {
			if (ebb_waiter_waiting(&lc->w[p][i].w)) {
				ebb_waiter_cancel_lcore(&lc->w[p][i].w);
				lc->w[p][i].waiting = false;
			}
		}
		if (lc->nb_held[p] != 0)
			give_back(lc, p, lc->nb_held[p]);
	}
	for (p = 0; p < NB_POOLS; p++)
		rte_mempool_cache_flush(NULL, pools[p]);
	if (ebb_wait_flush_lcore() < 0)
		FAIL(lc, "flush failed\n");
	while (ebb_wait_run_lcore() != 0)
		;
	return 0;
}

static void
obj_init(struct rte_mempool *mp, void *arg, void *o, unsigned int idx)
{
	struct obj *ob = o;
	unsigned int p = (unsigned int)(uintptr_t)arg;

	(void)mp;
	ob->id = idx;
	ob->pool = p;
	ob->owner = 0;
	objs_of[p][idx] = ob;
}

/* After the run: every object back exactly once, counters consistent. */
static int
audit(void)
{
	int bad = 0;
	unsigned int p, i, lcore;

	for (p = 0; p < NB_POOLS; p++) {
		struct ebb_wait_stats st;
		struct ebb_wait_pool_info info;
		uint8_t *seen = calloc(pool_size[p], 1);
		void *o;
		unsigned int n = 0;

		ebb_wait_pool_stats(pools[p], &st);
		ebb_wait_pool_info(pools[p], &info);
		printf("pool %u: size %u avail %u handoffs %" PRIu64 " received %" PRIu64
		       " waits %" PRIu64 " wakeups %" PRIu64 " declined %" PRIu64
		       " timeouts %" PRIu64 " cancels %" PRIu64 " failed_dequeues %" PRIu64 "\n",
		       p, pool_size[p], rte_mempool_avail_count(pools[p]), st.handoffs, st.received,
		       st.waits, st.wakeups, st.declined, st.timeouts, st.cancels, st.failed_dequeues);
		if (!rte_mempool_full(pools[p]) || info.in_refill != 0 || info.demand != 0 ||
		    info.waiting_lcores != 0) {
			printf("FAIL pool %u not full/idle: avail %u refill %u demand %u waiting %u\n",
			       p, rte_mempool_avail_count(pools[p]), info.in_refill, info.demand,
			       info.waiting_lcores);
			bad++;
		}
		if (st.handoffs != st.received) {
			printf("FAIL pool %u: %" PRIu64 " handed off, %" PRIu64 " received\n",
			       p, st.handoffs, st.received);
			bad++;
		}
		if (st.waits != st.wakeups + st.declined + st.timeouts + st.cancels) {
			printf("FAIL pool %u: waits do not add up\n", p);
			bad++;
		}
		while (rte_mempool_get(pools[p], &o) == 0) {
			struct obj *ob = o;

			if (ob->pool != p || ob->id >= pool_size[p] || seen[ob->id]++ != 0 ||
			    ob->owner != 0) {
				printf("FAIL pool %u: object %u twice or foreign or owned\n", p, ob->id);
				bad++;
			}
			n++;
		}
		if (n != pool_size[p]) {
			printf("FAIL pool %u: %u of %u objects came back\n", p, n, pool_size[p]);
			bad++;
		}
		for (i = 0; i < pool_size[p]; i++)
			rte_mempool_put(pools[p], objs_of[p][i]);
		free(seen);
	}
	RTE_LCORE_FOREACH(lcore) {
		struct lc *lc = &lcs[lcore];

		printf("lcore %u: received %" PRIu64 " registered %" PRIu64 " timeouts %" PRIu64
		       " cancels %" PRIu64 " declines %" PRIu64 " errors %" PRIu64 "\n",
		       lcore, lc->received, lc->registered, lc->timeouts, lc->cancels,
		       lc->declines, lc->errors);
		if (lc->errors != 0)
			bad++;
	}
	return bad;
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[16] = { argv[0], "--no-pci", "--no-huge", "-m", "256",
		"--file-prefix", prefix, "--log-level", "lib.eal:error" };
	const char *lcores = "0@0,1@1,2@0,3@1";
	unsigned int neal = 9, p, i, lcore;
	uint64_t seed = 1, t0;
	int bad;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* unique: the same test may run from several build directories at once */
	snprintf(prefix, sizeof(prefix), "ebb_wait_stress_%d", (int)getpid());
	for (i = 1; i < (unsigned int)argc; i++) {
		if (strcmp(argv[i], "--handoffs") == 0 && i + 1 < (unsigned int)argc)
			target = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < (unsigned int)argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--lcores") == 0 && i + 1 < (unsigned int)argc)
			lcores = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--handoffs N] [--seed S] [--lcores MAP]\n",
				argv[0]);
			return 2;
		}
	}
	eal[neal++] = "--lcores";
	eal[neal++] = (char *)(uintptr_t)lcores;
	if (rte_eal_init((int)neal, eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	nb_lcores = rte_lcore_count();
	if (nb_lcores < 2) {
		fprintf(stderr, "needs at least 2 lcores\n");
		return 1;
	}
	pool_size[0] = nb_lcores * HOLD_MAX / 2;       /* 96 with 4 lcores */
	pool_size[1] = nb_lcores * HOLD_MAX * 2 / 3;   /* 128 */
	for (p = 0; p < NB_POOLS; p++) {
		char name[32];

		snprintf(name, sizeof(name), "stress%u", p);
		objs_of[p] = calloc(pool_size[p], sizeof(*objs_of[p]));
		/* pool 1 with lcore caches: the exhaustion mark under the cache's two tries */
		pools[p] = rte_mempool_create_empty(name, pool_size[p], sizeof(struct obj),
						    p == 1 ? 8 : 0, 0,
						    SOCKET_ID_ANY, 0);
		if (pools[p] == NULL ||
		    rte_mempool_set_ops_byname(pools[p], ebb_waitq_ops_name(), NULL) != 0 ||
		    rte_mempool_populate_default(pools[p]) != (int)pool_size[p]) {
			fprintf(stderr, "pool %u: %s\n", p, rte_strerror(rte_errno));
			return 1;
		}
		rte_mempool_obj_iter(pools[p], obj_init, (void *)(uintptr_t)p);
		/* a small control reserve on the second pool */
		if (p == 1 && ebb_wait_pool_set_reserve(pools[p], 8) != 0)
			return 1;
	}
	RTE_LCORE_FOREACH(lcore) {
		struct lc *lc = &lcs[lcore];

		lc->lcore = lcore;
		lc->rng = seed * 0x9E3779B97F4A7C15ULL + lcore + 1;
		for (p = 0; p < NB_POOLS; p++) {
			for (i = 0; i < NB_WAITERS; i++) {
				lc->w[p][i].lc = lc;
				lc->w[p][i].pool = p;
				ebb_waiter_init(&lc->w[p][i].w, pools[p], EBB_WAIT_DATA, s_offer,
						s_timeout, &lc->w[p][i]);
			}
		}
	}
	printf("stress_wait: %u lcores (%s), target %" PRIu64 " hand-offs, seed %" PRIu64 "\n",
	       nb_lcores, lcores, target, seed);
	t0 = rte_get_tsc_cycles();
	rte_eal_mp_remote_launch(worker, NULL, CALL_MAIN);
	rte_eal_mp_wait_lcore();
	printf("%" PRIu64 " objects received by waiters in %.1f s\n",
	       __atomic_load_n(&total_received, __ATOMIC_RELAXED),
	       (double)(rte_get_tsc_cycles() - t0) / rte_get_tsc_hz());
	ebb_wait_pool_set_reserve(pools[1], 0);
	bad = audit();
	for (p = 0; p < NB_POOLS; p++)
		rte_mempool_free(pools[p]);
	rte_eal_cleanup();
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
