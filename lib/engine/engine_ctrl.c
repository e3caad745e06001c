/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_ctrl.c: control traffic inside the loops: per-port control TX, start and stop hooks. */
#include <errno.h>
#include <string.h>

#include <rte_launch.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "engine_priv.h"

/*
 * Control TX. A port's applet runs on the lcore polling its RX queue 0 (the "serving"
 * lcore), but TX queue q of a port belongs to the stream of the peer port's RX queue q,
 * often on another lcore. When the serving lcore owns TX queue 0 of the port too, control
 * frames go there directly; otherwise into a single-producer single-consumer ring that the
 * owner of TX queue 0 drains each iteration (a service), so that no TX queue ever has two
 * writers and no extra queue is needed (net_tap, net_ring and memif tie TX queue i to RX
 * queue i: an extra TX queue would bring an RX queue nobody polls).
 */

#define CTRL_RING_SIZE 1024
#define CTRL_DRAIN_BURST 32
#define CTRL_MAX_HOOKS 4

struct ctrl_port {
	int rx_lcore;          /**< serving lcore of this start, -1 when not started */
	int tx_lcore;          /**< lcore owning TX queue 0 */
	struct rte_ring *ring; /**< rx_lcore -> tx_lcore, NULL when they are one */
	uint64_t refused;      /**< frames not taken (ring full, wrong lcore): rx_lcore writes */
	uint64_t tx_dropped;   /**< frames of the ring TX queue 0 refused: tx_lcore writes */
};

/* Ports that one lcore drains; the service's argument. */
struct ctrl_drain {
	unsigned int n;
	uint16_t port[RTE_MAX_ETHPORTS];
};

struct ctrl_start_hook {
	ebb_engine_start_hook_fn fn;
	void *arg;
};

struct ctrl_stop_hook {
	ebb_engine_stop_hook_fn fn;
	void *arg;
};

static struct ctrl_port ctrl_ports[RTE_MAX_ETHPORTS];
static struct ctrl_drain ctrl_drains[RTE_MAX_LCORE];
static bool ctrl_drain_added[RTE_MAX_LCORE];
static struct ctrl_start_hook start_hooks[CTRL_MAX_HOOKS];
static struct ctrl_stop_hook stop_hooks[CTRL_MAX_HOOKS];
static unsigned int nb_start_hooks, nb_stop_hooks;

int
ebb_engine_port_ctrl_info(uint16_t port, struct ebb_engine_port_ctrl *info)
{
	const struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	if (info == NULL)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->mac = p->mac;
	info->pool = p->pool;
	info->socket = ebb_port_mem_socket(p);
	info->tx_lcore = -1;
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		const struct ebb_stream *s = &ebb_eng.streams[i];

		if (s->tx_port == port && s->tx_queue == 0)
			info->tx_lcore = (int)s->lcore_id;
	}
	/* relaxed: pair with the single writers' relaxed stores; plain counters */
	info->ctrl_refused = __atomic_load_n(&ctrl_ports[port].refused, __ATOMIC_RELAXED) +
			     __atomic_load_n(&ctrl_ports[port].tx_dropped, __ATOMIC_RELAXED);
	return 0;
}

uint16_t
ebb_engine_ctrl_tx(uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	struct ctrl_port *c;
	uint16_t sent;

	if (port >= RTE_MAX_ETHPORTS || n == 0)
		return 0;
	c = &ctrl_ports[port];
	if (c->rx_lcore < 0 || (unsigned int)c->rx_lcore != rte_lcore_id())
		sent = 0; /* not started, or not the serving lcore: its queue is not ours */
	else if (__atomic_load_n(&ebb_eng.link_down[port], __ATOMIC_RELAXED))
		sent = 0; /* set link-down: nothing is sent to it (engine_link.c) */
	else if (c->ring == NULL)
		sent = rte_eth_tx_burst(port, 0, pkts, n);
	else
		sent = (uint16_t)rte_ring_sp_enqueue_burst(c->ring, (void **)pkts, n, NULL);
	if (sent < n) /* the serving lcore alone writes it; readers load relaxed */
		__atomic_store_n(&c->refused, c->refused + (n - sent), __ATOMIC_RELAXED);
	return sent;
}

