/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_link.c: link down/up of a port, link events, RX buffers of stopped ports, the teardown audit. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include "engine_priv.h"

/*
 * `set link-down port N`: the port's link goes down where the PMD can do it
 * (rte_eth_dev_set_link_down), and in any case administratively in the engine: the RX
 * queues of the port are not polled and the streams that send to it neither receive nor
 * release what they hold (nothing is transmitted to it; control frames are refused).
 * This is a stop for another reason than buffers (EBB_RXQ_STOP_LINK): a queue that was
 * paused for buffers gives its waiter up, and buffers never lift the link stop.
 *
 * The main lcore sets ebb_eng.link_down[port] (relaxed) and then bumps each forwarding
 * lcore's link_req (release); the lcore sees link_req != link_done (acquire, once per
 * iteration, next to the `show waiters` request) and applies the flags to its queues.
 */

static struct ebb_port *
link_port(uint16_t port)
{
	if (!ebb_eng.inited)
		return NULL;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (ebb_eng.port[i].id == port)
			return &ebb_eng.port[i];
	return NULL;
}

static bool
port_down(uint16_t port)
{
	/* relaxed: the acquire load of link_req orders it after the main lcore's store */
	return port < RTE_MAX_ETHPORTS &&
	       __atomic_load_n(&ebb_eng.link_down[port], __ATOMIC_RELAXED);
}

static void
rxq_pub(struct ebb_rxq *q, enum ebb_rxq_state_pub st)
{
	__atomic_store_n(&q->state_pub, (uint8_t)st, __ATOMIC_RELAXED);
}

/* Owner lcore (or main before the launch): give the queues their link stops. */
static void
link_apply(struct ebb_lcore *lc, bool launched)
{
	for (unsigned int i = 0; i < lc->nb_rxq; i++) {
		struct ebb_rxq *q = &lc->rxq[i];
		bool down = port_down(q->s->rx_port) || port_down(q->s->tx_port);

		q->tx_down = port_down(q->s->tx_port);
		if (down && !(q->stop & EBB_RXQ_STOP_LINK)) {
			if (q->stop & EBB_RXQ_STOP_NOBUF) {
				/* not a buffer pause any more: leave the FIFO, hold nothing */
				if (launched && q->waitq && ebb_waiter_waiting(&q->w))
					ebb_waiter_cancel_lcore(&q->w);
				EBB_RXQ_COUNT(q, paused_tsc, rte_get_tsc_cycles() - q->pause_tsc);
				q->stop &= ~EBB_RXQ_STOP_NOBUF;
			}
			if (q->stash_n != 0 || (q->stop & EBB_RXQ_STOP_FILL))
				ebb_engine_rxq_fill(q); /* what it was given: the lcore's cache */
			q->stop |= EBB_RXQ_STOP_LINK;
			rxq_pub(q, EBB_QUEUE_STOPPED);
		} else if (!down && (q->stop & EBB_RXQ_STOP_LINK)) {
			q->stop &= ~EBB_RXQ_STOP_LINK;
			if ((q->stop & ~EBB_RXQ_STOP_FILL) == 0)
				rxq_pub(q, EBB_QUEUE_POLLING);
		}
	}
}

void
ebb_engine_link_lcore(struct ebb_lcore *lc)
{
	uint32_t req = __atomic_load_n(&lc->link_req, __ATOMIC_ACQUIRE);

	link_apply(lc, true);
	lc->link_done = req;
}

void
ebb_engine_link_prepare(struct ebb_lcore *lc)
{
	lc->link_req = lc->link_done = 0;
	link_apply(lc, false);
}

/* Main lcore: the running lcores take the new flags at their next iteration. */
static void
link_publish(void)
{
	uint64_t one = 1;

	if (!ebb_eng.running)
		return; /* the next start applies them (ebb_engine_link_prepare) */
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		/* release: the port flags before the request; pairs with the lcore's acquire */
		__atomic_store_n(&lc->link_req, lc->link_req + 1, __ATOMIC_RELEASE);
		if (lc->wake_fd >= 0 && write(lc->wake_fd, &one, sizeof(one)) < 0)
			EBB_ENGINE_LOG(DEBUG, "wake of lcore %u: %s", lc->lcore_id,
				       strerror(errno));
	}
}

int
ebb_engine_set_link(uint16_t port, bool up)
{
	struct ebb_port *p = link_port(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (!up) {
		__atomic_store_n(&ebb_eng.link_down[port], true, __ATOMIC_RELAXED);
		link_publish();
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
	link_publish();
	EBB_ENGINE_LOG(INFO, "port %u: link set up", port);
	return 0;
}

/* Main lcore, after the ports started: a PMD that brings the link up at start is told
 * again that it is down. */
void
ebb_engine_link_restart(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (p->link_pmd && rte_eth_dev_set_link_down(p->id) < 0)
			p->link_pmd = false;
	}
}

/* Link status change events (interrupt thread, or the PMD's own thread for net_vhost). */
static int
link_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	struct rte_eth_link link;

	RTE_SET_USED(type);
	RTE_SET_USED(arg);
	RTE_SET_USED(ret_param);
	if (port >= RTE_MAX_ETHPORTS)
		return 0;
	memset(&link, 0, sizeof(link));
	if (rte_eth_link_get_nowait(port, &link) < 0)
		return 0;
	/* relaxed RMW: several event threads may count; readers load relaxed */
	if (link.link_status)
		__atomic_fetch_add(&ebb_eng.lsc_up[port], 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&ebb_eng.lsc_down[port], 1, __ATOMIC_RELAXED);
	EBB_ENGINE_LOG(INFO, "port %u: link %s (event)", port, link.link_status ? "up" : "down");
	return 0;
}

