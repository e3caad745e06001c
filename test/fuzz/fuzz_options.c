/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_options.c: libFuzzer target for ebbflow's option parser; the input is the argv. */
/*
 * No EAL. The input is split at NUL bytes and spaces into arguments (runs of separators
 * give empty arguments, as a shell's "" would), "ebbflow" goes first, and the whole goes
 * to ebb_options_parse(), then to ebb_eal_file_prefix() on its EAL part. Besides "no
 * crash", a refusal is one non-empty line and a success gives values within the ranges
 * the options promise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf_core.h>

#include "options.h"

#define FZ_MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fz_fail(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_options: %s (err '%s')\n", what, err);
	abort();
}

static void
fz_check_ok(const struct ebb_app_opts *o, const char *err)
{
	const struct ebb_engine_conf *c = &o->conf;

	if (err[0] != '\0')
		fz_fail("accepted with an error text", err);
	if (o->help)
		return; /* -h stops at once: the rest was not looked at */
	/* burst 0 is accepted: the PMD's own, resolved at start (main.c), as testpmd's */
	if (c->burst > EBB_MAX_BURST || c->nb_rxq < 1 ||
	    c->nb_rxq > EBB_MAX_QUEUES || c->nb_txq < 1 || c->nb_txq > EBB_MAX_QUEUES ||
	    c->nb_rxd < 1 || c->nb_txd < 1 || c->txpkts < EBB_MIN_TXPKTS ||
	    c->reserve > EBB_MAX_RESERVE || o->stats_period > EBB_MAX_STATS_PERIOD ||
	    c->nb_txsegs > EBB_ENGINE_MAX_TXSEGS)
		fz_fail("accepted a value out of range", err);
	if (c->nb_txsegs > 1) {
		/* --txpkts=X,Y,...: each segment fits one mbuf, the headers the first, and
		 * txpkts is their sum */
		unsigned int sum = 0;

		for (unsigned int i = 0; i < c->nb_txsegs; i++) {
			if (c->txsegs[i] == 0 ||
			    (unsigned int)c->txsegs[i] + RTE_PKTMBUF_HEADROOM > c->mbuf_size)
				fz_fail("accepted a segment out of range", err);
			sum += c->txsegs[i];
		}
		if (c->txsegs[0] < EBB_MIN_TXPKTS || sum != c->txpkts)
			fz_fail("accepted segments that do not make txpkts", err);
	} else if (c->txpkts > EBB_MAX_TXPKTS ||
		   (unsigned int)c->txpkts + RTE_PKTMBUF_HEADROOM > c->mbuf_size) {
		fz_fail("accepted a value out of range", err);
	}
	if (memchr(c->fwd_mode, '\0', sizeof(c->fwd_mode)) == NULL ||
	    memchr(o->cmdline_file, '\0', sizeof(o->cmdline_file)) == NULL)
		fz_fail("unterminated string", err);
	if (o->tx_first && o->interactive && !o->auto_start)
		fz_fail("--tx-first -i without -a accepted", err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ebb_app_opts o;
	char *buf = malloc(size + 1), *argv[FZ_MAX_ARGS + 2];
	char err[512];
	const char *prefix;
	int argc = 0, ret;
	size_t i, start = 0;

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"ebbflow";
	for (i = 0; i <= size && argc < FZ_MAX_ARGS + 1; i++) {
		if (i == size || buf[i] == '\0' || buf[i] == ' ') {
			buf[i] = '\0';
			if (i != size || i > start)
				argv[argc++] = &buf[start];
			start = i + 1;
		}
	}
	argv[argc] = NULL;

	memset(err, 'x', sizeof(err));
	ret = ebb_options_parse(argc, argv, &o, err, sizeof(err));
	if (memchr(err, '\0', sizeof(err)) == NULL)
		fz_fail("unterminated error text", "");
	if (ret == 0) {
		fz_check_ok(&o, err);
	} else {
		if (ret != -EINVAL)
			fz_fail("returned neither 0 nor -EINVAL", err);
		if (err[0] == '\0' || strchr(err, '\n') != NULL)
			fz_fail("a refusal is not one non-empty line", err);
	}
	if (o.eal_argc < 1 || o.eal_argc > argc)
		fz_fail("EAL's argc out of bounds", err);
	prefix = ebb_eal_file_prefix(o.eal_argc, argv);
	if (prefix == NULL)
		fz_fail("no prefix", err);
	(void)strlen(prefix);
	free(buf);
	return 0;
}
