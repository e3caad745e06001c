/* SPDX-License-Identifier: BSD-3-Clause */
/* responder.c: the per-port ARP and ICMP echo responder, with its FIFO of requests waiting for buffers. */
#include <string.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "applet_priv.h"

static inline struct applet_pending *
pend_at(struct ebb_applet *a, unsigned int i)
{
	return &a->pend[(a->pend_head + i) % a->conf.pending_max];
}

static inline void
pend_pop(struct ebb_applet *a)
{
	a->pend_head = (a->pend_head + 1) % a->conf.pending_max;
	APPLET_STORE(a->pend_count, a->pend_count - 1);
}

/* A slot at the tail; the oldest request makes room when the FIFO is full. */
static struct applet_pending *
pend_push(struct ebb_applet *a)
{
	if (a->pend_count == a->conf.pending_max) {
		pend_pop(a);
		APPLET_COUNT(a->rst.dropped_pending, 1);
	}
	APPLET_STORE(a->pend_count, a->pend_count + 1);
	return pend_at(a, a->pend_count - 1);
}

/* Build the reply to p in out; frame: the request bytes (echo only). 0 or -errno. */
static int
build(struct ebb_applet *a, struct rte_mbuf *out, const struct ebb_pkt *p,
      const struct rte_mbuf *req, const void *frame)
{
	uint32_t len;

	if (p->kind == EBB_PKT_ARP)
		return ebb_proto_arp_reply(out, p, &a->conf.mac, applet_ip(a));
	if (frame == NULL) {
		len = ebb_proto_reply_len(p);
		/* copies into out when the request is not contiguous; len fits (checked) */
		frame = rte_pktmbuf_read(req, 0, len, rte_pktmbuf_mtod(out, void *));
		if (frame == NULL)
			return -EINVAL;
	}
	return ebb_proto_icmp_echo_reply(out, frame, p, &a->conf.mac);
}

/* Send what was built; count replies by kind for the part tx accepted. */
static void
send_replies(struct ebb_applet *a, struct rte_mbuf **m, const uint8_t *kind, unsigned int n)
{
	unsigned int sent = applet_tx(a, m, n), i;

	for (i = 0; i < sent; i++) {
		if (kind[i] == EBB_PKT_ARP)
			APPLET_COUNT(a->rst.arp_replies, 1);
		else
			APPLET_COUNT(a->rst.icmp_replies, 1);
	}
	APPLET_COUNT(a->rst.tx_dropped, n - sent);
}

/* Answer the oldest held requests with the fresh buffers m[0..n-1]; returns used. */
unsigned int
responder_offer(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n)
{
	uint8_t kind[APPLET_BURST];
	struct rte_mbuf *out[APPLET_BURST];
	struct applet_pending *s;
	unsigned int used = 0, nb = 0;

	while (used < n && a->pend_count != 0) {
		s = pend_at(a, 0);
		if (build(a, m[used], &s->pkt, NULL, s->len != 0 ? s->frame : NULL) == 0) {
			kind[nb] = s->pkt.kind;
			out[nb++] = m[used];
		} else {
			rte_pktmbuf_free(m[used]); /* not expected: sizes checked when queued */
		}
		used++;
		pend_pop(a);
		if (nb == APPLET_BURST) {
			send_replies(a, out, kind, nb);
			nb = 0;
		}
	}
	if (nb != 0)
		send_replies(a, out, kind, nb);
	return used;
}

/* The wait timed out: drop every held request. Needs no buffer. */
void
responder_timeout(struct ebb_applet *a)
{
	APPLET_COUNT(a->rst.dropped_timeout, a->pend_count);
	APPLET_STORE(a->pend_count, 0);
	a->pend_head = 0;
}

/* Held requests and not waiting: answer with what the pool gives, else wait. */
static void
responder_kick(struct ebb_applet *a, uint64_t now_us)
{
	struct rte_mbuf *m[APPLET_BURST];
	unsigned int want, k, used;

	while (a->pend_count != 0 && !a->rwait.waiting) {
		want = RTE_MIN(a->pend_count, (unsigned int)APPLET_BURST);
		k = applet_get_or_wait(a, &a->rwait, m, want,
				       now_us + a->conf.wait_timeout_us, now_us);
		if (k == 0) {
			APPLET_COUNT(a->rst.waited, 1);
			return;
		}
		used = responder_offer(a, m, k);
		if (used < k)
			rte_pktmbuf_free_bulk(m + used, k - used);
	}
}

/* An ARP request for us or an echo request to us: answer or hold; frees m. */
void
responder_input(struct ebb_applet *a, struct rte_mbuf *m, const struct ebb_pkt *p,
		uint64_t now_us)
{
	struct applet_pending *s;
	struct rte_mbuf *out;
	const void *fr;
	uint8_t kind = p->kind;
	uint32_t len = 0;

	if (p->kind == EBB_PKT_ARP) {
		APPLET_COUNT(a->rst.arp_requests, 1);
	} else {
		APPLET_COUNT(a->rst.icmp_requests, 1);
		len = ebb_proto_reply_len(p);
		if (len > a->data_room || len > EBB_APPLET_FRAME_MAX) {
			APPLET_COUNT(a->rst.dropped_too_big, 1);
			rte_pktmbuf_free(m);
			return;
		}
	}
	/* nothing held: answer now if the pool gives a buffer (no queue jumping else) */
	if (a->pend_count == 0 && applet_get(a, &out, 1) == 1) {
		if (build(a, out, p, m, NULL) == 0)
			send_replies(a, &out, &kind, 1);
		else
			rte_pktmbuf_free(out);
		rte_pktmbuf_free(m);
		return;
	}
	s = pend_push(a);
	s->pkt = *p;
	s->len = (uint16_t)len;
	if (len != 0) {
		fr = rte_pktmbuf_read(m, 0, len, s->frame);
		if (fr == NULL) { /* not expected: the parser checked len */
			APPLET_STORE(a->pend_count, a->pend_count - 1);
			rte_pktmbuf_free(m);
			return;
		}
		if (fr != s->frame)
			memcpy(s->frame, fr, len);
	}
	APPLET_COUNT(a->rst.queued, 1);
	/* the request's buffer goes back first: it may be the one that answers */
	rte_pktmbuf_free(m);
	responder_kick(a, now_us);
}

void
responder_run(struct ebb_applet *a, uint64_t now_us)
{
	applet_wait_run(&a->rwait, now_us);
	responder_kick(a, now_us);
}

/* Stop waiting and drop what is held (counted). 0; -EPERM see applet_wait_stop(). */
int
responder_flush(struct ebb_applet *a)
{
	int rc = applet_wait_stop(&a->rwait);

	if (rc != 0)
		return rc;
	APPLET_COUNT(a->rst.dropped_stop, a->pend_count);
	APPLET_STORE(a->pend_count, 0);
	a->pend_head = 0;
	return 0;
}
