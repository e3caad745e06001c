/* SPDX-License-Identifier: BSD-3-Clause */
/* test_engine.c: the real engine on net_null and net_ring ports: modes, counters, audit. */
/*
 * Description: init/start/run/stop the engine on two net_null ports in io, mac, macswap,
 * rxonly, txonly and tx_first; counters add up (TX + TX-dropped = RX of the peer); then on
 * two net_ring ports whose rings the test reads: mac rewrites the addresses, txonly sends
 * frames of --txpkts bytes. Every case ends with the pool audit.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_timer.h>

#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"
#include "ebb_wait.h"

#define RUN_MS 200
#define TXPKTS 100

static struct ebb_engine_conf base;

static void
conf_base(struct ebb_engine_conf *c)
{
	ebb_engine_conf_defaults(c);
	c->total_num_mbufs = 4096;
	c->nb_rxd = 256;
	c->nb_txd = 256;
	c->nb_fwd_lcores = 1;
}

/* Audit and check the printed line says every mbuf is back. */
static void
audit_ok(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned int missing;

	missing = ebb_engine_audit(f);
	fclose(f);
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "mbufs returned\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "missing"));
	if (missing)
		fputs(text, stderr);
	free(text);
}

/* Bounded poll: until cond holds, 1 ms steps, 20 s at most (a loaded machine is slow,
 * never that slow). The caller asserts cond afterwards. */
#define POLL_UNTIL(cond) \
	for (unsigned int poll_i_ = 0; poll_i_ < 20000 && !(cond); poll_i_++) \
		usleep(1000)

/* Loop iterations of the forwarding lcore that looped least. */
static uint64_t
loops_min(void)
{
	struct ebb_lcore_stats ls[4];
	unsigned int n = ebb_engine_lcore_stats(ls, RTE_DIM(ls));
	uint64_t min = n == 0 ? 0 : UINT64_MAX;

	for (unsigned int i = 0; i < n; i++)
		min = RTE_MIN(min, ls[i].loops);
	return min;
}

/* Forward for ms, and at least until every lcore looped 500 times (loaded machine). */
static void
run_for(unsigned int ms, bool tx_first)
{
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(tx_first), 0);
	CU_ASSERT_TRUE(ebb_engine_running());
	usleep(ms * 1000);
	POLL_UNTIL(loops_min() >= 500);
	CU_ASSERT(loops_min() >= 500);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT_FALSE(ebb_engine_running());
}

static void
stats2(struct ebb_port_stats *p0, struct ebb_port_stats *p1)
{
	CU_ASSERT_EQUAL(ebb_engine_port_stats(0, p0), 0);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(1, p1), 0);
}

/* negative cases first: nothing may be left half-initialised */
static void
test_init_errors(void)
{
	struct ebb_engine_conf c;

	CU_ASSERT_EQUAL(ebb_engine_init(NULL), -EINVAL);
	conf_base(&c); c.burst = 0;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.burst = EBB_MAX_BURST + 1;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); strcpy(c.fwd_mode, "nosuchmode");
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_fwd_lcores = 3; /* two workers only */
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_rxq = 2; c.nb_txq = 1;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.txpkts = 41;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.txpkts = EBB_DEFAULT_MBUF_SIZE;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_txsegs = 2; c.txsegs[0] = 64; c.txsegs[1] = 0;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_txsegs = 2; c.txsegs[0] = 41; c.txsegs[1] = 64;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_txsegs = EBB_ENGINE_MAX_TXSEGS + 1;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.nb_rxq = 0;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	/* --mbcache: 0 needs no_wait (the wake path fills the lcore cache), at most 512,
	 * at most 2/3 of the pool */
	conf_base(&c); c.mbcache_set = true; c.mbcache = 0;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.mbcache_set = true; c.mbcache = 513;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.mbcache_set = true; c.mbcache = 300; c.total_num_mbufs = 449;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	/* offloads net_null cannot do: refused at configure, nothing left behind */
	conf_base(&c); c.rx_offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.tx_offloads = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	/* --socket-num: out of range, or a socket without memory (this test has node 0) */
	conf_base(&c); c.socket_num_set = true; c.socket_num = RTE_MAX_NUMA_NODES;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_base(&c); c.socket_num_set = true; c.socket_num = RTE_MAX_NUMA_NODES - 1;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_start(false), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_stop(), -EALREADY);
	CU_ASSERT_EQUAL(ebb_engine_nb_ports(), 0);
}

static void
test_init(void)
{
	char modes[128];

	conf_base(&base);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&base), 0);
	CU_ASSERT_EQUAL(ebb_engine_init(&base), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_nb_ports(), 2);
	CU_ASSERT_STRING_EQUAL(ebb_engine_fwd_mode(), "io");
	ebb_engine_fwd_modes(modes, sizeof(modes));
	CU_ASSERT_STRING_EQUAL(modes, "5tswap|csum|delay|flowgen|icmpecho|io|mac|macswap|rxonly|txonly");
	CU_ASSERT_EQUAL(ebb_engine_conf()->total_num_mbufs, 4096);
	{
		struct ebb_pool_info pi[4];

		CU_ASSERT_EQUAL(ebb_engine_pools(pi, 4), 1);
		CU_ASSERT_EQUAL(pi[0].cache, 256); /* no --mbcache: ebb_pool's default */
	}
}

static void
test_setter_errors(void)
{
	struct ebb_lcore_stats ls[4];

	CU_ASSERT_EQUAL(ebb_engine_set_fwd("nosuchmode"), -ENOENT);
	CU_ASSERT_EQUAL(ebb_engine_set_fwd(NULL), -ENOENT);
	CU_ASSERT_EQUAL(ebb_engine_set_burst(0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_burst(EBB_MAX_BURST + 1), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(3), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(7, &(struct ebb_port_stats){ 0 }), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_port_stats_clear(7), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(2), 0);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 4), 2); /* one stream each */
	CU_ASSERT_EQUAL(ls[0].lcore_id, 1);
	CU_ASSERT_EQUAL(ls[1].lcore_id, 2);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(1), 0);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 4), 1);
	CU_ASSERT_EQUAL(ebb_engine_set_burst(EBB_MAX_BURST), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_burst(32), 0);

	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	CU_ASSERT_EQUAL(ebb_engine_start(false), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("mac"), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(1), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT_EQUAL(ebb_engine_stop(), -EALREADY);
	audit_ok();
}

