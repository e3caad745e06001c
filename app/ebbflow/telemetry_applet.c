/* SPDX-License-Identifier: BSD-3-Clause */
/* telemetry_applet.c: /ebbflow/probes and /ebbflow/responders through DPDK's telemetry socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "applets.h"
#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

/*
 * As /ebbflow/pools: one array per field, index i being port i; with a parameter (a
 * port), one flat dict for that port. Read under ebb_ctl_lock(): the applets exist
 * between ebb_applets_init() and ebb_applets_fini(), both called with it held.
 */

struct tel_field {
	const char *name;
	size_t off; /* of a uint64_t in the stats struct */
};

static const struct tel_field probe_fields[] = {
	{ "sent", offsetof(struct ebb_probe_stats, sent) },
	{ "sent_arp", offsetof(struct ebb_probe_stats, sent_arp) },
	{ "sent_icmp", offsetof(struct ebb_probe_stats, sent_icmp) },
	{ "replies", offsetof(struct ebb_probe_stats, replies) },
	{ "late_replies", offsetof(struct ebb_probe_stats, late_replies) },
	{ "timeouts", offsetof(struct ebb_probe_stats, timeouts) },
	{ "waited", offsetof(struct ebb_probe_stats, waited) },
	{ "gave_up", offsetof(struct ebb_probe_stats, gave_up) },
	{ "skipped", offsetof(struct ebb_probe_stats, skipped) },
	{ "tx_dropped", offsetof(struct ebb_probe_stats, tx_dropped) },
	{ "slots", offsetof(struct ebb_probe_stats, slots) },
	{ "gave_up_late", offsetof(struct ebb_probe_stats, gave_up_late) },
	{ "cancelled", offsetof(struct ebb_probe_stats, cancelled) },
	{ "transitions", offsetof(struct ebb_probe_stats, transitions) },
	{ "latency_last_us", offsetof(struct ebb_probe_stats, lat_last_us) },
	{ "latency_min_us", offsetof(struct ebb_probe_stats, lat_min_us) },
	{ "latency_avg_us", offsetof(struct ebb_probe_stats, lat_avg_us) },
	{ "latency_max_us", offsetof(struct ebb_probe_stats, lat_max_us) },
};

static const struct tel_field resp_fields[] = {
	{ "arp_requests", offsetof(struct ebb_responder_stats, arp_requests) },
	{ "arp_replies", offsetof(struct ebb_responder_stats, arp_replies) },
	{ "arp_other", offsetof(struct ebb_responder_stats, arp_other) },
	{ "icmp_requests", offsetof(struct ebb_responder_stats, icmp_requests) },
	{ "icmp_replies", offsetof(struct ebb_responder_stats, icmp_replies) },
	{ "icmp_other", offsetof(struct ebb_responder_stats, icmp_other) },
	{ "queued", offsetof(struct ebb_responder_stats, queued) },
	{ "waited", offsetof(struct ebb_responder_stats, waited) },
	{ "dropped_pending", offsetof(struct ebb_responder_stats, dropped_pending) },
	{ "dropped_timeout", offsetof(struct ebb_responder_stats, dropped_timeout) },
	{ "dropped_too_big", offsetof(struct ebb_responder_stats, dropped_too_big) },
	{ "dropped_stop", offsetof(struct ebb_responder_stats, dropped_stop) },
	{ "wait_errors", offsetof(struct ebb_responder_stats, wait_errors) },
	{ "tx_dropped", offsetof(struct ebb_responder_stats, tx_dropped) },
	{ "malformed", offsetof(struct ebb_responder_stats, malformed_total) },
};

#define TEL_PROBE_EXTRA 2 /* lateness_p50_us, lateness_p99_us */

/* Everything one answer needs, copied under the lock. */
struct tel_snap {
	uint16_t n;
	struct ebb_probe_stats probe[RTE_MAX_ETHPORTS];
	struct ebb_responder_stats resp[RTE_MAX_ETHPORTS];
	struct ebb_applets_xstats x[RTE_MAX_ETHPORTS];
};

/* telemetry answers each client from its own thread: one answer at a time here */
static pthread_mutex_t tel_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct tel_snap tel_snap; /* under tel_mtx */

static uint64_t
field(const void *st, size_t off)
{
	return *(const uint64_t *)((const char *)st + off);
}

static const char *
ip_str(uint32_t ip, char *buf)
{
	struct in_addr a = { .s_addr = ip };

	if (ip == 0 || inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN) == NULL)
		return "none";
	return buf;
}