void
ebb_engine_link_init(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		int ret = rte_eth_dev_callback_register(ebb_eng.port[i].id,
							RTE_ETH_EVENT_INTR_LSC, link_event, NULL);

		ebb_eng.port[i].lsc_cb = ret == 0;
	}
}

void
ebb_engine_link_fini(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		if (!ebb_eng.port[i].lsc_cb)
			continue;
		rte_eth_dev_callback_unregister(ebb_eng.port[i].id, RTE_ETH_EVENT_INTR_LSC,
						link_event, NULL);
		ebb_eng.port[i].lsc_cb = false;
	}
}

int
ebb_engine_link_info(uint16_t port, struct ebb_link_info *li)
{
	struct ebb_port *p = link_port(port);
	struct rte_eth_link link;

	if (p == NULL)
		return -ENODEV;
	if (li == NULL)
		return -EINVAL;
	memset(li, 0, sizeof(*li));
	memset(&link, 0, sizeof(link));
	li->admin_down = port_down(port);
	li->pmd_down = p->link_pmd;
	if (rte_eth_link_get_nowait(port, &link) == 0) {
		li->link_up = link.link_status != 0;
		li->speed = link.link_speed;
	}
	li->events_up = __atomic_load_n(&ebb_eng.lsc_up[port], __ATOMIC_RELAXED);
	li->events_down = __atomic_load_n(&ebb_eng.lsc_down[port], __ATOMIC_RELAXED);
	li->admin_downs = p->admin_downs;
	return 0;
}

void
ebb_engine_show_port_link(FILE *f, uint16_t port)
{
	struct ebb_link_info li;

	if (ebb_engine_link_info(port, &li) < 0)
		return;
	fprintf(f, "Link admin state: %s\n", !li.admin_down ? "up" :
		li.pmd_down ? "down (set link-down: PMD and engine)" :
		"down (set link-down: engine only, the PMD cannot)");
	fprintf(f, "Link events: up %" PRIu64 " down %" PRIu64 ", set link-down %" PRIu64 "\n",
		li.events_up, li.events_down, li.admin_downs);
}

/*
 * RX buffers of stopped ports. A NIC gives its descriptor ring's mbufs back when it
 * stops; net_tap keeps them (its RX queue's chain of nb_rxd mbufs) until the queue is
 * released or the port closed, so the `stop` audit would count them missing. For such
 * PMDs the engine "parks" the RX queues at stop: it sets each one up again on the stopped
 * port (which releases the old queue and its mbufs) with one descriptor from a small
 * private pool, and sets it up again from the port's pool at the next start. The audit
 * after a stop is then exact; the parked mbufs belong to the private pool, not audited.
 */
static const char *const park_drivers[] = { "net_tap" };

#define PARK_DESC 1

static bool
port_parks(uint16_t port)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.driver_name == NULL)
		return false;
	for (unsigned int i = 0; i < RTE_DIM(park_drivers); i++)
		if (strcmp(info.driver_name, park_drivers[i]) == 0)
			return true;
	return false;
}

static int
rxq_setup(struct ebb_port *p, uint16_t q, uint16_t nb_desc, struct rte_mempool *mp)
{
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxconf;
	int ret = rte_eth_dev_info_get(p->id, &info);

	if (ret < 0)
		return ret;
	rxconf = info.default_rxconf; /* as ebb_engine_ports_queues() */
	rxconf.rx_drop_en = 1;
	return rte_eth_rx_queue_setup(p->id, q, nb_desc, p->socket, &rxconf, mp);
}

void
ebb_engine_rx_park(void)
{
	unsigned int need = 0;

	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (!ebb_eng.port[i].started && port_parks(ebb_eng.port[i].id))
			need += ebb_eng.conf.nb_rxq * PARK_DESC;
	if (need == 0)
		return;
	if (ebb_eng.park_pool == NULL) {
		char name[RTE_MEMPOOL_NAMESIZE];

		snprintf(name, sizeof(name), "ebb_park_%u", (unsigned int)getpid() % 100000);
		/* twice what the queues take: a PMD may allocate before it frees */
		ebb_eng.park_pool = rte_pktmbuf_pool_create(name, 2 * need + 1, 0, 0,
							    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
		if (ebb_eng.park_pool == NULL) {
			EBB_ENGINE_LOG(WARNING, "no pool to park RX queues (%s): their mbufs "
				       "stay in the stopped ports", rte_strerror(rte_errno));
			return;
		}
	}
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (p->started || p->parked || !port_parks(p->id))
			continue;
		for (uint16_t q = 0; q < ebb_eng.conf.nb_rxq; q++) {
			int ret = rxq_setup(p, q, PARK_DESC, ebb_eng.park_pool);

			if (ret < 0)
				EBB_ENGINE_LOG(WARNING, "port %u: RX queue %u not parked: %s", p->id,
					       q, strerror(-ret));
		}
		p->parked = true;
	}
}

int
ebb_engine_rx_unpark(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (!p->parked || p->admin_stopped) /* `port stop`: stays parked */
			continue;
		for (uint16_t q = 0; q < ebb_eng.conf.nb_rxq; q++) {
			int ret = rxq_setup(p, q, p->nb_rxd, p->pool);

			if (ret < 0) {
				EBB_ENGINE_LOG(ERR, "port %u: RX queue %u setup again: %s", p->id,
					       q, strerror(-ret));
				return ret;
			}
		}
		p->parked = false;
	}
	return 0;
}

/* After the ports are closed (their parked mbufs back in the private pool). */
void
ebb_engine_rx_park_free(void)
{
	rte_mempool_free(ebb_eng.park_pool);
	ebb_eng.park_pool = NULL;
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