/* RX > 0 on both ports, and what one port received left, or was dropped, on its peer */
static void
check_forwarded(void)
{
	struct ebb_port_stats p0, p1;
	struct ebb_lcore_stats ls[4];

	stats2(&p0, &p1);
	CU_ASSERT(p0.rx_packets > 0);
	CU_ASSERT(p1.rx_packets > 0);
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, p0.rx_packets);
	CU_ASSERT_EQUAL(p0.tx_packets + p0.tx_dropped, p1.rx_packets);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 4), 1);
	CU_ASSERT(ls[0].loops > 0);
	CU_ASSERT_EQUAL(ls[0].lcore_id, 1);
	CU_ASSERT_EQUAL(ls[0].rx, p0.rx_packets + p1.rx_packets);
	CU_ASSERT_EQUAL(ls[0].tx + ls[0].tx_dropped, ls[0].rx);
}

static void
test_io(void)
{
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("io"), 0);
	run_for(RUN_MS, false);
	check_forwarded();
	audit_ok();
}

static void
test_mac(void)
{
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("mac"), 0);
	CU_ASSERT_STRING_EQUAL(ebb_engine_fwd_mode(), "mac");
	run_for(RUN_MS, false);
	check_forwarded();
	audit_ok();
}

static void
test_macswap_burst(void)
{
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("macswap"), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_burst(64), 0);
	run_for(RUN_MS / 2, false);
	check_forwarded();
	CU_ASSERT_EQUAL(ebb_engine_set_burst(32), 0);
	audit_ok();
}

static void
test_rxonly(void)
{
	struct ebb_port_stats p0, p1;

	CU_ASSERT_EQUAL(ebb_engine_set_fwd("rxonly"), 0);
	run_for(RUN_MS / 2, false);
	stats2(&p0, &p1);
	CU_ASSERT(p0.rx_packets > 0 && p1.rx_packets > 0);
	CU_ASSERT_EQUAL(p0.tx_packets + p0.tx_dropped + p1.tx_packets + p1.tx_dropped, 0);
	audit_ok();
}

static void
test_txonly(void)
{
	struct ebb_port_stats p0, p1;

	CU_ASSERT_EQUAL(ebb_engine_set_fwd("txonly"), 0);
	run_for(RUN_MS / 2, false);
	stats2(&p0, &p1);
	CU_ASSERT(p0.tx_packets > 0 && p1.tx_packets > 0);
	CU_ASSERT_EQUAL(p0.rx_packets + p1.rx_packets, 0);
	audit_ok();
}

static void
test_tx_first(void)
{
	struct ebb_port_stats p0, p1;

	/* rxonly after tx_first: only the first burst of each stream is sent */
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("rxonly"), 0);
	run_for(20, true);
	stats2(&p0, &p1);
	CU_ASSERT_EQUAL(p0.tx_packets + p0.tx_dropped, 32);
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, 32);
	audit_ok();
}

static void
test_clear_and_printers(void)
{
	struct ebb_port_stats p0;
	struct ebb_pool_info pi[4];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	CU_ASSERT_EQUAL(ebb_engine_set_fwd("io"), 0);
	run_for(50, false);
	CU_ASSERT_EQUAL(ebb_engine_port_stats_clear(0), 0);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(0, &p0), 0);
	CU_ASSERT_EQUAL(p0.rx_packets, 0);
	CU_ASSERT_EQUAL(p0.tx_packets, 0);

	CU_ASSERT_EQUAL(ebb_engine_pools(pi, 4), 1);
	CU_ASSERT_STRING_EQUAL(pi[0].name, "ebb_pool_0");
	CU_ASSERT_EQUAL(pi[0].size, 4096);
	CU_ASSERT_EQUAL(pi[0].avail + pi[0].in_use, 4096);

	f = open_memstream(&text, &len);
	ebb_engine_show_port_stats(f, 1);
	ebb_engine_show_fwd_stats(f);
	ebb_engine_show_config_fwd(f);
	ebb_engine_show_port_info(f, 0);
	ebb_engine_show_pools(f);
	fclose(f);
	for (const char *w = "RX-packets: \0RX-missed: \0RX-bytes: \0RX-errors: \0RX-nombuf: \0"
			     "TX-packets: \0TX-errors: \0TX-bytes: \0Throughput (since last show)\0"
			     "Rx-pps: \0Tx-pps: \0Forward statistics for port 0\0RX-dropped: \0"
			     "RX-total: \0TX-dropped: \0TX-total: \0"
			     "Accumulated forward statistics for all ports\0"
			     "io packet forwarding - ports=2 - cores=1 - streams=2\0"
			     "RX P=0/Q=0 (socket 0) -> TX P=1/Q=0 (socket 0) peer=02:00:00:00:00:01\0"
			     "Driver name: net_null\0pool ebb_pool_0: socket 0, size 4096, available\0";
	     *w; w += strlen(w) + 1)
		if (strstr(text, w) == NULL) {
			fprintf(stderr, "missing in output: '%s'\n", w);
			CU_FAIL("printer field missing");
		}
	free(text);
	audit_ok();
}

/* --- an rte_timer on a forwarding lcore: the loop runs the timers, polling or paused --- */

static struct rte_timer tick_tim;
static uint64_t tick_fires;
static unsigned int tick_lcore = LCORE_ID_ANY;

static void
tick_cb(struct rte_timer *t, void *arg)
{
	RTE_SET_USED(t);
	RTE_SET_USED(arg);
	__atomic_store_n(&tick_fires, tick_fires + 1, __ATOMIC_RELAXED);
	tick_lcore = rte_lcore_id();
}

/* every 10 ms on the lcore that serves port 0 */
static void
tick_arm(void)
{
	int lc = ebb_engine_port_lcore(0);

	CU_ASSERT_FATAL(lc > 0);
	__atomic_store_n(&tick_fires, 0, __ATOMIC_RELAXED);
	tick_lcore = LCORE_ID_ANY;
	rte_timer_init(&tick_tim);
	CU_ASSERT_EQUAL_FATAL(rte_timer_reset(&tick_tim, rte_get_timer_hz() / 100, PERIODICAL,
					      (unsigned int)lc, tick_cb, NULL), 0);
}

static uint64_t
tick_count(void)
{
	return __atomic_load_n(&tick_fires, __ATOMIC_RELAXED);
}

