/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_wait.c: exhaustion commands: show waiters, set wait-timeout, set port N tx-rate, set idle. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline_parse_string.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

#define EBB_MAX_WAIT_TIMEOUT_MS 3600000u /* one hour */
#define EBB_MAX_TX_RATE 1000.0           /* Mpps */

struct cmd_wait_res {
	cmdline_fixed_string_t a;
	cmdline_fixed_string_t b;
	cmdline_fixed_string_t c;
	cmdline_fixed_string_t d;
	cmdline_fixed_string_t e;
};

/* "off" (-1) or a decimal rate 0..EBB_MAX_TX_RATE. @return 0 or -EINVAL. */
static int
parse_rate(const char *s, double *mpps)
{
	char *end;
	double v;

	if (strcmp(s, "off") == 0) {
		*mpps = -1.0;
		return 0;
	}
	if ((s[0] < '0' || s[0] > '9') && s[0] != '.')
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(v) || v < 0 || v > EBB_MAX_TX_RATE)
		return -EINVAL;
	*mpps = v;
	return 0;
}

/* ---- show waiters ---- */
static void
cmd_show_waiters_parsed(void *res, struct cmdline *cl, void *data)
{
	FILE *f = ebb_cli_out();

	RTE_SET_USED(res);
	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	ebb_engine_show_waiters(f);
	fflush(f);
}

static cmdline_parse_token_string_t cmd_sw_show =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, a, "show");
static cmdline_parse_token_string_t cmd_sw_waiters =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, b, "waiters");

static cmdline_parse_inst_t cmd_show_waiters = {
	.f = cmd_show_waiters_parsed,
	.help_str = "show waiters: each forwarding lcore's waiters, oldest first "
		    "(owner, class, need, age)",
	.tokens = { (void *)&cmd_sw_show, (void *)&cmd_sw_waiters, NULL },
};

/* ---- set wait-timeout MS ---- */
static void
cmd_set_wto_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_wait_res *r = res;
	FILE *f = ebb_cli_out();
	unsigned long long ms;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (ebb_parse_uint(r->c, 0, EBB_MAX_WAIT_TIMEOUT_MS, &ms) < 0)
		fprintf(f, "Invalid wait-timeout '%s': expected 0..%u ms (0 = none)\n", r->c,
			EBB_MAX_WAIT_TIMEOUT_MS);
	else if (ebb_engine_set_wait_timeout((uint32_t)ms) == 0)
		fprintf(f, "Wait timeout of paused RX queues: %llu ms%s\n", ms,
			ms == 0 ? " (none)" : "");
	fflush(f);
}

static cmdline_parse_token_string_t cmd_wto_set =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, a, "set");
static cmdline_parse_token_string_t cmd_wto_wto =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, b, "wait-timeout");
static cmdline_parse_token_string_t cmd_wto_ms =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, c, NULL);

static cmdline_parse_inst_t cmd_set_wto = {
	.f = cmd_set_wto_parsed,
	.help_str = "set wait-timeout MS: deadline of an RX queue paused for buffers "
		    "(then it polls once); 0 = none",
	.tokens = { (void *)&cmd_wto_set, (void *)&cmd_wto_wto, (void *)&cmd_wto_ms, NULL },
};

/* ---- set port N tx-rate MPPS|off ---- */
static void
cmd_set_rate_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_wait_res *r = res;
	FILE *f = ebb_cli_out();
	uint16_t n = ebb_engine_nb_ports();
	unsigned long long port;
	double mpps;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (n == 0) {
		fprintf(f, "No port\n");
	} else if (ebb_parse_uint(r->c, 0, n - 1, &port) < 0) {
		fprintf(f, "Invalid port '%s': ports are 0..%u\n", r->c, n - 1);
	} else if (parse_rate(r->e, &mpps) < 0) {
		fprintf(f, "Invalid tx-rate '%s': expected Mpps 0..%.0f (0 stalls) or off\n",
			r->e, EBB_MAX_TX_RATE);
	} else {
		ret = ebb_engine_set_tx_rate((uint16_t)port, mpps);
		if (ret < 0)
			fprintf(f, "Port %llu: cannot set the TX rate: %s\n", port, strerror(-ret));
		else if (mpps < 0)
			fprintf(f, "Port %llu: TX rate unlimited\n", port);
		else
			fprintf(f, "Port %llu: TX rate %g Mpps%s\n", port, mpps,
				mpps == 0 ? " (stalled: packets are held back)" : "");
	}
	fflush(f);
}

