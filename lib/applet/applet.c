/* SPDX-License-Identifier: BSD-3-Clause */
/* applet.c: the per-port applet: creation, registry, input dispatch, run, configuration, stats. */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "applet_priv.h"

RTE_LOG_REGISTER_DEFAULT(ebb_applet_logtype, INFO);

static struct ebb_applet *applets[RTE_MAX_ETHPORTS];
struct ebb_applet_hot ebb_applet_hot[RTE_MAX_ETHPORTS];

/* Publish what the inline front of ebb_applet_input() needs for the port. */
static void
hot_update(uint16_t port)
{
	const struct ebb_applet *a = applets[port];
	uint32_t ip = a != NULL ? applet_ip(a) : 0;
	uint32_t on = a != NULL && (ip != 0 || a->probe.enabled) ? EBB_APPLET_HOT_ON : 0;
	uint32_t dst = a != NULL && a->probe.enabled ? a->probe.conf.dst_ip : 0;

	/* relaxed: pairs with the relaxed loads of ebb_applet_input() and
	 * ebb_applet_wants(); each word alone */
	__atomic_store_n(&ebb_applet_hot[port].ip, ip, __ATOMIC_RELAXED);
	__atomic_store_n(&ebb_applet_hot[port].probe_dst, dst, __ATOMIC_RELAXED);
	__atomic_store_n(&ebb_applet_hot[port].want, on, __ATOMIC_RELAXED);
}

static uint64_t
tsc_us(void *arg)
{
	uint64_t per_us = rte_get_timer_hz() / 1000000;

	RTE_SET_USED(arg);
	return rte_get_timer_cycles() / (per_us != 0 ? per_us : 1);
}

uint64_t
ebb_applet_now(const struct ebb_applet *a)
{
	return a->conf.clock(a->conf.clock_arg);
}

unsigned int
applet_tx(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n)
{
	uint16_t sent = a->conf.tx(a->conf.port_id, a->conf.tx_queue, m, (uint16_t)n,
				   a->conf.tx_arg);

	if (sent > n)
		sent = (uint16_t)n; /* a confused tx: never free what it took */
	if (sent < n)
		rte_pktmbuf_free_bulk(m + sent, n - sent);
	return sent;
}

struct ebb_applet *
ebb_applet_create(const struct ebb_applet_conf *conf)
{
	struct ebb_applet *a;
	int mode, err = ENOMEM;

	if (conf == NULL || conf->tx == NULL || conf->mp == NULL ||
	    conf->port_id >= RTE_MAX_ETHPORTS || conf->pending_max > EBB_APPLET_PENDING_MAX) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (applets[conf->port_id] != NULL) {
		rte_errno = EEXIST;
		return NULL;
	}
	a = rte_zmalloc_socket("ebb_applet", sizeof(*a), RTE_CACHE_LINE_SIZE, conf->socket_id);
	if (a == NULL)
		goto fail;
	a->conf = *conf;
	if (a->conf.pending_max == 0)
		a->conf.pending_max = EBB_APPLET_PENDING_DEFAULT;
	if (a->conf.wait_timeout_us == 0)
		a->conf.wait_timeout_us = EBB_APPLET_WAIT_TIMEOUT_US;
	if (a->conf.clock == NULL)
		a->conf.clock = tsc_us;
	a->data_room = rte_pktmbuf_data_room_size(conf->mp) > RTE_PKTMBUF_HEADROOM ?
		rte_pktmbuf_data_room_size(conf->mp) - RTE_PKTMBUF_HEADROOM : 0;
	a->pend = rte_zmalloc_socket("ebb_applet_pending",
				     sizeof(*a->pend) * a->conf.pending_max, 0, conf->socket_id);
	if (a->pend == NULL)
		goto free_applet;
	mode = applet_wait_init(a, &a->rwait, responder_offer, responder_timeout);
	if (mode >= 0)
		mode = applet_wait_init(a, &a->probe.wait, probe_offer, probe_timeout);
	if (mode < 0) {
		err = -mode;
		goto free_pend;
	}
	a->wait_mode = (uint8_t)mode;
	a->probe.ident = (uint16_t)(0xeb00 | (conf->port_id & 0xff));
	applets[conf->port_id] = a;
	hot_update(conf->port_id);
	APPLET_LOG(DEBUG, "port %u: applet created (%s)", conf->port_id,
		   mode == EBB_APPLET_WAIT_WAITER ? "waiter" : "poll");
	return a;

free_pend:
	rte_free(a->pend);
free_applet:
	rte_free(a);
fail:
	rte_errno = err;
	return NULL;
}