/* --- hooks: per-lcore services, per-port RX hook --- */

static uint64_t svc_calls, svc_last_now;
static unsigned int svc_lcore = LCORE_ID_ANY;

static unsigned int
svc_count(void *arg, uint64_t now)
{
	uint64_t *calls = arg;

	__atomic_store_n(calls, *calls + 1, __ATOMIC_RELAXED);
	svc_last_now = now;
	svc_lcore = rte_lcore_id();
	return 0;
}

static uint64_t hook_seen, hook_taken;
static uint32_t gate_word;

/* keep even-numbered frames of each burst, consume (free) the odd ones */
static uint16_t
hook_half(void *arg, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t k = 0;

	CU_ASSERT_EQUAL(port, 0);
	CU_ASSERT_PTR_EQUAL(arg, &hook_seen);
	hook_seen += n;
	for (uint16_t i = 0; i < n; i++) {
		if (i & 1) {
			rte_pktmbuf_free(pkts[i]);
			hook_taken++;
		} else {
			pkts[k++] = pkts[i];
		}
	}
	return k;
}

static void
test_hooks(void)
{
	struct ebb_port_stats p0, p1;
	int lc;

	CU_ASSERT_EQUAL(ebb_engine_add_service(0, svc_count, NULL), -EINVAL); /* main */
	CU_ASSERT_EQUAL(ebb_engine_add_service(RTE_MAX_LCORE, svc_count, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_add_service(1, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_del_service(1, svc_count, &svc_calls), -ENOENT);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook(7, hook_half, NULL), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_port_lcore(7), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_set_nbcore(1), 0);
	lc = ebb_engine_port_lcore(0);
	CU_ASSERT_EQUAL(lc, 1);
	CU_ASSERT_EQUAL(ebb_engine_port_lcore(1), 1);

	CU_ASSERT_EQUAL(ebb_engine_add_service(1, svc_count, &svc_calls), 0);
	CU_ASSERT_EQUAL(ebb_engine_add_service(1, svc_count, &svc_calls), -EEXIST);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook_gate(7, &gate_word), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook_gate(0, &gate_word), -EINVAL); /* no hook */
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook(0, hook_half, &hook_seen), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("io"), 0);
	tick_arm();
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	CU_ASSERT_EQUAL(ebb_engine_add_service(1, svc_count, NULL), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_del_service(1, svc_count, &svc_calls), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook(0, NULL, NULL), -EBUSY);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook_gate(0, NULL), -EBUSY);
	/* forwarding at full speed: the 10 ms timer runs on its lcore, the service too */
	POLL_UNTIL(tick_count() >= 3 && __atomic_load_n(&svc_calls, __ATOMIC_RELAXED) > 0 &&
		   __atomic_load_n(&hook_taken, __ATOMIC_RELAXED) > 0);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	rte_timer_stop_sync(&tick_tim);

	CU_ASSERT(tick_count() >= 3);
	CU_ASSERT_EQUAL(tick_lcore, 1);
	CU_ASSERT(svc_calls > 0);
	CU_ASSERT(svc_last_now > 0);
	CU_ASSERT_EQUAL(svc_lcore, 1);
	stats2(&p0, &p1);
	/* port 0: every frame counted as received, the hook's half never forwarded */
	CU_ASSERT(hook_taken > 0);
	CU_ASSERT_EQUAL(hook_seen, p0.rx_packets);
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, p0.rx_packets - hook_taken);
	CU_ASSERT_EQUAL(p0.tx_packets + p0.tx_dropped, p1.rx_packets);
	audit_ok();

	/* gated: the hook runs only while the word is set, which may change at any time */
	__atomic_store_n(&gate_word, 0, __ATOMIC_RELAXED);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook_gate(0, &gate_word), 0);
	hook_seen = hook_taken = 0;
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	POLL_UNTIL(ebb_engine_port_stats(0, &p0) == 0 && p0.rx_packets > 0);
	CU_ASSERT(p0.rx_packets > 0);
	CU_ASSERT_EQUAL(__atomic_load_n(&hook_seen, __ATOMIC_RELAXED), 0);
	__atomic_store_n(&gate_word, 1, __ATOMIC_RELAXED);
	POLL_UNTIL(__atomic_load_n(&hook_taken, __ATOMIC_RELAXED) > 0);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT(hook_taken > 0);
	stats2(&p0, &p1);
	CU_ASSERT(p0.rx_packets > hook_seen); /* frames received while closed */
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, p0.rx_packets - hook_taken);
	audit_ok();

	/* removed: nothing runs any more */
	CU_ASSERT_EQUAL(ebb_engine_del_service(1, svc_count, &svc_calls), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_rx_hook(0, NULL, NULL), 0);
	svc_calls = hook_seen = hook_taken = 0;
	run_for(50, false);
	CU_ASSERT_EQUAL(svc_calls, 0);
	CU_ASSERT_EQUAL(hook_seen, 0);
	audit_ok();
}

static void
test_fini_null(void)
{
	ebb_engine_fini();
	CU_ASSERT_EQUAL(ebb_engine_nb_ports(), 0);
	CU_ASSERT_EQUAL(rte_eth_dev_count_avail(), 0);
}

/* --- net_ring ports: the test sees the frames --- */

static struct rte_ring *rx_ring[2], *tx_ring[2];
static struct rte_mempool *frames;
static uint16_t rport[2];

/* --- exhaustion: queues pause and resume, TX stalled, idle sleep --- */

/* two fresh net_null ports (the first ones were closed by "fini null") */
static void
null_ports(bool add)
{
	for (int i = 0; i < 2; i++) {
		char name[16];

		snprintf(name, sizeof(name), "net_null%d", 20 + i);
		if (add) {
			CU_ASSERT_EQUAL(rte_eal_hotplug_add("vdev", name, ""), 0);
		} else {
			rte_eal_hotplug_remove("vdev", name);
		}
	}
}

static void
conf_exhaust(struct ebb_engine_conf *c)
{
	conf_base(c);
	c->total_num_mbufs = 1024;  /* smaller than what the delay FIFOs hold */
	c->delay_fifo = 4096;
	c->delay_us = 2000;
	c->wait_timeout_ms = 20;
	strcpy(c->fwd_mode, "delay");
}

