/* SPDX-License-Identifier: BSD-3-Clause */
/* interleave_wait.c: every schedule of one waiter lcore and one freer lcore over the real
 * lib/wait code, one shared-memory access at a time.
 *
 * lib/wait is built here with EBB_WAIT_STEPS: at each step point (lib/wait/wait_steps.h)
 * the lcore parks on a semaphore and this scheduler lets exactly one lcore run to its next step,
 * so a run is deterministic and a schedule is a list of choices. Depth-first over the
 * choices (replay a prefix, then waiter first; backtrack to the last waiter choice and
 * take the freer instead) covers every interleaving in which the waiter takes at most
 * MAXW steps before the freer is done (its later steps only poll); after that the
 * waiter runs alone and must end with its need met. Checked after every schedule: the
 * waiter is done and got exactly its need, the rest is in the ring, nothing in refill
 * stacks, demand and waiting lcores back to 0, the pool full again.
 * This is sequentially consistent execution; the weak-memory stale read is in
 * test/model/wait.pml.
 */
#include <inttypes.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

#define POOL_N 8
#define MAXC 256                /* choice points in one schedule, at most */

enum { WAITER, FREER, NTHR };

static sem_t go[NTHR], parked;
static volatile int done[NTHR];
static unsigned int lcore_of[NTHR];
static volatile int stepping;
static unsigned int nsteps[NTHR];

static struct rte_mempool *mp;
static void *held[64];          /* the main lcore's objects (POOL_N; bigger for -Warray-bounds) */
static unsigned int nheld;

/* scenario */
static unsigned int need, nput, maxw;
static bool bulk;
static struct ebb_waiter w;
static void *got[64];
static unsigned int ngot;

static unsigned int
offer(struct ebb_waiter *wt, void **objs, unsigned int n)
{
	unsigned int i;

	(void)wt;
	for (i = 0; i < n; i++)
		got[ngot++] = objs[i];
	return n;
}

void
ebb_wait_step(enum ebb_wait_step_id where)
{
	unsigned int lc = rte_lcore_id(), t;

	(void)where;
	if (!stepping || lc == rte_get_main_lcore() || lc >= RTE_MAX_LCORE)
		return;
	t = lc == lcore_of[WAITER] ? WAITER : FREER;
	nsteps[t]++;
	sem_post(&parked);
	sem_wait(&go[t]);
}

static int
waiter_role(void *arg)
{
	unsigned int i, lc = rte_lcore_id();

	(void)arg;
	ebb_wait_step(EBB_WAIT_STEP_RUN);       /* park before anything */
	if (ebb_waiter_register_lcore(&w, need, 0) != 0)
		abort();
	/* poll like the engine; ends when served and nothing is in flight to us */
	for (i = 0; i < 1000 && (ebb_waiter_waiting(&w) || ebb_wait_hot[lc].active); i++)
		ebb_wait_run_lcore();
	done[WAITER] = 1;
	sem_post(&parked);
	return 0;
}

static int
freer_role(void *arg)
{
	unsigned int i;

	(void)arg;
	ebb_wait_step(EBB_WAIT_STEP_RUN);
	if (bulk) {
		rte_mempool_put_bulk(mp, &held[nheld - nput], nput);
	} else {
		for (i = 0; i < nput; i++)
			rte_mempool_put(mp, held[nheld - 1 - i]);
	}
	done[FREER] = 1;
	sem_post(&parked);
	return 0;
}

/* Run one schedule: choices[0..nprefix-1] forced, then waiter first.
 * @return number of choice points taken (their values in taken[]). */
