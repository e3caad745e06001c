/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_show.c: testpmd's display commands: show config, show device info, show rxq|txq
 * info, show port N macs|rss-hash, dump_mempool. */
#include <errno.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

#define EBB_CONFIG_WORDS "fwd, rxtx, cores or txpkts"

struct cmd_show_res {
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
	cmdline_fixed_string_t c;
	cmdline_fixed_string_t d;
	cmdline_fixed_string_t e;
};

/* One line for an error of ebb_engine_show(). */
static void
show_failed(FILE *f, const char *what, uint16_t port, int ret)
{
	if (ret == -ENOTSUP)
		fprintf(f, "Port %u: %s: the PMD does not say (%s)\n", port, what,
			strerror(-ret));
	else
		fprintf(f, "Port %u: %s: %s\n", port, what, strerror(-ret));
}

/* ---- show config fwd|rxtx|cores|txpkts, and show config alone ---- */
static void
cmd_show_config_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = data == NULL ? res : NULL;
	FILE *f = ebb_cli_out();
	enum ebb_show what;
	int ret;

	RTE_SET_USED(cl);
	if (r == NULL) {
		fprintf(f, "show config: expected " EBB_CONFIG_WORDS "\n");
		goto out;
	}
	if (strcmp(r->c, "fwd") == 0) {
		ebb_engine_show_config_fwd(f);
		goto out;
	}
	if (strcmp(r->c, "rxtx") == 0) {
		what = EBB_SHOW_CONFIG_RXTX;
	} else if (strcmp(r->c, "cores") == 0) {
		what = EBB_SHOW_CONFIG_CORES;
	} else if (strcmp(r->c, "txpkts") == 0) {
		what = EBB_SHOW_CONFIG_TXPKTS;
	} else {
		fprintf(f, "Invalid config '%s': expected " EBB_CONFIG_WORDS "\n", r->c);
		goto out;
	}
	ret = ebb_engine_show(f, what, 0, 0);
	if (ret < 0)
		fprintf(f, "show config %s: %s\n", r->c, strerror(-ret));
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sc_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, a, "show");
static cmdline_parse_token_string_t cmd_sc_config =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, b, "config");
static cmdline_parse_token_string_t cmd_sc_what =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, c, NULL);

static cmdline_parse_inst_t cmd_show_config = {
	.f = cmd_show_config_parsed,
	.help_str = "show config fwd|rxtx|cores|txpkts: streams and lcores | queue setup | "
		    "forwarding lcores | txonly frame segments",
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sc_config, (void *)&cmd_sc_what, NULL },
};

static cmdline_parse_inst_t cmd_show_config_none = {
	.f = cmd_show_config_parsed,
	.data = (void *)1,
	.help_str = NULL,
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sc_config, NULL },
};

/* ---- show device info all ---- */
static void
cmd_show_device_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t p, n = ebb_engine_nb_ports();
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (strcmp(r->d, "all") != 0) {
		fprintf(f, "Invalid device '%s': expected all (show device info all)\n", r->d);
	} else if (n == 0) {
		fprintf(f, "No port\n");
	} else {
		for (p = 0; p < n; p++) {
			ret = ebb_engine_show(f, EBB_SHOW_DEVICE_INFO, p, 0);
			if (ret < 0)
				show_failed(f, "device info", p, ret);
		}
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sd_device =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, b, "device");
static cmdline_parse_token_string_t cmd_sd_info =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, c, "info");
static cmdline_parse_token_string_t cmd_sd_which =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, d, NULL);

static cmdline_parse_inst_t cmd_show_device = {
	.f = cmd_show_device_parsed,
	.help_str = "show device info all: each port's device: bus, driver, devargs, speeds",
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sd_device, (void *)&cmd_sd_info,
		    (void *)&cmd_sd_which, NULL },
};

/* ---- show rxq|txq info N Q ---- */
static void
cmd_show_queue_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = res;
	FILE *f = ebb_cli_out();
	bool rx = strcmp(r->b, "rxq") == 0;
	const struct ebb_engine_conf *c = ebb_engine_conf();
	unsigned int nq = rx ? c->nb_rxq : c->nb_txq;
	unsigned long long q;
	uint16_t port;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port(f, r->d, &port) < 0)
		goto out;
	if (nq == 0 || ebb_parse_uint(r->e, 0, nq - 1, &q) < 0) {
		fprintf(f, "Invalid %s queue '%s': port %u has %s queues 0..%u\n", rx ? "RX" : "TX",
			r->e, port, rx ? "RX" : "TX", nq > 0 ? nq - 1 : 0);
		goto out;
	}
	ret = ebb_engine_show(f, rx ? EBB_SHOW_RXQ : EBB_SHOW_TXQ, port, (uint16_t)q);
	if (ret < 0)
		show_failed(f, rx ? "RX queue info" : "TX queue info", port, ret);
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sq_which =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, b, "rxq#txq");
static cmdline_parse_token_string_t cmd_sq_info =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, c, "info");
static cmdline_parse_token_string_t cmd_sq_port =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, d, NULL);
static cmdline_parse_token_string_t cmd_sq_queue =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, e, NULL);