/* Sum of the RX queues' counters; every queue was served when min_rx > 0. */
static void
queues_sum(struct ebb_queue_stats *sum, unsigned int *nq)
{
	struct ebb_queue_stats q[8];
	unsigned int n = ebb_engine_queue_stats(q, RTE_DIM(q));

	memset(sum, 0, sizeof(*sum));
	for (unsigned int i = 0; i < n; i++) {
		sum->polls += q[i].polls;
		sum->nombuf += q[i].nombuf;
		sum->pauses += q[i].pauses;
		sum->resumes += q[i].resumes;
		sum->wakeups += q[i].wakeups;
		sum->wait_timeouts += q[i].wait_timeouts;
		sum->polls_skipped += q[i].polls_skipped;
		sum->paused_us += q[i].paused_us;
		sum->wait_errors += q[i].wait_errors;
	}
	*nq = n;
}

static void
test_exhaust_errors(void)
{
	struct ebb_engine_conf c;

	conf_exhaust(&c); c.delay_fifo = 0;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_exhaust(&c); c.delay_fifo = EBB_MAX_DELAY_FIFO + 1;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	conf_exhaust(&c); c.idle = (enum ebb_idle)7;
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(0, 1.0), -ENODEV); /* not initialised */
	CU_ASSERT_EQUAL(ebb_engine_set_idle((enum ebb_idle)7), -EINVAL);
	CU_ASSERT_STRING_EQUAL(ebb_engine_idle_name(EBB_IDLE_SLEEP), "sleep");
	CU_ASSERT_EQUAL(ebb_engine_queue_stats(&(struct ebb_queue_stats){ 0 }, 1), 0);
}

/* delay mode holding more than the pool: pauses, resumes, traffic goes on, audit */
static void
test_exhaust_delay(void)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats sum, q[2];
	struct ebb_pool_info pi;
	struct ebb_port_stats p0, p1;
	unsigned int nq;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	null_ports(true);
	conf_exhaust(&c);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&c), 0);
	CU_ASSERT_EQUAL(ebb_engine_pools(&pi, 1), 1);
	CU_ASSERT_TRUE(pi.waitq);
	CU_ASSERT_EQUAL(pi.reserve, EBB_DEFAULT_RESERVE);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(9, 1.0), -ENODEV);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(0, 0.0 / 0.0), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	/* more than the pool went through, queues paused and were woken */
	POLL_UNTIL((stats2(&p0, &p1), queues_sum(&sum, &nq),
		    p0.rx_packets > 1024 && p1.rx_packets > 1024 && p0.tx_packets > 0 &&
		    p1.tx_packets > 0 && sum.pauses > 2 && sum.wakeups > 2));
	CU_ASSERT_EQUAL(ebb_engine_queue_stats(q, 2), 2);
	CU_ASSERT(q[0].state == EBB_QUEUE_PAUSED || q[0].state == EBB_QUEUE_POLLING);
	f = open_memstream(&text, &len);
	ebb_engine_show_waiters(f);
	ebb_engine_show_pools(f);
	ebb_engine_show_port_stats(f, 0);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "waiter"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ops ebb_waitq"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "RX queue 0"));
	free(text);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);

	queues_sum(&sum, &nq);
	CU_ASSERT_EQUAL(nq, 2);
	stats2(&p0, &p1);
	CU_ASSERT(p0.rx_packets > 1024 && p1.rx_packets > 1024); /* more than the pool */
	CU_ASSERT(p0.tx_packets > 0 && p1.tx_packets > 0);
	CU_ASSERT(sum.pauses > 2);
	CU_ASSERT(sum.wakeups > 2);
	CU_ASSERT_EQUAL(sum.wait_errors, 0);
	CU_ASSERT(sum.resumes + 2 >= sum.pauses); /* at most one pause open per queue */
	CU_ASSERT(sum.polls_skipped > 0);
	CU_ASSERT_EQUAL(ebb_engine_pools(&pi, 1), 1);
	CU_ASSERT(pi.waits > 0 && pi.handoffs > 0);
	CU_ASSERT_EQUAL(pi.waiting_lcores, 0);
	if (sum.pauses <= 2)
		fprintf(stderr, "pauses %" PRIu64 " wakeups %" PRIu64 " timeouts %" PRIu64 "\n",
			sum.pauses, sum.wakeups, sum.wait_timeouts);
	audit_ok();
	CU_ASSERT_EQUAL(ebb_engine_waiters(&(struct ebb_engine_waiter){ 0 }, 1), 0);
}

/* TX stalled: queues stay paused, only timeout probes poll; released: traffic again */
static void
stall_and_release(enum ebb_idle idle)
{
	struct ebb_queue_stats a, b;
	struct ebb_lcore_stats ls[2];
	struct ebb_port_stats p0, p1;
	struct ebb_engine_waiter w[4];
	unsigned int nq;
	uint64_t rx_stalled, ticks_a, tsc_a, tsc_b;

	CU_ASSERT_EQUAL(ebb_engine_set_idle(idle), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(0, 0), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(1, 0), 0);
	CU_ASSERT_EQUAL(ebb_engine_tx_rate(1), 0);
	tick_arm();
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_idle(idle), -EBUSY);
	/* exhausted: everything sits in FIFOs and backlogs, a queue waits, deadlines pass */
	POLL_UNTIL((queues_sum(&a, &nq), a.wait_timeouts >= 2 &&
		    ebb_engine_waiters(w, RTE_DIM(w)) >= 1));
	tsc_a = rte_get_tsc_cycles();
	queues_sum(&a, &nq);
	stats2(&p0, &p1);
	rx_stalled = p0.rx_packets + p1.rx_packets;
	{
		unsigned int nw = ebb_engine_waiters(w, RTE_DIM(w));
		struct ebb_queue_stats qs[2];

		CU_ASSERT(nw >= 1);
		if (nw == 0) {
			ebb_engine_queue_stats(qs, 2);
			fprintf(stderr, "no waiter: states %d %d pauses %" PRIu64 " %" PRIu64 "\n",
				qs[0].state, qs[1].state, qs[0].pauses, qs[1].pauses);
		}
	}
	ticks_a = tick_count();
	/* paused (and, idle sleep, parked): the 10 ms timer still runs, deadlines pass */
	POLL_UNTIL((queues_sum(&b, &nq), tick_count() - ticks_a >= 3 &&
		    b.wait_timeouts - a.wait_timeouts >= 4));
	queues_sum(&b, &nq);
	stats2(&p0, &p1);
	tsc_b = rte_get_tsc_cycles();
	CU_ASSERT(tick_count() - ticks_a >= 3);
	/* nothing left the ports, nothing came in but what the timeout probes found (a
	 * burst each, two polls of slack: the counters are not read at one instant) */
	CU_ASSERT_EQUAL(p0.tx_packets + p1.tx_packets, 0);
	CU_ASSERT(p0.rx_packets + p1.rx_packets - rx_stalled <= (b.polls - a.polls + 2) * 32);
	CU_ASSERT(b.polls_skipped > a.polls_skipped);
	/* never more than one timeout per deadline (20 ms) and queue over the time that
	 * passed between the two reads, plus one each */
	CU_ASSERT(b.wait_timeouts - a.wait_timeouts >= 4);
	CU_ASSERT(b.wait_timeouts - a.wait_timeouts <=
		  nq * ((tsc_b - tsc_a) / (rte_get_tsc_hz() / 50) + 1));
	CU_ASSERT(b.polls - a.polls <= (b.wait_timeouts - a.wait_timeouts) + 4);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 2), 1);
	CU_ASSERT(ls[0].idle_loops > 0);
	if (idle == EBB_IDLE_SLEEP) {
		CU_ASSERT(ls[0].sleeps > 0);
	}

	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(0, -1), 0);
	CU_ASSERT_EQUAL(ebb_engine_set_tx_rate(1, -1), 0);
	POLL_UNTIL((stats2(&p0, &p1), p0.tx_packets > 0 && p1.tx_packets > 0 &&
		    p0.rx_packets + p1.rx_packets > rx_stalled + 1024));
	stats2(&p0, &p1);
	CU_ASSERT(p0.tx_packets > 0 && p1.tx_packets > 0);
	CU_ASSERT(p0.rx_packets + p1.rx_packets > rx_stalled + 1024);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	rte_timer_stop_sync(&tick_tim);
	audit_ok();
}

