/* SPDX-License-Identifier: BSD-3-Clause */
/* metrics.c: latency and bit-rate statistics (--latencystats, --bitrate-stats) through DPDK's libraries. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_bitrate.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_latencystats.h>
#include <rte_lcore.h>
#include <rte_metrics.h>

#include "ebb_engine.h"
#include "metrics.h"

static bool metrics_on;
static int lat_lcore = -1, bit_lcore = -1;
static struct rte_stats_bitrates *bitrates;
static uint64_t bit_last; /* owner: bit_lcore's service */

static unsigned int
metrics_latency_service(void *arg, uint64_t now_tsc)
{
	(void)arg;
	(void)now_tsc;
	rte_latencystats_update();
	return 0; /* bookkeeping: the lcore may still go idle */
}

/* Once a second, as testpmd: the rates of every port from its counters. */
static unsigned int
metrics_bitrate_service(void *arg, uint64_t now_tsc)
{
	uint16_t p;

	(void)arg;
	if (now_tsc - bit_last < rte_get_tsc_hz())
		return 0;
	bit_last = now_tsc;
	RTE_ETH_FOREACH_DEV(p)
		rte_stats_bitrate_calc(bitrates, p);
	return 0;
}

static int
metrics_check_lcore(const char *opt, int lcore)
{
	if (lcore < 0)
		return 0;
	if (lcore >= RTE_MAX_LCORE || !rte_lcore_is_enabled((unsigned int)lcore) ||
	    (unsigned int)lcore == rte_get_main_lcore()) {
		fprintf(stderr, "ebbflow: %s=%d: not a worker lcore of -l/-c (the main lcore "
			"runs the prompt)\n", opt, lcore);
		return -EINVAL;
	}
	return 0;
}

int
ebb_metrics_init(int lat, int bit)
{
	int ret;

	if (lat < 0 && bit < 0)
		return 0;
	if (metrics_check_lcore("--latencystats", lat) < 0 ||
	    metrics_check_lcore("--bitrate-stats", bit) < 0)
		return -EINVAL;
	rte_metrics_init((int)rte_socket_id());
	metrics_on = true;
	if (lat >= 0) {
		ret = rte_latencystats_init(1, NULL);
		if (ret != 0) {
			fprintf(stderr, "ebbflow: --latencystats: init failed (%d)\n", ret);
			goto fail;
		}
		lat_lcore = lat;
		ret = ebb_engine_add_service((unsigned int)lat, metrics_latency_service, NULL);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: --latencystats: lcore %d: %s\n", lat,
				strerror(-ret));
			goto fail;
		}
		fprintf(stderr, "Latencystats running on lcore %d\n", lat);
	}
	if (bit >= 0) {
		bitrates = rte_stats_bitrate_create();
		if (bitrates == NULL) {
			fprintf(stderr, "ebbflow: --bitrate-stats: cannot allocate its data\n");
			ret = -ENOMEM;
			goto fail;
		}
		ret = rte_stats_bitrate_reg(bitrates);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: --bitrate-stats: cannot register: %s\n",
				strerror(-ret));
			goto fail;
		}
		bit_lcore = bit;
		ret = ebb_engine_add_service((unsigned int)bit, metrics_bitrate_service, NULL);
		if (ret < 0) {
			fprintf(stderr, "ebbflow: --bitrate-stats: lcore %d: %s\n", bit,
				strerror(-ret));
			goto fail;
		}
	}
	return 0;
fail:
	ebb_metrics_fini();
	return ret < 0 ? ret : -EINVAL;
}

void
ebb_metrics_fini(void)
{
	if (lat_lcore >= 0) {
		ebb_engine_del_service((unsigned int)lat_lcore, metrics_latency_service, NULL);
		rte_latencystats_uninit();
		lat_lcore = -1;
	}
	if (bit_lcore >= 0) {
		ebb_engine_del_service((unsigned int)bit_lcore, metrics_bitrate_service, NULL);
		bit_lcore = -1;
	}
	if (bitrates != NULL) {
		rte_stats_bitrate_free(bitrates);
		bitrates = NULL;
	}
	if (metrics_on) {
		rte_metrics_deinit();
		metrics_on = false;
	}
}
