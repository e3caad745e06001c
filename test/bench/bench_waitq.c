/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_waitq.c: ebb_waitq vs ring_mp_mc with nobody waiting, and hand-off latency between lcores.
 *
 * Usage: bench_waitq [EAL args]   (default: -l 0,1 --no-pci --socket-mem 256
 *                                  --huge-unlink --file-prefix ebb_wait_bench_PID;
 *                                  give two lcores on two CPUs)
 * Prints "bench_waitq.<metric> <value>" lines. EBB_BENCH_QUICK=1: fewer rounds.
 */
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
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pause.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

#define BURST 32
#define POOL_N 8191

static unsigned int quick;

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct rte_mempool *
make_pool(const char *name, unsigned int cache, const char *ops)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create_by_ops(name, POOL_N, cache, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id(), ops);

	if (mp == NULL) {
		fprintf(stderr, "pool %s (%s): %s\n", name, ops, rte_strerror(rte_errno));
		exit(1);
	}
	return mp;
}

/* Cycles per object of get_bulk(32) + put_bulk(32), several bursts in flight. */
static double
alloc_free(struct rte_mempool *mp, unsigned int iters)
{
	void *objs[4][BURST];
	uint64_t t0;
	unsigned int i, j;

	t0 = rte_rdtsc_precise();
	for (i = 0; i < iters; i++) {
		for (j = 0; j < 4; j++)
			if (rte_mempool_get_bulk(mp, objs[j], BURST) != 0)
				abort();
		for (j = 0; j < 4; j++)
			rte_mempool_put_bulk(mp, objs[j], BURST);
	}
	return (double)(rte_rdtsc_precise() - t0) / ((double)iters * 4 * BURST);
}

/* Alternate the two pools, median of the rounds for each. */
static void
compare(const char *tag, unsigned int cache)
{
	char n1[32], n2[32];
	struct rte_mempool *w, *r;
	unsigned int rounds = quick ? 5 : 15, iters = quick ? 20000 : 100000, i;
	double cw[15], cr[15], mw, mr;

	snprintf(n1, sizeof(n1), "bw_w%u", cache);
	snprintf(n2, sizeof(n2), "bw_r%u", cache);
	w = make_pool(n1, cache, ebb_waitq_ops_name());
	r = make_pool(n2, cache, "ring_mp_mc");
	alloc_free(w, iters / 10);
	alloc_free(r, iters / 10);
	for (i = 0; i < rounds; i++) {
		cw[i] = alloc_free(w, iters);
		cr[i] = alloc_free(r, iters);
	}
	for (i = 1; i < rounds; i++) {  /* insertion sorts */
		double x = cw[i], y = cr[i];
		unsigned int j;

		for (j = i; j > 0 && cw[j - 1] > x; j--)
			cw[j] = cw[j - 1];
		cw[j] = x;
		for (j = i; j > 0 && cr[j - 1] > y; j--)
			cr[j] = cr[j - 1];
		cr[j] = y;
	}
	mw = cw[rounds / 2];
	mr = cr[rounds / 2];
	printf("bench_waitq.%s.waitq_cycles_per_obj %.2f\n", tag, mw);
	printf("bench_waitq.%s.ring_mp_mc_cycles_per_obj %.2f\n", tag, mr);
	/* throughput of ebb_waitq relative to ring_mp_mc (target >= 0.98), medians */
	printf("bench_waitq.%s.ratio %.3f\n", tag, mr / mw);
	if (!rte_mempool_full(w) || !rte_mempool_full(r))
		fprintf(stderr, "pool not full after the run\n");
	rte_mempool_free(w);
	rte_mempool_free(r);
}

/* ---- hand-off latency: free on the main lcore -> offer callback on the worker ---- */

static struct rte_mempool *lat_pool;
static uint64_t *lat;
static unsigned int lat_iters;
static volatile uint64_t t_free;      /* TSC just before the free (main) */
static volatile unsigned int armed;   /* worker: waiter registered for round i */
static volatile unsigned int done;    /* worker: object given back for round i */
static volatile unsigned int back;    /* main: took it back from the pool for round i */
static void *got_obj;

static unsigned int
lat_offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	uint64_t now = rte_rdtsc();

	lat[(uintptr_t)w->arg] = now - t_free;
	got_obj = objs[0];
	return 1;
}