/* Service of a TX-queue-0 owner: send what the serving lcores left in the rings. */
static unsigned int
ctrl_drain_service(void *arg, uint64_t now_tsc)
{
	const struct ctrl_drain *d = arg;
	struct rte_mbuf *m[CTRL_DRAIN_BURST];
	unsigned int work = 0;

	RTE_SET_USED(now_tsc);
	for (unsigned int i = 0; i < d->n; i++) {
		uint16_t port = d->port[i];
		struct rte_ring *r = ctrl_ports[port].ring;
		unsigned int k = rte_ring_sc_dequeue_burst(r, (void **)m, CTRL_DRAIN_BURST, NULL);
		uint16_t sent;

		if (k == 0)
			continue;
		sent = rte_eth_tx_burst(port, 0, m, (uint16_t)k);
		if (sent < k) {
			struct ctrl_port *c = &ctrl_ports[port];

			rte_pktmbuf_free_bulk(m + sent, k - sent);
			/* this lcore alone writes it; readers load relaxed */
			__atomic_store_n(&c->tx_dropped, c->tx_dropped + (k - sent),
					 __ATOMIC_RELAXED);
		}
		work += k;
	}
	return work;
}

static void
ctrl_rings_free(void)
{
	struct rte_mbuf *m[CTRL_DRAIN_BURST];

	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		if (!ctrl_drain_added[l])
			continue;
		ebb_engine_del_service(l, ctrl_drain_service, &ctrl_drains[l]);
		ctrl_drain_added[l] = false;
		ctrl_drains[l].n = 0;
	}
	for (unsigned int p = 0; p < RTE_MAX_ETHPORTS; p++) {
		struct ctrl_port *c = &ctrl_ports[p];
		unsigned int k;

		if (c->ring != NULL) {
			/* the loops have stopped: frames still queued are freed, not lost */
			while ((k = rte_ring_sc_dequeue_burst(c->ring, (void **)m,
							      CTRL_DRAIN_BURST, NULL)) != 0)
				rte_pktmbuf_free_bulk(m, k);
			rte_ring_free(c->ring);
			c->ring = NULL;
		}
		c->rx_lcore = -1;
		c->tx_lcore = -1;
	}
}

/* Called by ebb_engine_start() once the streams are built, before the loops launch. */
int
ebb_engine_ctrl_start(void)
{
	int ret;

	ctrl_rings_free();
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		uint16_t port = ebb_eng.port[i].id;
		struct ctrl_port *c = &ctrl_ports[port];
		struct ebb_engine_port_ctrl info;
		int rx = ebb_engine_port_lcore(port);
		char name[RTE_RING_NAMESIZE];

		if (rx < 0 || ebb_engine_port_ctrl_info(port, &info) < 0 || info.tx_lcore < 0)
			continue; /* no stream serves it: no control TX */
		c->rx_lcore = rx;
		c->tx_lcore = info.tx_lcore;
		if (rx == info.tx_lcore)
			continue;
		snprintf(name, sizeof(name), "ebb_ctrl_tx_%u", port);
		c->ring = rte_ring_create(name, CTRL_RING_SIZE, ebb_port_mem_socket(&ebb_eng.port[i]),
					  RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (c->ring == NULL) {
			EBB_ENGINE_LOG(ERR, "port %u: no control TX ring: %s", port,
				       rte_strerror(rte_errno));
			ret = -ENOMEM;
			goto fail;
		}
		ctrl_drains[c->tx_lcore].port[ctrl_drains[c->tx_lcore].n++] = port;
	}
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		if (ctrl_drains[l].n == 0)
			continue;
		ret = ebb_engine_add_service(l, ctrl_drain_service, &ctrl_drains[l]);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "lcore %u: no control TX service: %s", l,
				       strerror(-ret));
			goto fail;
		}
		ctrl_drain_added[l] = true;
	}
	for (unsigned int h = 0; h < nb_start_hooks; h++) {
		ret = start_hooks[h].fn(start_hooks[h].arg);
		if (ret < 0)
			goto fail;
	}
	return 0;
