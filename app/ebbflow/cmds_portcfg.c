/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_portcfg.c: testpmd's port commands: port stop|start, port config mtu|all, set
 * promisc|allmulti, mac_addr set. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf_core.h>
#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

struct cmd_portcfg_res {
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
	cmdline_fixed_string_t c;
	cmdline_fixed_string_t d;
	cmdline_fixed_string_t e;
};

/* ---- port stop|start all|N ---- */

#define LINK_WAIT_STEP_MS 100
#define LINK_WAIT_STEPS 90 /* as testpmd: up to 9 s */

static bool link_check = true;

void
ebb_cli_set_link_check(bool on)
{
	link_check = on;
}

/* Wait (bounded, early when all are up) for the links of the ports started[]; say which
 * stayed down. */
static void
wait_links(FILE *f, const bool *started, uint16_t first, uint16_t last)
{
	const struct timespec step = { 0, LINK_WAIT_STEP_MS * 1000000L };
	struct ebb_link_info li;
	unsigned int k;
	bool all_up = false;
	uint16_t p;

	for (k = 0; link_check && !all_up && k <= LINK_WAIT_STEPS; k++) {
		if (k > 0)
			nanosleep(&step, NULL);
		all_up = true;
		for (p = first; p <= last && all_up; p++)
			if (started[p - first] && (ebb_engine_link_info(p, &li) < 0 || !li.link_up))
				all_up = false;
	}
	for (p = first; link_check && !all_up && p <= last; p++)
		if (started[p - first] && (ebb_engine_link_info(p, &li) < 0 || !li.link_up))
			fprintf(f, "Port %u Link down\n", p);
}

static void
cmd_port_ss_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_portcfg_res *r = res;
	FILE *f = ebb_cli_out();
	bool start = strcmp(r->b, "start") == 0;
	struct rte_ether_addr mac;
	char buf[RTE_ETHER_ADDR_FMT_SIZE];
	uint16_t p, first, last;
	unsigned int done = 0;
	bool started[RTE_MAX_ETHPORTS] = { false };
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port_range(f, r->c, &first, &last) < 0)
		goto out;
	if (!start)
		fprintf(f, "Stopping ports...\n");
	for (p = first; p <= last; p++) {
		ret = start ? ebb_engine_port_start(p) : ebb_engine_port_stop(p);
		if (ret == 0) {
			done++;
			started[p - first] = start;
			if (start && ebb_engine_port_mac_get(p, &mac) == 0) {
				rte_ether_format_addr(buf, sizeof(buf), &mac);
				fprintf(f, "Port %u: %s\n", p, buf);
			}
		} else if (ret == -EALREADY) {
			if (first == last) /* `all` says nothing of the ports already so */
				fprintf(f, "Port %u is %s already\n", p,
					start ? "started" : "stopped");
		} else if (ret == -EBUSY) {
			fprintf(f, "Port %u: forwarding runs: stop it first\n", p);
		} else {
			fprintf(f, "Port %u: cannot %s it: %s\n", p, r->b, strerror(-ret));
		}
	}
	if (done > 0) {
		fprintf(f, "Checking link statuses...\n");
		fflush(f);
		wait_links(f, started, first, last);
	}
	fprintf(f, "Done\n");
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_pss_port =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, a, "port");
static cmdline_parse_token_string_t cmd_pss_what =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, b, "stop#start");
static cmdline_parse_token_string_t cmd_pss_which =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, c, NULL);

static cmdline_parse_inst_t cmd_port_ss = {
	.f = cmd_port_ss_parsed,
	.help_str = "port stop|start all|N: stop a port (start refuses until it is started "
		    "again) | start it",
	.tokens = { (void *)&cmd_pss_port, (void *)&cmd_pss_what, (void *)&cmd_pss_which, NULL },
};

/* ---- port config mtu N V ---- */
static void
cmd_port_mtu_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_portcfg_res *r = res;
	FILE *f = ebb_cli_out();
	unsigned int room = ebb_engine_conf()->mbuf_size;
	unsigned int max = room > RTE_PKTMBUF_HEADROOM + EBB_ETH_OVERHEAD ?
		room - RTE_PKTMBUF_HEADROOM - EBB_ETH_OVERHEAD : 0;
	unsigned long long mtu;
	uint16_t port;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port(f, r->d, &port) < 0)
		goto out;
	if (ebb_parse_uint(r->e, RTE_ETHER_MIN_MTU, UINT16_MAX, &mtu) < 0) {
		fprintf(f, "Invalid MTU '%s': expected %u..%u\n", r->e, RTE_ETHER_MIN_MTU, max);
		goto out;
	}
	ret = ebb_engine_port_mtu(port, (uint16_t)mtu);
	if (ret == -E2BIG)
		fprintf(f, "Port %u: MTU %llu does not fit in one mbuf (--mbuf-size %u: MTU at "
			"most %u)\n", port, mtu, room, max);
	else if (ret < 0)
		fprintf(f, "Port %u: cannot set MTU %llu: %s\n", port, mtu, strerror(-ret));
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_mtu_config =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, b, "config");
static cmdline_parse_token_string_t cmd_mtu_mtu =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, c, "mtu");
static cmdline_parse_token_string_t cmd_mtu_port =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, d, NULL);
static cmdline_parse_token_string_t cmd_mtu_value =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, e, NULL);

