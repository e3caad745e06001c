/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_delay.c: forwarding mode "delay": holds each packet delay_us, or until delay_fifo are held. */
#include <errno.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "ebb_fwd.h"

/*
 * Like testpmd's noisy VNF: a per-stream FIFO between RX and TX. A packet leaves when it
 * has been held s->delay_us, or earlier when more than s->delay_fifo are held (the oldest
 * first). It holds buffers on purpose, so that exhaustion can be made on virtual devices.
 * TX goes through ebb_stream_tx(): with a rate limit the backlog fills and the FIFO stops
 * releasing (held back, never dropped); when the FIFO cannot take another burst the stream
 * sets mode_block and the engine stops receiving on it.
 */

struct delay_ent {
	struct rte_mbuf *m;
	uint64_t due;
};

struct delay_fifo {
	uint32_t mask;       /**< capacity - 1 (power of two) */
	uint32_t head, tail; /**< free-running indexes */
	uint64_t hold;       /**< delay in TSC cycles */
	struct delay_ent ent[];
};

static int
delay_init(struct ebb_stream *s)
{
	struct delay_fifo *f;
	uint32_t cap;

	if (s->delay_fifo == 0 || s->delay_fifo > (1u << 24))
		return -EINVAL;
	cap = rte_align32pow2(s->delay_fifo + EBB_FWD_MAX_BURST);
	f = rte_zmalloc("ebb_delay", sizeof(*f) + cap * sizeof(f->ent[0]), RTE_CACHE_LINE_SIZE);
	if (f == NULL)
		return -ENOMEM;
	f->mask = cap - 1;
	f->hold = (uint64_t)s->delay_us * rte_get_tsc_hz() / 1000000;
	s->priv = f;
	s->mode_held = 0;
	s->mode_block = 0;
	return 0;
}

static void
delay_fini(struct ebb_stream *s)
{
	struct delay_fifo *f = s->priv;

	if (f == NULL)
		return;
	while (f->head != f->tail) {
		rte_pktmbuf_free(f->ent[f->head & f->mask].m);
		ebb_stream_count(&s->tx_dropped, 1);
		f->head++;
	}
	s->mode_held = 0;
	s->mode_block = 0;
	rte_free(f);
	s->priv = NULL;
}

/* Send what is due, in bursts, while the backlog can take them. */
static uint64_t
delay_release(struct ebb_stream *s, uint64_t now)
{
	struct delay_fifo *f = s->priv;
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint64_t due = UINT64_MAX;

	for (;;) {
		uint32_t held = f->tail - f->head, k = 0;

		while (k < s->burst && f->head + k != f->tail) {
			const struct delay_ent *e = &f->ent[(f->head + k) & f->mask];

			if (e->due > now && held - k <= s->delay_fifo)
				break;
			pkts[k++] = e->m;
		}
		if (k == 0) {
			if (f->head != f->tail)
				due = f->ent[f->head & f->mask].due;
			break;
		}
		/* shaped egress: only what the backlog can take; the rest stays here */
		if (s->backlog_n + k > EBB_FWD_BACKLOG)
			break;
		f->head += k;
		ebb_stream_tx(s, pkts, (uint16_t)k);
		s->last_release = now;
		if (k < s->burst)
			continue; /* the next one may be due too: the loop ends on k == 0 */
	}
	s->mode_held = f->tail - f->head;
	s->mode_block = s->mode_held + s->burst > f->mask + 1;
	return due;
}

static void
delay_fwd(struct ebb_stream *s)
{
	struct delay_fifo *f = s->priv;
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);
	uint64_t now;

	if (n == 0 && f->head == f->tail)
		return;
	now = rte_get_tsc_cycles();
	for (uint16_t i = 0; i < n; i++) {
		struct delay_ent *e = &f->ent[f->tail++ & f->mask];

		e->m = pkts[i];
		e->due = now + f->hold;
	}
	delay_release(s, now);
}

static uint64_t
delay_flush(struct ebb_stream *s, uint64_t now)
{
	if (s->priv == NULL)
		return UINT64_MAX;
	return delay_release(s, now);
}

static const struct ebb_fwd_mode fwd_delay = {
	.name = "delay",
	.stream_init = delay_init,
	.fwd = delay_fwd,
	.flush = delay_flush,
	.stream_fini = delay_fini,
};
EBB_FWD_MODE_REGISTER(fwd_delay)
