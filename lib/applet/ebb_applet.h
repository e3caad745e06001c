/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_applet.h: per-port responder (ARP, ICMP echo) and health-check probe that wait for buffers. */
#ifndef EBB_APPLET_H
#define EBB_APPLET_H

/*
 * One applet per port, run by the lcore that polls the port (its "owner"):
 *
 *   engine loop:  for each received frame  if (ebb_applet_input(port, m)) consumed;
 *                 each iteration (or from an rte_timer)  ebb_applet_run(a, now_us);
 *
 * Responder. Answers ARP requests for the configured address and ICMP echo requests to
 * it, in FRESH buffers of the port's pool taken as control class (they may use the
 * pool's reserve). When none is left it keeps the request (a copy: the request buffer
 * goes back to the pool at once) in a FIFO bounded by pending_max (the oldest is dropped
 * and counted beyond it) and waits as a control-class waiter; buffers offered answer the
 * oldest requests first. When the wait times out (wait_timeout_us after it began) every
 * held request is dropped and counted; that needs no buffer. Requests that arrive while
 * others wait queue behind them: no reordering.
 *
 * Probe. Every interval it sends an ARP request for dst (or, with method AUTO, an ICMP
 * echo to the peer's MAC once an ARP reply taught it and the port has an address; a
 * port without an address sends ARP requests from 0.0.0.0, as RFC 5227 probes). The
 * reply must come before schedule + timeout (timeout <= interval, so at most one probe is
 * out). Health as a load balancer's check: starting UNKNOWN, rise answered probes in a
 * row make the peer UP, fall unanswered ones DOWN. Without a buffer the probe waits as
 * control class until schedule + timeout; when that passes it gives up (gave_up), sends
 * nothing, and the state does not change: a probe we could not send says nothing about
 * the peer. Lateness (send time minus schedule) goes into a log2 histogram.
 *
 * Waiting. With an ebb_waitq pool (lib/wait present at build time) the applet registers
 * lib/wait waiters; with any other pool it retries the allocation from ebb_applet_run()
 * (wait_mode POLL in the stats), as it does when lib/wait refuses a registration (a
 * thread that is not an EAL lcore: counted in wait_errors). Deadlines are also checked by ebb_applet_run() against
 * the applet's clock, so an injected clock drives them deterministically.
 *
 * Threads: ebb_applet_input(), ebb_applet_run() and the wait callbacks run on the
 * owner lcore only; ebb_applet_wants() on any lcore (RX queues the owner does not
 * poll: what it wants goes to the owner). Create, free and the probe configuration are control plane, called
 * while the owner does not run the applet; ebb_responder_set_ip() may be called at any
 * time (one atomic store). Stats getters may run anywhere; while the applet runs their
 * counters are a snapshot that may lag by a few events.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_mbuf.h>

#include "ebb_applet-t.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create the applet of conf->port_id, with no address and no probe.
 * @param conf the port, its pool, its TX callback and clock.
 * @return the applet, or NULL with rte_errno: EINVAL bad conf (no tx, no pool, port out
 *         of range, pending_max above EBB_APPLET_PENDING_MAX); EEXIST the port has one;
 *         ENOMEM no memory.
 */
struct ebb_applet *ebb_applet_create(const struct ebb_applet_conf *conf);

/**
 * On the owner lcore, when its loop stops: cancel the applet's waiters, drop the held
 * requests (dropped_stop), and restart the probe schedule at the next run.
 * @param a the applet.
 * @return 0; -EINVAL a NULL; -EPERM a waiter is queued on another lcore.
 */
int ebb_applet_stop_lcore(struct ebb_applet *a);

/**
 * Unregister the port, stop (as ebb_applet_stop_lcore()) and free. NULL is a no-op.
 * Call it after ebb_applet_stop_lcore() on the owner lcore, or when the applet never
 * waited elsewhere: if a waiter is still queued on another lcore the memory is not
 * released (logged), since lib/wait still points into it.
 * @param a the applet, or NULL.
 */
void ebb_applet_free(struct ebb_applet *a);

