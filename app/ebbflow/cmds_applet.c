/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_applet.c: responder and probe commands: set port N ip, set probe, show probe|responder. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "applets.h"
#include "cli.h"
#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"
#include "options.h"

/* A port number with an applet; one line and -ENODEV otherwise. */
static int
parse_port(FILE *f, const char *s, uint16_t *port)
{
	uint16_t n = ebb_engine_nb_ports();
	unsigned long long v;

	if (!ebb_applets_ready() || n == 0) {
		fprintf(f, "No port has a responder\n");
		return -ENODEV;
	}
	if (ebb_parse_uint(s, 0, n - 1, &v) < 0) {
		fprintf(f, "Invalid port '%s': ports are 0..%u\n", s, n - 1);
		return -ENODEV;
	}
	*port = (uint16_t)v;
	return 0;
}

/* A dotted IPv4 address (network order); one line and -EINVAL otherwise. */
static int
parse_ip(FILE *f, const char *what, const char *s, uint32_t *ip)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(f, "Invalid %s '%s': expected an IPv4 address A.B.C.D\n", what, s);
		return -EINVAL;
	}
	*ip = a.s_addr;
	return 0;
}

static int
parse_num(FILE *f, const char *what, const char *s, unsigned long long min,
	  unsigned long long max, unsigned long long *v)
{
	if (ebb_parse_uint(s, min, max, v) < 0) {
		fprintf(f, "Invalid %s '%s': expected %llu..%llu\n", what, s, min, max);
		return -EINVAL;
	}
	return 0;
}

static void
print_ip(char *buf, size_t len, uint32_t ip)
{
	struct in_addr a = { .s_addr = ip };

	if (inet_ntop(AF_INET, &a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

/* ---- set port N ip A.B.C.D/LEN | none ---- */
struct cmd_set_ip_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t port;
	cmdline_fixed_string_t n;
	cmdline_fixed_string_t ip;
	cmdline_fixed_string_t addr;
};

static void
cmd_set_ip_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_set_ip_res *r = res;
	FILE *f = ebb_cli_out();
	unsigned long long len = 0;
	uint32_t ip = 0;
	uint16_t port;
	char *slash;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (parse_port(f, r->n, &port) < 0)
		goto out;
	if (strcmp(r->addr, "none") != 0) {
		slash = strchr(r->addr, '/');
		if (slash == NULL) {
			fprintf(f, "Invalid address '%s': expected A.B.C.D/LEN or none\n", r->addr);
			goto out;
		}
		*slash = '\0';
		if (parse_ip(f, "address", r->addr, &ip) < 0 ||
		    parse_num(f, "prefix length", slash + 1, 1, 32, &len) < 0)
			goto out;
		if (ip == 0) {
			fprintf(f, "Invalid address 0.0.0.0: use 'none' to remove the address\n");
			goto out;
		}
	}
	ret = ebb_responder_set_ip(port, ip, (uint8_t)len);
	if (ret == -EINVAL)
		fprintf(f, "Invalid address %s/%llu: multicast and broadcast cannot be a port's\n",
			r->addr, len);
	else if (ret < 0)
		fprintf(f, "Port %u: cannot set the address: %s\n", port, strerror(-ret));
	else if (ip == 0)
		fprintf(f, "Port %u: no address (ARP and ICMP echo no longer answered)\n", port);
	else
		fprintf(f, "Port %u: address %s/%llu\n", port, r->addr, len);
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_set_ip_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_ip_res, set, "set");
static cmdline_parse_token_string_t cmd_set_ip_port =
	TOKEN_STRING_INITIALIZER(struct cmd_set_ip_res, port, "port");
static cmdline_parse_token_string_t cmd_set_ip_n =
	TOKEN_STRING_INITIALIZER(struct cmd_set_ip_res, n, NULL);
static cmdline_parse_token_string_t cmd_set_ip_ip =
	TOKEN_STRING_INITIALIZER(struct cmd_set_ip_res, ip, "ip");
static cmdline_parse_token_string_t cmd_set_ip_addr =
	TOKEN_STRING_INITIALIZER(struct cmd_set_ip_res, addr, NULL);

static cmdline_parse_inst_t cmd_set_ip = {
	.f = cmd_set_ip_parsed,
	.help_str = "set port N ip A.B.C.D/LEN|none: the address the port answers ARP and "
		    "ICMP echo for",
	.tokens = { (void *)&cmd_set_ip_set, (void *)&cmd_set_ip_port, (void *)&cmd_set_ip_n,
		    (void *)&cmd_set_ip_ip, (void *)&cmd_set_ip_addr, NULL },
};

/* ---- set probe port N dst A.B.C.D interval MS timeout MS rise R fall F [method M] ---- */
struct cmd_probe_res {
	cmdline_fixed_string_t set, probe, port, n;
	cmdline_fixed_string_t dst, dst_v, interval, interval_v, timeout, timeout_v;
	cmdline_fixed_string_t rise, rise_v, fall, fall_v, method, method_v;
};

static void
probe_result(FILE *f, uint16_t port, int ret, bool off)
{
	if (ret == -ETIMEDOUT)
		fprintf(f, "Port %u: its lcore did not take the probe change in time\n", port);
	else if (ret == -EBUSY)
		fprintf(f, "Port %u: the probe waits for buffers on another lcore; stop first\n",
			port);
	else if (ret < 0)
		fprintf(f, "Port %u: cannot %s the probe: %s\n", port, off ? "stop" : "set",
			strerror(-ret));
	else if (off)
		fprintf(f, "Port %u: probe off\n", port);
	else
		fprintf(f, "Port %u: probe on\n", port);
}

static void
cmd_probe_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_probe_res *r = res;
	FILE *f = ebb_cli_out();
	struct ebb_probe_conf pc;
	unsigned long long iv, to, rise, fall;
	uint16_t port;

	RTE_SET_USED(cl);
	memset(&pc, 0, sizeof(pc));
	if (parse_port(f, r->n, &port) < 0 || parse_ip(f, "dst", r->dst_v, &pc.dst_ip) < 0 ||
	    parse_num(f, "interval (ms)", r->interval_v, 1, 3600000, &iv) < 0 ||
	    parse_num(f, "timeout (ms)", r->timeout_v, 1, iv, &to) < 0 ||
	    parse_num(f, "rise", r->rise_v, 1, UINT16_MAX, &rise) < 0 ||
	    parse_num(f, "fall", r->fall_v, 1, UINT16_MAX, &fall) < 0)
		goto out;
	if (pc.dst_ip == 0) {
		fprintf(f, "Invalid dst 0.0.0.0\n");
		goto out;
	}
	pc.interval_ms = (uint32_t)iv;
	pc.timeout_ms = (uint32_t)to;
	pc.rise = (uint16_t)rise;
	pc.fall = (uint16_t)fall;
	pc.method = EBB_PROBE_AUTO;
	if (data != NULL) {
		if (strcmp(r->method_v, "arp") == 0) {
			pc.method = EBB_PROBE_ARP;
		} else if (strcmp(r->method_v, "auto") != 0) {
			fprintf(f, "Invalid method '%s': expected arp or auto\n", r->method_v);
			goto out;
		}
	}
	probe_result(f, port, ebb_applets_probe_set(port, &pc), false);
out:
	fflush(f);
}

