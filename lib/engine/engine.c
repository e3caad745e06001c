/* SPDX-License-Identifier: BSD-3-Clause */
/* engine.c: the lifecycle (layer 4, DESIGN.md): init, start, stop, link down/up, fini; the
 * only file that orchestrates the others. */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>
#include <rte_timer.h>

#include "engine_priv.h"

static void
state_free(void)
{
	rte_free(ebb_eng.streams);
	rte_free(ebb_eng.rec);
	ebb_eng.rec = NULL;
	rte_free(ebb_eng.rxq);
	rte_free(ebb_eng.lc);
	ebb_eng.streams = NULL;
	ebb_eng.rxq = NULL;
	ebb_eng.lc = NULL;
	ebb_pool_set_free(ebb_eng.pools);
	ebb_eng.pools = NULL;
	if (ebb_eng.timers_ours)
		rte_timer_subsystem_finalize();
	ebb_eng.timers_ours = false;
}

int
ebb_engine_init(const struct ebb_engine_conf *conf)
{
	unsigned int nb_streams;
	uint16_t pid;
	int ret;

	if (conf == NULL)
		return -EINVAL;
	if (ebb_eng.inited)
		return -EBUSY;
	memset(&ebb_eng, 0, sizeof(ebb_eng));
	ebb_engine_workers_scan();
	ret = ebb_engine_conf_check(conf);
	if (ret < 0)
		return ret;
	ebb_eng.conf = *conf;
	ebb_eng.wait_timeout_us = (uint64_t)conf->wait_timeout_ms * 1000;
	if (ebb_eng.conf.mbuf_size == 0)
		ebb_eng.conf.mbuf_size = EBB_DEFAULT_MBUF_SIZE;
	if (ebb_eng.conf.nb_txsegs > 1) /* checked: the frame is the segments' sum */
		ebb_eng.conf.txpkts = (uint16_t)ebb_engine_txsegs_check(
			ebb_eng.conf.txsegs, ebb_eng.conf.nb_txsegs,
			ebb_eng.conf.mbuf_size - RTE_PKTMBUF_HEADROOM, NULL);
	ebb_eng.mode = ebb_fwd_mode_find(conf->fwd_mode);

	RTE_ETH_FOREACH_DEV(pid) {
		struct ebb_port *p = &ebb_eng.port[ebb_eng.nb_ports++];

		p->id = pid;
		p->socket = rte_eth_dev_socket_id(pid);
		p->nb_rxd = conf->nb_rxd;
		p->nb_txd = conf->nb_txd;
		p->tx_rate = conf->tx_rate < 0 ? -1.0 : conf->tx_rate;
	}
	if (ebb_eng.nb_ports == 0) {
		EBB_ENGINE_LOG(ERR, "no Ethernet ports: pass --vdev net_null0 or bind a NIC");
		return -ENODEV;
	}
	if (ebb_eng.conf.nb_txsegs > 1) {
		uint16_t port = 0, max = 0;

		if (ebb_engine_txsegs_fit_ports(ebb_eng.conf.nb_txsegs, &port, &max) < 0) {
			EBB_ENGINE_LOG(ERR, "txpkts: port %u sends at most %u segments per "
				       "packet (asked %u)", port, max, ebb_eng.conf.nb_txsegs);
			return -EINVAL;
		}
	}

	ret = rte_timer_subsystem_init();
	if (ret == 0)
		ebb_eng.timers_ours = true;
	else if (ret != -EALREADY) {
		EBB_ENGINE_LOG(ERR, "cannot start the timer subsystem: %s", strerror(-ret));
		return ret;
	}

	ret = ebb_engine_fwd_lists_init(); /* --portmask/--portlist/--nb-ports */
	if (ret < 0)
		return ret;
	nb_streams = ebb_eng.nb_ports * conf->nb_rxq; /* room for every port forwarding */
	ebb_eng.streams = rte_zmalloc("ebb_streams", nb_streams * sizeof(struct ebb_stream),
				      RTE_CACHE_LINE_SIZE);
	ebb_eng.rxq = rte_zmalloc("ebb_rxq", nb_streams * sizeof(struct ebb_rxq), 0);
	ebb_eng.lc = rte_zmalloc("ebb_lcores", ebb_eng.nb_workers * sizeof(struct ebb_lcore),
				 RTE_CACHE_LINE_SIZE);
	if (conf->record_burst_stats || conf->record_core_cycles)
		ebb_eng.rec = rte_zmalloc("ebb_rec", nb_streams * sizeof(struct ebb_rec), 0);
	if (ebb_eng.streams == NULL || ebb_eng.rxq == NULL || ebb_eng.lc == NULL ||
	    ((conf->record_burst_stats || conf->record_core_cycles) && ebb_eng.rec == NULL)) {
		EBB_ENGINE_LOG(ERR, "out of memory for %u streams", nb_streams);
		ret = -ENOMEM;
		goto fail;
	}
	ebb_eng.nb_alloc_streams = nb_streams;

	ret = ebb_engine_ports_setup(); /* adjusts rxd/txd, checks queue counts */
	if (ret < 0)
		goto fail;
	ret = ebb_engine_pools_create();
	if (ret < 0)
		goto fail;
	ret = ebb_engine_rings_fit(true); /* NIC rings the pools can back (engine_fit.c) */
	if (ret < 0)
		goto fail;
	ret = ebb_engine_ports_queues();
	if (ret < 0)
		goto fail;
	ret = ebb_engine_pools_fit(); /* the refill quantum of each port is known now */
	if (ret < 0)
		goto fail;
	ret = ebb_engine_ports_start();
	if (ret < 0)
		goto fail_ports;
	ret = ebb_engine_rings_fit(false); /* measured: what the RX rings took */
	if (ret < 0)
		goto fail_ports;
	ebb_engine_streams_build();
	ebb_engine_link_init(); /* link events (engine_link.c) */
	ebb_eng.inited = true;
	return 0;

fail_ports:
	ebb_engine_ports_stop();
fail:
	state_free();
	memset(&ebb_eng, 0, sizeof(ebb_eng));
	return ret;
}