static void
test_exhaust_stall(void)
{
	stall_and_release(EBB_IDLE_PAUSE);
}

static void
test_exhaust_stall_sleep(void)
{
	stall_and_release(EBB_IDLE_SLEEP);
	ebb_engine_fini();
	null_ports(false);
}

/* Delay mode (1 ms) holding more than the pool, --idle=sleep: engine up and forwarding. */
static void
delay_sleep_start(struct ebb_engine_conf *c)
{
	conf_exhaust(c);
	c->idle = EBB_IDLE_SLEEP;
	c->delay_us = 1000;
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(c), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
}

/*
 * Delay mode holding more than the pool, --idle=sleep: the lcore parks whenever its
 * queues wait, and wakes for every release of held packets (their due time bounds the
 * sleep): packets keep flowing, through many pause/wake cycles and sleeps, and nothing
 * is dropped at TX but what the delay FIFOs still held at stop (net_null sends all).
 */
static void
test_exhaust_delay_sleep(void)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats sum;
	struct ebb_lcore_stats ls[2];
	struct ebb_port_stats p0, p1;
	unsigned int nq;

	null_ports(true);
	delay_sleep_start(&c);
	POLL_UNTIL((stats2(&p0, &p1), queues_sum(&sum, &nq), ebb_engine_lcore_stats(ls, 2),
		    ls[0].sleeps >= 100 && sum.wakeups >= 100 &&
		    p0.tx_packets > 8 * 1024 && p1.tx_packets > 8 * 1024));
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 2), 1);
	queues_sum(&sum, &nq);
	stats2(&p0, &p1);
	CU_ASSERT(ls[0].sleeps >= 100);
	CU_ASSERT(sum.wakeups >= 100);
	CU_ASSERT(p0.tx_packets > 8 * 1024 && p1.tx_packets > 8 * 1024);
	/* what is not sent was held at stop: at most the pool, which the FIFOs share */
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, p0.rx_packets);
	CU_ASSERT_EQUAL(p0.tx_packets + p0.tx_dropped, p1.rx_packets);
	CU_ASSERT(p0.tx_dropped + p1.tx_dropped <= c.total_num_mbufs);
	if (ls[0].sleeps < 100 || p0.tx_dropped + p1.tx_dropped > c.total_num_mbufs)
		fprintf(stderr, "sleeps %" PRIu64 " wakeups %" PRIu64 " tx %" PRIu64 "/%" PRIu64
			" dropped %" PRIu64 "/%" PRIu64 "\n", ls[0].sleeps, sum.wakeups,
			p0.tx_packets, p1.tx_packets, p0.tx_dropped, p1.tx_dropped);
	audit_ok();
	ebb_engine_fini();
	null_ports(false);
}

/*
 * One way: port 0 receives for ever, port 1 never (net_null no-rx=1), delay mode holding
 * more than the pool, --idle=sleep. Port 0's queue pauses on its failed refills while
 * port 1's queue, on the same empty pool, stays polled and finds nothing: the lcore is
 * starved, and sleeps (before, with a queue still polled it never did: 100 % CPU); it
 * wakes for every release, frames keep flowing 0 -> 1, nothing is lost but what the
 * FIFO held at stop.
 */
static void
test_exhaust_oneway_sleep(void)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats sum, q[2];
	struct ebb_lcore_stats ls[2];
	struct ebb_port_stats p0, p1;
	unsigned int nq;

	CU_ASSERT_EQUAL(rte_eal_hotplug_add("vdev", "net_null20", ""), 0);
	CU_ASSERT_EQUAL(rte_eal_hotplug_add("vdev", "net_null21", "no-rx=1"), 0);
	delay_sleep_start(&c);
	POLL_UNTIL((stats2(&p0, &p1), queues_sum(&sum, &nq), ebb_engine_lcore_stats(ls, 2),
		    ls[0].sleeps >= 100 && sum.wakeups >= 100 && p1.tx_packets > 8 * 1024));
	CU_ASSERT_EQUAL(ebb_engine_queue_stats(q, 2), 2);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 2), 1);
	queues_sum(&sum, &nq);
	stats2(&p0, &p1);
	CU_ASSERT(ls[0].sleeps >= 100);
	CU_ASSERT(sum.wakeups >= 100);
	CU_ASSERT(p1.tx_packets > 8 * 1024);
	/* port 1 received nothing, and its queue never paused: it stayed polled */
	CU_ASSERT_EQUAL(p1.rx_packets, 0);
	CU_ASSERT_EQUAL(p0.tx_packets, 0);
	CU_ASSERT(q[0].pauses > 0);
	CU_ASSERT_EQUAL(q[1].pauses, 0);
	CU_ASSERT(q[1].polls > 0);
	CU_ASSERT_EQUAL(p1.tx_packets + p1.tx_dropped, p0.rx_packets);
	CU_ASSERT(p1.tx_dropped <= c.total_num_mbufs);
	if (ls[0].sleeps < 100 || q[1].pauses != 0)
		fprintf(stderr, "sleeps %" PRIu64 " wakeups %" PRIu64 " tx %" PRIu64
			" dropped %" PRIu64 " pauses %" PRIu64 "/%" PRIu64 "\n", ls[0].sleeps,
			sum.wakeups, p1.tx_packets, p1.tx_dropped, q[0].pauses, q[1].pauses);
	audit_ok();
	ebb_engine_fini();
	null_ports(false);
}