fail:
	ctrl_rings_free();
	return ret;
}

static int
ctrl_stop_lcore(void *arg)
{
	unsigned int lcore = (unsigned int)(uintptr_t)arg;

	struct ebb_waiter_info left;

	for (unsigned int h = 0; h < nb_stop_hooks; h++)
		stop_hooks[h].fn(stop_hooks[h].arg, lcore);
	/* the loop's end left alone the pools that the hooks' waiters waited on: with
	 * those cancelled, what was claimed for them goes back to the pools now */
	ebb_wait_flush_lcore();
	if (ebb_wait_lcore_waiters(lcore, &left, 1) > 0)
		EBB_ENGINE_LOG(WARNING, "lcore %u: a waiter is still queued after the stop hooks "
			       "(need %u): what was claimed for it stays with it", lcore, left.need);
	return 0;
}

/* Called by ebb_engine_stop() once the loops have ended, before the ports stop. */
void
ebb_engine_ctrl_stop(void)
{
	if (nb_stop_hooks != 0) {
		/* each hook runs on the lcore whose loop ended: its lib/wait state is there */
		for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
			unsigned int id = ebb_eng.lc[l].lcore_id;

			if (rte_eal_remote_launch(ctrl_stop_lcore, (void *)(uintptr_t)id, id) < 0)
				EBB_ENGINE_LOG(ERR, "lcore %u: stop hooks not run", id);
		}
		for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++)
			rte_eal_wait_lcore(ebb_eng.lc[l].lcore_id);
	}
	ctrl_rings_free();
}

int
ebb_engine_add_start_hook(ebb_engine_start_hook_fn fn, void *arg)
{
	if (fn == NULL)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	for (unsigned int h = 0; h < nb_start_hooks; h++)
		if (start_hooks[h].fn == fn && start_hooks[h].arg == arg)
			return -EEXIST;
	if (nb_start_hooks == CTRL_MAX_HOOKS)
		return -ENOSPC;
	start_hooks[nb_start_hooks].fn = fn;
	start_hooks[nb_start_hooks++].arg = arg;
	return 0;
}

int
ebb_engine_add_stop_hook(ebb_engine_stop_hook_fn fn, void *arg)
{
	if (fn == NULL)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	for (unsigned int h = 0; h < nb_stop_hooks; h++)
		if (stop_hooks[h].fn == fn && stop_hooks[h].arg == arg)
			return -EEXIST;
	if (nb_stop_hooks == CTRL_MAX_HOOKS)
		return -ENOSPC;
	stop_hooks[nb_stop_hooks].fn = fn;
	stop_hooks[nb_stop_hooks++].arg = arg;
	return 0;
}

int
ebb_engine_del_hooks(ebb_engine_start_hook_fn start, ebb_engine_stop_hook_fn stop, void *arg)
{
	int found = 0;

	if (ebb_eng.running)
		return -EBUSY;
	for (unsigned int h = 0; h < nb_start_hooks; h++) {
		if (start_hooks[h].fn != start || start_hooks[h].arg != arg)
			continue;
		memmove(&start_hooks[h], &start_hooks[h + 1],
			(nb_start_hooks - h - 1) * sizeof(start_hooks[0]));
		nb_start_hooks--;
		found = 1;
		break;
	}
	for (unsigned int h = 0; h < nb_stop_hooks; h++) {
		if (stop_hooks[h].fn != stop || stop_hooks[h].arg != arg)
			continue;
		memmove(&stop_hooks[h], &stop_hooks[h + 1],
			(nb_stop_hooks - h - 1) * sizeof(stop_hooks[0]));
		nb_stop_hooks--;
		found = 1;
		break;
	}
	return found ? 0 : -ENOENT;
}

RTE_INIT(ebb_engine_ctrl_init)
{
	for (unsigned int p = 0; p < RTE_MAX_ETHPORTS; p++) {
		ctrl_ports[p].rx_lcore = -1;
		ctrl_ports[p].tx_lcore = -1;
	}
}