int
ebb_applet_stop_lcore(struct ebb_applet *a)
{
	struct applet_probe *pr;
	int rc;

	if (a == NULL)
		return -EINVAL;
	pr = &a->probe;
	rc = responder_flush(a);
	if (rc == 0)
		rc = probe_cancel(a);
	if (rc != 0)
		return rc;
	pr->started = 0; /* the schedule starts again at the next run */
	pr->outstanding = 0;
	return 0;
}

void
ebb_applet_free(struct ebb_applet *a)
{
	if (a == NULL)
		return;
	if (applets[a->conf.port_id] == a) {
		applets[a->conf.port_id] = NULL;
		hot_update(a->conf.port_id);
	}
	if (ebb_applet_stop_lcore(a) != 0) {
		/* lib/wait still holds a pointer into it: a leak beats a use after free */
		APPLET_LOG(ERR, "port %u: applet freed while waiting on another lcore; "
			   "not released (call ebb_applet_stop_lcore() on its lcore first)",
			   a->conf.port_id);
		return;
	}
	rte_free(a->pend);
	rte_free(a);
}

struct ebb_applet *
ebb_applet_get(uint16_t port)
{
	return port < RTE_MAX_ETHPORTS ? applets[port] : NULL;
}

static void
count_bad(struct ebb_applet *a, const struct ebb_pkt *p)
{
	unsigned int r = p->reason < EBB_BAD_MAX ? p->reason : EBB_BAD_NONE;

	APPLET_COUNT(a->rst.malformed_total, 1);
	APPLET_COUNT(a->rst.malformed[r], 1);
}

/* Addressed to us even though malformed? Then it is ours to drop. */
static bool
bad_but_ours(const struct ebb_pkt *p, uint32_t ip)
{
	if (ip == 0)
		return false;
	if (p->reason == EBB_BAD_ARP_OP)
		return p->arp.arp_data.arp_tip == ip;
	return p->reason >= EBB_BAD_IP_CKSUM && p->reason <= EBB_BAD_ICMP_CKSUM &&
	       p->ip.dst_addr == ip;
}

__rte_noinline bool
ebb_applet_input_slow(uint16_t port, struct rte_mbuf *m)
{
	struct ebb_applet *a = ebb_applet_get(port);
	struct ebb_pkt p;
	uint32_t ip;
	uint64_t now;

	if (a == NULL || m == NULL)
		return false;
	ip = applet_ip(a);
	if (ip == 0 && !a->probe.enabled)
		return false;
	switch (ebb_proto_parse(m, ip, &p)) {
	case EBB_PKT_ARP:
		now = ebb_applet_now(a);
		if (probe_input(a, &p, now)) {
			rte_pktmbuf_free(m);
			return true;
		}
		if (ip == 0 || p.arp.arp_data.arp_tip != ip)
			return false;
		if (p.arp.arp_opcode == RTE_BE16(RTE_ARP_OP_REQUEST)) {
			responder_input(a, m, &p, now);
			return true;
		}
		APPLET_COUNT(a->rst.arp_other, 1);
		rte_pktmbuf_free(m);
		return true;
	case EBB_PKT_ICMP:
		if (ip == 0 || p.ip.dst_addr != ip)
			return false;
		now = ebb_applet_now(a);
		if (p.icmp.icmp_type == RTE_IP_ICMP_ECHO_REQUEST && p.icmp.icmp_code == 0) {
			responder_input(a, m, &p, now);
			return true;
		}
		if (!probe_input(a, &p, now))
			APPLET_COUNT(a->rst.icmp_other, 1);
		rte_pktmbuf_free(m);
		return true;
	case EBB_PKT_BAD:
		count_bad(a, &p);
		if (!bad_but_ours(&p, ip))
			return false;
		rte_pktmbuf_free(m);
		return true;
	default:
		return false;
	}
}