static int
tel_take(const char *params, int *idx)
{
	unsigned long long i;

	tel_snap.n = 0;
	ebb_ctl_lock();
	if (ebb_applets_ready()) {
		uint16_t n = ebb_engine_nb_ports();

		for (uint16_t p = 0; p < n && p < RTE_MAX_ETHPORTS; p++) {
			if (ebb_probe_stats_get(p, &tel_snap.probe[p]) < 0 ||
			    ebb_responder_stats_get(p, &tel_snap.resp[p]) < 0 ||
			    ebb_applets_xstats(p, &tel_snap.x[p]) < 0)
				break;
			tel_snap.n = p + 1;
		}
	}
	ebb_ctl_unlock();
	*idx = -1;
	if (params == NULL || params[0] == '\0')
		return 0;
	if (tel_snap.n == 0 || ebb_parse_uint(params, 0, tel_snap.n - 1, &i) < 0)
		return -EINVAL;
	*idx = (int)i;
	return 0;
}

/* Column of u64 (get != NULL) or strings, over the ports of the snapshot. */
static int
tel_column(struct rte_tel_data *d, const char *name,
	   uint64_t (*get)(uint16_t p, const void *arg), const char *(*str)(uint16_t p, char *buf),
	   const void *arg)
{
	struct rte_tel_data *a = rte_tel_data_alloc();
	char buf[INET_ADDRSTRLEN];

	if (a == NULL)
		return -ENOMEM;
	rte_tel_data_start_array(a, get != NULL ? RTE_TEL_U64_VAL : RTE_TEL_STRING_VAL);
	for (uint16_t p = 0; p < tel_snap.n; p++) {
		if (get != NULL)
			rte_tel_data_add_array_u64(a, get(p, arg));
		else
			rte_tel_data_add_array_string(a, str(p, buf));
	}
	return rte_tel_data_add_dict_container(d, name, a, 0);
}

static uint64_t get_port(uint16_t p, const void *arg) { RTE_SET_USED(arg); return p; }
static uint64_t get_enabled(uint16_t p, const void *arg)
{
	RTE_SET_USED(arg);
	return tel_snap.probe[p].enabled;
}
static uint64_t get_probe(uint16_t p, const void *arg)
{
	return field(&tel_snap.probe[p], ((const struct tel_field *)arg)->off);
}
static uint64_t get_resp(uint16_t p, const void *arg)
{
	return field(&tel_snap.resp[p], ((const struct tel_field *)arg)->off);
}
static uint64_t get_p50(uint16_t p, const void *arg)
{
	RTE_SET_USED(arg);
	return ebb_probe_lateness_quantile(&tel_snap.probe[p], 0.5);
}
static uint64_t get_p99(uint16_t p, const void *arg)
{
	RTE_SET_USED(arg);
	return ebb_probe_lateness_quantile(&tel_snap.probe[p], 0.99);
}
/* frames from RX queues of other lcores (ebb_applets_xstats), by field offset */
static const struct tel_field x_fields[] = {
	{ "xlcore_moved", offsetof(struct ebb_applets_xstats, moved) },
	{ "xlcore_ring_full", offsetof(struct ebb_applets_xstats, full) },
	{ "xlcore_stale", offsetof(struct ebb_applets_xstats, stale) },
	{ "xlcore_flushed", offsetof(struct ebb_applets_xstats, flushed) },
};
static uint64_t get_x(uint16_t p, const void *arg)
{
	return field(&tel_snap.x[p], ((const struct tel_field *)arg)->off);
}
static const char *get_state(uint16_t p, char *buf)
{
	RTE_SET_USED(buf);
	return tel_snap.probe[p].enabled ? ebb_probe_state_name(tel_snap.probe[p].state) : "off";
}
static const char *get_dst(uint16_t p, char *buf)
{
	return ip_str(tel_snap.probe[p].enabled ? tel_snap.probe[p].conf.dst_ip : 0, buf);
}
static const char *get_ip(uint16_t p, char *buf)
{
	return ip_str(tel_snap.resp[p].ip, buf);
}

