/* SPDX-License-Identifier: BSD-3-Clause */
/* test_pool.c: pool sizing, per-socket planning on injected topologies, creation, audit. */
/*
 * Description: the size formula's values; which sockets get a pool and which pool each
 * port draws on for injected 1-, 2- and 4-socket layouts, with fallback where a socket
 * has no memory; overrides; errors with their exact errno; then real pools under EAL
 * (lookup, audit of missing and double-freed mbufs, creation errors).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "ebb_pool.h"

/* An injected machine: socket of each port and lcore, memory per socket. */
struct fake_topo {
	int port_socket[8];
	int lcore_socket[8];
	bool mem[EBB_POOL_MAX_SOCKETS];
};

static int
fake_port(uint16_t port, void *arg)
{
	return ((struct fake_topo *)arg)->port_socket[port];
}

static int
fake_lcore(unsigned int lcore, void *arg)
{
	return ((struct fake_topo *)arg)->lcore_socket[lcore];
}

static bool
fake_mem(int socket, void *arg)
{
	return ((struct fake_topo *)arg)->mem[socket];
}

static struct fake_topo ft;
static const struct ebb_pool_topo topo = {
	.port_socket = fake_port, .lcore_socket = fake_lcore, .socket_has_memory = fake_mem,
	.arg = &ft,
};
static unsigned int lcores[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

/* nb_ports ports 0.., nb_lcores lcores 0.., defaults rxd = txd = 1024, burst 32 */
static void
req_init(struct ebb_pool_req *r, uint16_t nb_ports, unsigned int nb_lcores)
{
	memset(r, 0, sizeof(*r));
	r->nb_ports = nb_ports;
	for (uint16_t i = 0; i < nb_ports; i++)
		r->ports[i] = i;
	r->nb_rxq = 1;
	r->nb_rxd = 1024;
	r->nb_txd = 1024;
	r->burst = 32;
	r->nb_lcores = nb_lcores;
	r->lcores = lcores;
}

static void
topo_reset(void)
{
	memset(&ft, 0, sizeof(ft));
}

static void
test_formula(void)
{
	/* 2 * (1024 + 1024 + 32) + 1 * (384 + 32) + 512 = 5088 -> 5120 (header example) */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(2, 1024, 1024, 32, 1, 256), 5120);
	/* 2080 + 512 = 2592 -> 3072 */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(1, 1024, 1024, 32, 0, 256), 3072);
	/* 4 * 1088 + 2 * (384 + 64) + 512 = 5760 -> 6144 */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(4, 512, 512, 64, 2, 256), 6144);
	/* exact multiple stays: 1 * (255 + 256 + 1) + 0 + 512 = 1024 */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(1, 255, 256, 1, 0, 0), 1024);
	CU_ASSERT_EQUAL(ebb_pool_size_formula(1, 255, 256, 2, 0, 0), 2048);
	/* 0 queues: only caches and margin */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(0, 1024, 1024, 32, 2, 256), 2048);
	/* too big for 32 bits */
	CU_ASSERT_EQUAL(ebb_pool_size_formula(UINT32_MAX, 65535, 65535, 512, 0, 0), 0);
}

static void
test_plan_errors(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_plan p;

	topo_reset();
	ft.mem[0] = true;
	req_init(&r, 2, 1);
	CU_ASSERT_EQUAL(ebb_pool_plan(NULL, &topo, &p), -EINVAL);
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, NULL), -EINVAL);
	r.nb_ports = 0;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); r.nb_rxq = 0;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); r.burst = 0;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); r.mbuf_size = RTE_PKTMBUF_HEADROOM;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); r.lcores = NULL;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); memset(r.ops, 'x', sizeof(r.ops));
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); ft.port_socket[1] = EBB_POOL_MAX_SOCKETS;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	ft.port_socket[1] = 0; ft.lcore_socket[0] = EBB_POOL_MAX_SOCKETS;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	topo_reset(); /* no socket has memory */
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -ENOMEM);
	ft.mem[0] = true;
	req_init(&r, 2, 1); r.nb_rxq = 65535; r.nb_rxd = r.nb_txd = 65535; r.burst = 512;
	r.nb_ports = 8; /* 8 * 65535 * 131582 > 2^32 */
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -ERANGE);
	/* a cache asked for: at most DPDK's largest, and kept whole (never shrunk) */
	req_init(&r, 2, 1); r.cache_set = true; r.cache = RTE_MEMPOOL_CACHE_MAX_SIZE + 1;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	req_init(&r, 2, 1); r.cache_set = true; r.cache = 100; r.total_num_mbufs = 149;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
}