static cmdline_parse_token_string_t cmd_rate_set =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, a, "set");
static cmdline_parse_token_string_t cmd_rate_port =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, b, "port");
static cmdline_parse_token_string_t cmd_rate_n =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, c, NULL);
static cmdline_parse_token_string_t cmd_rate_rate =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, d, "tx-rate");
static cmdline_parse_token_string_t cmd_rate_v =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, e, NULL);

static cmdline_parse_inst_t cmd_set_rate = {
	.f = cmd_set_rate_parsed,
	.help_str = "set port N tx-rate MPPS|off: shape the port's egress (0 stalls it: "
		    "packets are held back, not dropped)",
	.tokens = { (void *)&cmd_rate_set, (void *)&cmd_rate_port, (void *)&cmd_rate_n,
		    (void *)&cmd_rate_rate, (void *)&cmd_rate_v, NULL },
};

/* ---- set idle spin|pause|sleep ---- */
static void
cmd_set_idle_parsed(void *res, struct cmdline *cl, void *data)
{
	struct cmd_wait_res *r = res;
	FILE *f = ebb_cli_out();
	enum ebb_idle idle = EBB_IDLE_PAUSE;
	int ret;

	RTE_SET_USED(cl);
	RTE_SET_USED(data);
	if (strcmp(r->c, "spin") == 0) {
		idle = EBB_IDLE_SPIN;
	} else if (strcmp(r->c, "sleep") == 0) {
		idle = EBB_IDLE_SLEEP;
	} else if (strcmp(r->c, "pause") != 0) {
		fprintf(f, "Invalid idle policy '%s': expected spin, pause or sleep\n", r->c);
		goto out;
	}
	ret = ebb_engine_set_idle(idle);
	if (ret == -EBUSY)
		fprintf(f, "Cannot change the idle policy while forwarding: stop first\n");
	else if (ret < 0)
		fprintf(f, "Cannot set the idle policy: %s\n", strerror(-ret));
	else
		fprintf(f, "Idle policy: %s (from the next start)\n", ebb_engine_idle_name(idle));
out:
	fflush(f);
}

static cmdline_parse_token_string_t cmd_idle_set =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, a, "set");
static cmdline_parse_token_string_t cmd_idle_idle =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, b, "idle");
static cmdline_parse_token_string_t cmd_idle_v =
	TOKEN_STRING_INITIALIZER(struct cmd_wait_res, c, NULL);

static cmdline_parse_inst_t cmd_set_idle = {
	.f = cmd_set_idle_parsed,
	.help_str = "set idle spin|pause|sleep: what an lcore does when all its RX queues "
		    "are paused (while stopped; applies at the next start)",
	.tokens = { (void *)&cmd_idle_set, (void *)&cmd_idle_idle, (void *)&cmd_idle_v, NULL },
};

static cmdline_parse_inst_t *const ebb_cmds_wait[] = {
	&cmd_show_waiters, &cmd_set_wto, &cmd_set_rate, &cmd_set_idle,
};

static const struct ebb_cmd_group ebb_grp_wait = {
	.name = "wait",
	.rank = 27,
	.cmds = ebb_cmds_wait,
	.nb_cmds = RTE_DIM(ebb_cmds_wait),
};

EBB_CMD_GROUP_REGISTER(ebb_grp_wait);