static int
tel_probes_locked(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char buf[INET_ADDRSTRLEN];
	int idx;

	RTE_SET_USED(cmd);
	if (tel_take(params, &idx) < 0)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		const struct ebb_probe_stats *st = &tel_snap.probe[idx];

		rte_tel_data_add_dict_u64(d, "port", (uint64_t)idx);
		rte_tel_data_add_dict_string(d, "state", get_state((uint16_t)idx, buf));
		rte_tel_data_add_dict_string(d, "dst", get_dst((uint16_t)idx, buf));
		rte_tel_data_add_dict_u64(d, "interval_ms", st->conf.interval_ms);
		rte_tel_data_add_dict_u64(d, "timeout_ms", st->conf.timeout_ms);
		rte_tel_data_add_dict_u64(d, "rise", st->conf.rise);
		rte_tel_data_add_dict_u64(d, "fall", st->conf.fall);
		for (unsigned int f = 0; f < RTE_DIM(probe_fields); f++)
			rte_tel_data_add_dict_u64(d, probe_fields[f].name,
						  field(st, probe_fields[f].off));
		rte_tel_data_add_dict_u64(d, "lateness_p50_us", get_p50((uint16_t)idx, NULL));
		rte_tel_data_add_dict_u64(d, "lateness_p99_us", get_p99((uint16_t)idx, NULL));
		return 0;
	}
	if (tel_column(d, "port", get_port, NULL, NULL) < 0 ||
	    tel_column(d, "enabled", get_enabled, NULL, NULL) < 0 ||
	    tel_column(d, "state", NULL, get_state, NULL) < 0 ||
	    tel_column(d, "dst", NULL, get_dst, NULL) < 0)
		return -ENOMEM;
	for (unsigned int f = 0; f < RTE_DIM(probe_fields); f++)
		if (tel_column(d, probe_fields[f].name, get_probe, NULL, &probe_fields[f]) < 0)
			return -ENOMEM;
	if (tel_column(d, "lateness_p50_us", get_p50, NULL, NULL) < 0 ||
	    tel_column(d, "lateness_p99_us", get_p99, NULL, NULL) < 0)
		return -ENOMEM;
	return 0;
}

static int
tel_responders_locked(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char buf[INET_ADDRSTRLEN];
	int idx;

	RTE_SET_USED(cmd);
	if (tel_take(params, &idx) < 0)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		const struct ebb_responder_stats *st = &tel_snap.resp[idx];

		rte_tel_data_add_dict_u64(d, "port", (uint64_t)idx);
		rte_tel_data_add_dict_string(d, "ip", get_ip((uint16_t)idx, buf));
		rte_tel_data_add_dict_u64(d, "prefix_len", st->prefix_len);
		rte_tel_data_add_dict_u64(d, "pending", st->pending);
		for (unsigned int f = 0; f < RTE_DIM(resp_fields); f++)
			rte_tel_data_add_dict_u64(d, resp_fields[f].name,
						  field(st, resp_fields[f].off));
		for (unsigned int f = 0; f < RTE_DIM(x_fields); f++)
			rte_tel_data_add_dict_u64(d, x_fields[f].name,
						  field(&tel_snap.x[idx], x_fields[f].off));
		return 0;
	}
	if (tel_column(d, "port", get_port, NULL, NULL) < 0 ||
	    tel_column(d, "ip", NULL, get_ip, NULL) < 0)
		return -ENOMEM;
	for (unsigned int f = 0; f < RTE_DIM(resp_fields); f++)
		if (tel_column(d, resp_fields[f].name, get_resp, NULL, &resp_fields[f]) < 0)
			return -ENOMEM;
	for (unsigned int f = 0; f < RTE_DIM(x_fields); f++)
		if (tel_column(d, x_fields[f].name, get_x, NULL, &x_fields[f]) < 0)
			return -ENOMEM;
	return 0;
}

static int
tel_probes(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int ret;

	pthread_mutex_lock(&tel_mtx);
	ret = tel_probes_locked(cmd, params, d);
	pthread_mutex_unlock(&tel_mtx);
	return ret;
}

static int
tel_responders(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int ret;

	pthread_mutex_lock(&tel_mtx);
	ret = tel_responders_locked(cmd, params, d);
	pthread_mutex_unlock(&tel_mtx);
	return ret;
}

RTE_INIT(ebb_telemetry_applet_init)
{
	/* rte_telemetry keeps the list before EAL starts its socket */
	rte_telemetry_register_cmd("/ebbflow/probes", tel_probes,
		"ebbflow health-check probes per port: state, dst, sent, replies, timeouts, "
		"waited, gave_up, latency, lateness p50/p99. Param: port");
	rte_telemetry_register_cmd("/ebbflow/responders", tel_responders,
		"ebbflow ARP/ICMP responders per port: ip, requests, replies, waits, drops. "
		"Param: port");
}
