/* SPDX-License-Identifier: BSD-3-Clause */
/* applets.h: glue between lib/applet (responder, probe) and the engine's loops. */
#ifndef EBB_APP_APPLETS_H
#define EBB_APP_APPLETS_H

#include <stdbool.h>
#include <stdint.h>

#include "ebb_applet.h"
#include "options.h"

/*
 * One applet per port, run by the lcore serving the port (ebb_engine_port_lcore()):
 * its RX hook feeds ebb_applet_input() on that lcore (on the lcores of the port's other
 * RX queues, what ebb_applet_wants() goes to it through a ring), an engine service calls
 * ebb_applet_run() when it asked to be called, a stop hook calls ebb_applet_stop_lcore()
 * there when forwarding stops. Replies and probes leave through ebb_engine_ctrl_tx().
 * Every function here is control plane: main lcore, ebb_ctl_lock() held.
 */

/**
 * After ebb_engine_init(): create the applets, install the RX hooks and the start/stop
 * hooks. @return 0 or a negative errno (the reason is printed on stderr).
 */
int ebb_applets_init(void);

/** Before ebb_engine_fini() (forwarding stopped): remove the hooks, free the applets. */
void ebb_applets_fini(void);

/** Whether the applets exist (between init and fini). */
bool ebb_applets_ready(void);

/**
 * Configure (pc != NULL) or stop (pc == NULL) the probe of port. While forwarding runs
 * the change is made by the port's lcore between two runs of the applet (waits up to
 * a second for it).
 * @return 0; -ENODEV no applet on the port; -EINVAL bad configuration; -ETIMEDOUT the
 *         lcore did not answer; -EBUSY as ebb_probe_set().
 */
int ebb_applets_probe_set(uint16_t port, const struct ebb_probe_conf *pc);

/** @return the lcore running port's applet in this run, -1 when forwarding is stopped. */
int ebb_applets_lcore(uint16_t port);

/**
 * Apply the --port-ip options (after ebb_applets_init()), printing "Port N: address
 * A.B.C.D/LEN" for each as `set port N ip` does.
 * @return 0; -ENODEV a port that does not exist (said on stderr); -EINVAL as
 *         ebb_responder_set_ip().
 */
int ebb_applets_port_ips(const struct ebb_app_opts *o);

/** Control frames received on RX queues of other lcores than the applet's (--rxq > 1). */
struct ebb_applets_xstats {
	bool ring;        /**< the port has a ring for them (several RX queues) */
	uint64_t moved;   /**< handed to the applet's lcore */
	uint64_t full;    /**< dropped: the ring was full */
	uint64_t stale;   /**< the applet did not want them after all (address changed) */
	uint64_t flushed; /**< still in the ring when forwarding stopped: freed */
};

/** @return 0; -ENODEV no applet on the port; -EINVAL x NULL. Any thread. */
int ebb_applets_xstats(uint16_t port, struct ebb_applets_xstats *x);

#endif /* EBB_APP_APPLETS_H */
