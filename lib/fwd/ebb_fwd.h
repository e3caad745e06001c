/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_fwd.h: forwarding modes registry and the stream RX/TX helpers every mode uses. */
#ifndef EBB_FWD_H
#define EBB_FWD_H

#include <stdbool.h>
#include <stddef.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ebb_fwd-t.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Add a mode to the registry (from a constructor, see EBB_FWD_MODE_REGISTER).
 * @param mode the mode; it must outlive the registry (a static const struct).
 * @return 0; -EINVAL mode, name or fwd NULL, or name too long; -EEXIST a mode of that
 *   name is registered; -ENOSPC EBB_FWD_MAX_MODES reached.
 */
int ebb_fwd_mode_register(const struct ebb_fwd_mode *mode);

/** Register a const struct ebb_fwd_mode at program start. */
#define EBB_FWD_MODE_REGISTER(m) \
	RTE_INIT(ebb_fwd_mode_register_##m) { ebb_fwd_mode_register(&(m)); }

/**
 * @param name a mode name ("io", "mac" ...).
 * @return the mode called name, or NULL (rte_errno ENOENT; EINVAL if name NULL).
 */
const struct ebb_fwd_mode *ebb_fwd_mode_find(const char *name);

/**
 * Write the registered mode names, sorted, separated by sep, into buf (always
 * terminated when len > 0).
 * @param buf where to write; may be NULL when len is 0.
 * @param len size of buf.
 * @param sep separator between names.
 * @return the length the full list needs, like snprintf.
 */
int ebb_fwd_mode_names(char *buf, size_t len, char sep);

/** @return number of registered modes. */
unsigned int ebb_fwd_mode_count(void);

/**
 * Add n to a counter of the stream (owner lcore only; pairs with ebb_stream_read()).
 * @param c the counter (a field of struct ebb_stream).
 * @param n how much to add.
 */
static inline void
ebb_stream_count(uint64_t *c, uint64_t n)
{
	/* single writer: a relaxed store of its own value plus n, no RMW needed */
	__atomic_store_n(c, *c + n, __ATOMIC_RELAXED);
}

/**
 * Read a counter of a stream from any lcore (pairs with ebb_stream_count()).
 * @param c the counter.
 * @return its value.
 */
static inline uint64_t
ebb_stream_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/**
 * Set the stream's RX hook (control plane, its owner not running): fn NULL removes it;
 * gate NULL: it runs for every burst; else only for bursts received while *gate != 0 (a
 * relaxed load per burst, pairing with the relaxed stores of whoever owns the word).
 * @param s the stream.
 * @param fn the hook; NULL removes it.
 * @param arg passed to fn.
 * @param gate NULL or the word that enables the hook.
 */
void ebb_stream_set_rx_hook(struct ebb_stream *s, ebb_stream_rx_hook_fn fn, void *arg,
			    const uint32_t *gate);

/**
 * Receive one burst on the stream's RX queue (owner lcore), as ebb_stream_rx(), and say
 * in *got how many frames came from the queue (before the RX hook took any).
 * @param s the stream.
 * @param pkts room for s->burst packets.
 * @param got set to the frames received from the queue.
 * @return packets for the mode, at most s->burst.
 */
static inline uint16_t
ebb_stream_rx_got(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t *got)
{
	uint16_t n = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts, s->burst);
	const uint32_t *gate = s->rx_gate;

	*got = n;
	ebb_stream_count(&s->rx, n);
	if (unlikely(gate != NULL && __atomic_load_n(gate, __ATOMIC_RELAXED) != 0 && n != 0))
		n = s->rx_hook(s->rx_hook_arg, s->rx_port, pkts, n);
	return n;
}

/**
 * Receive one burst on the stream's RX queue (owner lcore). The one place every mode
 * receives. Counts every frame received in s->rx, then gives the burst to the stream's RX
 * hook if it has one (frames the hook consumes are not the mode's).
 * @param s the stream.
 * @param pkts room for s->burst packets.
 * @return packets for the mode, at most s->burst.
 */