int
ebb_engine_start(bool tx_first)
{
	return ebb_engine_start_tx_first(tx_first ? 1 : 0);
}

int
ebb_engine_start_tx_first(unsigned int bursts)
{
	const struct ebb_fwd_mode *first = NULL;
	bool tx_first = bursts != 0;
	int ret;

	if (!ebb_eng.inited)
		return -ENODEV;
	if (bursts > EBB_MAX_TX_FIRST)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	ret = ebb_engine_pools_fit(); /* the burst may have grown (set burst) */
	if (ret < 0)
		return ret;
	ret = ebb_engine_rx_unpark(); /* RX queues parked at stop (engine_port.c) */
	if (ret < 0)
		return ret;
	ret = ebb_engine_ports_start();
	if (ret < 0)
		return ret;
	ebb_engine_link_restart(); /* a PMD's start may have brought the link up */
	ebb_engine_streams_fold();
	ebb_engine_streams_build();
	ebb_eng.run_mode = ebb_eng.mode;
	ret = ebb_engine_streams_init(ebb_eng.mode);
	if (ret < 0) {
		ebb_engine_streams_release();
		return ret;
	}
	if (tx_first) {
		first = ebb_fwd_mode_find("txonly");
		ret = ebb_engine_streams_init(first);
		if (ret < 0) {
			ebb_engine_streams_release();
			return ret;
		}
	}
	ret = ebb_engine_ctrl_start(); /* control TX paths, start hooks (engine_ctrl.c) */
	if (ret < 0) {
		ebb_engine_streams_release();
		return ret;
	}
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		ebb_engine_port_snapshot(&ebb_eng.port[i]);

	ret = ebb_engine_lcores_launch(first, bursts); /* the loops (engine_loop.c) */
	if (ret < 0) {
		ebb_engine_streams_release();
		return ret;
	}
	ebb_eng.running = true;
	return 0;
}

