/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_port.c: port commands: show port info|stats (all|N), clear port stats (all|N). */
#include <errno.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

/*
 * "all" or a port number below ebb_engine_nb_ports(); prints one line and
 * returns -ENODEV otherwise. *first..*last is the range to act on.
 */
static int
cmd_port_range(FILE *f, const char *arg, uint16_t *first, uint16_t *last)
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

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (cmd_port_range(f, r->which, &first, &last) == 0) {
		for (p = first; p <= last; p++) {
			if (strcmp(r->what, "info") == 0)
				ebb_engine_show_port_info(f, p);
			else
				ebb_engine_show_port_stats(f, p);
		}
	}
	fflush(f);
}

static void
cmd_clear_port_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_port_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t p, first, last;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (cmd_port_range(f, r->which, &first, &last) == 0) {
		for (p = first; p <= last; p++) {
			ret = ebb_engine_port_stats_clear(p);
			if (ret < 0)
				fprintf(f, "Port %u: cannot clear statistics: %s\n", p,
					strerror(-ret));
			else
				fprintf(f, "  NIC statistics for port %u cleared\n", p);
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
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, what, "info#stats");
static cmdline_parse_token_string_t cmd_port_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, what, "stats");
static cmdline_parse_token_string_t cmd_port_which =
	TOKEN_STRING_INITIALIZER(struct cmd_port_res, which, NULL);

static cmdline_parse_inst_t cmd_show_port = {
	.f = cmd_show_port_parsed,
	.help_str = "show port info|stats all|N: port details or RX/TX counters",
	.tokens = { (void *)&cmd_port_show, (void *)&cmd_port_port, (void *)&cmd_port_info_stats,
		    (void *)&cmd_port_which, NULL },
};

static cmdline_parse_inst_t cmd_clear_port = {
	.f = cmd_clear_port_parsed,
	.help_str = "clear port stats all|N: reset a port's counters",
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