static unsigned int
run_one(const int *prefix, unsigned int nprefix, int *taken, int *bad)
{
	struct ebb_wait_pool_info info;
	unsigned int nt = 0, wsteps = 0, i;

	memset(&w, 0, sizeof(w));
	if (ebb_waiter_init(&w, mp, EBB_WAIT_DATA, offer, NULL, NULL) != 0)
		abort();
	ngot = 0;
	done[WAITER] = done[FREER] = 0;
	stepping = 1;
	rte_eal_remote_launch(waiter_role, NULL, lcore_of[WAITER]);
	rte_eal_remote_launch(freer_role, NULL, lcore_of[FREER]);
	sem_wait(&parked);
	sem_wait(&parked);
	while (!(done[WAITER] && done[FREER])) {
		int t;

		if (done[WAITER]) {
			t = FREER;
		} else if (done[FREER]) {
			t = WAITER;
		} else if (wsteps >= maxw) {
			t = FREER;                  /* bound: the waiter only polls from here */
		} else {
			if (nt >= MAXC)
				abort();
			t = nt < nprefix ? prefix[nt] : WAITER;
			taken[nt++] = t;
		}
		if (t == WAITER && !done[FREER])
			wsteps++;
		sem_post(&go[t]);
		sem_wait(&parked);
	}
	rte_eal_wait_lcore(lcore_of[WAITER]);
	rte_eal_wait_lcore(lcore_of[FREER]);
	stepping = 0;

	/* the verdict */
	nheld -= nput;
	ebb_wait_pool_info(mp, &info);
	if (w.state != EBB_WAITER_DONE || ngot != need || info.in_ring != nput - need ||
	    info.in_refill != 0 || info.demand != 0 || info.waiting_lcores != 0) {
		printf("FAIL need %u put %u%s: schedule", need, nput, bulk ? " bulk" : "");
		for (i = 0; i < nt; i++)
			printf(" %c", taken[i] == WAITER ? 'W' : 'F');
		printf(": state %d got %u ring %u refill %u demand %u waiting %u\n", w.state,
		       ngot, info.in_ring, info.in_refill, info.demand, info.waiting_lcores);
		(*bad)++;
	}
	/* everything back to the main lcore: the pool is empty again */
	for (i = 0; i < ngot; i++)
		held[nheld++] = got[i];
	while (nheld < POOL_N && rte_mempool_get(mp, &held[nheld]) == 0)
		nheld++;
	if (nheld != POOL_N) {
		printf("FAIL: %u of %u objects came back\n", nheld, POOL_N);
		(*bad)++;
		nheld = POOL_N;                 /* keep going with what we have */
	}
	return nt;
}

static int
explore(unsigned int need_, unsigned int nput_, bool bulk_, unsigned int maxw_)
{
	static int prefix[MAXC], taken[MAXC];
	unsigned int nprefix = 0, nt, runs = 0;
	uint64_t steps = 0;
	int bad = 0, i;

	need = need_;
	nput = nput_;
	bulk = bulk_;
	maxw = maxw_;
	for (;;) {
		nsteps[WAITER] = nsteps[FREER] = 0;
		nt = run_one(prefix, nprefix, taken, &bad);
		steps += nsteps[WAITER] + nsteps[FREER];
		runs++;
		if (bad > 5)
			break;
		/* next: the last waiter choice becomes a freer choice */
		for (i = (int)nt - 1; i >= 0 && taken[i] == FREER; i--)
			;
		if (i < 0)
			break;
		memcpy(prefix, taken, sizeof(int) * i);
		prefix[i] = FREER;
		nprefix = (unsigned int)i + 1;
	}
	printf("need %u, %u free%s%s, waiter steps before the freer ends <= %u: %u schedules, "
	       "%" PRIu64 " steps, %s\n", need, nput, nput > 1 ? "s" : "",
	       bulk ? " (one bulk put)" : "", maxw, runs, steps, bad ? "FAIL" : "ok");
	return bad;
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[] = { argv[0], "--no-pci", "--no-huge", "-m", "128", "--file-prefix", prefix,
		"--lcores", "0@0,1@1,2@1", "--log-level", "lib.eal:error" };
	unsigned int lc, i;
	int bad = 0;

	(void)argc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(prefix, sizeof(prefix), "ebb_wait_ilv_%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	lc = rte_get_next_lcore(-1, 1, 0);
	lcore_of[WAITER] = lc;
	lcore_of[FREER] = rte_get_next_lcore(lc, 1, 0);
	if (lcore_of[FREER] >= RTE_MAX_LCORE) {
		fprintf(stderr, "needs 2 worker lcores\n");
		return 1;
	}
	for (i = 0; i < NTHR; i++)
		sem_init(&go[i], 0, 0);
	sem_init(&parked, 0, 0);
	mp = rte_mempool_create_empty("ilv", POOL_N, 64, 0, 0, SOCKET_ID_ANY, 0);
	if (mp == NULL || rte_mempool_set_ops_byname(mp, ebb_waitq_ops_name(), NULL) != 0 ||
	    rte_mempool_populate_default(mp) != POOL_N) {
		fprintf(stderr, "pool creation failed\n");
		return 1;
	}
	while (nheld < POOL_N && rte_mempool_get(mp, &held[nheld]) == 0)
		nheld++;

	bad += explore(1, 1, false, 12);
	bad += explore(1, 2, false, 8);
	bad += explore(2, 2, false, 8);
	bad += explore(2, 3, true, 10);

	rte_mempool_put_bulk(mp, held, nheld);
	if (!rte_mempool_full(mp)) {
		printf("FAIL: pool not full at the end\n");
		bad++;
	}
	rte_mempool_free(mp);
	rte_eal_cleanup();
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