/**
 * @param port a port id.
 * @return the applet of the port, or NULL.
 */
struct ebb_applet *ebb_applet_get(uint16_t port);

/**
 * @internal The careful path of ebb_applet_input(); call that instead.
 * @param port the port the frame came from.
 * @param m the frame.
 * @return as ebb_applet_input().
 */
bool ebb_applet_input_slow(uint16_t port, struct rte_mbuf *m);

/**
 * Feed one received frame, on the owner lcore.
 * The inline front returns false at once, without touching the applet, for a port
 * without an applet (or with neither address nor probe) and for untagged IPv4 frames
 * not addressed to the port; only ARP, tagged, short or segmented-early frames and IPv4
 * to our address take the careful path, which validates everything.
 * @param port the port the frame came from.
 * @param m the frame.
 * @return true when the applet consumed (and freed, or will answer) the frame: ARP whose
 *         target is our address or whose sender is the probed peer, IPv4 to our address
 *         carrying ICMP; false for anything else, the caller keeps the frame. Malformed
 *         frames that reach the careful path are counted by reason, and consumed only
 *         when addressed to us.
 */
static inline bool
ebb_applet_input(uint16_t port, struct rte_mbuf *m)
{
	const struct ebb_applet_hot *h;
	const uint8_t *d;
	uint32_t ip, dst;
	uint16_t et;

	if (unlikely(port >= RTE_MAX_ETHPORTS || m == NULL))
		return false;
	h = &ebb_applet_hot[port];
	/* relaxed: pairs with the relaxed stores of the control plane (ebb_applet-t.h) */
	if (likely(__atomic_load_n(&h->want, __ATOMIC_RELAXED) == 0))
		return false;
	if (unlikely(m->data_len < RTE_ETHER_HDR_LEN + 20))
		return ebb_applet_input_slow(port, m);
	d = rte_pktmbuf_mtod(m, const uint8_t *);
	memcpy(&et, d + 12, sizeof(et)); /* unaligned: memcpy is one load, and defined */
	if (likely(et == RTE_BE16(RTE_ETHER_TYPE_IPV4))) {
		/* the destination sits at a fixed offset whatever the options */
		ip = __atomic_load_n(&h->ip, __ATOMIC_RELAXED);
		memcpy(&dst, d + 30, sizeof(dst));
		if (likely(ip == 0 || dst != ip))
			return false;
		return ebb_applet_input_slow(port, m);
	}
	if (et == RTE_BE16(RTE_ETHER_TYPE_ARP) || et == RTE_BE16(RTE_ETHER_TYPE_VLAN))
		return ebb_applet_input_slow(port, m);
	return false;
}

/**
 * @internal The careful path of ebb_applet_wants(); call that instead.
 * @param port the port the frame came from.
 * @param m the frame.
 * @return as ebb_applet_wants().
 */
bool ebb_applet_wants_slow(uint16_t port, const struct rte_mbuf *m);

/**
 * Whether the port's applet would consume the frame, decided on ANY lcore without
 * touching the applet: only the words the control plane publishes (address, probed
 * address) and the frame. For RX queues polled by another lcore than the applet's
 * owner: a frame it wants goes to the owner, which feeds it to ebb_applet_input().
 * It agrees with ebb_applet_input() except while the address or the probe changes
 * (then the owner may not want it after all) and for malformed frames not addressed to
 * us (left to the caller and not counted: only the owner counts). Same inline front.
 * @param port the port the frame came from.
 * @param m the frame.
 * @return true: hand the frame to the owner; false: the caller keeps it.
 */