static void
cmd_probe_off_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_probe_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t port;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (parse_port(f, r->n, &port) == 0)
		probe_result(f, port, ebb_applets_probe_set(port, NULL), true);
	fflush(f);
}

#define PROBE_TOK(field, word) \
	static cmdline_parse_token_string_t cmd_probe_##field = \
		TOKEN_STRING_INITIALIZER(struct cmd_probe_res, field, word)
PROBE_TOK(set, "set");
PROBE_TOK(probe, "probe");
PROBE_TOK(port, "port");
PROBE_TOK(n, NULL);
PROBE_TOK(dst, "dst");
PROBE_TOK(dst_v, NULL);
PROBE_TOK(interval, "interval");
PROBE_TOK(interval_v, NULL);
PROBE_TOK(timeout, "timeout");
PROBE_TOK(timeout_v, NULL);
PROBE_TOK(rise, "rise");
PROBE_TOK(rise_v, NULL);
PROBE_TOK(fall, "fall");
PROBE_TOK(fall_v, NULL);
PROBE_TOK(method, "method");
PROBE_TOK(method_v, NULL);
static cmdline_parse_token_string_t cmd_probe_off =
	TOKEN_STRING_INITIALIZER(struct cmd_probe_res, dst, "off");

static cmdline_parse_inst_t cmd_probe_cmd = {
	.f = cmd_probe_parsed,
	.data = NULL,
	.help_str = "set probe port N dst A.B.C.D interval MS timeout MS rise R fall F: "
		    "health-check the peer (ARP, then ICMP echo)",
	.tokens = { (void *)&cmd_probe_set, (void *)&cmd_probe_probe, (void *)&cmd_probe_port,
		    (void *)&cmd_probe_n, (void *)&cmd_probe_dst, (void *)&cmd_probe_dst_v,
		    (void *)&cmd_probe_interval, (void *)&cmd_probe_interval_v,
		    (void *)&cmd_probe_timeout, (void *)&cmd_probe_timeout_v,
		    (void *)&cmd_probe_rise, (void *)&cmd_probe_rise_v, (void *)&cmd_probe_fall,
		    (void *)&cmd_probe_fall_v, NULL },
};

