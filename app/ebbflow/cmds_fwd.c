/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_fwd.c: forwarding commands: start [tx_first], stop, set fwd/burst/nbcore, show|clear
 * fwd stats all. */
#include <errno.h>
#include <string.h>

#include <rte_lcore.h>
#include <cmdline_parse_string.h>

#include "cli.h"
#include "cli_tokens.h"
#include "display.h"
#include "ebb_engine.h"
#include "ebb_fwd.h"
#include "options.h"
#include "verbose.h"

/* ---- start [tx_first] ---- */
struct cmd_start_res {
	cmdline_fixed_string_t start;
	cmdline_fixed_string_t tx_first;
	cmdline_fixed_string_t n;
};

static void
cmd_start_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_start_res *r = res;
	FILE *f = ebb_cli_out();
	unsigned long long n = data != NULL;
	int ret;

	RTE_SET_USED(cl);
	if (data == (void *)2 && ebb_parse_uint(r->n, 1, EBB_MAX_TX_FIRST, &n) < 0) {
		fprintf(f, "Invalid tx_first '%s': bursts must be 1..%u\n", r->n, EBB_MAX_TX_FIRST);
		fflush(f);
		return;
	}
	ret = n <= 1 ? ebb_engine_start(n == 1) : ebb_engine_start_tx_first((unsigned int)n);
	if (ret == -EBUSY)
		fprintf(f, "Packet forwarding already started\n");
	else if (ret == -ENOTCONN)
		fprintf(f, "Not all ports were started (port start all)\n");
	else if (ret < 0)
		fprintf(f, "start failed: %s\n", strerror(-ret));
	else
		ebb_display_start_banner(f);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_start_start =
	TOKEN_STRING_INITIALIZER(struct cmd_start_res, start, "start");
static cmdline_parse_token_string_t cmd_start_tx_first =
	TOKEN_STRING_INITIALIZER(struct cmd_start_res, tx_first, "tx_first");

static cmdline_parse_inst_t cmd_start = {
	.f = cmd_start_parsed,
	.data = NULL,
	.help_str = "start: start packet forwarding",
	.tokens = { (void *)&cmd_start_start, NULL },
};

static cmdline_parse_inst_t cmd_start_txf = {
	.f = cmd_start_parsed,
	.data = (void *)1,
	.help_str = "start tx_first: send a burst on every stream, then forward",
	.tokens = { (void *)&cmd_start_start, (void *)&cmd_start_tx_first, NULL },
};

static cmdline_parse_token_string_t cmd_start_n =
	TOKEN_STRING_INITIALIZER(struct cmd_start_res, n, NULL);

static cmdline_parse_inst_t cmd_start_txf_n = {
	.f = cmd_start_parsed,
	.data = (void *)2,
	.help_str = "start tx_first N: send N bursts on every stream, then forward",
	.tokens = { (void *)&cmd_start_start, (void *)&cmd_start_tx_first,
		    (void *)&cmd_start_n, NULL },
};

/* ---- stop ---- */
struct cmd_stop_res {
	cmdline_fixed_string_t stop;
};

static void
cmd_stop_parsed(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	ebb_display_stop(ebb_cli_out(), NULL);
	ebb_verbose_gc(); /* the dumps removed while forwarding ran */
}

static cmdline_parse_token_string_t cmd_stop_stop =
	TOKEN_STRING_INITIALIZER(struct cmd_stop_res, stop, "stop");

static cmdline_parse_inst_t cmd_stop = {
	.f = cmd_stop_parsed,
	.help_str = "stop: stop forwarding, print forward stats and the pool audit",
	.tokens = { (void *)&cmd_stop_stop, NULL },
};

/* ---- set fwd|burst|nbcore VALUE ---- */
struct cmd_set_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t what;
	cmdline_fixed_string_t value;
};