static inline bool
ebb_applet_wants(uint16_t port, const struct rte_mbuf *m)
{
	const struct ebb_applet_hot *h;
	const uint8_t *d;
	uint32_t ip, dst;
	uint16_t et;

	if (unlikely(port >= RTE_MAX_ETHPORTS || m == NULL))
		return false;
	h = &ebb_applet_hot[port];
	/* relaxed: pairs with the relaxed stores of the control plane (ebb_applet-t.h) */
	if (likely(__atomic_load_n(&h->want, __ATOMIC_RELAXED) == 0))
		return false;
	if (unlikely(m->data_len < RTE_ETHER_HDR_LEN + 20))
		return ebb_applet_wants_slow(port, m);
	d = rte_pktmbuf_mtod(m, const uint8_t *);
	memcpy(&et, d + 12, sizeof(et));
	if (likely(et == RTE_BE16(RTE_ETHER_TYPE_IPV4))) {
		ip = __atomic_load_n(&h->ip, __ATOMIC_RELAXED);
		memcpy(&dst, d + 30, sizeof(dst));
		if (likely(ip == 0 || dst != ip))
			return false;
		return ebb_applet_wants_slow(port, m);
	}
	if (et == RTE_BE16(RTE_ETHER_TYPE_ARP) || et == RTE_BE16(RTE_ETHER_TYPE_VLAN))
		return ebb_applet_wants_slow(port, m);
	return false;
}

/**
 * Time-driven work, on the owner lcore: probe schedule and deadlines, the responder's
 * wait deadline, and in POLL mode the allocation retry.
 * @param a the applet.
 * @param now_us the applet clock's current value (what conf->clock returns).
 * @return the time (us) at which it wants to run next; UINT64_MAX for nothing due.
 *         While it polls for buffers (plain pool), at most EBB_APPLET_POLL_US ahead.
 */
uint64_t ebb_applet_run(struct ebb_applet *a, uint64_t now_us);

/**
 * @param a the applet.
 * @return the applet's clock now (conf->clock or the TSC) in microseconds.
 */
uint64_t ebb_applet_now(const struct ebb_applet *a);

/**
 * Set the port's IPv4 address (network order) and prefix length; ip 0 removes it.
 * @param port a port with an applet.
 * @param ip the address (network order), or 0.
 * @param prefix_len 1..32 with an address.
 * @return 0; -ENODEV no applet on the port; -EINVAL prefix_len > 32, or prefix_len 0
 *         with an address, or a multicast/broadcast address.
 */
int ebb_responder_set_ip(uint16_t port, uint32_t ip, uint8_t prefix_len);

/**
 * Configure and (re)start the probe of the port; its schedule starts at the next run.
 * Resets its state to UNKNOWN and its counters.
 * @param port a port with an applet.
 * @param pc the probe's peer, method, interval, timeout, rise and fall.
 * @return 0; -ENODEV no applet on the port; -EINVAL dst 0, interval 0 or above an
 *         hour, timeout 0 or above interval, rise or fall 0, unknown method;
 *         -EBUSY the probe waits for a buffer on another lcore (stop that lcore first).
 */
int ebb_probe_set(uint16_t port, const struct ebb_probe_conf *pc);

/**
 * Stop the port's probe (cancels its wait).
 * @param port a port with an applet.
 * @return 0; -ENODEV no applet; -EBUSY it waits on another lcore (as ebb_probe_set).
 */
int ebb_probe_clear(uint16_t port);

/**
 * @param port a port with an applet.
 * @param st filled in with the responder's counters.
 * @return 0; -ENODEV no applet on the port; -EINVAL st NULL.
 */
int ebb_responder_stats_get(uint16_t port, struct ebb_responder_stats *st);
/**
 * @param port a port with an applet.
 * @param st filled in with the probe's state and counters.
 * @return 0; -ENODEV no applet on the port; -EINVAL st NULL.
 */
int ebb_probe_stats_get(uint16_t port, struct ebb_probe_stats *st);

/**
 * Lateness quantile from a probe histogram, as the upper bound of its bucket.
 * @param st the probe's counters (ebb_probe_stats_get()).
 * @param q in [0, 1], e.g. 0.5 or 0.99.
 * @return microseconds; 0 when the histogram is empty.
 */
uint64_t ebb_probe_lateness_quantile(const struct ebb_probe_stats *st, double q);

/**
 * @param state a probe state (struct ebb_probe_stats).
 * @return "UNKNOWN", "DOWN" or "UP".
 */
const char *ebb_probe_state_name(unsigned int state);

#ifdef __cplusplus
}
#endif
#endif /* EBB_APPLET_H */
