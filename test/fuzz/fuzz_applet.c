/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_applet.c: libFuzzer target feeding frames through ebb_applet_input() with a responder and a probe. */
/*
 * EAL with --no-huge and a per-process prefix; a port pool of POOL_N mbufs (ring ops: the applet
 * polls) and a wire pool the frames come from. Byte 0 of an input chooses the
 * segmentation (fuzz_mbuf.h); bit 7 of byte 0 also empties the port pool before the
 * frame, so the responder has to hold the request, and gives the buffers back after.
 * After every input both pools must be full again: a leaked or doubly freed mbuf
 * aborts the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "ebb_applet.h"
#include "fuzz_mbuf.h"

#define POOL_N 128
#define PORT 0

static struct rte_mempool *port_pool, *wire;
static struct ebb_applet *applet;
static uint64_t clock_us;

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return clock_us;
}

/* The wire: every frame sent is checked to parse and then dropped. */
static uint16_t
fake_tx(uint16_t port, uint16_t queue, struct rte_mbuf **m, uint16_t n, void *arg)
{
	struct ebb_pkt p;
	uint16_t i;

	(void)port; (void)queue; (void)arg;
	for (i = 0; i < n; i++) {
		enum ebb_pkt_kind k = ebb_proto_parse(m[i], 0, &p);

		if (k != EBB_PKT_ARP && k != EBB_PKT_ICMP)
			abort(); /* we only ever send well-formed ARP and ICMP */
		rte_pktmbuf_free(m[i]);
	}
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char prefix[64];
	char *eal[] = { (*argv)[0], "--no-pci", "--no-huge", "-m", "128",
			"--file-prefix", prefix, "--log-level", "*:error", "--no-telemetry" };
	struct ebb_applet_conf c = {
		.port_id = PORT, .mac = { { 0x02, 0, 0, 0, 0, 0x01 } }, .tx = fake_tx,
		.clock = fake_clock, .pending_max = 8, .wait_timeout_us = 1000,
		.socket_id = SOCKET_ID_ANY,
	};
	struct ebb_probe_conf pc = { .dst_ip = RTE_BE32(RTE_IPV4(10, 0, 0, 2)),
		.interval_ms = 1, .timeout_ms = 1, .rise = 2, .fall = 2 };

	(void)argc;
	/* one runtime directory per process: fuzz runs may overlap */
	snprintf(prefix, sizeof(prefix), "ebb_applet_fuzz_%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL: %s\n", rte_strerror(rte_errno));
		abort();
	}
	port_pool = rte_pktmbuf_pool_create("fz_port", POOL_N, 0, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	wire = rte_pktmbuf_pool_create("fz_wire", 64, 0, 0, 2048 + RTE_PKTMBUF_HEADROOM,
				       SOCKET_ID_ANY);
	if (port_pool == NULL || wire == NULL)
		abort();
	c.mp = port_pool;
	applet = ebb_applet_create(&c);
	if (applet == NULL ||
	    ebb_responder_set_ip(PORT, RTE_BE32(RTE_IPV4(10, 0, 0, 1)), 24) != 0 ||
	    ebb_probe_set(PORT, &pc) != 0)
		abort();
	return 0;
}

static struct rte_mbuf *
frame(const uint8_t *d, size_t len, uint8_t shape)
{
	size_t seglen[FUZZ_MAX_SEGS], off = 0;
	unsigned int n = fuzz_shape(shape, len, seglen), i;
	struct rte_mbuf *head = NULL, *m;

	for (i = 0; i < n; i++) {
		m = rte_pktmbuf_alloc(wire);
		if (m == NULL)
			abort();
		memcpy(rte_pktmbuf_append(m, (uint16_t)seglen[i]), d + off, seglen[i]);
		off += seglen[i];
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0)
			abort();
	}
	return head;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *held[POOL_N], *m;
	unsigned int nh = 0;

	if (size < 1 || size > 1 + 2048) /* one wire buffer holds any segment */
		return -1;
	if (data[0] & 0x80)
		while (nh < POOL_N && (held[nh] = rte_pktmbuf_alloc(port_pool)) != NULL)
			nh++;
	m = frame(data + 1, size - 1, data[0]);
	if (!ebb_applet_input(PORT, m))
		rte_pktmbuf_free(m);
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	clock_us += 500;
	ebb_applet_run(applet, clock_us); /* answers what was held, runs the probe */
	if (rte_mempool_avail_count(port_pool) != POOL_N ||
	    rte_mempool_avail_count(wire) != 64) {
		fprintf(stderr, "mbuf leak: port %u/%u wire %u/64\n",
			rte_mempool_avail_count(port_pool), POOL_N,
			rte_mempool_avail_count(wire));
		abort();
	}
	return 0;
}