/* two lcores, four queues, one exhausted pool: every queue is woken and forwards */
static void
test_exhaust_four(void)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats q[4];
	struct ebb_lcore_stats ls[2];

	null_ports(true);
	conf_exhaust(&c);
	c.nb_rxq = c.nb_txq = 2;
	c.nb_fwd_lcores = 2;
	c.delay_us = 500;
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&c), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	POLL_UNTIL(ebb_engine_queue_stats(q, 4) == 4 && q[0].wakeups > 0 && q[1].wakeups > 0 &&
		   q[2].wakeups > 0 && q[3].wakeups > 0 && ebb_engine_lcore_stats(ls, 2) == 2 &&
		   ls[0].reclaims > 0 && ls[1].reclaims > 0);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	CU_ASSERT_EQUAL(ebb_engine_queue_stats(q, 4), 4);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(q[i].wakeups > 0);
		CU_ASSERT(q[i].pauses >= q[i].wakeups);
		CU_ASSERT_EQUAL(q[i].state, EBB_QUEUE_STOPPED);
	}
	CU_ASSERT_NOT_EQUAL(q[0].lcore, q[3].lcore);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 2), 2);
	CU_ASSERT(ls[0].rx > 0 && ls[1].rx > 0);
	CU_ASSERT(ls[0].reclaims > 0 && ls[1].reclaims > 0);
	audit_ok();
	ebb_engine_fini();
	null_ports(false);
}

/*
 * A control user as ebb_engine_ctrl.h describes it: a service on the port's lcore keeps
 * a one-buffer control waiter queued (it registers again as soon as it was served), and
 * a stop hook cancels it. The loop ends with that waiter queued and an object claimed
 * for it: ebb_engine_stop() must return and every mbuf come back.
 */
static struct ebb_waiter ctl_w;
static uint64_t ctl_served;
static unsigned int ctl_lcore = LCORE_ID_ANY;

static unsigned int
ctl_offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	RTE_SET_USED(n);
	rte_mempool_put(w->mp, objs[0]);
	__atomic_store_n(&ctl_served, ctl_served + 1, __ATOMIC_RELAXED);
	return 1;
}

static unsigned int
ctl_service(void *arg, uint64_t now)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(now);
	if (ebb_waiter_waiting(&ctl_w))
		return 0;
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&ctl_w, 1, 0), 0);
	return 1;
}

static void
ctl_stop(void *arg, unsigned int lcore)
{
	RTE_SET_USED(arg);
	if (lcore == ctl_lcore && ebb_waiter_waiting(&ctl_w))
		CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&ctl_w), 0);
}

static void
stop_timeout(int sig)
{
	RTE_SET_USED(sig);
	static const char msg[] = "test_engine: ebb_engine_stop() did not return\n";

	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

static void
test_stop_control_waiter(void)
{
	struct ebb_engine_conf c;
	struct ebb_engine_port_ctrl pc;
	int lc;

	null_ports(true);
	conf_base(&c);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&c), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_port_ctrl_info(0, &pc), 0);
	lc = ebb_engine_port_lcore(0);
	CU_ASSERT_FATAL(lc > 0);
	ctl_lcore = (unsigned int)lc;
	memset(&ctl_w, 0, sizeof(ctl_w));
	CU_ASSERT_EQUAL_FATAL(ebb_waiter_init(&ctl_w, pc.pool, EBB_WAIT_CONTROL, ctl_offer,
					      NULL, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_add_service(ctl_lcore, ctl_service, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_add_stop_hook(ctl_stop, NULL), 0);
	for (int run = 0; run < 3; run++) {
		uint64_t served = __atomic_load_n(&ctl_served, __ATOMIC_RELAXED);

		CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
		/* bounded poll: the waiter is served over and over while forwarding runs */
		POLL_UNTIL(__atomic_load_n(&ctl_served, __ATOMIC_RELAXED) >= served + 100);
		CU_ASSERT(__atomic_load_n(&ctl_served, __ATOMIC_RELAXED) >= served + 100);
		signal(SIGALRM, stop_timeout);
		alarm(30);
		CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
		alarm(0);
		CU_ASSERT_FALSE(ebb_waiter_waiting(&ctl_w));
		CU_ASSERT_EQUAL(ebb_engine_waiters(&(struct ebb_engine_waiter){ 0 }, 1), 0);
		audit_ok();
	}
	CU_ASSERT_EQUAL(ebb_engine_del_service(ctl_lcore, ctl_service, NULL), 0);
	CU_ASSERT_EQUAL(ebb_engine_del_hooks(NULL, ctl_stop, NULL), 0);
	ebb_engine_fini();
	null_ports(false);
}

static void
test_ring_init(void)
{
	struct ebb_engine_conf c;
	char name[32];
	int ret;

	frames = rte_pktmbuf_pool_create("ebb_test_frames", 511, 0, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "ebb_t_rx%d", i);
		rx_ring[i] = rte_ring_create(name, 1024, 0, 0);
		snprintf(name, sizeof(name), "ebb_t_tx%d", i);
		tx_ring[i] = rte_ring_create(name, 1024, 0, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(rx_ring[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(tx_ring[i]);
		snprintf(name, sizeof(name), "net_ring_ebbt%d", i);
		ret = rte_eth_from_rings(name, &rx_ring[i], 1, &tx_ring[i], 1, 0);
		CU_ASSERT_FATAL(ret >= 0);
		rport[i] = (uint16_t)ret;
	}
	conf_base(&c);
	strcpy(c.fwd_mode, "mac");
	c.txpkts = TXPKTS;
	c.eth_peer_set[rport[1]] = true;
	rte_ether_unformat_addr("AA:BB:CC:DD:EE:01", &c.eth_peer[rport[1]]);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&c), 0);
	CU_ASSERT_EQUAL(ebb_engine_nb_ports(), 2);
}

static void
drain(struct rte_ring *r)
{
	void *m;

	while (rte_ring_dequeue(r, &m) == 0)
		rte_pktmbuf_free(m);
}

static void
test_ring_mac(void)
{
	enum { N = 100 };
	struct rte_ether_addr peer, src, want_src;
	struct ebb_port_stats st;
	void *m;
	unsigned int got = 0;

	rte_ether_unformat_addr("AA:BB:CC:DD:EE:01", &peer);
	CU_ASSERT_EQUAL(rte_eth_macaddr_get(rport[1], &want_src), 0);
	for (int i = 0; i < N; i++) {
		struct rte_mbuf *mb = rte_pktmbuf_alloc(frames);
		struct rte_ether_hdr *eth;

		CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
		eth = (struct rte_ether_hdr *)rte_pktmbuf_append(mb, 64);
		memset(eth, 0x11, 64);
		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		CU_ASSERT_EQUAL(rte_ring_enqueue(rx_ring[0], mb), 0);
	}
	run_for(RUN_MS, false);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(rport[0], &st), 0);
	CU_ASSERT_EQUAL(st.rx_packets, N);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(rport[1], &st), 0);
	CU_ASSERT_EQUAL(st.tx_packets, N);
	while (rte_ring_dequeue(tx_ring[1], &m) == 0) {
		struct rte_mbuf *mb = m;
		struct rte_ether_hdr *eth = rte_pktmbuf_mtod(mb, struct rte_ether_hdr *);

		src = eth->src_addr;
		CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->dst_addr, &peer));
		CU_ASSERT_TRUE(rte_is_same_ether_addr(&src, &want_src));
		CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(mb), 64);
		CU_ASSERT_EQUAL(((uint8_t *)eth)[20], 0x11); /* payload untouched */
		rte_pktmbuf_free(mb);
		got++;
	}
	CU_ASSERT_EQUAL(got, N);
	CU_ASSERT_EQUAL(rte_ring_count(tx_ring[0]), 0);
	CU_ASSERT_TRUE(rte_mempool_full(frames));
	audit_ok();
}

