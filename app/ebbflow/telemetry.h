/* SPDX-License-Identifier: BSD-3-Clause */
/* telemetry.h: ebbflow's DPDK telemetry endpoints (/ebbflow/...). */
#ifndef EBB_APP_TELEMETRY_H
#define EBB_APP_TELEMETRY_H

#include <stdbool.h>

/** Register every /ebbflow/ endpoint. @return 0; negative errno from rte_telemetry. */
int ebb_telemetry_register(void);

/**
 * Say whether the engine may be asked (true between ebb_engine_init() and
 * ebb_engine_fini()); call with ebb_ctl_lock() held or before any thread runs.
 */
void ebb_telemetry_set_ready(bool ready);

#endif /* EBB_APP_TELEMETRY_H */
