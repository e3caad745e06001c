/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_port.c: port commands: show port info|stats|xstats|summary (all|N), clear port
 * stats|xstats (all|N); the port-number parsers of every command. */
#include <errno.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "cli.h"
#include "cli_tokens.h"
#include "ebb_engine.h"
#include "options.h"

int
ebb_cli_port_range(FILE *f, const char *arg, uint16_t *first, uint16_t *last)
{
	uint16_t n = ebb_engine_nb_ports();
	unsigned long long p;

	if (n == 0) {
		fprintf(f, "No port\n");
		return -ENODEV;
	}
	if (strcmp(arg, "all") == 0) {
		*first = 0;
		*last = n - 1;
		return 0;
	}
	if (ebb_parse_uint(arg, 0, n - 1, &p) < 0) {
		fprintf(f, "Invalid port '%s': ports are 0..%u or all\n", arg, n - 1);
		return -ENODEV;
	}
	*first = *last = (uint16_t)p;
	return 0;
}

int
ebb_cli_port(FILE *f, const char *arg, uint16_t *port)
{
	uint16_t n = ebb_engine_nb_ports();
	unsigned long long p;

	if (n == 0) {
		fprintf(f, "No port\n");
		return -ENODEV;
	}
	if (ebb_parse_uint(arg, 0, n - 1, &p) < 0) {
		fprintf(f, "Invalid port '%s': ports are 0..%u\n", arg, n - 1);
		return -ENODEV;
	}
	*port = (uint16_t)p;
	return 0;
}

struct cmd_port_res {
	cmdline_fixed_string_t verb;
	cmdline_fixed_string_t port;
	cmdline_fixed_string_t what;
	cmdline_fixed_string_t which;
};

static void
cmd_show_port_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_port_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t p, first, last;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port_range(f, r->which, &first, &last) < 0)
		goto out;
	if (strcmp(r->what, "summary") == 0)
		ebb_engine_show(f, EBB_SHOW_SUMMARY, UINT16_MAX, 0); /* the header */
	for (p = first; p <= last; p++) {
		if (strcmp(r->what, "info") == 0) {
			ebb_engine_show_port_info(f, p);
		} else if (strcmp(r->what, "stats") == 0) {
			ebb_engine_show_port_stats(f, p);
		} else {
			ret = ebb_engine_show(f, strcmp(r->what, "xstats") == 0 ?
					      EBB_SHOW_XSTATS : EBB_SHOW_SUMMARY, p, 0);
			if (ret < 0)
				fprintf(f, "Port %u: cannot read its %s: %s\n", p, r->what,
					strerror(-ret));
		}
	}
out:
	fflush(f);
}

static void
cmd_clear_port_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_port_res *r = res;
	FILE *f = ebb_cli_out();
	bool x = strcmp(r->what, "xstats") == 0;
	uint16_t p, first, last;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_cli_port_range(f, r->which, &first, &last) == 0) {
		for (p = first; p <= last; p++) {
			ret = x ? ebb_engine_xstats_clear(p) : ebb_engine_port_stats_clear(p);
			if (ret < 0)
				fprintf(f, "Port %u: cannot clear %sstatistics: %s\n", p,
					x ? "extended " : "", strerror(-ret));
			else if (!x) /* testpmd says nothing for xstats */
				fprintf(f, "\n  NIC statistics for port %u cleared\n", p);
		}
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_port_show =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, verb, "show");
static cmdline_parse_token_string_t cmd_port_clear =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, verb, "clear");
static cmdline_parse_token_string_t cmd_port_port =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, port, "port");
static cmdline_parse_token_string_t cmd_port_info_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, what, "info#stats#xstats#summary");
static cmdline_parse_token_string_t cmd_port_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, what, "stats#xstats");
/* all|N: any word parses (ebb_cli_port_range says what is wrong), TAB lists the ports */
static struct ebb_token_choice cmd_port_which =
	EBB_TOKEN_PORTS_INITIALIZER(struct cmd_port_res, which);

static cmdline_parse_inst_t cmd_show_port = {
	.f = cmd_show_port_parsed,
	.help_str = "show port info|stats|xstats|summary all|N: port details | RX/TX counters | "
		    "the PMD's extended counters | one line per port",
	.tokens = { (void *)&cmd_port_show, (void *)&cmd_port_port, (void *)&cmd_port_info_stats,
		    (void *)&cmd_port_which, NULL },
};

static cmdline_parse_inst_t cmd_clear_port = {
	.f = cmd_clear_port_parsed,
	.help_str = "clear port stats|xstats all|N: count a port's counters | extended counters "
		    "from now",
	.tokens = { (void *)&cmd_port_clear, (void *)&cmd_port_port, (void *)&cmd_port_stats,
		    (void *)&cmd_port_which, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_port[] = { &cmd_show_port, &cmd_clear_port };

static const struct ebb_cmd_group ebb_grp_port = {
	.name = "port",
	.rank = 20,
	.cmds = ebb_cmds_port,
	.nb_cmds = RTE_DIM(ebb_cmds_port),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_port);
