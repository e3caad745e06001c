/* SPDX-License-Identifier: BSD-3-Clause */
/* embed_app.c: a DPDK program outside the tree, built from the installed libebbflow.pc,
 * that exhausts an ebb_waitq pool, waits on it from a worker lcore and is served by a free.
 * EAL arguments come from embed_pkgconfig.sh: --no-pci, --no-huge, its own --file-prefix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <ebb_version.h>
#include <ebb_wait.h>
#include <ebb_waitq.h>

#define NB_MBUF 256

static struct rte_mempool *mp;
static void *held[NB_MBUF];
static volatile unsigned int got, registered;
static void *taken[8];

static unsigned int
offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	unsigned int i, k = RTE_MIN(n, w->need);

	for (i = 0; i < k; i++)
		taken[got + i] = objs[i];
	got += k;
	return k;
}

static int
waiter_lcore(void *arg)
{
	struct ebb_waiter w;
	void *obj;
	uint64_t end = rte_get_timer_cycles() + 5 * rte_get_timer_hz();

	(void)arg;
	if (rte_mempool_get(mp, &obj) == 0 || !ebb_wait_exhausted_lcore(mp)) {
		printf("embed: pool not exhausted as expected\n");
		return -1;
	}
	if (ebb_waiter_init(&w, mp, EBB_WAIT_DATA, offer, NULL, NULL) != 0 ||
	    ebb_waiter_register_lcore(&w, 4, 0) != 0)
		return -1;
	__atomic_store_n(&registered, 1, __ATOMIC_RELEASE);
	while (got < 4 && rte_get_timer_cycles() < end)
		ebb_wait_run_lcore();
	return got == 4 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	unsigned int i, n = 0, worker;
	int ret;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "embed: EAL init failed\n");
		return 1;
	}
	mp = rte_pktmbuf_pool_create_by_ops("embed", NB_MBUF, 0, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, ebb_waitq_ops_name());
	if (mp == NULL) {
		fprintf(stderr, "embed: pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	while (n < NB_MBUF && rte_mempool_get(mp, &held[n]) == 0)
		n++;
	worker = rte_get_next_lcore(-1, 1, 0);
	if (n != NB_MBUF || worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "embed: got %u of %u mbufs, worker %u\n", n, NB_MBUF, worker);
		return 1;
	}
	rte_eal_remote_launch(waiter_lcore, NULL, worker);
	while (!__atomic_load_n(&registered, __ATOMIC_ACQUIRE))
		rte_pause();
	for (i = 0; i < 8; i++)          /* the main lcore frees 8: 4 to the waiter */
		rte_mempool_put(mp, held[--n]);
	ret = rte_eal_wait_lcore(worker);
	for (i = 0; i < got; i++)
		rte_mempool_put(mp, taken[i]);
	while (n > 0)
		rte_mempool_put(mp, held[--n]);
	printf("embed: waiter %s, %u handed off, pool %u/%u\n", ret == 0 ? "served" : "NOT served",
	       got, rte_mempool_avail_count(mp), NB_MBUF);
	printf("embed: version %s (headers %s)\n", ebb_version(), EBB_VERSION_STR);
	ret = (ret == 0 && rte_mempool_avail_count(mp) == NB_MBUF &&
	       strcmp(ebb_version(), EBB_VERSION_STR) == 0) ? 0 : 1;
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return ret;
}
