/* SPDX-License-Identifier: BSD-3-Clause */
/* stalled_freer.c: a freer stopped between its claim and its push holds its objects, not the waiter. */
/*
 * Description: lib/wait built with EBB_WAIT_STEPS. A waiter on lcore W asks for 8 objects
 * of an empty pool. Freer A (lcore A) frees 8: it claims the waiter's whole need, then
 * stops at its push step (parked on a semaphore, as a preempted thread). Freer B (the main
 * lcore) frees 8 more: the need reads 0, so they go to the ring. The waiter must be served
 * from the ring while A is stopped (bounded: a number of runs, not a time), then A goes
 * on; its 8 objects are leftovers and go back. Checked: the waiter got exactly 8, and
 * afterwards the pool is full, nothing in refill stacks, demand 0.
 */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>
#include <rte_pause.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

#define POOL_N 16
#define NEED 8
#define RUNS 2000000u

static struct rte_mempool *mp;
static void *objs[64];          /* POOL_N used; bigger for -Warray-bounds */
static struct ebb_waiter w;
static void *got[64];
static unsigned int ngot, runs_used;
static unsigned int lcore_w, lcore_a;
static volatile int armed;
static sem_t stalled, release;

/* Step points: freer A parks at its push once. */
void
ebb_wait_step(enum ebb_wait_step_id where)
{
	if (where != EBB_WAIT_STEP_PUSH || rte_lcore_id() != lcore_a || !armed)
		return;
	armed = 0;
	sem_post(&stalled);
	sem_wait(&release);
}

static unsigned int
offer(struct ebb_waiter *wt, void **o, unsigned int n)
{
	(void)wt;
	for (unsigned int i = 0; i < n; i++)
		got[ngot++] = o[i];
	return n;
}

static int
waiter_register(void *arg)
{
	(void)arg;
	return ebb_waiter_register_lcore(&w, NEED, 0);
}

/* run until served, RUNS at most */
static int
waiter_serve(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < RUNS && ebb_waiter_waiting(&w); i++) {
		ebb_wait_run_lcore();
		rte_pause();
	}
	runs_used = i;
	return 0;
}

/* run until nothing is pending on this lcore (leftovers returned) */
static int
waiter_drain(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < RUNS && ebb_wait_hot[rte_lcore_id()].active != 0; i++)
		ebb_wait_run_lcore();
	return ebb_wait_hot[rte_lcore_id()].active != 0;
}

static int
freer_a(void *arg)
{
	(void)arg;
	rte_mempool_put_bulk(mp, objs, NEED);
	return 0;
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[] = { argv[0], "--no-pci", "--no-huge", "-m", "128", "--file-prefix", prefix,
		"--lcores", "0@0,1@1,2@0", "--log-level", "lib.eal:error" };
	struct ebb_wait_pool_info info;
	unsigned int n = 0;
	int bad = 0;

	(void)argc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(prefix, sizeof(prefix), "ebb_wait_stall_%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	lcore_w = rte_get_next_lcore(-1, 1, 0);
	lcore_a = rte_get_next_lcore(lcore_w, 1, 0);
	if (lcore_a >= RTE_MAX_LCORE) {
		fprintf(stderr, "needs 2 worker lcores\n");
		return 1;
	}
	sem_init(&stalled, 0, 0);
	sem_init(&release, 0, 0);
	mp = rte_mempool_create_empty("stall", POOL_N, 64, 0, 0, SOCKET_ID_ANY, 0);
	if (mp == NULL || rte_mempool_set_ops_byname(mp, ebb_waitq_ops_name(), NULL) != 0 ||
	    rte_mempool_populate_default(mp) != POOL_N ||
	    ebb_waiter_init(&w, mp, EBB_WAIT_DATA, offer, NULL, NULL) != 0) {
		fprintf(stderr, "pool creation failed\n");
		return 1;
	}
	while (n < POOL_N && rte_mempool_get(mp, &objs[n]) == 0)
		n++;

	rte_eal_remote_launch(waiter_register, NULL, lcore_w);
	if (rte_eal_wait_lcore(lcore_w) != 0) {
		fprintf(stderr, "register failed\n");
		return 1;
	}
	armed = 1;
	rte_eal_remote_launch(freer_a, NULL, lcore_a);
	sem_wait(&stalled);                              /* A claimed 8, stopped before its push */
	rte_mempool_put_bulk(mp, &objs[NEED], POOL_N - NEED); /* B: need reads 0: the ring */
	ebb_wait_pool_info(mp, &info);
	printf("freer A stopped after its claim; B freed %u: ring %u, refill %u\n",
	       POOL_N - NEED, info.in_ring, info.in_refill);
	rte_eal_remote_launch(waiter_serve, NULL, lcore_w);
	rte_eal_wait_lcore(lcore_w);
	if (w.state != EBB_WAITER_DONE || ngot != NEED) {
		printf("FAIL: waiter not served while freer A is stopped (state %d, got %u, "
		       "%u runs)\n", w.state, ngot, runs_used);
		bad++;
	} else {
		printf("ok: waiter served from the ring while freer A is stopped (%u runs)\n",
		       runs_used);
	}
	sem_post(&release);                              /* A pushes: leftovers */
	rte_eal_wait_lcore(lcore_a);
	rte_eal_remote_launch(waiter_drain, NULL, lcore_w);
	if (rte_eal_wait_lcore(lcore_w) != 0) {
		printf("FAIL: the waiter's lcore still has work pending\n");
		bad++;
	}
	ebb_wait_pool_info(mp, &info);
	rte_mempool_put_bulk(mp, got, ngot);
	if (info.in_refill != 0 || info.demand != 0 || info.waiting_lcores != 0 ||
	    !rte_mempool_full(mp)) {
		printf("FAIL: refill %u demand %u waiting %u, %u of %u in the pool\n",
		       info.in_refill, info.demand, info.waiting_lcores,
		       rte_mempool_avail_count(mp), POOL_N);
		bad++;
	}
	rte_mempool_free(mp);
	rte_eal_cleanup();
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