/* As ebb_applet_input_slow() decides, from the published words alone (any lcore). */
__rte_noinline bool
ebb_applet_wants_slow(uint16_t port, const struct rte_mbuf *m)
{
	const struct ebb_applet_hot *h;
	struct ebb_pkt p;
	uint32_t ip, dst;

	if (port >= RTE_MAX_ETHPORTS || m == NULL)
		return false;
	h = &ebb_applet_hot[port];
	/* relaxed: pair with hot_update()'s relaxed stores; each word stands alone */
	ip = __atomic_load_n(&h->ip, __ATOMIC_RELAXED);
	dst = __atomic_load_n(&h->probe_dst, __ATOMIC_RELAXED);
	switch (ebb_proto_parse(m, ip, &p)) {
	case EBB_PKT_ARP:
		/* the probe takes the peer's replies; requests for us are the responder's */
		if (dst != 0 && p.arp.arp_data.arp_sip == dst &&
		    p.arp.arp_opcode == RTE_BE16(RTE_ARP_OP_REPLY))
			return true;
		return ip != 0 && p.arp.arp_data.arp_tip == ip;
	case EBB_PKT_ICMP:
		return ip != 0 && p.ip.dst_addr == ip;
	case EBB_PKT_BAD:
		return bad_but_ours(&p, ip);
	default:
		return false;
	}
}

uint64_t
ebb_applet_run(struct ebb_applet *a, uint64_t now_us)
{
	uint64_t next;

	responder_run(a, now_us);
	next = probe_run(a, now_us);
	if (a->rwait.waiting)
		next = RTE_MIN(next, a->rwait.deadline_us);
	/* polling for buffers: come back soon, not only at the deadline */
	if ((a->rwait.waiting && !a->rwait.queued) ||
	    (a->probe.wait.waiting && !a->probe.wait.queued))
		next = RTE_MIN(next, now_us + EBB_APPLET_POLL_US);
	return next;
}

int
ebb_responder_set_ip(uint16_t port, uint32_t ip, uint8_t prefix_len)
{
	struct ebb_applet *a = ebb_applet_get(port);
	uint32_t h = rte_be_to_cpu_32(ip);

	if (a == NULL)
		return -ENODEV;
	if (prefix_len > 32 || (ip != 0 && prefix_len == 0) ||
	    (ip != 0 && (h >= 0xe0000000 || h == 0xffffffff)))
		return -EINVAL;
	if (ip == 0)
		prefix_len = 0;
	/* relaxed: pairs with applet_ip(); a lone word, nothing else published with it */
	__atomic_store_n(&a->ipcfg, ((uint64_t)ip << 8) | prefix_len, __ATOMIC_RELAXED);
	hot_update(port);
	return 0;
}

int
ebb_probe_set(uint16_t port, const struct ebb_probe_conf *pc)
{
	struct ebb_applet *a = ebb_applet_get(port);
	struct applet_probe *pr;

	if (a == NULL)
		return -ENODEV;
	if (pc == NULL || pc->dst_ip == 0 || pc->interval_ms == 0 ||
	    pc->interval_ms > 3600000 || pc->timeout_ms == 0 ||
	    pc->timeout_ms > pc->interval_ms || pc->rise == 0 || pc->fall == 0 ||
	    pc->method > EBB_PROBE_ARP)
		return -EINVAL;
	pr = &a->probe;
	if (applet_wait_stop(&pr->wait) != 0)
		return -EBUSY;
	memset(&pr->st, 0, sizeof(pr->st));
	pr->conf = *pc;
	pr->state = EBB_PROBE_UNKNOWN;
	pr->peer_known = 0;
	pr->started = 0;
	pr->outstanding = 0;
	pr->ok_run = 0;
	pr->fail_run = 0;
	pr->enabled = 1;
	hot_update(port);
	return 0;
}

