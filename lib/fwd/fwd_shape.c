/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_shape.c: shaped egress of a stream: a token bucket in front of a backlog held back. */
#include <string.h>

#include <rte_cycles.h>

#include "ebb_fwd.h"

#define Q32 (UINT64_C(1) << 32)
#define SHAPE_MAX_DT (UINT64_C(1) << 31) /* refill at most this many cycles: no overflow */

void
ebb_stream_set_tx_rate(struct ebb_stream *s, double mpps)
{
	uint64_t v;

	if (mpps < 0) {
		v = EBB_FWD_RATE_OFF;
	} else {
		/* packets per TSC cycle, in 32.32 fixed point, plus one (0 means "off") */
		double q = mpps * 1e6 / (double)rte_get_tsc_hz() * (double)Q32;

		if (q > (double)(UINT64_MAX / 2))
			q = (double)(UINT64_MAX / 2);
		v = (uint64_t)q + 1;
		if (mpps > 0 && v == EBB_FWD_RATE_STALL)
			v = EBB_FWD_RATE_STALL + 1; /* tiny but not stalled */
	}
	/* relaxed: pairs with the owner's relaxed loads in ebb_stream_tx() and
	 * ebb_stream_busy(); the owner may see one before the other for a pass */
	__atomic_store_n(&s->tx_limit, v, __ATOMIC_RELAXED);
	__atomic_store_n(&s->tx_shaped, (uint32_t)(v != EBB_FWD_RATE_OFF), __ATOMIC_RELAXED);
}

uint64_t
ebb_stream_tx_drain(struct ebb_stream *s, uint64_t now)
{
	uint64_t limit = __atomic_load_n(&s->tx_limit, __ATOMIC_RELAXED);
	uint64_t rate = limit - 1, allowed;
	uint16_t sent;

	if (s->backlog_n == 0)
		return UINT64_MAX;
	if (limit == EBB_FWD_RATE_STALL) {
		/* rate 0: nothing leaves, not even tokens left over from an earlier rate (they
		 * let a few packets out of a stalled stream, depending on when it was set) */
		s->tx_tokens = 0;
		s->tx_last = now;
		return UINT64_MAX;
	}
	if (limit == EBB_FWD_RATE_OFF) {
		allowed = s->backlog_n;
	} else {
		uint64_t dt = now - s->tx_last, cap = (uint64_t)RTE_MAX(s->burst, 1) * Q32;

		if (now < s->tx_last || s->tx_last == 0)
			dt = 0;
		s->tx_last = now;
		if (dt > SHAPE_MAX_DT)
			dt = SHAPE_MAX_DT;
		s->tx_tokens += dt * rate;
		if (s->tx_tokens > cap)
			s->tx_tokens = cap;
		allowed = RTE_MIN((uint64_t)s->backlog_n, s->tx_tokens >> 32);
	}
	allowed = RTE_MIN(allowed, (uint64_t)EBB_FWD_MAX_BURST);
	if (allowed != 0) {
		sent = rte_eth_tx_burst(s->tx_port, s->tx_queue, s->backlog, (uint16_t)allowed);
		if (sent != 0) {
			ebb_stream_count(&s->tx, sent);
			if (limit != EBB_FWD_RATE_OFF)
				s->tx_tokens -= (uint64_t)sent * Q32;
			s->backlog_n -= sent;
			memmove(s->backlog, s->backlog + sent, s->backlog_n * sizeof(s->backlog[0]));
		}
	}
	if (s->backlog_n == 0)
		return UINT64_MAX;
	if (limit == EBB_FWD_RATE_OFF)
		return now; /* the queue is full: try again next iteration */
	if (limit == EBB_FWD_RATE_STALL)
		return UINT64_MAX;
	/* when the next whole token is there */
	return now + (Q32 - (s->tx_tokens & (Q32 - 1))) / rate + 1;
}

uint16_t
ebb_stream_tx_shaped(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	uint32_t room = EBB_FWD_BACKLOG - s->backlog_n;
	uint16_t k = n <= room ? n : (uint16_t)room;

	memcpy(&s->backlog[s->backlog_n], pkts, k * sizeof(pkts[0]));
	s->backlog_n += k;
	ebb_stream_count(&s->tx_held, k);
	if (unlikely(k < n)) {
		ebb_stream_count(&s->tx_dropped, n - k);
		rte_pktmbuf_free_bulk(&pkts[k], n - k);
	}
	ebb_stream_tx_drain(s, rte_get_tsc_cycles());
	return k;
}

uint64_t
ebb_stream_flush(struct ebb_stream *s, const struct ebb_fwd_mode *m, uint64_t now)
{
	uint64_t due = UINT64_MAX;

	if (s->mode_held != 0 && m != NULL && m->flush != NULL)
		due = m->flush(s, now);
	if (s->backlog_n != 0)
		due = RTE_MIN(due, ebb_stream_tx_drain(s, now));
	return due;
}

void
ebb_stream_release(struct ebb_stream *s, const struct ebb_fwd_mode *m)
{
	if (m != NULL && m->stream_fini != NULL)
		m->stream_fini(s);
	if (s->backlog_n != 0) {
		ebb_stream_count(&s->tx_dropped, s->backlog_n);
		rte_pktmbuf_free_bulk(s->backlog, s->backlog_n);
		s->backlog_n = 0;
	}
}