static void
test_plan_1socket(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_plan p;

	topo_reset();
	ft.mem[0] = true;
	req_init(&r, 2, 1);
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_TRUE(p.socket[0].used);
	CU_ASSERT_FALSE(p.socket[1].used);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 2);
	CU_ASSERT_EQUAL(p.socket[0].nb_lcores, 1);
	CU_ASSERT_EQUAL(p.socket[0].size, 5120);
	CU_ASSERT_EQUAL(p.socket[0].cache, EBB_POOL_CACHE);
	CU_ASSERT_EQUAL(p.port_pool[0], 0);
	CU_ASSERT_EQUAL(p.port_pool[1], 0);
	CU_ASSERT_FALSE(p.port_fallback[0] || p.port_fallback[1]);
	CU_ASSERT_EQUAL(p.mbuf_size, EBB_POOL_DEFAULT_MBUF_SIZE);
	CU_ASSERT_STRING_EQUAL(p.ops, "ring_mp_mc");

	/* an unknown port socket (SOCKET_ID_ANY) counts as socket 0 */
	ft.port_socket[1] = -1;
	req_init(&r, 2, 1);
	r.nb_rxq = 4;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_EQUAL(p.port_pool[1], 0);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 8);
	CU_ASSERT_EQUAL(p.socket[0].size, ebb_pool_size_formula(8, 1024, 1024, 32, 1, 256));
}

static void
test_plan_2socket(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_plan p;

	topo_reset();
	ft.mem[0] = ft.mem[1] = true;
	ft.port_socket[1] = 1;
	ft.lcore_socket[1] = 1;
	req_init(&r, 2, 2);
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 2);
	CU_ASSERT_EQUAL(p.port_pool[0], 0);
	CU_ASSERT_EQUAL(p.port_pool[1], 1);
	/* 2080 + 2 * 416 + 512 = 3424 -> 4096 each */
	CU_ASSERT_EQUAL(p.socket[0].size, 4096);
	CU_ASSERT_EQUAL(p.socket[1].size, 4096);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 1);

	/* ports both on socket 1, lcore on socket 0: both sockets get a pool */
	ft.port_socket[0] = 1;
	ft.lcore_socket[1] = 0;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 2);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 0);
	CU_ASSERT_EQUAL(p.socket[0].size, 2048); /* 2 * 416 + 512 = 1344 -> 2048 */
	CU_ASSERT_EQUAL(p.socket[1].nb_queues, 2);
	CU_ASSERT_EQUAL(p.port_pool[0], 1);
	CU_ASSERT_EQUAL(p.port_pool[1], 1);

	/* socket 1 without memory: its port falls back to socket 0 (the lcores' socket) */
	ft.mem[1] = false;
	ft.port_socket[0] = 0;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_FALSE(p.socket[1].used);
	CU_ASSERT_EQUAL(p.port_pool[1], 0);
	CU_ASSERT_TRUE(p.port_fallback[1]);
	CU_ASSERT_FALSE(p.port_fallback[0]);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 2);
}

static void
test_plan_4socket(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_plan p;

	/* ports on sockets 0..3, socket 2 has no memory, lcores on 0 and 3 */
	topo_reset();
	ft.mem[0] = ft.mem[1] = ft.mem[3] = true;
	for (int i = 0; i < 4; i++)
		ft.port_socket[i] = i;
	ft.lcore_socket[0] = 0;
	ft.lcore_socket[1] = 3;
	req_init(&r, 4, 2);
	r.nb_rxq = 2;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 3);
	CU_ASSERT_TRUE(p.socket[0].used && p.socket[1].used && p.socket[3].used);
	CU_ASSERT_FALSE(p.socket[2].used);
	CU_ASSERT_EQUAL(p.port_pool[0], 0);
	CU_ASSERT_EQUAL(p.port_pool[1], 1);
	CU_ASSERT_EQUAL(p.port_pool[2], 0);
	CU_ASSERT_EQUAL(p.port_pool[3], 3);
	CU_ASSERT_TRUE(p.port_fallback[2]);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 4);
	CU_ASSERT_EQUAL(p.socket[1].nb_queues, 2);
	CU_ASSERT_EQUAL(p.socket[0].size, ebb_pool_size_formula(4, 1024, 1024, 32, 2, 256));
	CU_ASSERT_EQUAL(p.socket[3].size, ebb_pool_size_formula(2, 1024, 1024, 32, 2, 256));

	/* lcores only on memoryless sockets: the fallback is the lowest port socket with
	 * memory; no pool for the lcores' socket */
	topo_reset();
	ft.mem[0] = ft.mem[2] = true;
	ft.port_socket[0] = 1;
	ft.port_socket[1] = 3;
	ft.port_socket[2] = 2;
	ft.lcore_socket[0] = 1;
	ft.lcore_socket[1] = 3;
	req_init(&r, 3, 2);
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_TRUE(p.socket[2].used);
	CU_ASSERT_FALSE(p.socket[0].used);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(p.port_pool[i], 2);
	CU_ASSERT_TRUE(p.port_fallback[0] && p.port_fallback[1] && !p.port_fallback[2]);

	/* nothing in use has memory, socket 0 has: everything falls back there */
	ft.mem[2] = false;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_TRUE(p.socket[0].used);
	CU_ASSERT_EQUAL(p.port_pool[2], 0);
	CU_ASSERT_EQUAL(p.socket[0].nb_queues, 3);
}

