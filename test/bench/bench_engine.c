/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_engine.c: io forwarding rate of the engine on the ports EAL gives (net_null). */
/*
 * Description: EAL arguments, then optionally `-- SECONDS MODE BURST`. Starts the engine,
 * warms up 1 s, then prints "ebbflow <mode>: <Mpps> Mpps" (RX of all ports over SECONDS)
 * and the packets received since start (for instructions per packet under callgrind),
 * stops and exits non-zero if the pool audit fails. Run it on virtual ports only, e.g.
 *   bench_engine -l 0,1 --no-pci --vdev net_null0 --vdev net_null1 --file-prefix ebb_be
 *       --socket-mem 256 -- 5 io 32
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>

#include "ebb_engine.h"

int
main(int argc, char **argv)
{
	struct ebb_engine_conf c;
	struct ebb_port_stats st;
	double secs = 5, pkts = 0;
	uint64_t t0, t1;
	int n;

	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 1;
	argc -= n;
	argv += n;
	ebb_engine_conf_defaults(&c);
	c.nb_fwd_lcores = 1;
	if (argc > 1)
		secs = atof(argv[1]);
	if (argc > 2)
		snprintf(c.fwd_mode, sizeof(c.fwd_mode), "%s", argv[2]);
	if (argc > 3)
		c.burst = (uint16_t)atoi(argv[3]);
	if (ebb_engine_init(&c) < 0)
		return 1;
	if (ebb_engine_start(false) < 0)
		return 1;
	sleep(1);
	for (uint16_t p = 0; p < ebb_engine_nb_ports(); p++)
		ebb_engine_port_stats_clear(p);
	t0 = rte_get_tsc_cycles();
	usleep((useconds_t)(secs * 1e6));
	for (uint16_t p = 0; p < ebb_engine_nb_ports(); p++) {
		ebb_engine_port_stats(p, &st);
		pkts += (double)st.rx_packets;
	}
	t1 = rte_get_tsc_cycles();
	ebb_engine_stop();
	{
		struct ebb_lcore_stats ls[RTE_MAX_LCORE];
		unsigned int nl = ebb_engine_lcore_stats(ls, RTE_MAX_LCORE);
		uint64_t total = 0;

		for (unsigned int l = 0; l < nl; l++)
			total += ls[l].rx;
		printf("total rx since start: %" PRIu64 "\n", total);
	}
	printf("ebbflow %s: %.2f Mpps\n", c.fwd_mode,
	       pkts / ((double)(t1 - t0) / (double)rte_get_tsc_hz()) / 1e6);
	n = ebb_engine_audit(stdout) == 0 ? 0 : 1;
	ebb_engine_fini();
	rte_eal_cleanup();
	return n;
}