static void
cmd_set_fwd(FILE *f, const char *mode, bool retry)
{
	struct ebb_fwd_params fp;
	char modes[256];
	int ret = ebb_engine_set_fwd(mode);

	if (ret == 0) {
		/* stopped (the engine said so): no stream reads the parameters now */
		ebb_fwd_params_get(&fp);
		fp.tx_retry = retry;
		ret = ebb_fwd_params_set(&fp);
	}
	if (ret == 0) {
		fprintf(f, "Set %s packet forwarding mode%s\n", ebb_engine_fwd_mode(),
			retry ? " with retry" : "");
		return;
	}
	if (ret == -ENOENT) {
		ebb_engine_fwd_modes(modes, sizeof(modes));
		fprintf(f, "Invalid forwarding mode '%s' (modes: %s)\n", mode, modes);
	} else if (ret == -EBUSY) {
		fprintf(f, "Cannot change the forwarding mode while forwarding: stop first\n");
	} else {
		fprintf(f, "set fwd %s: %s\n", mode, strerror(-ret));
	}
}

/* set txpkts X[,Y]*: the txonly/flowgen frame length, or the lengths of its segments */
static void
cmd_set_txpkts(FILE *f, const char *arg)
{
	const struct ebb_engine_conf *c = ebb_engine_conf();
	unsigned int max = c != NULL && c->mbuf_size > RTE_PKTMBUF_HEADROOM ?
			   c->mbuf_size - RTE_PKTMBUF_HEADROOM : EBB_ENGINE_MIN_TXPKTS;
	uint16_t lens[EBB_ENGINE_MAX_TXSEGS];
	unsigned long long v;
	char why[160];
	int n = 1, ret;

	if (strchr(arg, ',') != NULL) {
		n = ebb_parse_txsegs(arg, max, lens, why, sizeof(why));
		if (n < 0) {
			fprintf(f, "Invalid txpkts: %s\n", why);
			return;
		}
		ret = ebb_engine_set_txsegs(lens, (unsigned int)n, NULL);
	} else if (ebb_parse_uint(arg, EBB_ENGINE_MIN_TXPKTS, max, &v) < 0) {
		fprintf(f, "Invalid txpkts '%s': must be %u..%u (one mbuf), or segment lengths "
			"X[,Y]*\n", arg, EBB_ENGINE_MIN_TXPKTS, max);
		return;
	} else {
		ret = ebb_engine_set_txpkts((uint16_t)v);
	}
	if (ret == -EBUSY)
		fprintf(f, "Cannot change txpkts while forwarding: stop first\n");
	else if (ret == -ENOTSUP)
		fprintf(f, "Invalid txpkts '%s': %d segments, more than a port sends per packet "
			"(its TX descriptor limit)\n", arg, n);
	else if (ret < 0)
		fprintf(f, "Invalid txpkts '%s': %s\n", arg, strerror(-ret));
	/* as testpmd: nothing said when it is set */
}

static void
cmd_set_verbose(FILE *f, const char *arg)
{
	unsigned int old = ebb_verbose_level();
	unsigned long long v;
	int ret;

	if (ebb_parse_uint(arg, 0, UINT16_MAX, &v) < 0) {
		fprintf(f, "Invalid verbose level '%s': must be 0..%u (1: RX dump, 2: TX, 3: "
			"both)\n", arg, UINT16_MAX);
		return;
	}
	ret = ebb_verbose_set((unsigned int)v);
	if (ret < 0)
		fprintf(f, "set verbose %llu: cannot dump packets: %s\n", v, strerror(-ret));
	else
		fprintf(f, "Change verbose level from %u to %llu\n", old, v);
}

static void
cmd_set_burst(FILE *f, const char *arg)
{
	unsigned long long v;
	int ret;

	if (ebb_parse_uint(arg, 1, EBB_MAX_BURST, &v) < 0) {
		fprintf(f, "Invalid burst '%s': must be 1..%u\n", arg, EBB_MAX_BURST);
		return;
	}
	ret = ebb_engine_set_burst((uint16_t)v);
	if (ret == 0)
		fprintf(f, "Number of packets per burst set to %llu\n", v);
	else if (ret == -EBUSY)
		fprintf(f, "Cannot change the burst while forwarding: stop first\n");
	else
		fprintf(f, "Invalid burst %llu: %s\n", v, strerror(-ret));
}

