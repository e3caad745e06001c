/* SPDX-License-Identifier: BSD-3-Clause */
/* applets.c: runs each port's responder/probe applet inside the engine's forwarding loops. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "applets.h"
#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"

/* How long the main lcore waits for a port's lcore to take a probe change. */
#define APPLETS_MAILBOX_WAIT_US 1000000
/* Control frames in flight from other RX lcores to a port's applet, and per drain. */
#define APPLETS_XRING_SIZE 256
#define APPLETS_XBURST 32

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
	/*
	 * Several RX queues: a queue polled by another lcore than the owner hands the frames
	 * the applet wants (ebb_applet_wants()) to the owner through xring (multi-producer,
	 * single-consumer: the owner's service drains it). NULL with one RX queue per port.
	 * x_moved and x_full are added to by those lcores (relaxed atomic adds, control
	 * frames only), x_stale and x_flushed written by the owner; all read relaxed.
	 */
	struct rte_ring *xring;
	uint64_t x_moved;             /**< frames handed to the owner */
	uint64_t x_full;              /**< ring full: dropped (freed) */
	uint64_t x_stale;             /**< the owner did not want them after all: freed */
	uint64_t x_flushed;           /**< still in the ring at stop: freed */
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

/*
 * RX hook on a lcore that polls one of the port's queues but does not run its applet:
 * the frames the applet wants go to the owner; the ring full, they are dropped and
 * counted (control frames: a peer retries an ARP or an echo).
 */
static __rte_noinline uint16_t
applets_rx_other(struct app_port *ap, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t moved = 0, full = 0;
	uint16_t k = 0;

	if (ap->xring == NULL || ap->lcore < 0)
		return n; /* one RX queue, or nobody runs the applet in this run */
	for (uint16_t i = 0; i < n; i++) {
		if (likely(!ebb_applet_wants(port, pkts[i]))) {
			pkts[k++] = pkts[i];
		} else if (rte_ring_mp_enqueue(ap->xring, pkts[i]) == 0) {
			moved++;
		} else {
			rte_pktmbuf_free(pkts[i]);
			full++;
		}
	}
	/* relaxed: counters only, read relaxed by show/telemetry; several producers */
	if (moved != 0)
		__atomic_fetch_add(&ap->x_moved, moved, __ATOMIC_RELAXED);
	if (full != 0)
		__atomic_fetch_add(&ap->x_full, full, __ATOMIC_RELAXED);
	return k;
}

/* RX hook, on the lcore of each RX queue of the port. */
static uint16_t
applets_rx_hook(void *arg, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	struct app_port *ap = arg;
	uint16_t k = 0;

	if (unlikely((unsigned int)ap->lcore != rte_lcore_id()))
		return applets_rx_other(ap, port, pkts, n);
	for (uint16_t i = 0; i < n; i++) {
		if (ebb_applet_input(port, pkts[i]))
			continue;
		pkts[k++] = pkts[i];
	}
	if (k != n)
		ap->next_tsc = 0; /* a reply may wait for buffers: run it now */
	return k;
}

/* Owner: feed what other RX lcores handed over to the applet. @return frames taken. */
static unsigned int
xring_drain(struct app_port *ap)
{
	struct rte_mbuf *m[APPLETS_XBURST];
	unsigned int k, stale = 0;

	k = rte_ring_sc_dequeue_burst(ap->xring, (void **)m, APPLETS_XBURST, NULL);
	for (unsigned int i = 0; i < k; i++) {
		if (!ebb_applet_input(ap->port, m[i])) {
			rte_pktmbuf_free(m[i]); /* the address or probe changed meanwhile */
			stale++;
		}
	}
	if (stale != 0) /* the owner alone writes it; readers load relaxed */
		__atomic_store_n(&ap->x_stale, ap->x_stale + stale, __ATOMIC_RELAXED);
	return k;
}