static void
test_ring_txonly(void)
{
	struct ebb_port_stats st;
	struct rte_ether_addr peer;
	void *m;
	unsigned int got = 0;

	rte_ether_unformat_addr("AA:BB:CC:DD:EE:01", &peer);
	CU_ASSERT_EQUAL(ebb_engine_set_fwd("txonly"), 0);
	run_for(50, false);
	CU_ASSERT_EQUAL(ebb_engine_port_stats(rport[1], &st), 0);
	CU_ASSERT_EQUAL(st.tx_packets, rte_ring_count(tx_ring[1]));
	CU_ASSERT(st.tx_packets > 0);
	CU_ASSERT(st.tx_dropped > 0); /* the ring filled up */
	while (rte_ring_dequeue(tx_ring[1], &m) == 0) {
		struct rte_mbuf *mb = m;
		struct rte_ether_hdr *eth = rte_pktmbuf_mtod(mb, struct rte_ether_hdr *);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);

		CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(mb), TXPKTS);
		CU_ASSERT_EQUAL(mb->data_len, TXPKTS);
		CU_ASSERT_TRUE(rte_is_same_ether_addr(&eth->dst_addr, &peer));
		CU_ASSERT_EQUAL(eth->ether_type, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
		CU_ASSERT_EQUAL(rte_be_to_cpu_16(ip->total_length), TXPKTS - 14);
		{
			struct rte_ipv4_hdr h = *ip;

			h.hdr_checksum = 0;
			CU_ASSERT_EQUAL(rte_ipv4_cksum(&h), ip->hdr_checksum);
		}
		rte_pktmbuf_free(mb);
		got++;
	}
	CU_ASSERT(got > 0);
	drain(tx_ring[0]);
	audit_ok();
}

/* ebb_engine_set_txsegs(): chains of mbufs on the ring, show config txpkts, audit */
static void
test_ring_txsegs(void)
{
	static const uint16_t want[] = { 60, 4, 64 };
	uint16_t lens[EBB_ENGINE_MAX_TXSEGS + 1];
	unsigned int bad = 99, got = 0;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	void *m;

	for (unsigned int i = 0; i < RTE_DIM(lens); i++)
		lens[i] = 64;
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(NULL, 2, &bad), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(lens, 0, &bad), -EINVAL);
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(lens, EBB_ENGINE_MAX_TXSEGS + 1, &bad), -E2BIG);
	lens[0] = EBB_ENGINE_MIN_TXPKTS - 1; /* the headers do not fit the first */
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(lens, 2, &bad), -EINVAL);
	CU_ASSERT_EQUAL(bad, 0);
	lens[0] = 64;
	lens[1] = EBB_DEFAULT_MBUF_SIZE - RTE_PKTMBUF_HEADROOM + 1; /* beyond one mbuf */
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(lens, 2, &bad), -EINVAL);
	CU_ASSERT_EQUAL(bad, 1);
	lens[1] = 0;
	CU_ASSERT_EQUAL(ebb_engine_set_txsegs(lens, 2, &bad), -EINVAL);
	CU_ASSERT_EQUAL(bad, 1);
	CU_ASSERT_EQUAL(ebb_engine_conf()->txpkts, TXPKTS); /* refusals changed nothing */

	CU_ASSERT_EQUAL_FATAL(ebb_engine_set_txsegs(want, RTE_DIM(want), &bad), 0);
	CU_ASSERT_EQUAL(ebb_engine_conf()->txpkts, 128);
	f = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(ebb_engine_show(f, EBB_SHOW_CONFIG_TXPKTS, 0, 0), 0);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(text, "Number of segments: 3\nSegment sizes: 60,4,64\n"
			       "Split packet: off\n");
	free(text);

	run_for(50, false);
	while (rte_ring_dequeue(tx_ring[1], &m) == 0) {
		struct rte_mbuf *mb = m, *seg = m;
		struct rte_ether_hdr *eth = rte_pktmbuf_mtod(mb, struct rte_ether_hdr *);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);

		CU_ASSERT_EQUAL(mb->nb_segs, 3);
		CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(mb), 128);
		for (unsigned int k = 0; k < RTE_DIM(want); k++, seg = seg->next) {
			CU_ASSERT_PTR_NOT_NULL_FATAL(seg);
			CU_ASSERT_EQUAL(seg->data_len, want[k]);
		}
		CU_ASSERT_PTR_NULL(seg);
		CU_ASSERT_EQUAL(rte_be_to_cpu_16(ip->total_length), 128 - 14);
		rte_pktmbuf_free(mb);
		got++;
	}
	CU_ASSERT(got > 0);
	drain(tx_ring[0]);
	audit_ok();
	CU_ASSERT_EQUAL(ebb_engine_set_txpkts(TXPKTS), 0);
	CU_ASSERT_EQUAL(ebb_engine_conf()->nb_txsegs, 1);
}