static void
cmd_set_nbcore(FILE *f, const char *arg)
{
	/* with EAL up the bound is the worker lcores; the engine has the last word */
	unsigned int max = rte_lcore_count() > 1 ? rte_lcore_count() - 1 : RTE_MAX_LCORE - 1;
	unsigned long long v;
	int ret;

	/* above the configured lcores: the engine refuses, in testpmd's words below */
	if (ebb_parse_uint(arg, 1, RTE_MAX_LCORE - 1, &v) < 0) {
		fprintf(f, "Invalid nbcore '%s': must be 1..%u (worker lcores)\n", arg, max);
		return;
	}
	ret = ebb_engine_set_nbcore((unsigned int)v);
	if (ret == 0)
		fprintf(f, "Number of forwarding cores set to %llu\n", v);
	else if (ret == -EBUSY)
		fprintf(f, "Cannot change nbcore while forwarding: stop first\n");
	else if (ret == -EINVAL && v > ebb_engine_nb_cfg_lcores()) /* testpmd's words */
		fprintf(f, "nb fwd cores %llu > %u (max. number of configured lcores) - ignored\n",
			v, ebb_engine_nb_cfg_lcores());
	else
		fprintf(f, "Invalid nbcore %llu: %s\n", v, strerror(-ret));
}

static void
cmd_set_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_set_res *r = res;
	FILE *f = ebb_cli_out();

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (strcmp(r->what, "fwd") == 0)
		cmd_set_fwd(f, r->value, data != NULL);
	else if (strcmp(r->what, "burst") == 0)
		cmd_set_burst(f, r->value);
	else if (strcmp(r->what, "verbose") == 0)
		cmd_set_verbose(f, r->value);
	else if (strcmp(r->what, "txpkts") == 0)
		cmd_set_txpkts(f, r->value);
	else if (strcmp(r->what, "nbcore") == 0)
		cmd_set_nbcore(f, r->value);
	else
		ebb_cli_set_layout(f, r->what, r->value);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_set_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, set, "set");
static cmdline_parse_token_string_t cmd_set_what =
	/* set fwd MODE is cmd_set_fwd_tab's (two would make the line ambiguous) */
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, what, "burst#nbcore#verbose#txpkts#"
				 "nbport#portlist#corelist#coremask");
static cmdline_parse_token_string_t cmd_set_value =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, value, NULL);

static cmdline_parse_inst_t cmd_set = {
	.f = cmd_set_parsed,
	.help_str = "set fwd MODE | set burst N (1..512) | set nbcore N | set verbose N "
		    "(1: dump RX, 2: TX, 3: both) | set txpkts N[,N]* (txonly, flowgen frame "
		    "length, or its segments' lengths) "
		    "| set nbport N (forwarding ports) | set portlist A,B,.. | set corelist "
		    "A,B,.. (forwarding lcores) | set coremask 0xM",
	.tokens = { (void *)&cmd_set_set, (void *)&cmd_set_what, (void *)&cmd_set_value, NULL },
};

/* set fwd MODE: its mode token completes (TAB lists the modes); any word still parses and
 * goes to cmd_set's handler, which says what is wrong (cmd_set's help says it) */
static cmdline_parse_token_string_t cmd_set_fwd_word =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, what, "fwd");
static struct ebb_token_choice cmd_set_fwd_mode =
	EBB_TOKEN_MODES_INITIALIZER(struct cmd_set_res, value);

static cmdline_parse_inst_t cmd_set_fwd_tab = {
	.f = cmd_set_parsed,
	.help_str = NULL, /* cmd_set's help says it */
	.tokens = { (void *)&cmd_set_set, (void *)&cmd_set_fwd_word, (void *)&cmd_set_fwd_mode,
		    NULL },
};

/* ---- set eth-peer N MAC ---- */
struct cmd_set_peer_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t what;
	cmdline_fixed_string_t port;
	cmdline_fixed_string_t mac;
};