int
ebb_engine_stop(void)
{
	if (!ebb_eng.running)
		return -EALREADY;
	ebb_engine_lcores_stop(); /* the loops have ended */
	ebb_eng.running = false;
	ebb_engine_ctrl_stop(); /* stop hooks on each lcore, control TX rings drained */
	ebb_engine_streams_release(); /* delay FIFOs, shaped backlogs */
	ebb_engine_ports_freeze(); /* counters as forwarding left them, not the drain */
	ebb_engine_ports_drain();
	/* stopped ports give their descriptor rings' mbufs back: the audit is exact */
	ebb_engine_ports_stop();
	ebb_engine_rx_park(); /* those that do not (net_tap) are parked */
	return 0;
}

int
ebb_engine_set_link(uint16_t port, bool up)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (!up) {
		__atomic_store_n(&ebb_eng.link_down[port], true, __ATOMIC_RELAXED);
		ebb_engine_link_publish();
		ret = rte_eth_dev_set_link_down(port);
		p->link_pmd = ret == 0;
		if (ret < 0 && ret != -ENOTSUP)
			EBB_ENGINE_LOG(WARNING, "port %u: set_link_down: %s (down in the engine "
				       "only)", port, strerror(-ret));
		p->admin_downs++;
		EBB_ENGINE_LOG(INFO, "port %u: link set down (%s)", port,
			       p->link_pmd ? "PMD and engine" : "engine only");
		return 0;
	}
	if (p->link_pmd) {
		ret = rte_eth_dev_set_link_up(port);
		if (ret < 0)
			EBB_ENGINE_LOG(WARNING, "port %u: set_link_up: %s", port, strerror(-ret));
		p->link_pmd = false;
	}
	__atomic_store_n(&ebb_eng.link_down[port], false, __ATOMIC_RELAXED);
	ebb_engine_link_publish();
	EBB_ENGINE_LOG(INFO, "port %u: link set up", port);
	return 0;
}

/* Room for the streams and RX queue states of every port with nb_rxq queues; the old
 * streams' drops folded into their ports first (no stream runs). */
static int
streams_alloc(uint16_t nb_rxq)
{
	unsigned int n = (unsigned int)ebb_eng.nb_ports * nb_rxq;
	struct ebb_rec *r = NULL;
	struct ebb_stream *s;
	struct ebb_rxq *q;

	if (n <= ebb_eng.nb_alloc_streams)
		return 0;
	s = rte_zmalloc("ebb_streams", n * sizeof(*s), RTE_CACHE_LINE_SIZE);
	q = rte_zmalloc("ebb_rxq", n * sizeof(*q), 0);
	if (ebb_eng.rec != NULL) /* --record-*: one record per stream */
		r = rte_zmalloc("ebb_rec", n * sizeof(*r), 0);
	if (s == NULL || q == NULL || (ebb_eng.rec != NULL && r == NULL)) {
		rte_free(s);
		rte_free(q);
		rte_free(r);
		return -ENOMEM;
	}
	ebb_engine_streams_fold();
	rte_free(ebb_eng.streams);
	rte_free(ebb_eng.rxq);
	ebb_eng.streams = s;
	ebb_eng.rxq = q;
	if (r != NULL) {
		rte_free(ebb_eng.rec);
		ebb_eng.rec = r;
	}
	ebb_eng.nb_streams = 0;
	ebb_eng.nb_alloc_streams = n;
	return 0;
}

/* Every (stopped) port configured again for the conf's queues and descriptors, the
 * rings fitted to the pools (engine_fit.c, estimated: the ports are stopped), the queues
 * set up, the refills fitted. */
static int
queues_again(bool configure)
{
	int ret = configure ? ebb_engine_ports_setup() : 0;

	if (ret == 0)
		ret = ebb_engine_rings_fit(true);
	if (ret == 0)
		ret = ebb_engine_ports_queues();
	if (ret == 0)
		ret = ebb_engine_pools_fit();
	return ret;
}

static int
ports_all_stopped(void)
{
	if (!ebb_eng.inited)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (ebb_eng.port[i].started)
			return -EAGAIN; /* queues are set up on stopped ports only */
	return 0;
}