static cmdline_parse_inst_t cmd_probe_set_method = {
	.f = cmd_probe_parsed,
	.data = (void *)1,
	.help_str = "set probe port N dst A.B.C.D interval MS timeout MS rise R fall F "
		    "method arp|auto: the same, choosing the requests",
	.tokens = { (void *)&cmd_probe_set, (void *)&cmd_probe_probe, (void *)&cmd_probe_port,
		    (void *)&cmd_probe_n, (void *)&cmd_probe_dst, (void *)&cmd_probe_dst_v,
		    (void *)&cmd_probe_interval, (void *)&cmd_probe_interval_v,
		    (void *)&cmd_probe_timeout, (void *)&cmd_probe_timeout_v,
		    (void *)&cmd_probe_rise, (void *)&cmd_probe_rise_v, (void *)&cmd_probe_fall,
		    (void *)&cmd_probe_fall_v, (void *)&cmd_probe_method,
		    (void *)&cmd_probe_method_v, NULL },
};

static cmdline_parse_inst_t cmd_probe_set_off = {
	.f = cmd_probe_off_parsed,
	.help_str = "set probe port N off: stop the port's probe",
	.tokens = { (void *)&cmd_probe_set, (void *)&cmd_probe_probe, (void *)&cmd_probe_port,
		    (void *)&cmd_probe_n, (void *)&cmd_probe_off, NULL },
};

/* ---- show probe | show responder ---- */
struct cmd_show_res {
	cmdline_fixed_string_t show;
	cmdline_fixed_string_t what;
};

static void
show_probe(FILE *f, uint16_t port)
{
	struct ebb_probe_stats st;
	char dst[INET_ADDRSTRLEN];

	if (ebb_probe_stats_get(port, &st) < 0)
		return;
	fprintf(f, "\n  ######## Probe port %u ########\n", port);
	if (!st.enabled) {
		fprintf(f, "  State: off\n");
		return;
	}
	print_ip(dst, sizeof(dst), st.conf.dst_ip);
	fprintf(f, "  State: %s  Dst: %s  Interval-ms: %u  Timeout-ms: %u  Rise: %u  Fall: %u"
		"  Method: %s  Peer-MAC: " RTE_ETHER_ADDR_PRT_FMT "\n",
		ebb_probe_state_name(st.state), dst, st.conf.interval_ms, st.conf.timeout_ms,
		st.conf.rise, st.conf.fall, st.conf.method == EBB_PROBE_ARP ? "arp" : "auto",
		RTE_ETHER_ADDR_BYTES(&st.peer_mac));
	fprintf(f, "  Sent: %" PRIu64 "  Sent-ARP: %" PRIu64 "  Sent-ICMP: %" PRIu64
		"  Replies: %" PRIu64 "  Late-replies: %" PRIu64 "  Timeouts: %" PRIu64
		"  Transitions: %" PRIu64 "\n", st.sent, st.sent_arp, st.sent_icmp, st.replies,
		st.late_replies, st.timeouts, st.transitions);
	/* every slot ends in one of Sent, TX-dropped, Gave-up, Skipped, Cancelled (or waits) */
	fprintf(f, "  Slots: %" PRIu64 "  Waited: %" PRIu64 "  Gave-up: %" PRIu64
		"  Gave-up-late: %" PRIu64 "  Skipped: %" PRIu64 "  TX-dropped: %" PRIu64
		"  Cancelled: %" PRIu64 "\n", st.slots, st.waited, st.gave_up, st.gave_up_late,
		st.skipped, st.tx_dropped, st.cancelled);
	fprintf(f, "  Latency-us: last %" PRIu64 " min %" PRIu64 " avg %" PRIu64 " max %" PRIu64
		"  Lateness-us: median< %" PRIu64 " p99< %" PRIu64 "\n", st.lat_last_us,
		st.replies ? st.lat_min_us : 0, st.lat_avg_us, st.lat_max_us,
		ebb_probe_lateness_quantile(&st, 0.5), ebb_probe_lateness_quantile(&st, 0.99));
	/* bucket i counts lateness below 2^i us (and at least 2^(i-1)) */
	fprintf(f, "  Lateness-hist-us:");
	for (unsigned int i = 0; i < EBB_PROBE_HIST; i++)
		if (st.lateness_hist[i] != 0)
			fprintf(f, " <%" PRIu64 ":%" PRIu64, UINT64_C(1) << i, st.lateness_hist[i]);
	fprintf(f, "\n");
}