int
ebb_probe_clear(uint16_t port)
{
	struct ebb_applet *a = ebb_applet_get(port);

	if (a == NULL)
		return -ENODEV;
	if (probe_cancel(a) != 0)
		return -EBUSY;
	a->probe.enabled = 0;
	a->probe.outstanding = 0;
	hot_update(port);
	return 0;
}

/*
 * Copy the counters of a stats struct, from its field first to its end (all uint64_t),
 * with relaxed loads: they pair with the owner lcore's APPLET_COUNT() stores, each
 * counter alone (a snapshot, not a consistent cut).
 */
#define APPLET_LOAD_COUNTERS(dst, src, first) \
	applet_load_counters((uint64_t *)&(dst)->first, (const uint64_t *)&(src)->first, \
			     (sizeof(*(src)) - offsetof(__typeof__(*(src)), first)) / \
			     sizeof(uint64_t))

static_assert(offsetof(struct ebb_responder_stats, arp_requests) % sizeof(uint64_t) == 0 &&
	      (sizeof(struct ebb_responder_stats) -
	       offsetof(struct ebb_responder_stats, arp_requests)) % sizeof(uint64_t) == 0,
	      "responder counters: uint64_t from arp_requests to the end");
static_assert(offsetof(struct ebb_probe_stats, sent) % sizeof(uint64_t) == 0 &&
	      (sizeof(struct ebb_probe_stats) -
	       offsetof(struct ebb_probe_stats, sent)) % sizeof(uint64_t) == 0,
	      "probe counters: uint64_t from sent to the end");

static void
applet_load_counters(uint64_t *dst, const uint64_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

int
ebb_responder_stats_get(uint16_t port, struct ebb_responder_stats *st)
{
	struct ebb_applet *a = ebb_applet_get(port);
	uint64_t cfg;

	if (a == NULL)
		return -ENODEV;
	if (st == NULL)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	APPLET_LOAD_COUNTERS(st, &a->rst, arp_requests);
	cfg = __atomic_load_n(&a->ipcfg, __ATOMIC_RELAXED); /* pairs with set_ip */
	st->ip = (uint32_t)(cfg >> 8);
	st->prefix_len = (uint8_t)cfg;
	st->wait_mode = a->wait_mode;
	st->pending = __atomic_load_n(&a->pend_count, __ATOMIC_RELAXED);
	return 0;
}

int
ebb_probe_stats_get(uint16_t port, struct ebb_probe_stats *st)
{
	struct ebb_applet *a = ebb_applet_get(port);
	const struct applet_probe *pr;

	if (a == NULL)
		return -ENODEV;
	if (st == NULL)
		return -EINVAL;
	pr = &a->probe;
	memset(st, 0, sizeof(*st));
	APPLET_LOAD_COUNTERS(st, &pr->st, sent);
	st->enabled = pr->enabled;
	st->state = __atomic_load_n(&pr->state, __ATOMIC_RELAXED);
	st->peer_known = __atomic_load_n(&pr->peer_known, __ATOMIC_RELAXED);
	st->peer_mac = pr->peer_mac;
	st->conf = pr->conf;
	return 0;
}

uint64_t
ebb_probe_lateness_quantile(const struct ebb_probe_stats *st, double q)
{
	uint64_t total = 0, want, cum = 0;
	unsigned int i;

	for (i = 0; i < EBB_PROBE_HIST; i++)
		total += st->lateness_hist[i];
	if (total == 0)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	want = (uint64_t)(q * (double)total + 0.999999);
	if (want == 0)
		want = 1;
	for (i = 0; i < EBB_PROBE_HIST; i++) {
		cum += st->lateness_hist[i];
		if (cum >= want)
			break;
	}
	return i >= EBB_PROBE_HIST ? UINT64_C(1) << (EBB_PROBE_HIST - 1) : UINT64_C(1) << i;
}

const char *
ebb_probe_state_name(unsigned int state)
{
	static const char *const names[] = { "UNKNOWN", "DOWN", "UP" };

	return state < RTE_DIM(names) ? names[state] : "?";
}