static void
test_ring_fini(void)
{
	ebb_engine_fini();
	for (int i = 0; i < 2; i++) {
		drain(rx_ring[i]);
		rte_ring_free(rx_ring[i]);
		rte_ring_free(tx_ring[i]);
	}
	CU_ASSERT_TRUE(rte_mempool_full(frames));
	rte_mempool_free(frames);
}

/* --- three net_null ports, two queues each, two lcores --- */

static void
test_multi(void)
{
	struct ebb_engine_conf c;
	struct ebb_port_stats st[3];
	struct ebb_lcore_stats ls[4];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	uint16_t pid[3];

	for (int i = 0; i < 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "net_null%d", 10 + i);
		CU_ASSERT_EQUAL_FATAL(rte_eal_hotplug_add("vdev", name, ""), 0);
		CU_ASSERT_EQUAL_FATAL(rte_eth_dev_get_port_by_name(name, &pid[i]), 0);
	}
	conf_base(&c);
	c.nb_rxq = c.nb_txq = 2;
	c.nb_fwd_lcores = 0; /* all workers */
	CU_ASSERT_EQUAL_FATAL(ebb_engine_init(&c), 0);
	CU_ASSERT_EQUAL(ebb_engine_nb_ports(), 3);
	run_for(RUN_MS, false);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(ebb_engine_port_stats(pid[i], &st[i]), 0);
	/* paired: 0 <-> 1, and the odd last port to itself */
	CU_ASSERT(st[0].rx_packets > 0 && st[1].rx_packets > 0 && st[2].rx_packets > 0);
	CU_ASSERT_EQUAL(st[1].tx_packets + st[1].tx_dropped, st[0].rx_packets);
	CU_ASSERT_EQUAL(st[0].tx_packets + st[0].tx_dropped, st[1].rx_packets);
	CU_ASSERT_EQUAL(st[2].tx_packets + st[2].tx_dropped, st[2].rx_packets);
	/* six streams, three per lcore */
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(ls, 4), 2);
	CU_ASSERT(ls[0].rx > 0 && ls[1].rx > 0);
	CU_ASSERT_EQUAL(ls[0].rx + ls[1].rx,
			st[0].rx_packets + st[1].rx_packets + st[2].rx_packets);

	f = open_memstream(&text, &len);
	ebb_engine_show_config_fwd(f);
	ebb_engine_show_fwd_stats(f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ports=3 - cores=2 - streams=6"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "forwards packets on 3 streams"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "RX P=2/Q=1 (socket 0) -> TX P=2/Q=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "RX P=1/Q=1 (socket 0) -> TX P=0/Q=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Forward Stats for RX Port= 2/Queue= 1 -> "
					    "TX Port= 2/Queue= 1"));
	free(text);
	audit_ok();
	ebb_engine_fini();
}

int
main(void)
{
	char prefix[64];
	char *eal[] = { "test_engine", "--vdev", "net_null0", "--vdev", "net_null1",
			"--no-pci", "--no-huge", "-m", "512", "--lcores", "0@0,1@1,2@1",
			"--file-prefix", prefix, "--log-level", "*:warning" };
	CU_pSuite s;
	unsigned int fails;

	/* a --file-prefix of this run: several build trees run this test at once */
	snprintf(prefix, sizeof(prefix), "ebb_data_eng_%d", (int)getpid());
	if (getenv("EBB_TEST_FILE_PREFIX") != NULL)
		eal[12] = getenv("EBB_TEST_FILE_PREFIX");
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("engine", NULL, NULL);
	CU_add_test(s, "init errors", test_init_errors);
	CU_add_test(s, "init", test_init);
	CU_add_test(s, "setter errors", test_setter_errors);
	CU_add_test(s, "io", test_io);
	CU_add_test(s, "mac", test_mac);
	CU_add_test(s, "macswap burst 64", test_macswap_burst);
	CU_add_test(s, "rxonly", test_rxonly);
	CU_add_test(s, "txonly", test_txonly);
	CU_add_test(s, "tx_first", test_tx_first);
	CU_add_test(s, "clear and printers", test_clear_and_printers);
	CU_add_test(s, "services and RX hook", test_hooks);
	CU_add_test(s, "fini null", test_fini_null);
	CU_add_test(s, "exhaustion errors", test_exhaust_errors);
	CU_add_test(s, "delay mode exhausts the pool", test_exhaust_delay);
	CU_add_test(s, "TX stalled, idle pause", test_exhaust_stall);
	CU_add_test(s, "TX stalled, idle sleep", test_exhaust_stall_sleep);
	CU_add_test(s, "delay mode, idle sleep: nothing lost", test_exhaust_delay_sleep);
	CU_add_test(s, "one way, idle sleep: a starved lcore sleeps", test_exhaust_oneway_sleep);
	CU_add_test(s, "two lcores, four queues, one pool", test_exhaust_four);
	CU_add_test(s, "stop with a control waiter queued", test_stop_control_waiter);
	CU_add_test(s, "ring init", test_ring_init);
	CU_add_test(s, "ring mac", test_ring_mac);
	CU_add_test(s, "ring txonly", test_ring_txonly);
	CU_add_test(s, "ring txonly segments", test_ring_txsegs);
	CU_add_test(s, "ring fini", test_ring_fini);
	CU_add_test(s, "3 ports, 2 queues, 2 lcores", test_multi);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	ebb_engine_fini();
	rte_eal_cleanup();
	return fails ? 1 : 0;
}
