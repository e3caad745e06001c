/* SPDX-License-Identifier: BSD-3-Clause */
/* applets.c: runs each port's responder/probe applet inside the engine's forwarding loops. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "applets.h"
#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"

/* How long the main lcore waits for a port's lcore to take a probe change. */
#define APPLETS_MAILBOX_WAIT_US 1000000

/*
 * A port's applet and its place in the loops. lcore and next_tsc are written by the
 * main lcore only while forwarding is stopped (start hook), and by the owner lcore while
 * it runs (next_tsc); rte_eal_remote_launch() orders the hand-over.
 * Mailbox: the main lcore writes req_* then req_seq (release); the owner reads req_seq
 * (acquire), applies, writes req_rc then ack_seq (release); the main lcore reads ack_seq
 * (acquire) then req_rc.
 */
struct app_port {
	struct ebb_applet *a;
	uint16_t port;
	int lcore;                    /**< owner in this run, -1 when stopped */
	uint64_t next_tsc;            /**< when ebb_applet_run() wants to run (owner) */
	uint32_t req_seq;             /**< main lcore writes */
	uint32_t ack_seq;             /**< owner writes */
	bool req_clear;               /**< the request stops the probe */
	struct ebb_probe_conf req_conf;
	int req_rc;
} __rte_cache_aligned;

/* The ports one lcore runs: the argument of its service. */
struct app_lcore {
	unsigned int n;
	bool added;
	struct app_port *p[RTE_MAX_ETHPORTS];
};

static struct app_port app_ports[RTE_MAX_ETHPORTS];
static struct app_lcore app_lcores[RTE_MAX_LCORE];
static uint16_t app_nb_ports;
static bool app_ready;
static uint64_t app_tsc_per_us;

bool
ebb_applets_ready(void)
{
	return app_ready;
}

static uint64_t
us_to_tsc(uint64_t us)
{
	/* the applet's clock is timer cycles / (hz / 10^6): the exact inverse */
	if (us >= UINT64_MAX / app_tsc_per_us)
		return UINT64_MAX;
	return us * app_tsc_per_us;
}

static uint16_t
applet_tx(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n, void *arg)
{
	RTE_SET_USED(queue);
	RTE_SET_USED(arg);
	return ebb_engine_ctrl_tx(port, pkts, n);
}

/* RX hook, on the lcore of each RX queue of the port: ours only on the owner lcore. */
static uint16_t
applets_rx_hook(void *arg, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	struct app_port *ap = arg;
	uint16_t k = 0;

	if (unlikely((unsigned int)ap->lcore != rte_lcore_id()))
		return n; /* another RX queue's lcore: the applet is not its to run */
	for (uint16_t i = 0; i < n; i++) {
		if (ebb_applet_input(port, pkts[i]))
			continue;
		pkts[k++] = pkts[i];
	}
	if (k != n)
		ap->next_tsc = 0; /* a reply may wait for buffers: run it now */
	return k;
}

static void
mailbox_apply(struct app_port *ap)
{
	ap->req_rc = ap->req_clear ? ebb_probe_clear(ap->port) :
				     ebb_probe_set(ap->port, &ap->req_conf);
}

/* Service of an lcore: probe changes, then each applet when it is due. */
static unsigned int
applets_service(void *arg, uint64_t now_tsc)
{
	struct app_lcore *l = arg;
	unsigned int work = 0;

	for (unsigned int i = 0; i < l->n; i++) {
		struct app_port *ap = l->p[i];
		/* acquire: pairs with the release store of ebb_applets_probe_set() */
		uint32_t seq = __atomic_load_n(&ap->req_seq, __ATOMIC_ACQUIRE);

		if (unlikely(seq != __atomic_load_n(&ap->ack_seq, __ATOMIC_RELAXED))) {
			mailbox_apply(ap);
			ap->next_tsc = 0;
			/* release: publishes req_rc to the main lcore's acquire load */
			__atomic_store_n(&ap->ack_seq, seq, __ATOMIC_RELEASE);
			work++;
		}
		if (now_tsc >= ap->next_tsc) {
			uint64_t next = ebb_applet_run(ap->a, ebb_applet_now(ap->a));

			ap->next_tsc = us_to_tsc(next);
			work++;
		}
	}
	return work;
}

static void
services_del(void)
{
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		if (app_lcores[l].added)
			ebb_engine_del_service(l, applets_service, &app_lcores[l]);
		app_lcores[l].added = false;
		app_lcores[l].n = 0;
	}
}

/* Start hook (main lcore): each applet goes to the lcore serving its port in this run. */
static int
applets_start(void *arg)
{
	int ret;

	RTE_SET_USED(arg);
	services_del();
	for (uint16_t p = 0; p < app_nb_ports; p++) {
		struct app_port *ap = &app_ports[p];
		int lc;

		ap->lcore = -1;
		if (ap->a == NULL)
			continue;
		lc = ebb_engine_port_lcore(p);
		if (lc < 0)
			continue;
		ap->lcore = lc;
		ap->next_tsc = 0;
		ap->ack_seq = ap->req_seq; /* nothing pending: probe_set applies directly */
		app_lcores[lc].p[app_lcores[lc].n++] = ap;
	}
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		if (app_lcores[l].n == 0)
			continue;
		ret = ebb_engine_add_service(l, applets_service, &app_lcores[l]);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: lcore %u: cannot run the applets: %s\n", l,
				strerror(-ret));
			services_del();
			return ret;
		}
		app_lcores[l].added = true;
	}
	return 0;
}