/* The loops have ended: free what is left in the ring (no producer remains). */
static void
xring_flush(struct app_port *ap)
{
	struct rte_mbuf *m[APPLETS_XBURST];
	unsigned int k;

	if (ap->xring == NULL)
		return;
	while ((k = rte_ring_sc_dequeue_burst(ap->xring, (void **)m, APPLETS_XBURST,
					      NULL)) != 0) {
		rte_pktmbuf_free_bulk(m, k);
		__atomic_store_n(&ap->x_flushed, ap->x_flushed + k, __ATOMIC_RELAXED);
	}
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
		if (ap->xring != NULL && !rte_ring_empty(ap->xring)) {
			work += xring_drain(ap);
			ap->next_tsc = 0; /* a reply may wait for buffers: run it now */
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
		int ret;

		xring_flush(l->p[i]); /* before the applet stops: nothing more reaches it */
		ret = ebb_applet_stop_lcore(l->p[i]->a);

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
	const struct ebb_engine_conf *ec = ebb_engine_conf();
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
		if (ec != NULL && ec->nb_rxq > 1) {
			char name[RTE_RING_NAMESIZE];

			snprintf(name, sizeof(name), "ebb_applet_x%u", p);
			ap->xring = rte_ring_create(name, APPLETS_XRING_SIZE, info.socket,
						    RING_F_SC_DEQ);
			if (ap->xring == NULL) {
				ret = -rte_errno;
				fprintf(stderr, "ebbflow: port %u: no ring for its other RX "
					"queues: %s\n", p, rte_strerror(rte_errno));
				goto fail;
			}
		}
		ret = ebb_engine_set_rx_hook(p, applets_rx_hook, ap);
		/* without address or probe the hook keeps every frame: the engine skips it
		 * while the word that ebb_applet_input() reads first is 0 */
		if (ret == 0)
			ret = ebb_engine_set_rx_hook_gate(p, &ebb_applet_hot[p].want);
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
		xring_flush(ap); /* stopped: the stop hook emptied it; a failed start did not run */
		rte_ring_free(ap->xring);
		ap->xring = NULL;
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

int
ebb_applets_xstats(uint16_t port, struct ebb_applets_xstats *x)
{
	const struct app_port *ap;

	if (!app_ready || port >= app_nb_ports || app_ports[port].a == NULL)
		return -ENODEV;
	if (x == NULL)
		return -EINVAL;
	ap = &app_ports[port];
	x->ring = ap->xring != NULL;
	/* relaxed: pair with the relaxed adds and stores of the RX lcores and the owner */
	x->moved = __atomic_load_n(&ap->x_moved, __ATOMIC_RELAXED);
	x->full = __atomic_load_n(&ap->x_full, __ATOMIC_RELAXED);
	x->stale = __atomic_load_n(&ap->x_stale, __ATOMIC_RELAXED);
	x->flushed = __atomic_load_n(&ap->x_flushed, __ATOMIC_RELAXED);
	return 0;
}

int
ebb_applets_port_ips(const struct ebb_app_opts *o)
{
	char buf[INET_ADDRSTRLEN];

	for (unsigned int i = 0; i < o->nb_port_ips; i++) {
		const struct ebb_port_ip *pi = &o->port_ips[i];
		struct in_addr a = { .s_addr = pi->ip };
		int ret;

		if (inet_ntop(AF_INET, &a, buf, sizeof(buf)) == NULL)
			snprintf(buf, sizeof(buf), "?");
		if (!app_ready || pi->port >= app_nb_ports) {
			fprintf(stderr, "ebbflow: --port-ip %u,%s/%u: no port %u (%u ports)\n",
				pi->port, buf, pi->prefix_len, pi->port, app_nb_ports);
			return -ENODEV;
		}
		ret = ebb_responder_set_ip(pi->port, pi->ip, pi->prefix_len);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: --port-ip %u,%s/%u: %s\n", pi->port, buf,
				pi->prefix_len, strerror(-ret));
			return ret;
		}
		printf("Port %u: address %s/%u\n", pi->port, buf, pi->prefix_len);
	}
	return 0;
}