int
ebb_engine_port_config_desc(uint16_t nb_rxd, uint16_t nb_txd)
{
	uint16_t old_rxd = ebb_eng.conf.nb_rxd, old_txd = ebb_eng.conf.nb_txd;
	int ret = ports_all_stopped();

	if (ret < 0)
		return ret;
	ret = ebb_engine_ports_desc(nb_rxd != 0 ? nb_rxd : old_rxd,
				    nb_txd != 0 ? nb_txd : old_txd);
	if (ret == 0)
		ret = queues_again(false);
	if (ret < 0 && (ebb_engine_ports_desc(old_rxd, old_txd) < 0 || queues_again(false) < 0))
		EBB_ENGINE_LOG(ERR, "port queues not set up again with rxd %u txd %u", old_rxd,
			       old_txd);
	ebb_engine_rx_park(); /* stopped ports that keep RX buffers (net_tap) give them back */
	return ret;
}

int
ebb_engine_port_config_queues(uint16_t nb_rxq, uint16_t nb_txq)
{
	struct ebb_engine_conf *c = &ebb_eng.conf;
	uint16_t old_rxq = c->nb_rxq, old_txq = c->nb_txq, rxq, txq;
	int ret = ports_all_stopped();

	if (ret < 0)
		return ret;
	rxq = nb_rxq != 0 ? nb_rxq : old_rxq;
	txq = nb_txq != 0 ? nb_txq : old_txq;
	if (txq < rxq)
		return -EINVAL;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct rte_eth_dev_info info;

		if (rte_eth_dev_info_get(ebb_eng.port[i].id, &info) != 0 ||
		    rxq > info.max_rx_queues || txq > info.max_tx_queues)
			return -E2BIG;
	}
	ret = streams_alloc(rxq);
	if (ret < 0)
		return ret;
	c->nb_rxq = rxq;
	c->nb_txq = txq;
	ret = ebb_engine_ports_desc(c->nb_rxd, c->nb_txd); /* rings as asked, fitted again */
	if (ret == 0)
		ret = queues_again(true);
	if (ret < 0) {
		c->nb_rxq = old_rxq;
		c->nb_txq = old_txq;
		if (ebb_engine_ports_desc(c->nb_rxd, c->nb_txd) < 0 || queues_again(true) < 0)
			EBB_ENGINE_LOG(ERR, "ports not configured again with rxq %u txq %u",
				       old_rxq, old_txq);
	}
	ebb_engine_streams_fold();
	ebb_engine_streams_build();
	ebb_engine_rx_park();
	return ret;
}

void
ebb_engine_fini(void)
{
	if (!ebb_eng.inited)
		return;
	if (ebb_eng.running)
		ebb_engine_stop();
	ebb_engine_streams_release();
	ebb_engine_ports_stop();
	ebb_engine_link_fini();
	ebb_engine_ports_close();
	ebb_engine_rx_park_free();
	state_free();
	memset(&ebb_eng, 0, sizeof(ebb_eng));
	ebb_engine_services_clear();
}

unsigned int
ebb_engine_audit(FILE *f)
{
	if (ebb_eng.pools == NULL)
		return 0;
	/* never started (or stopped only by fini): ports still hold their rings' mbufs */
	if (!ebb_eng.running)
		ebb_engine_ports_stop();
	return ebb_engine_pools_audit(f);
}

/*
 * Teardown in the order that makes the audit exact for every PMD: loops stopped, what
 * the streams hold freed, ports stopped, then closed (net_tap keeps its RX buffers until
 * close), the audit, and only then the pools freed.
 */
unsigned int
ebb_engine_fini_audit(FILE *f)
{
	unsigned int missing;

	if (!ebb_eng.inited)
		return 0;
	if (ebb_eng.running)
		ebb_engine_stop();
	ebb_engine_streams_release();
	ebb_engine_ports_stop();
	ebb_engine_link_fini();
	ebb_engine_ports_close();
	missing = ebb_engine_audit(f);
	ebb_engine_fini();
	return missing;
}