static inline uint16_t
ebb_stream_rx(struct ebb_stream *s, struct rte_mbuf **pkts)
{
	uint16_t got;

	return ebb_stream_rx_got(s, pkts, &got);
}

/**
 * @internal Slow path of ebb_stream_tx(): shaped egress through the backlog.
 * @param s the stream.
 * @param pkts the packets.
 * @param n how many.
 * @return packets accepted.
 */
uint16_t ebb_stream_tx_shaped(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n);

/**
 * @internal Slow path of ebb_stream_tx_burst(): the TX queue took sent of n. With
 * tx_retry set (ebb_fwd_params_set()), try the rest again up to tx_retry_num times,
 * tx_retry_delay_us apart; then free what is left and count it in tx_dropped.
 * @param s the stream.
 * @param pkts the burst.
 * @param n its size.
 * @param sent how many left (already counted in s->tx).
 * @return packets sent in all.
 */
uint16_t ebb_stream_tx_short(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n,
			     uint16_t sent);

/**
 * Send n packets on the TX queue unshaped (owner lcore): what leaves is counted, what
 * the queue refuses is freed and counted dropped.
 * @param s the stream.
 * @param pkts the packets.
 * @param n how many.
 * @return packets sent.
 */
static inline uint16_t
ebb_stream_tx_burst(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent = rte_eth_tx_burst(s->tx_port, s->tx_queue, pkts, n);

	ebb_stream_count(&s->tx, sent);
	if (unlikely(sent < n))
		sent = ebb_stream_tx_short(s, pkts, n, sent);
	return sent;
}

/**
 * Send n packets on the stream's TX queue (owner lcore). The one place every mode
 * transmits. Unshaped: what the queue refuses is freed and counted in tx_dropped.
 * Shaped (a TX rate is set, or packets are still held back): the packets join the
 * stream's backlog, which leaves at the rate; held back, not dropped (only what does not
 * fit in the backlog is dropped). The engine stops receiving on a stream whose backlog
 * cannot take another burst (ebb_stream_blocked()).
 * @param s the stream.
 * @param pkts the packets.
 * @param n how many.
 * @return packets sent (unshaped) or accepted (shaped).
 */
static inline uint16_t
ebb_stream_tx(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	/* relaxed: pairs with the relaxed store of ebb_stream_set_tx_rate() */
	if (unlikely(__atomic_load_n(&s->tx_limit, __ATOMIC_RELAXED) != EBB_FWD_RATE_OFF ||
		     s->backlog_n != 0))
		return ebb_stream_tx_shaped(s, pkts, n);
	return ebb_stream_tx_burst(s, pkts, n);
}

/**
 * @param s the stream.
 * @return true when the stream cannot take another burst (full delay FIFO or shaped
 *         backlog): its owner does not receive until ebb_stream_flush() makes room.
 */
static inline bool
ebb_stream_blocked(const struct ebb_stream *s)
{
	return s->mode_block != 0 || s->backlog_n + s->burst > EBB_FWD_BACKLOG;
}

/**
 * @param s the stream.
 * @return non-zero when the stream holds packets back, cannot take a burst or has a TX
 *         rate (four loads of its first line): the engine then takes its careful path
 *         (ebb_stream_blocked(), ebb_stream_flush(), ebb_stream_tx()); zero for a plain
 *         stream, which can always take a burst and send it unshaped.
 */
static inline uint32_t
ebb_stream_busy(const struct ebb_stream *s)
{
	/* relaxed: pairs with the relaxed store of ebb_stream_set_tx_rate() */
	return s->backlog_n | s->mode_held | s->mode_block |
	       __atomic_load_n(&s->tx_shaped, __ATOMIC_RELAXED);
}

/**
 * @param s the stream.
 * @return true when the stream holds packets back (mode or backlog).
 */
static inline bool
ebb_stream_holding(const struct ebb_stream *s)
{
	return (s->backlog_n | s->mode_held) != 0;
}

/**
 * Owner lcore, every iteration while ebb_stream_holding(): let the mode release what is
 * due (m->flush), then send from the backlog what the rate allows.
 * @param s the stream.
 * @param m its mode.
 * @param now the TSC now.
 * @return TSC at which more can leave; UINT64_MAX when nothing can (nothing held, or
 *         rate 0).
 */