static cmdline_parse_inst_t cmd_show_queue = {
	.f = cmd_show_queue_parsed,
	.help_str = "show rxq|txq info N Q: setup and state of RX/TX queue Q of port N",
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sq_which, (void *)&cmd_sq_info,
		    (void *)&cmd_sq_port, (void *)&cmd_sq_queue, NULL },
};

/* ---- show port N macs|rss-hash [key] ---- */
static void
cmd_show_port_n_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = res;
	FILE *f = ebb_cli_out();
	bool key = data != NULL;
	enum ebb_show what;
	uint16_t port;
	int ret;

	RTE_SET_USED(cl);
	if (ebb_cli_port(f, r->c, &port) < 0)
		goto out;
	if (strcmp(r->d, "macs") == 0)
		what = EBB_SHOW_MACS;
	else
		what = key ? EBB_SHOW_RSS_KEY : EBB_SHOW_RSS_HASH;
	ret = ebb_engine_show(f, what, port, 0);
	if (ret < 0)
		show_failed(f, r->d, port, ret);
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sp_port =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, b, "port");
static cmdline_parse_token_string_t cmd_sp_n =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, c, NULL);
static cmdline_parse_token_string_t cmd_sp_what =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, d, "macs#rss-hash");
static cmdline_parse_token_string_t cmd_sp_rss =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, d, "rss-hash");
static cmdline_parse_token_string_t cmd_sp_key =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, e, "key");

static cmdline_parse_inst_t cmd_show_port_n = {
	.f = cmd_show_port_n_parsed,
	.help_str = "show port N macs|rss-hash: the port's MAC addresses | RSS hash functions",
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sp_port, (void *)&cmd_sp_n,
		    (void *)&cmd_sp_what, NULL },
};

static cmdline_parse_inst_t cmd_show_port_key = {
	.f = cmd_show_port_n_parsed,
	.data = (void *)1,
	.help_str = "show port N rss-hash key: the RSS hash functions and key",
	.tokens = { (void *)&cmd_sc_show, (void *)&cmd_sp_port, (void *)&cmd_sp_n,
		    (void *)&cmd_sp_rss, (void *)&cmd_sp_key, NULL },
};

/* ---- dump_mempool [NAME] (testpmd's spelling of show pool, with the pool's dump) ---- */
static void
cmd_dump_mempool_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_res *r = res;
	FILE *f = ebb_cli_out();
	const char *name = data == NULL ? r->b : NULL;
	int ret;

	RTE_SET_USED(cl);
	ret = ebb_engine_dump_pool(f, name);
	if (ret == -ENOENT)
		fprintf(f, "No pool '%s' (show pool lists them)\n", name);
	else if (ret < 0)
		fprintf(f, "dump_mempool: %s\n", strerror(-ret));
	fflush(f);
}

static cmdline_parse_token_string_t cmd_dm_dump =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, a, "dump_mempool");
static cmdline_parse_token_string_t cmd_dm_name =
	TOKEN_STRING_INITIALIZER(struct cmd_show_res, b, NULL);

static cmdline_parse_inst_t cmd_dump_mempool = {
	.f = cmd_dump_mempool_parsed,
	.help_str = "dump_mempool [NAME]: rte_mempool_dump() of pool NAME (default the first)",
	.tokens = { (void *)&cmd_dm_dump, (void *)&cmd_dm_name, NULL },
};

static cmdline_parse_inst_t cmd_dump_mempool_all = {
	.f = cmd_dump_mempool_parsed,
	.data = (void *)1,
	.help_str = NULL,
	.tokens = { (void *)&cmd_dm_dump, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_show[] = {
	&cmd_show_config, &cmd_show_config_none, &cmd_show_device, &cmd_show_queue,
	&cmd_show_port_n, &cmd_show_port_key, &cmd_dump_mempool, &cmd_dump_mempool_all,
};

static const struct ebb_cmd_group ebb_grp_show = {
	.name = "show",
	.rank = 21,
	.cmds = ebb_cmds_show,
	.nb_cmds = RTE_DIM(ebb_cmds_show),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_show);