static void
cmd_set_peer_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_set_peer_res *r = res;
	FILE *f = ebb_cli_out();
	struct rte_ether_addr mac;
	uint16_t port;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port(f, r->port, &port) < 0) {
		fflush(f);
		return;
	}
	if (strlen(r->mac) != 17 || rte_ether_unformat_addr(r->mac, &mac) != 0) {
		fprintf(f, "Invalid MAC address '%s': want XX:XX:XX:XX:XX:XX\n", r->mac);
		fflush(f);
		return;
	}
	ret = ebb_engine_set_eth_peer(port, &mac);
	if (ret == -EBUSY)
		fprintf(f, "Cannot change a peer while forwarding: stop first\n");
	else if (ret < 0)
		fprintf(f, "set eth-peer %u: %s\n", port, strerror(-ret));
	/* as testpmd: nothing said when it is set */
	fflush(f);
}

static cmdline_parse_token_string_t cmd_set_peer_what =
	TOKEN_STRING_INITIALIZER(struct cmd_set_peer_res, what, "eth-peer");
static cmdline_parse_token_string_t cmd_set_peer_port =
	TOKEN_STRING_INITIALIZER(struct cmd_set_peer_res, port, NULL);
static cmdline_parse_token_string_t cmd_set_peer_mac =
	TOKEN_STRING_INITIALIZER(struct cmd_set_peer_res, mac, NULL);

static cmdline_parse_inst_t cmd_set_peer = {
	.f = cmd_set_peer_parsed,
	.help_str = "set eth-peer N XX:XX:XX:XX:XX:XX: the peer MAC of port N (mac, txonly, "
		    "flowgen, csum), from the next start",
	.tokens = { (void *)&cmd_set_set, (void *)&cmd_set_peer_what, (void *)&cmd_set_peer_port,
		    (void *)&cmd_set_peer_mac, NULL },
};

/* ---- set fwd MODE retry ---- */
struct cmd_set_retry_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t what;
	cmdline_fixed_string_t value;
	cmdline_fixed_string_t retry;
};

static cmdline_parse_token_string_t cmd_set_retry_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_set_retry_res, what, "fwd");
static cmdline_parse_token_string_t cmd_set_retry_retry =
	TOKEN_STRING_INITIALIZER(struct cmd_set_retry_res, retry, "retry");

static cmdline_parse_inst_t cmd_set_retry = {
	.f = cmd_set_parsed, /* the first three fields are cmd_set_res's */
	.data = (void *)1,
	.help_str = "set fwd MODE retry: a TX burst the queue did not take whole is retried "
		    "(--burst-tx-retry-num times, --burst-tx-delay-time us apart)",
	.tokens = { (void *)&cmd_set_set, (void *)&cmd_set_retry_fwd, (void *)&cmd_set_value,
		    (void *)&cmd_set_retry_retry, NULL },
};

/* ---- set fwd|burst|nbcore|idle|wait-timeout without a value ---- */
struct cmd_set_word_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t what;
};

static void
cmd_set_word_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_set_word_res *r = res;
	FILE *f = ebb_cli_out();
	char modes[256];

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (strcmp(r->what, "fwd") == 0) {
		ebb_engine_fwd_modes(modes, sizeof(modes));
		fprintf(f, "set fwd: expected a forwarding mode (%s)\n", modes);
	} else if (strcmp(r->what, "burst") == 0) {
		fprintf(f, "set burst: expected packets per burst, 1..%u\n", EBB_MAX_BURST);
	} else if (strcmp(r->what, "nbcore") == 0) {
		fprintf(f, "set nbcore: expected the number of forwarding cores\n");
	} else if (strcmp(r->what, "nbport") == 0) {
		fprintf(f, "set nbport: expected the number of forwarding ports\n");
	} else if (strcmp(r->what, "portlist") == 0 || strcmp(r->what, "corelist") == 0) {
		fprintf(f, "set %s: expected a comma list of %s numbers (0,1)\n", r->what,
			r->what[0] == 'p' ? "port" : "lcore");
	} else if (strcmp(r->what, "coremask") == 0) {
		fprintf(f, "set coremask: expected a hexadecimal mask of lcores (0x2)\n");
	} else if (strcmp(r->what, "idle") == 0) {
		fprintf(f, "set idle: expected spin, pause or sleep\n");
	} else if (strcmp(r->what, "txpkts") == 0) {
		fprintf(f, "set txpkts: expected the txonly frame length, or its segments' "
			"lengths X[,Y]*\n");
	} else if (strcmp(r->what, "eth-peer") == 0) {
		fprintf(f, "set eth-peer: expected N XX:XX:XX:XX:XX:XX\n");
	} else if (strcmp(r->what, "verbose") == 0) {
		fprintf(f, "set verbose: expected a level 0..%u (1: RX dump, 2: TX, 3: both)\n",
			UINT16_MAX);
	} else if (strcmp(r->what, "promisc") == 0 || strcmp(r->what, "allmulti") == 0) {
		fprintf(f, "set %s: expected all|N on|off\n", r->what);
	} else {
		fprintf(f, "set wait-timeout: expected milliseconds (0 = none)\n");
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_set_word_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_word_res, set, "set");
static cmdline_parse_token_string_t cmd_set_word_what =
	TOKEN_STRING_INITIALIZER(struct cmd_set_word_res, what,
				 "fwd#burst#nbcore#idle#wait-timeout#promisc#allmulti#verbose#"
				 "txpkts#eth-peer#nbport#portlist#corelist#coremask");

