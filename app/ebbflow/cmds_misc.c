/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_misc.c: general commands: help [SECTION], quit, show pool. */
#include <cmdline.h>
#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"

struct cmd_word_res {
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
};

static void
cmd_help_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_word_res *r = res;
	FILE *f = ebb_cli_out();

	RTE_SET_USED(cl);
	if (data == NULL)
		ebb_cli_help(f);
	else if (ebb_cli_help_section(f, r->b) < 0)
		fprintf(f, "Invalid help section '%s': expected control, display, config, ports, "
			"forwarding or all\n", r->b);
	fflush(f);
}

static void
cmd_quit_parsed(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(data);
	/* the main loop stops forwarding, prints the audit and exits; the line editor ends
	 * here, without a prompt */
	ebb_cli_request_quit();
	cmdline_quit(cl);
}

static void
cmd_show_pool_parsed(void *res, struct cmdline *cl, void *data)
{
	FILE *f = ebb_cli_out();

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	ebb_engine_show_pools(f);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_help_help =
	TOKEN_STRING_INITIALIZER(struct cmd_word_res, a, "help");
static cmdline_parse_token_string_t cmd_help_section =
	TOKEN_STRING_INITIALIZER(struct cmd_word_res, b, NULL);
static cmdline_parse_token_string_t cmd_quit_quit =
	TOKEN_STRING_INITIALIZER(struct cmd_word_res, a, "quit");
static cmdline_parse_token_string_t cmd_show_pool_show =
	TOKEN_STRING_INITIALIZER(struct cmd_word_res, a, "show");
static cmdline_parse_token_string_t cmd_show_pool_pool =
	TOKEN_STRING_INITIALIZER(struct cmd_word_res, b, "pool");

static cmdline_parse_inst_t cmd_help = {
	.f = cmd_help_parsed,
	.help_str = "help [control|display|config|ports|forwarding|all]: the sections | "
		    "the commands of one",
	.tokens = { (void *)&cmd_help_help, NULL },
};

static cmdline_parse_inst_t cmd_help_sec = {
	.f = cmd_help_parsed,
	.data = (void *)1,
	.help_str = NULL,
	.tokens = { (void *)&cmd_help_help, (void *)&cmd_help_section, NULL },
};

static cmdline_parse_inst_t cmd_quit = {
	.f = cmd_quit_parsed,
	.help_str = "quit: stop forwarding, print the audit and exit",
	.tokens = { (void *)&cmd_quit_quit, NULL },
};

static cmdline_parse_inst_t cmd_show_pool = {
	.f = cmd_show_pool_parsed,
	.help_str = "show pool: per pool: name, socket, size, available, in use",
	.tokens = { (void *)&cmd_show_pool_show, (void *)&cmd_show_pool_pool, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_misc[] = { &cmd_help, &cmd_help_sec, &cmd_show_pool,
						      &cmd_quit };

static const struct ebb_cmd_group ebb_grp_misc = {
	.name = "misc",
	.rank = 30,
	.cmds = ebb_cmds_misc,
	.nb_cmds = RTE_DIM(ebb_cmds_misc),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_misc);