/* Stop hook, on each forwarding lcore after its loop ended. */
static void
applets_stop(void *arg, unsigned int lcore)
{
	struct app_lcore *l = &app_lcores[lcore];

	RTE_SET_USED(arg);
	for (unsigned int i = 0; i < l->n; i++) {
		int ret = ebb_applet_stop_lcore(l->p[i]->a);

		if (ret < 0)
			fprintf(stderr, "ebbflow: port %u: applet stop: %s\n", l->p[i]->port,
				strerror(-ret));
	}
}

/* After the loops stopped (called with the engine stopped). */
static void
applets_unbind(void)
{
	for (uint16_t p = 0; p < app_nb_ports; p++)
		app_ports[p].lcore = -1;
}

int
ebb_applets_init(void)
{
	uint16_t n = ebb_engine_nb_ports();
	int ret;

	if (app_ready)
		return -EBUSY;
	app_tsc_per_us = rte_get_timer_hz() / 1000000;
	if (app_tsc_per_us == 0)
		app_tsc_per_us = 1;
	for (uint16_t p = 0; p < n; p++) {
		struct app_port *ap = &app_ports[p];
		struct ebb_engine_port_ctrl info;
		struct ebb_applet_conf conf;

		memset(ap, 0, sizeof(*ap));
		ap->port = p;
		ap->lcore = -1;
		ret = ebb_engine_port_ctrl_info(p, &info);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: port %u: no port information: %s\n", p,
				strerror(-ret));
			goto fail;
		}
		memset(&conf, 0, sizeof(conf));
		conf.port_id = p;
		conf.mac = info.mac;
		conf.mp = info.pool;
		conf.tx = applet_tx;
		conf.socket_id = info.socket;
		ap->a = ebb_applet_create(&conf);
		if (ap->a == NULL) {
			ret = -rte_errno;
			fprintf(stderr, "ebbflow: port %u: cannot create its applet: %s\n", p,
				rte_strerror(rte_errno));
			goto fail;
		}
		app_nb_ports = p + 1;
		ret = ebb_engine_set_rx_hook(p, applets_rx_hook, ap);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: port %u: cannot hook its RX: %s\n", p,
				strerror(-ret));
			goto fail;
		}
	}
	ret = ebb_engine_add_start_hook(applets_start, NULL);
	if (ret == 0)
		ret = ebb_engine_add_stop_hook(applets_stop, NULL);
	if (ret < 0) {
		fprintf(stderr, "ebbflow: cannot hook the applets to start/stop: %s\n",
			strerror(-ret));
		goto fail;
	}
	app_ready = true;
	return 0;
fail:
	app_ready = true; /* let fini undo what was done */
	ebb_applets_fini();
	return ret;
}

void
ebb_applets_fini(void)
{
	if (!app_ready)
		return;
	ebb_engine_del_hooks(applets_start, applets_stop, NULL);
	services_del();
	applets_unbind();
	for (uint16_t p = 0; p < app_nb_ports; p++) {
		struct app_port *ap = &app_ports[p];

		ebb_engine_set_rx_hook(p, NULL, NULL);
		/* stopped: the stop hook already cancelled waits on the lcores */
		ebb_applet_free(ap->a);
		ap->a = NULL;
	}
	app_nb_ports = 0;
	app_ready = false;
}

int
ebb_applets_lcore(uint16_t port)
{
	if (port >= app_nb_ports || !ebb_engine_running())
		return -1;
	return app_ports[port].lcore;
}

int
ebb_applets_probe_set(uint16_t port, const struct ebb_probe_conf *pc)
{
	struct app_port *ap;
	uint32_t seq;

	if (!app_ready || port >= app_nb_ports || app_ports[port].a == NULL)
		return -ENODEV;
	ap = &app_ports[port];
	if (!ebb_engine_running() || ap->lcore < 0)
		return pc == NULL ? ebb_probe_clear(port) : ebb_probe_set(port, pc);
	ap->req_clear = pc == NULL;
	if (pc != NULL)
		ap->req_conf = *pc;
	seq = ap->req_seq + 1;
	/* release: the request before its number; pairs with the service's acquire */
	__atomic_store_n(&ap->req_seq, seq, __ATOMIC_RELEASE);
	for (unsigned int waited = 0; waited < APPLETS_MAILBOX_WAIT_US; waited += 100) {
		/* acquire: pairs with the service's release store of ack_seq */
		if (__atomic_load_n(&ap->ack_seq, __ATOMIC_ACQUIRE) == seq)
			return ap->req_rc;
		rte_delay_us_sleep(100);
	}
	return -ETIMEDOUT;
}