static cmdline_parse_inst_t cmd_set_word = {
	.f = cmd_set_word_parsed,
	.help_str = NULL, /* says what the value is */
	.tokens = { (void *)&cmd_set_word_set, (void *)&cmd_set_word_what, NULL },
};

/* ---- show fwd stats all | clear fwd stats all ---- */
struct cmd_show_fwd_res {
	cmdline_fixed_string_t show;
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
	cmdline_fixed_string_t c;
};

static void
cmd_fwd_stats_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_fwd_res *r = res;
	FILE *f = ebb_cli_out();
	bool clear = strcmp(r->show, "clear") == 0;
	uint16_t p, n = ebb_engine_nb_ports();
	int ret;

	RTE_SET_USED(cl);
	if (data != NULL) {
		fprintf(f, "%s fwd stats: expected 'all' (%s fwd stats all)\n", r->show, r->show);
	} else if (strcmp(r->c, "all") != 0) {
		fprintf(f, "Invalid '%s': expected %s fwd stats all\n", r->c, r->show);
	} else if (!clear) {
		ebb_engine_show_fwd_stats(f);
	} else {
		/* the forward statistics count from the ports' start snapshot: take it again */
		for (p = 0; p < n; p++) {
			ret = ebb_engine_port_stats_clear(p);
			if (ret < 0)
				fprintf(f, "Port %u: cannot clear statistics: %s\n", p,
					strerror(-ret));
		}
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_fwd_stats_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, show, "show#clear");
static cmdline_parse_token_string_t cmd_fwd_stats_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, a, "fwd");
static cmdline_parse_token_string_t cmd_fwd_stats_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, b, "stats");
static cmdline_parse_token_string_t cmd_fwd_stats_all =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, c, NULL);

static cmdline_parse_inst_t cmd_fwd_stats = {
	.f = cmd_fwd_stats_parsed,
	.help_str = "show|clear fwd stats all: per-stream and accumulated forward statistics "
		    "| count them from now",
	.tokens = { (void *)&cmd_fwd_stats_show, (void *)&cmd_fwd_stats_fwd,
		    (void *)&cmd_fwd_stats_stats, (void *)&cmd_fwd_stats_all, NULL },
};

static cmdline_parse_inst_t cmd_fwd_stats_none = {
	.f = cmd_fwd_stats_parsed,
	.data = (void *)1,
	.help_str = NULL,
	.tokens = { (void *)&cmd_fwd_stats_show, (void *)&cmd_fwd_stats_fwd,
		    (void *)&cmd_fwd_stats_stats, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_fwd[] = {
	&cmd_start, &cmd_start_txf, &cmd_start_txf_n, &cmd_stop, &cmd_set_fwd_tab, &cmd_set,
	&cmd_set_retry,
	&cmd_set_peer, &cmd_set_word,
	&cmd_fwd_stats,
	&cmd_fwd_stats_none,
};

static const struct ebb_cmd_group ebb_grp_fwd = {
	.name = "fwd",
	.rank = 10,
	.cmds = ebb_cmds_fwd,
	.nb_cmds = RTE_DIM(ebb_cmds_fwd),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_fwd);
