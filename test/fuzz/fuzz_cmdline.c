/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_cmdline.c: libFuzzer target for the ebbflow> prompt, fed as typed, on the fake engine. */
/*
 * No EAL. Each input goes through ebb_cli_input(), the one entry the prompt and
 * --cmdline-file use, on a fresh cmdline (so that no half line leaks into the next input),
 * followed by a newline so that its last line runs too. The fake engine records every
 * call; besides "no crash", the prompt must never hand the engine a value its commands
 * refuse: a port >= the number of ports, a burst outside 1..EBB_MAX_BURST, nbcore 0, a
 * queue beyond the port's in show rxq|txq info (checked on the fake's call log, unless a
 * set_fwd(WORD) in it could spell a call).
 * The input's length picks the fake's state (0..3 ports, running or not) so that the
 * "No port" and "while forwarding" branches are reached without a byte of the text.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmdline.h>

#include "cli.h"
#include "fake_engine.h"

static FILE *fz_out;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_out = fopen("/dev/null", "w");
	if (fz_out == NULL)
		abort();
	ebb_cli_set_out(fz_out);
	return 0;
}

/* Each "name(N);" of the fake's log has N below max (exclusive), or N >= min. */
static void
check_calls(const char *name, unsigned long min, unsigned long max)
{
	size_t len = strlen(name);
	const char *p = fake.log;

	while ((p = strstr(p, name)) != NULL) {
		unsigned long v;

		p += len;
		if (*p != '(')
			continue;
		v = strtoul(p + 1, NULL, 10);
		if (v < min || v >= max) {
			fprintf(stderr, "fuzz_cmdline: engine called with %s(%lu), allowed %lu..%lu\n",
				name, v, min, max - 1);
			abort();
		}
	}
}

/* Each "show(W,P,Q);": P a port for the displays of a port (or UINT16_MAX, the summary's
 * header), Q an RX/TX queue of the fake's conf for show rxq|txq info, 0 otherwise. */
static void
check_show(void)
{
	const char *p = fake.log;
	unsigned int w, port, q;

	while ((p = strstr(p, "show(")) != NULL) {
		p += 5;
		if (sscanf(p, "%u,%u,%u", &w, &port, &q) != 3)
			continue;
		bool of_port = w < EBB_SHOW_CONFIG_RXTX; /* the config ones take none */

		if ((of_port && port >= fake.nb_ports &&
		     !(w == EBB_SHOW_SUMMARY && port == UINT16_MAX)) ||
		    (w == EBB_SHOW_RXQ && q >= fake.conf.nb_rxq) ||
		    (w == EBB_SHOW_TXQ && q >= fake.conf.nb_txq) ||
		    (w != EBB_SHOW_RXQ && w != EBB_SHOW_TXQ && q != 0)) {
			fprintf(stderr, "fuzz_cmdline: engine called with show(%u,%u,%u)\n", w,
				port, q);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdline *cl;

	fake_engine_reset();
	fake.nb_ports = (uint16_t)(size % 4);
	fake.running = (size / 4) % 2 == 1;
	ebb_cli_quit_reset();
	/* no descriptors: the library writes its echo a byte at a time, and skips fd -1 */
	cl = cmdline_new(ebb_cli_ctx(), EBB_PROMPT, -1, -1);
	if (cl == NULL)
		abort();
	if (ebb_cli_input(cl, (const char *)data, size) >= 0)
		ebb_cli_input(cl, "\n", 1);
	cmdline_free(cl);

	/* set_fwd(TEXT) and dump_pool(TEXT) log a word of the input, which may spell another
	 * call: skip then */
	if (strstr(fake.log, "set_fwd(") != NULL || strstr(fake.log, "dump_pool(") != NULL)
		return 0;
	check_calls("port_info", 0, fake.nb_ports);
	check_calls("show_port_stats", 0, fake.nb_ports);
	check_calls("clear", 0, fake.nb_ports);
	check_calls("set_burst", 1, EBB_MAX_BURST + 1);
	check_calls("set_nbcore", 1, RTE_MAX_LCORE);
	check_calls("xstats_clear", 0, fake.nb_ports);
	check_calls("port_stop", 0, fake.nb_ports);
	check_calls("port_start", 0, fake.nb_ports);
	check_calls("mtu", 0, fake.nb_ports);
	check_calls("promisc", 0, fake.nb_ports);
	check_calls("allmulti", 0, fake.nb_ports);
	check_calls("mac", 0, fake.nb_ports);
	check_show();
	return 0;
}
