/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_txonly.c: forwarding mode "txonly": UDP/IPv4 frames of --txpkts bytes (one mbuf or a
 * chain of the listed segments), fresh mbufs. */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>

#include "fwd_priv.h"

static_assert(EBB_FWD_UDP_HDR_LEN <= EBB_FWD_TMPL_SIZE, "UDP headers fit the template");

/* Build the headers once per stream; every frame copies them. */
int
ebb_fwd_udp_tmpl(struct ebb_stream *s)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)s->tmpl;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t room;

	if (s->pool == NULL || s->txpkts < EBB_FWD_UDP_HDR_LEN)
		return -EINVAL;
	room = rte_pktmbuf_data_room_size(s->pool);
	if (room < RTE_PKTMBUF_HEADROOM)
		return -EINVAL;
	room -= RTE_PKTMBUF_HEADROOM;
	if (s->tx_nb_segs > 1) {
		uint32_t sum = 0;

		if (s->tx_nb_segs > EBB_FWD_MAX_SEGS || s->tx_seg_len[0] < EBB_FWD_UDP_HDR_LEN)
			return -EINVAL;
		for (uint16_t i = 0; i < s->tx_nb_segs; i++) {
			if (s->tx_seg_len[i] == 0 || s->tx_seg_len[i] > room)
				return -EINVAL;
			sum += s->tx_seg_len[i];
		}
		if (sum != s->txpkts)
			return -EINVAL;
	} else if (s->txpkts > room) {
		return -EINVAL;
	}

	memset(s->tmpl, 0, sizeof(s->tmpl));
	rte_ether_addr_copy(&s->peer, &eth->dst_addr);
	rte_ether_addr_copy(&s->tx_src, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(s->txpkts - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(EBB_FWD_SRC_IP);
	ip->dst_addr = rte_cpu_to_be_32(EBB_FWD_DST_IP);
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	udp->src_port = rte_cpu_to_be_16(EBB_FWD_UDP_PORT);
	udp->dst_port = rte_cpu_to_be_16(EBB_FWD_UDP_PORT);
	udp->dgram_len = rte_cpu_to_be_16(s->txpkts - sizeof(*eth) - sizeof(*ip));
	udp->dgram_cksum = 0; /* optional in IPv4 */
	return 0;
}

/*
 * Frames of tx_nb_segs mbufs: each bulk allocation takes whole chains, at most
 * EBB_FWD_MAX_BURST mbufs (so one request the waiting path can serve, as a one-segment
 * burst); when one fails, the chains built before it are freed: all n frames or none.
 */
static __rte_noinline int
udp_alloc_segs(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	struct rte_mbuf *segs[EBB_FWD_MAX_BURST];
	const uint16_t ns = s->tx_nb_segs;
	const uint16_t per = EBB_FWD_MAX_BURST / ns;
	uint16_t done = 0;

	while (done < n) {
		uint16_t k = RTE_MIN(per, (uint16_t)(n - done));

		if (unlikely(rte_pktmbuf_alloc_bulk(s->pool, segs, (unsigned int)k * ns) != 0)) {
			/* the failed request left its mark: the queue waits for it */
			if (done != 0)
				rte_pktmbuf_free_bulk(pkts, done);
			return -ENOBUFS;
		}
		for (uint16_t i = 0; i < k; i++) {
			struct rte_mbuf **c = &segs[i * ns];
			struct rte_mbuf *m = c[0];

			rte_memcpy(rte_pktmbuf_mtod(m, void *), s->tmpl, EBB_FWD_UDP_HDR_LEN);
			m->data_len = s->tx_seg_len[0];
			m->pkt_len = s->txpkts;
			m->nb_segs = ns;
			m->l2_len = sizeof(struct rte_ether_hdr);
			m->l3_len = sizeof(struct rte_ipv4_hdr);
			for (uint16_t j = 1; j < ns; j++) {
				c[j - 1]->next = c[j];
				c[j]->data_len = s->tx_seg_len[j];
			}
			pkts[done + i] = m;
		}
		done += k;
	}
	return 0;
}

int
ebb_fwd_udp_alloc(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	if (unlikely(s->tx_nb_segs > 1))
		return udp_alloc_segs(s, pkts, n);
	if (unlikely(rte_pktmbuf_alloc_bulk(s->pool, pkts, n) != 0))
		return -ENOBUFS;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		rte_memcpy(rte_pktmbuf_mtod(m, void *), s->tmpl, EBB_FWD_UDP_HDR_LEN);
		m->data_len = s->txpkts;
		m->pkt_len = s->txpkts;
		m->l2_len = sizeof(struct rte_ether_hdr);
		m->l3_len = sizeof(struct rte_ipv4_hdr);
	}
	return 0;
}

static int
txonly_init(struct ebb_stream *s)
{
	int ret = ebb_fwd_udp_tmpl(s);

	s->flow = 0;
	return ret;
}

/*
 * --txonly-multi-flow: frame k of the stream comes from 198.18.H.L, UDP source port
 * 1024 + L (H.L = k mod 65536): a receiver spreading by RSS sees many flows. The IP
 * checksum follows by RFC 1624; the UDP checksum stays 0.
 */
static void
txonly_vary(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n)
{
	const struct rte_ipv4_hdr *t = (const struct rte_ipv4_hdr *)(s->tmpl +
								     sizeof(struct rte_ether_hdr));
	uint16_t base = (uint16_t)(rte_be_to_cpu_32(t->src_addr) & 0xffff);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
		uint16_t v = (uint16_t)s->flow++;
		uint16_t lo = rte_cpu_to_be_16(v);

		ip->src_addr = rte_cpu_to_be_32((rte_be_to_cpu_32(t->src_addr) & 0xffff0000u) | v);
		ip->hdr_checksum = ebb_fwd_cksum_adjust(t->hdr_checksum, rte_cpu_to_be_16(base), lo);
		udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + (v & 0xff)));
	}
}

static void
txonly_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = s->burst;

	if (unlikely(ebb_fwd_udp_alloc(s, pkts, n) != 0))
		return; /* pool exhausted: nothing to send this time */
	if (unlikely(ebb_fwd_params_now.txonly_multi_flow))
		txonly_vary(s, pkts, n);
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_txonly = {
	.name = "txonly",
	.stream_init = txonly_init,
	.fwd = txonly_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_txonly)