static cmdline_parse_inst_t cmd_port_mtu = {
	.f = cmd_port_mtu_parsed,
	.help_str = "port config mtu N V: the MTU of port N (a frame fits in one mbuf)",
	.tokens = { (void *)&cmd_pss_port, (void *)&cmd_mtu_config, (void *)&cmd_mtu_mtu,
		    (void *)&cmd_mtu_port, (void *)&cmd_mtu_value, NULL },
};

/* ---- port config all rxd|txd|rxq|txq N | rss ip|udp|none ---- */
static void
port_all_rss(FILE *f, const char *what)
{
	uint64_t hf;
	int ret;

	if (strcmp(what, "ip") == 0)
		hf = RTE_ETH_RSS_IP;
	else if (strcmp(what, "udp") == 0)
		hf = RTE_ETH_RSS_UDP;
	else if (strcmp(what, "none") == 0)
		hf = 0;
	else {
		fprintf(f, "Invalid '%s': expected port config all rss ip|udp|none\n", what);
		return;
	}
	for (uint16_t p = 0; p < ebb_engine_nb_ports(); p++) {
		ret = ebb_engine_port_rss(p, hf);
		if (ret < 0) /* testpmd's words */
			fprintf(f, "Configuration of RSS hash at ethernet port %u failed with "
				"error (%d): %s.\n", p, -ret, strerror(-ret));
	}
}

/* port config all rxq|txq N: the ports configured again at once (they are stopped) */
static void
port_all_queues(FILE *f, const char *what, const char *arg)
{
	const struct ebb_engine_conf *c = ebb_engine_conf();
	bool rx = strcmp(what, "rxq") == 0;
	unsigned long long n;
	int ret;

	if (ebb_parse_uint(arg, 1, EBB_MAX_QUEUES, &n) < 0) {
		fprintf(f, "Invalid %s '%s': expected 1..%u queues per port\n", what, arg,
			EBB_MAX_QUEUES);
		return;
	}
	ret = ebb_engine_port_config_queues(rx ? (uint16_t)n : 0, rx ? 0 : (uint16_t)n);
	if (ret == -EBUSY)
		fprintf(f, "Please stop forwarding first\n");
	else if (ret == -EAGAIN)
		fprintf(f, "Please stop all ports first (port stop all)\n");
	else if (ret == -EINVAL)
		fprintf(f, "Invalid %s %llu: txq must be at least rxq (each RX queue sends on its "
			"own TX queue; now rxq %u txq %u)\n", what, n, c != NULL ? c->nb_rxq : 0,
			c != NULL ? c->nb_txq : 0);
	else if (ret == -E2BIG)
		fprintf(f, "Invalid %s %llu: more queues than a port's PMD takes\n", what, n);
	else if (ret == -ENOBUFS)
		fprintf(f, "port config all %s %llu: the pools cannot serve those queues (see the "
			"line above); the ports keep rxq %u txq %u\n", what, n,
			c != NULL ? c->nb_rxq : 0, c != NULL ? c->nb_txq : 0);
	else if (ret < 0)
		fprintf(f, "port config all %s %llu: %s\n", what, n, strerror(-ret));
}

static void
cmd_port_all_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_portcfg_res *r = res;
	FILE *f = ebb_cli_out();
	bool rx = strcmp(r->d, "rxd") == 0;
	unsigned long long n;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (strcmp(r->d, "rss") == 0) {
		port_all_rss(f, r->e);
		goto out;
	}
	if (strcmp(r->d, "rxq") == 0 || strcmp(r->d, "txq") == 0) {
		port_all_queues(f, r->d, r->e);
		goto out;
	}
	if (ebb_parse_uint(r->e, 1, UINT16_MAX, &n) < 0) {
		fprintf(f, "Invalid %s '%s': expected 1..%u descriptors per queue\n", r->d, r->e,
			UINT16_MAX);
		goto out;
	}
	ret = ebb_engine_port_config_desc(rx ? (uint16_t)n : 0, rx ? 0 : (uint16_t)n);
	if (ret == -EBUSY)
		fprintf(f, "Please stop forwarding first\n");
	else if (ret == -EAGAIN)
		fprintf(f, "Please stop all ports first (port stop all)\n");
	else if (ret == -ENOBUFS)
		fprintf(f, "port config all %s %llu: the pools cannot back those rings (see the "
			"line above); the rings stay as they were\n", r->d, n);
	else if (ret < 0)
		fprintf(f, "port config all %s %llu: %s\n", r->d, n, strerror(-ret));
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_pa_all =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, c, "all");
static cmdline_parse_token_string_t cmd_pa_what =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, d, "rxd#txd#rxq#txq#rss");
static cmdline_parse_token_string_t cmd_pa_n =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, e, NULL);