static void
test_plan_overrides(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_plan p;

	topo_reset();
	ft.mem[0] = ft.mem[1] = true;
	ft.port_socket[1] = 1;
	req_init(&r, 2, 1);
	r.total_num_mbufs = 1000;
	r.mbuf_size = 4096;
	strcpy(r.ops, "ebb_waitq");
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].size, 1000);
	CU_ASSERT_EQUAL(p.socket[1].size, 1000);
	CU_ASSERT_EQUAL(p.socket[0].cache, 256);
	CU_ASSERT_EQUAL(p.mbuf_size, 4096);
	CU_ASSERT_STRING_EQUAL(p.ops, "ebb_waitq");
	/* small pools: cache shrinks so that DPDK's 1.5 x cache <= size holds */
	r.total_num_mbufs = 300;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].cache, 200);
	r.total_num_mbufs = 1;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].cache, 0);
	/* --mbcache: the cache asked for, in the formula's size too */
	req_init(&r, 2, 1);
	r.cache_set = true;
	r.cache = 100;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].cache, 100);
	CU_ASSERT_EQUAL(p.socket[0].size,
			ebb_pool_size_formula(1, r.nb_rxd, r.nb_txd, r.burst, r.nb_lcores, 100));
	r.total_num_mbufs = 150;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].cache, 100);
	r.cache = 0;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.socket[0].cache, 0);
	/* --socket-num 1: one pool there, both ports (on sockets 0 and 1) draw on it, and the
	 * lcores' socket 0 gets none */
	req_init(&r, 2, 1);
	r.one_socket = true;
	r.socket = 1;
	CU_ASSERT_EQUAL_FATAL(ebb_pool_plan(&r, &topo, &p), 0);
	CU_ASSERT_EQUAL(p.nb_pools, 1);
	CU_ASSERT_FALSE(p.socket[0].used);
	CU_ASSERT_TRUE(p.socket[1].used);
	CU_ASSERT_EQUAL(p.socket[1].nb_queues, 2);
	CU_ASSERT_EQUAL(p.port_pool[0], 1);
	CU_ASSERT_EQUAL(p.port_pool[1], 1);
	CU_ASSERT_FALSE(p.port_fallback[0]);
	/* a socket without memory, or out of range: refused */
	ft.mem[1] = false;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -ENOMEM);
	r.socket = EBB_POOL_MAX_SOCKETS;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
	r.socket = -1;
	CU_ASSERT_EQUAL(ebb_pool_plan(&r, &topo, &p), -EINVAL);
}

/* --- real pools, under EAL --- */

static const struct ebb_pool_topo *real;

static int
real_port(uint16_t port, void *arg)
{
	RTE_SET_USED(arg);
	return port == 5 ? 0 : -1; /* no real ports here */
}

static int
real_lcore(unsigned int lcore, void *arg)
{
	RTE_SET_USED(arg);
	return real->lcore_socket(lcore, real->arg);
}

static bool
real_mem(int socket, void *arg)
{
	RTE_SET_USED(arg);
	return real->socket_has_memory(socket, real->arg);
}

static const struct ebb_pool_topo here = {
	.port_socket = real_port, .lcore_socket = real_lcore, .socket_has_memory = real_mem,
};

static void
test_default_topo(void)
{
	real = ebb_pool_topo_default();
	CU_ASSERT_PTR_NOT_NULL_FATAL(real);
	CU_ASSERT_TRUE(real->socket_has_memory(0, real->arg));
	CU_ASSERT_FALSE(real->socket_has_memory(EBB_POOL_MAX_SOCKETS - 1, real->arg));
	CU_ASSERT_EQUAL(real->lcore_socket(rte_get_main_lcore(), real->arg), 0);
	CU_ASSERT(real->port_socket(RTE_MAX_ETHPORTS - 1, real->arg) < 0);
}

