/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_link.c: link state of the ports: set link-down/up published to the lcores, link
 * events, what `show port info` says of the link. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "engine_priv.h"

/*
 * `set link-down port N`: the port's link goes down where the PMD can do it
 * (rte_eth_dev_set_link_down), and in any case administratively in the engine: the RX
 * queues of the port are not polled and the streams that send to it neither receive nor
 * release what they hold (nothing is transmitted to it; control frames are refused).
 * This is a stop for another reason than buffers (EBB_RXQ_STOP_LINK): a queue that was
 * paused for buffers gives its waiter up, and buffers never lift the link stop.
 *
 * The main lcore sets ebb_eng.link_down[port] (relaxed, ebb_engine_set_link() in engine.c)
 * and then bumps each forwarding lcore's link_req (release, here); the lcore sees link_req
 * != link_done (acquire, once per iteration, next to the `show waiters` request) and
 * applies the flags to its queues (ebb_engine_link_lcore() in engine_wait.c).
 *
 * A link-down event of the PMD (the carrier went away: a cable, the vhost-user peer, the
 * switch) stops the same queues in the same way until its link-up event: nothing can be
 * received from the port nor sent to it meanwhile. Its flag is ebb_eng.carrier_down[port],
 * written by the thread that runs the event, which reads the link status itself (a late
 * event is corrected by the next one); the engine starts with every carrier up. Both the
 * main lcore and an event thread may publish: link_req is bumped with an atomic RMW.
 */

/* Main lcore or an event thread: the running lcores take the new flags at their next
 * iteration. */
void
ebb_engine_link_publish(void)
{
	uint64_t one = 1;

	if (!__atomic_load_n(&ebb_eng.running, __ATOMIC_RELAXED))
		return; /* the next start applies them (ebb_engine_link_prepare) */
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		/* release: the port flags before the request; pairs with the lcore's acquire */
		__atomic_fetch_add(&lc->link_req, 1, __ATOMIC_RELEASE);
		if (lc->wake_fd >= 0 && write(lc->wake_fd, &one, sizeof(one)) < 0)
			EBB_ENGINE_LOG(DEBUG, "wake of lcore %u: %s", lc->lcore_id,
				       strerror(errno));
	}
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
	if (__atomic_exchange_n(&ebb_eng.carrier_down[port], !link.link_status,
				__ATOMIC_RELAXED) != !link.link_status)
		ebb_engine_link_publish(); /* its queues stop or go on */
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
	struct ebb_port *p = ebb_engine_port_of(port);
	struct rte_eth_link link;

	if (p == NULL)
		return -ENODEV;
	if (li == NULL)
		return -EINVAL;
	memset(li, 0, sizeof(*li));
	memset(&link, 0, sizeof(link));
	li->admin_down = ebb_engine_port_admin_down(port);
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