static cmdline_parse_inst_t cmd_port_all = {
	.f = cmd_port_all_parsed,
	.help_str = "port config all rxd|txd|rxq|txq N: descriptors per RX/TX queue, RX/TX "
		    "queues of every port (ports stopped; applied at once) | port config all rss "
		    "ip|udp|none: the ports' RSS hash functions",
	.tokens = { (void *)&cmd_pss_port, (void *)&cmd_mtu_config, (void *)&cmd_pa_all,
		    (void *)&cmd_pa_what, (void *)&cmd_pa_n, NULL },
};

/* ---- set promisc|allmulti all|N on|off ---- */
static void
cmd_set_mode_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_portcfg_res *r = res;
	FILE *f = ebb_cli_out();
	bool promisc = strcmp(r->b, "promisc") == 0;
	bool on = strcmp(r->d, "on") == 0;
	uint16_t p, first, last;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (!on && strcmp(r->d, "off") != 0) {
		fprintf(f, "Invalid '%s': expected set %s all|N on|off\n", r->d, r->b);
		goto out;
	}
	if (ebb_cli_port_range(f, r->c, &first, &last) < 0)
		goto out;
	for (p = first; p <= last; p++) {
		ret = promisc ? ebb_engine_port_promisc(p, on) : ebb_engine_port_allmulti(p, on);
		if (ret < 0)
			fprintf(f, "Port %u: cannot turn %s mode %s: %s\n", p,
				promisc ? "promiscuous" : "all-multicast", r->d, strerror(-ret));
	}
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sm_set =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, a, "set");
static cmdline_parse_token_string_t cmd_sm_what =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, b, "promisc#allmulti");
static cmdline_parse_token_string_t cmd_sm_which =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, c, NULL);
static cmdline_parse_token_string_t cmd_sm_onoff =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, d, NULL);

static cmdline_parse_inst_t cmd_set_mode = {
	.f = cmd_set_mode_parsed,
	.help_str = "set promisc|allmulti all|N on|off: promiscuous | all-multicast mode "
		    "(kept across stop/start)",
	.tokens = { (void *)&cmd_sm_set, (void *)&cmd_sm_what, (void *)&cmd_sm_which,
		    (void *)&cmd_sm_onoff, NULL },
};

/* ---- mac_addr set N MAC ---- */
static void
cmd_mac_set_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_portcfg_res *r = res;
	FILE *f = ebb_cli_out();
	struct rte_ether_addr mac;
	uint16_t port;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port(f, r->c, &port) < 0)
		goto out;
	if (strlen(r->d) != RTE_ETHER_ADDR_FMT_SIZE - 1 ||
	    rte_ether_unformat_addr(r->d, &mac) != 0 || !rte_is_unicast_ether_addr(&mac) ||
	    rte_is_zero_ether_addr(&mac)) {
		fprintf(f, "Invalid MAC address '%s': expected XX:XX:XX:XX:XX:XX, unicast, "
			"not zero\n", r->d);
		goto out;
	}
	ret = ebb_engine_port_mac(port, &mac);
	if (ret < 0)
		fprintf(f, "Port %u: cannot set the MAC address: %s\n", port, strerror(-ret));
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_mac_mac =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, a, "mac_addr");
static cmdline_parse_token_string_t cmd_mac_set =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, b, "set");
static cmdline_parse_token_string_t cmd_mac_port =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, c, NULL);
static cmdline_parse_token_string_t cmd_mac_addr =
	TOKEN_STRING_INITIALIZER(struct cmd_portcfg_res, d, NULL);

static cmdline_parse_inst_t cmd_mac_set_inst = {
	.f = cmd_mac_set_parsed,
	.help_str = "mac_addr set N XX:XX:XX:XX:XX:XX: port N's MAC address (forwarding uses "
		    "it from the next start)",
	.tokens = { (void *)&cmd_mac_mac, (void *)&cmd_mac_set, (void *)&cmd_mac_port,
		    (void *)&cmd_mac_addr, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_portcfg[] = {
	&cmd_port_ss, &cmd_port_mtu, &cmd_port_all, &cmd_set_mode, &cmd_mac_set_inst,
};

static const struct ebb_cmd_group ebb_grp_portcfg = {
	.name = "portcfg",
	.rank = 23,
	.cmds = ebb_cmds_portcfg,
	.nb_cmds = RTE_DIM(ebb_cmds_portcfg),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_portcfg);