static void
test_create_errors(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_set *set;
	unsigned int lc = rte_get_main_lcore();

	req_init(&r, 1, 1);
	r.lcores = &lc;
	r.ports[0] = 5;
	r.total_num_mbufs = 512;
	r.nb_rxq = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(ebb_pool_set_create(&r, &here));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	r.nb_rxq = 1;
	strcpy(r.ops, "ebb_no_such_ops");
	CU_ASSERT_PTR_NULL(ebb_pool_set_create(&r, &here));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_mempool_lookup("ebb_pool_0")); /* nothing left behind */

	r.ops[0] = '\0';
	set = ebb_pool_set_create(&r, &here);
	CU_ASSERT_PTR_NOT_NULL_FATAL(set);
	CU_ASSERT_PTR_NULL(ebb_pool_set_create(&r, &here));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	ebb_pool_set_free(set);
	ebb_pool_set_free(NULL);
	CU_ASSERT_PTR_NULL(rte_mempool_lookup("ebb_pool_0"));
}

static void
test_create_audit(void)
{
	struct ebb_pool_req r;
	struct ebb_pool_set *set;
	struct ebb_pool_audit a;
	struct rte_mbuf *m[10];
	struct rte_mempool *mp;
	unsigned int lc = rte_get_main_lcore();

	req_init(&r, 1, 1);
	r.lcores = &lc;
	r.ports[0] = 5;
	r.nb_rxd = r.nb_txd = 128;
	r.mbuf_size = 1024;
	set = ebb_pool_set_create(&r, &here);
	CU_ASSERT_PTR_NOT_NULL_FATAL(set);
	mp = ebb_pool_for_port(set, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
	CU_ASSERT_PTR_EQUAL(ebb_pool_for_socket(set, 0), mp);
	CU_ASSERT_STRING_EQUAL(mp->name, "ebb_pool_0");
	CU_ASSERT_EQUAL(mp->size, ebb_pool_size_formula(1, 128, 128, 32, 1, 256));
	CU_ASSERT_EQUAL(rte_pktmbuf_data_room_size(mp), 1024);
	CU_ASSERT_EQUAL(mp->cache_size, EBB_POOL_CACHE);

	CU_ASSERT_PTR_NULL(ebb_pool_for_port(set, 6));
	CU_ASSERT_EQUAL(rte_errno, ENODEV);
	CU_ASSERT_PTR_NULL(ebb_pool_for_socket(set, 1));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_PTR_NULL(ebb_pool_for_socket(set, -1));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_EQUAL(ebb_pool_audit(NULL, &a), -EINVAL);

	CU_ASSERT_EQUAL(ebb_pool_audit(mp, &a), 0);
	CU_ASSERT_EQUAL(a.avail, mp->size);
	CU_ASSERT_EQUAL(a.missing + a.excess, 0);

	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_alloc_bulk(mp, m, 10), 0);
	CU_ASSERT_EQUAL(ebb_pool_audit(mp, &a), -EAGAIN);
	CU_ASSERT_EQUAL(a.missing, 10);
	CU_ASSERT_EQUAL(a.avail, mp->size - 10);
	rte_pktmbuf_free_bulk(m, 10);
	CU_ASSERT_EQUAL(ebb_pool_audit(mp, NULL), 0);

	/* a double free shows as an excess, which avail_count would clamp away */
	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_alloc_bulk(mp, m, 1), 0);
	rte_mempool_put(mp, m[0]);
	rte_mempool_put(mp, m[0]);
	CU_ASSERT_EQUAL(ebb_pool_audit(mp, &a), -EOVERFLOW);
	CU_ASSERT_EQUAL(a.excess, 1);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), mp->size);
	CU_ASSERT_EQUAL(rte_mempool_get(mp, (void **)&m[0]), 0); /* take the extra copy */
	CU_ASSERT_EQUAL(ebb_pool_audit(mp, NULL), 0);
	ebb_pool_set_free(set);
}

int
main(void)
{
	char *eal[] = { "test_pool", "--no-pci", "--no-huge", "-m", "256", "--lcores", "0@0",
			"--file-prefix", "ebb_data_pool", "--log-level", "*:warning" };
	CU_pSuite s;
	unsigned int fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("pool plan", NULL, NULL);
	CU_add_test(s, "size formula", test_formula);
	CU_add_test(s, "plan errors", test_plan_errors);
	CU_add_test(s, "1 socket", test_plan_1socket);
	CU_add_test(s, "2 sockets", test_plan_2socket);
	CU_add_test(s, "4 sockets", test_plan_4socket);
	CU_add_test(s, "overrides", test_plan_overrides);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures();
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	CU_cleanup_registry();
	CU_initialize_registry();
	s = CU_add_suite("pool create", NULL, NULL);
	CU_add_test(s, "default topology", test_default_topo);
	CU_add_test(s, "create errors", test_create_errors);
	CU_add_test(s, "create, lookup, audit", test_create_audit);
	CU_basic_run_tests();
	fails += CU_get_number_of_failures();
	CU_cleanup_registry();
	rte_eal_cleanup();
	return fails ? 1 : 0;
}
