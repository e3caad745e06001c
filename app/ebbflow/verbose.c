/* SPDX-License-Identifier: BSD-3-Clause */
/* verbose.c: `set verbose N`: a dump of every received (N & 1) and sent (N & 2) packet, testpmd's layout. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_ptype.h>
#include <rte_net.h>

#include "ebb_engine.h"
#include "verbose.h"

/*
 * The dumps are ethdev RX/TX callbacks on every queue of every engine port, added while
 * the level asks for them: nothing on the forwarding path costs anything at level 0.
 * A removed callback may still be running on a forwarding lcore: its memory is freed
 * only when forwarding is stopped (ebb_verbose_gc()).
 */
#define VB_MAX_CBS 1024

struct vb_cb {
	const struct rte_eth_rxtx_callback *cb;
	uint16_t port, queue;
	bool rx;
};

static unsigned int vb_level;
static struct vb_cb vb_live[VB_MAX_CBS];
static unsigned int vb_nb_live;
static const struct rte_eth_rxtx_callback *vb_dead[VB_MAX_CBS];
static unsigned int vb_nb_dead;

static void
vb_dump(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n, bool rx)
{
	char buf[512], src[RTE_ETHER_ADDR_FMT_SIZE], dst[RTE_ETHER_ADDR_FMT_SIZE];
	FILE *f = stdout;

	if (n == 0)
		return;
	flockfile(f);
	fprintf(f, "port %u/queue %u: %s %u packets\n", port, queue, rx ? "received" : "sent",
		n);
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_ether_hdr *eth;
		struct rte_ether_hdr copy;
		struct rte_net_hdr_lens hl = { 0 };
		uint32_t ptype;

		eth = rte_pktmbuf_read(m, 0, sizeof(copy), &copy);
		if (eth == NULL) {
			fprintf(f, "  length=%u - nb_segs=%u: shorter than an Ethernet header\n",
				rte_pktmbuf_pkt_len(m), m->nb_segs);
			continue;
		}
		rte_ether_format_addr(src, sizeof(src), &eth->src_addr);
		rte_ether_format_addr(dst, sizeof(dst), &eth->dst_addr);
		fprintf(f, "  src=%s - dst=%s - pool=%s - type=0x%04x - length=%u - nb_segs=%d",
			src, dst, m->pool != NULL ? m->pool->name : "?",
			rte_be_to_cpu_16(eth->ether_type), rte_pktmbuf_pkt_len(m), m->nb_segs);
		if (m->packet_type != 0) {
			rte_get_ptype_name(m->packet_type, buf, sizeof(buf));
			fprintf(f, " - hw ptype: %s", buf);
		}
		ptype = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
		rte_get_ptype_name(ptype, buf, sizeof(buf));
		fprintf(f, " - sw ptype: %s", buf); /* the name ends in a space */
		if (ptype & RTE_PTYPE_L2_MASK)
			fprintf(f, " - l2_len=%d", hl.l2_len);
		if (ptype & RTE_PTYPE_L3_MASK)
			fprintf(f, " - l3_len=%d", hl.l3_len);
		if (ptype & RTE_PTYPE_L4_MASK)
			fprintf(f, " - l4_len=%d", hl.l4_len);
		fprintf(f, " - %s queue=0x%x\n", rx ? "Receive" : "Send", queue);
		if (rx)
			rte_get_rx_ol_flag_list(m->ol_flags, buf, sizeof(buf));
		else
			rte_get_tx_ol_flag_list(m->ol_flags, buf, sizeof(buf));
		fprintf(f, "  ol_flags: %s\n", buf);
	}
	funlockfile(f);
}

static uint16_t
vb_rx(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n, uint16_t max,
      void *arg)
{
	RTE_SET_USED(max);
	RTE_SET_USED(arg);
	vb_dump(port, queue, pkts, n, true);
	return n;
}

static uint16_t
vb_tx(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n, void *arg)
{
	RTE_SET_USED(arg);
	vb_dump(port, queue, pkts, n, false);
	return n;
}

/* Remove the callbacks of one direction (rx) that are there. */
static void
vb_remove(bool rx)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < vb_nb_live; i++) {
		struct vb_cb *c = &vb_live[i];
		int ret;

		if (c->rx != rx) {
			vb_live[k++] = *c;
			continue;
		}
		ret = rx ? rte_eth_remove_rx_callback(c->port, c->queue, c->cb) :
			   rte_eth_remove_tx_callback(c->port, c->queue, c->cb);
		/* a full table leaves it allocated rather than freed under a reader */
		if (ret == 0 && vb_nb_dead < VB_MAX_CBS)
			vb_dead[vb_nb_dead++] = c->cb;
	}
	vb_nb_live = k;
}

/* Add the callbacks of one direction on every queue of every port. */
static int
vb_add(bool rx)
{
	const struct ebb_engine_conf *c = ebb_engine_conf();
	uint16_t nq = c == NULL ? 0 : rx ? c->nb_rxq : c->nb_txq;

	for (uint16_t p = 0; p < ebb_engine_nb_ports(); p++) {
		for (uint16_t q = 0; q < nq; q++) {
			const struct rte_eth_rxtx_callback *cb;

			if (vb_nb_live == VB_MAX_CBS)
				return -ENOSPC;
			cb = rx ? rte_eth_add_rx_callback(p, q, vb_rx, NULL) :
				  rte_eth_add_tx_callback(p, q, vb_tx, NULL);
			if (cb == NULL)
				return -rte_errno;
			vb_live[vb_nb_live++] = (struct vb_cb){ .cb = cb, .port = p, .queue = q,
								.rx = rx };
		}
	}
	return 0;
}

int
ebb_verbose_set(unsigned int level)
{
	unsigned int old = vb_level;
	int ret = 0;

	for (int d = 0; d < 2; d++) {
		bool rx = d == 0;
		unsigned int bit = rx ? 1u : 2u;

		if ((old & bit) && !(level & bit))
			vb_remove(rx);
		else if (!(old & bit) && (level & bit) && ret == 0)
			ret = vb_add(rx);
		if (ret < 0) {
			vb_remove(rx);
			level &= ~bit;
		}
	}
	vb_level = level;
	ebb_verbose_gc();
	return ret;
}

unsigned int
ebb_verbose_level(void)
{
	return vb_level;
}

void
ebb_verbose_gc(void)
{
	if (ebb_engine_running())
		return;
	for (unsigned int i = 0; i < vb_nb_dead; i++)
		rte_free((void *)(uintptr_t)vb_dead[i]); /* ethdev took it from rte_zmalloc */
	vb_nb_dead = 0;
}
