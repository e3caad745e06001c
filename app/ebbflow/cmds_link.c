/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_link.c: link commands: set link-down port N, set link-up port N. */
#include <errno.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

struct cmd_link_res {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t what;
	cmdline_fixed_string_t port;
	cmdline_fixed_string_t n;
};

static void
cmd_link_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_link_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t n = ebb_engine_nb_ports();
	bool up = strcmp(r->what, "link-up") == 0;
	struct ebb_link_info li;
	unsigned long long port;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (n == 0) {
		fprintf(f, "No port\n");
	} else if (ebb_parse_uint(r->n, 0, n - 1, &port) < 0) {
		fprintf(f, "Invalid port '%s': ports are 0..%u\n", r->n, n - 1);
	} else {
		ret = ebb_engine_set_link((uint16_t)port, up);
		if (ret < 0)
			fprintf(f, "Port %llu: cannot set the link %s: %s\n", port,
				up ? "up" : "down", strerror(-ret));
		else if (up)
			fprintf(f, "Port %llu: link up\n", port);
		else if (ebb_engine_link_info((uint16_t)port, &li) == 0 && !li.pmd_down)
			fprintf(f, "Port %llu: link down (in the engine: the PMD cannot)\n", port);
		else
			fprintf(f, "Port %llu: link down\n", port);
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_link_set =
	TOKEN_STRING_INITIALIZER(struct cmd_link_res, set, "set");
static cmdline_parse_token_string_t cmd_link_what =
	TOKEN_STRING_INITIALIZER(struct cmd_link_res, what, "link-down#link-up");
static cmdline_parse_token_string_t cmd_link_port =
	TOKEN_STRING_INITIALIZER(struct cmd_link_res, port, "port");
static cmdline_parse_token_string_t cmd_link_n =
	TOKEN_STRING_INITIALIZER(struct cmd_link_res, n, NULL);

static cmdline_parse_inst_t cmd_link = {
	.f = cmd_link_parsed,
	.help_str = "set link-down|link-up port N: take a port's link down (not polled, "
		    "nothing sent to it) or up again",
	.tokens = { (void *)&cmd_link_set, (void *)&cmd_link_what, (void *)&cmd_link_port,
		    (void *)&cmd_link_n, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_link[] = { &cmd_link };

static const struct ebb_cmd_group ebb_grp_link = {
	.name = "link",
	.rank = 22,
	.cmds = ebb_cmds_link,
	.nb_cmds = RTE_DIM(ebb_cmds_link),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_link);
