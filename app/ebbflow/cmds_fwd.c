/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_fwd.c: forwarding commands: start [tx_first], stop, set fwd/burst/nbcore, show ... fwd. */
#include <errno.h>
#include <string.h>

#include <rte_lcore.h>
#include <cmdline_parse_string.h>

#include "cli.h"
#include "display.h"
#include "ebb_engine.h"
#include "options.h"

/* ---- start [tx_first] ---- */
struct cmd_start_res {
	cmdline_fixed_string_t start;
	cmdline_fixed_string_t tx_first;
};

static void
cmd_start_parsed(void *res, struct cmdline *cl, void *data)
{
	FILE *f = ebb_cli_out();
	bool tx_first = data != NULL;
	int ret;

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	ret = ebb_engine_start(tx_first);
	if (ret == -EBUSY)
		fprintf(f, "Packet forwarding already started\n");
	else if (ret < 0)
		fprintf(f, "start failed: %s\n", strerror(-ret));
	else
		ebb_engine_show_config_fwd(f);
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
cmd_set_fwd(FILE *f, const char *mode)
{
	char modes[256];
	int ret = ebb_engine_set_fwd(mode);

	if (ret == 0) {
		fprintf(f, "Set %s packet forwarding mode\n", ebb_engine_fwd_mode());
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

	if (ebb_parse_uint(arg, 1, max, &v) < 0) {
		fprintf(f, "Invalid nbcore '%s': must be 1..%u (worker lcores)\n", arg, max);
		return;
	}
	ret = ebb_engine_set_nbcore((unsigned int)v);
	if (ret == 0)
		fprintf(f, "Number of forwarding cores set to %llu\n", v);
	else if (ret == -EBUSY)
		fprintf(f, "Cannot change nbcore while forwarding: stop first\n");
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
		cmd_set_fwd(f, r->value);
	else if (strcmp(r->what, "burst") == 0)
		cmd_set_burst(f, r->value);
	else
		cmd_set_nbcore(f, r->value);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_set_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, set, "set");
static cmdline_parse_token_string_t cmd_set_what =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, what, "fwd#burst#nbcore");
static cmdline_parse_token_string_t cmd_set_value =
	TOKEN_STRING_INITIALIZER(struct cmd_set_res, value, NULL);

static cmdline_parse_inst_t cmd_set = {
	.f = cmd_set_parsed,
	.help_str = "set fwd MODE | set burst N (1..512) | set nbcore N",
	.tokens = { (void *)&cmd_set_set, (void *)&cmd_set_what, (void *)&cmd_set_value, NULL },
};

/* ---- show config fwd | show fwd stats all ---- */
struct cmd_show_fwd_res {
	cmdline_fixed_string_t show;
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
	cmdline_fixed_string_t c;
};

static void
cmd_show_config_fwd_parsed(void *res, struct cmdline *cl, void *data)
{
	FILE *f = ebb_cli_out();

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	ebb_engine_show_config_fwd(f);
	fflush(f);
}

static void
cmd_show_fwd_stats_parsed(void *res, struct cmdline *cl, void *data)
{
	FILE *f = ebb_cli_out();

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	ebb_engine_show_fwd_stats(f);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_show_fwd_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, show, "show");
static cmdline_parse_token_string_t cmd_show_fwd_config =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, a, "config");
static cmdline_parse_token_string_t cmd_show_fwd_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, b, "fwd");
static cmdline_parse_token_string_t cmd_show_fwd_fwd_a =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, a, "fwd");
static cmdline_parse_token_string_t cmd_show_fwd_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, b, "stats");
static cmdline_parse_token_string_t cmd_show_fwd_all =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_res, c, "all");

static cmdline_parse_inst_t cmd_show_config_fwd = {
	.f = cmd_show_config_fwd_parsed,
	.help_str = "show config fwd: forwarding mode, lcores and streams",
	.tokens = { (void *)&cmd_show_fwd_show, (void *)&cmd_show_fwd_config,
		    (void *)&cmd_show_fwd_fwd, NULL },
};

static cmdline_parse_inst_t cmd_show_fwd_stats_all = {
	.f = cmd_show_fwd_stats_parsed,
	.help_str = "show fwd stats all: per-stream and accumulated forward statistics",
	.tokens = { (void *)&cmd_show_fwd_show, (void *)&cmd_show_fwd_fwd_a,
		    (void *)&cmd_show_fwd_stats, (void *)&cmd_show_fwd_all, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_fwd[] = {
	&cmd_start, &cmd_start_txf, &cmd_stop, &cmd_set, &cmd_show_config_fwd,
	&cmd_show_fwd_stats_all,
};

static const struct ebb_cmd_group ebb_grp_fwd = {
	.name = "fwd",
	.rank = 10,
	.cmds = ebb_cmds_fwd,
	.nb_cmds = RTE_DIM(ebb_cmds_fwd),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_fwd);