uint64_t ebb_stream_flush(struct ebb_stream *s, const struct ebb_fwd_mode *m, uint64_t now);

/**
 * Owner lcore: send from the backlog what the rate (and the TX queue) allows.
 * @param s the stream.
 * @param now the TSC now.
 * @return as ebb_stream_flush().
 */
uint64_t ebb_stream_tx_drain(struct ebb_stream *s, uint64_t now);

/**
 * Control plane: limit the stream's egress to mpps million packets per second; 0 stalls
 * it (packets are held back), a negative value removes the limit. Applies from the
 * owner's next TX.
 * @param s the stream.
 * @param mpps the rate, million packets per second.
 */
void ebb_stream_set_tx_rate(struct ebb_stream *s, double mpps);

/**
 * Control plane, forwarding stopped: free what the stream holds (m->stream_fini, then
 * the backlog, counted in tx_dropped).
 * @param s the stream.
 * @param m its mode; may be NULL.
 */
void ebb_stream_release(struct ebb_stream *s, const struct ebb_fwd_mode *m);

/**
 * The pass of mode "io" (owner lcore): receive a burst, send it untouched. Inline so that
 * a poll loop can run io without a call per stream: always_inline, measured (callgrind:
 * the call and its register saves were ~20 instructions per burst).
 * @param s the stream.
 * @param plain the caller saw ebb_stream_busy() == 0 just before: nothing held back, no
 *   rate (one set meanwhile applies from the next pass): the burst goes straight out.
 * @return frames received from the queue (the RX hook may have taken some).
 */
static __rte_always_inline uint16_t
ebb_fwd_io(struct ebb_stream *s, const bool plain)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t got, n = ebb_stream_rx_got(s, pkts, &got);

	if (unlikely(n == 0))
		return got;
	if (plain)
		ebb_stream_tx_burst(s, pkts, n);
	else
		ebb_stream_tx(s, pkts, n);
	return got;
}

/** Defaults of testpmd's --burst-tx-retry-num and --burst-tx-delay-time. */
#define EBB_FWD_DEFAULT_RETRY_NUM 64
#define EBB_FWD_DEFAULT_RETRY_DELAY_US 1
#define EBB_FWD_DEFAULT_FLOWS 1024   /**< flowgen: flows per stream */
#define EBB_FWD_MAX_FLOWS 65536
#define EBB_FWD_MAX_RETRY_DELAY_US 1000000

/**
 * What the modes read besides their stream: set by the control plane while no stream
 * runs (the forwarding lcores read it without synchronisation).
 */
struct ebb_fwd_params {
	bool tx_retry;              /**< `set fwd MODE retry`: a short TX burst is retried */
	uint32_t tx_retry_num;      /**< --burst-tx-retry-num: retries of one burst */
	uint32_t tx_retry_delay_us; /**< --burst-tx-delay-time: wait before each retry */
	bool txonly_multi_flow;     /**< --txonly-multi-flow: txonly varies source IP/port */
	uint32_t flowgen_flows;     /**< flowgen: flows per stream, 1..EBB_FWD_MAX_FLOWS */
};

/**
 * @param p filled with the parameters in force (defaults: no retry, 64 retries 1 us
 *   apart, one flow in txonly, EBB_FWD_DEFAULT_FLOWS in flowgen).
 */
void ebb_fwd_params_get(struct ebb_fwd_params *p);

/**
 * Set the modes' parameters (control plane, no stream running).
 * @param p the parameters.
 * @return 0; -EINVAL p NULL, flowgen_flows 0 or above EBB_FWD_MAX_FLOWS, or
 *   tx_retry_delay_us above EBB_FWD_MAX_RETRY_DELAY_US.
 */
int ebb_fwd_params_set(const struct ebb_fwd_params *p);

/** Mode "io" (its fwd runs ebb_fwd_io()): a loop may compare its mode with it. */
extern const struct ebb_fwd_mode ebb_fwd_mode_io;

#ifdef __cplusplus
}
#endif
#endif /* EBB_FWD_H */