static int
lat_worker(void *arg)
{
	struct ebb_waiter w;
	unsigned int i;

	(void)arg;
	memset(&w, 0, sizeof(w));
	for (i = 1; i <= lat_iters; i++) {
		while (back != i - 1)  /* the pool is empty again */
			rte_pause();
		if (ebb_waiter_init(&w, lat_pool, EBB_WAIT_DATA, lat_offer, NULL,
				    (void *)(uintptr_t)(i - 1)) != 0 ||
		    ebb_waiter_register_lcore(&w, 1, 0) != 0)
			abort();
		armed = i;
		while (ebb_waiter_waiting(&w))
			ebb_wait_run_lcore();
		while (ebb_wait_run_lcore() != 0)
			;
		rte_mempool_put(lat_pool, got_obj);
		done = i;
	}
	return 0;
}

static void
handoff_latency(unsigned int worker)
{
	void *objs[POOL_N];
	unsigned int n = 0, i;
	double hz = (double)rte_get_tsc_hz();

	lat_iters = quick ? 20000 : 200000;
	lat = calloc(lat_iters, sizeof(*lat));
	lat_pool = make_pool("bw_lat", 0, ebb_waitq_ops_name());
	while (rte_mempool_get(lat_pool, &objs[n]) == 0)
		n++;
	rte_eal_remote_launch(lat_worker, NULL, worker);
	for (i = 1; i <= lat_iters; i++) {
		while (armed != i)
			rte_pause();
		t_free = rte_rdtsc();
		rte_mempool_put(lat_pool, objs[--n]);
		while (done != i)
			rte_pause();
		if (rte_mempool_get(lat_pool, &objs[n]) != 0)
			abort();
		n++;
		back = i;
	}
	rte_eal_wait_lcore(worker);
	qsort(lat, lat_iters, sizeof(*lat), cmp_u64);
	printf("bench_waitq.handoff_latency_median_ns %.0f\n", lat[lat_iters / 2] * 1e9 / hz);
	printf("bench_waitq.handoff_latency_p99_ns %.0f\n", lat[lat_iters * 99 / 100] * 1e9 / hz);
	printf("bench_waitq.handoff_latency_samples %u\n", lat_iters);
	rte_mempool_put_bulk(lat_pool, objs, n);
	if (!rte_mempool_full(lat_pool))
		fprintf(stderr, "latency pool not full after the run\n");
	rte_mempool_free(lat_pool);
	free(lat);
}

/* The engine calls these every loop iteration: their cost with nothing pending. */
static void
idle_cost(void)
{
	struct rte_mempool *mp = make_pool("bw_idle", 0, ebb_waitq_ops_name());
	unsigned int i, iters = quick ? 1000000 : 10000000, sum = 0;
	uint64_t t0 = rte_rdtsc_precise();

	for (i = 0; i < iters; i++) {
		sum += ebb_wait_run_lcore();
		sum += ebb_wait_exhausted_lcore(mp);
		rte_compiler_barrier();
	}
	printf("bench_waitq.idle_run_and_mark_cycles %.2f\n",
	       (double)(rte_rdtsc_precise() - t0) / iters);
	if (sum != 0)
		fprintf(stderr, "unexpected pending work\n");
	rte_mempool_free(mp);
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *def[] = { argv[0], "-l", "0,1", "--no-pci", "--socket-mem", "256", "--huge-unlink",
		"--file-prefix", prefix, "--log-level", "lib.eal:error" };
	unsigned int worker;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(prefix, sizeof(prefix), "ebb_wait_bench_%d", (int)getpid());
	quick = getenv("EBB_BENCH_QUICK") != NULL && strcmp(getenv("EBB_BENCH_QUICK"), "0") != 0;
	ret = argc > 1 ? rte_eal_init(argc, argv) : rte_eal_init(RTE_DIM(def), def);
	if (ret < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	compare("nocache", 0);
	compare("cache256", 256);
	idle_cost();
	worker = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	if (worker >= RTE_MAX_LCORE)
		fprintf(stderr, "hand-off latency needs a second lcore: skipped\n");
	else
		handoff_latency(worker);
	rte_eal_cleanup();
	return 0;
}
