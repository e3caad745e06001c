/* SPDX-License-Identifier: BSD-3-Clause */
/* metrics.h: --latencystats=N and --bitrate-stats=N, as testpmd's: DPDK's metrics library, read by dpdk-proc-info --metrics. */
#ifndef EBB_APP_METRICS_H
#define EBB_APP_METRICS_H

/**
 * Set up rte_metrics and, for lat_lcore / bit_lcore >= 0, the latency statistics (RX and
 * TX callbacks on every port's queues) and the bit rates, updated by a service on that
 * worker lcore while it forwards. After ebb_engine_init(), before the first start.
 * @return 0 (both < 0: nothing to do); -EINVAL a lcore that is not a worker (one line on
 *         stderr); -ENOMEM or a DPDK library's error.
 */
int ebb_metrics_init(int lat_lcore, int bit_lcore);

/** Undo ebb_metrics_init(): forwarding stopped, before the ports close. */
void ebb_metrics_fini(void);

#endif /* EBB_APP_METRICS_H */