static void
show_responder(FILE *f, uint16_t port)
{
	struct ebb_responder_stats st;
	struct ebb_applets_xstats x;
	struct ebb_engine_port_ctrl info;
	char ip[INET_ADDRSTRLEN];

	if (ebb_responder_stats_get(port, &st) < 0)
		return;
	if (ebb_engine_port_ctrl_info(port, &info) < 0)
		info.ctrl_refused = 0;
	fprintf(f, "\n  ######## Responder port %u ########\n", port);
	if (st.ip != 0) {
		print_ip(ip, sizeof(ip), st.ip);
		fprintf(f, "  IP: %s/%u", ip, st.prefix_len);
	} else {
		fprintf(f, "  IP: none");
	}
	fprintf(f, "  Wait-mode: %s  Pending: %u  Lcore: %d\n",
		st.wait_mode == EBB_APPLET_WAIT_WAITER ? "waiter" : "poll", st.pending,
		ebb_applets_lcore(port));
	fprintf(f, "  ARP-requests: %" PRIu64 "  ARP-replies: %" PRIu64 "  ARP-other: %" PRIu64
		"\n", st.arp_requests, st.arp_replies, st.arp_other);
	fprintf(f, "  ICMP-requests: %" PRIu64 "  ICMP-replies: %" PRIu64 "  ICMP-other: %" PRIu64
		"\n", st.icmp_requests, st.icmp_replies, st.icmp_other);
	fprintf(f, "  Queued: %" PRIu64 "  Waited: %" PRIu64 "  Dropped-pending: %" PRIu64
		"  Dropped-timeout: %" PRIu64 "  Dropped-too-big: %" PRIu64
		"  Dropped-stop: %" PRIu64 "\n", st.queued, st.waited, st.dropped_pending,
		st.dropped_timeout, st.dropped_too_big, st.dropped_stop);
	fprintf(f, "  Wait-errors: %" PRIu64 "  TX-dropped: %" PRIu64 "  Ctrl-refused: %" PRIu64
		"  Malformed: %" PRIu64 "\n", st.wait_errors, st.tx_dropped, info.ctrl_refused,
		st.malformed_total);
	if (ebb_applets_xstats(port, &x) == 0 && x.ring) /* several RX queues */
		fprintf(f, "  From-other-lcores: %" PRIu64 "  Ring-full: %" PRIu64
			"  Stale: %" PRIu64 "  Flushed: %" PRIu64 "\n", x.moved, x.full, x.stale,
			x.flushed);
	if (st.malformed_total != 0) { /* by reason, as ebb_pkt_reason_name() names them */
		fprintf(f, "  Malformed-by-reason:");
		for (unsigned int r = 1; r < EBB_BAD_MAX; r++)
			if (st.malformed[r] != 0)
				fprintf(f, " %s: %" PRIu64, ebb_pkt_reason_name(r), st.malformed[r]);
		fprintf(f, "\n");
	}
}

static void
cmd_show_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t n = ebb_engine_nb_ports();

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (!ebb_applets_ready() || n == 0) {
		fprintf(f, "No port has a responder\n");
	} else {
		for (uint16_t p = 0; p < n; p++) {
			if (strcmp(r->what, "probe") == 0)
				show_probe(f, p);
			else
				show_responder(f, p);
		}
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_show_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, show, "show");
static cmdline_parse_token_string_t cmd_show_what =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, what, "probe#responder");

static cmdline_parse_inst_t cmd_show_applet = {
	.f = cmd_show_parsed,
	.help_str = "show probe|responder: each port's health-check probe or ARP/ICMP "
		    "responder counters",
	.tokens = { (void *)&cmd_show_show, (void *)&cmd_show_what, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_applet[] = {
	&cmd_set_ip, &cmd_probe_cmd, &cmd_probe_set_method, &cmd_probe_set_off,
	&cmd_show_applet,
};

static const struct ebb_cmd_group ebb_grp_applet = {
	.name = "applet",
	.rank = 25,
	.cmds = ebb_cmds_applet,
	.nb_cmds = RTE_DIM(ebb_cmds_applet),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_applet);
