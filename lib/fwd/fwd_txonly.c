/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_txonly.c: forwarding mode "txonly": UDP/IPv4 frames of --txpkts bytes, fresh mbufs. */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "ebb_fwd.h"

#define TXONLY_HDR_LEN \
	(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr))
/* RFC 2544 benchmarking range. Not RTE_IPV4(): in 22.11 it shifts an int, 198 << 24
 * overflows (UBSan) */
#define TXONLY_IP(d) ((uint32_t)198 << 24 | (uint32_t)18 << 16 | (uint32_t)(d))
#define TXONLY_SRC_IP TXONLY_IP(1)
#define TXONLY_DST_IP TXONLY_IP(2)
#define TXONLY_UDP_PORT 9                     /* discard */

static_assert(TXONLY_HDR_LEN <= EBB_FWD_TMPL_SIZE, "txonly headers fit the template");

/* Build the headers once per stream; every frame copies them. */
static int
txonly_init(struct ebb_stream *s)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)s->tmpl;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t room;

	if (s->pool == NULL || s->txpkts < TXONLY_HDR_LEN)
		return -EINVAL;
	room = rte_pktmbuf_data_room_size(s->pool);
	if (room < RTE_PKTMBUF_HEADROOM || s->txpkts > room - RTE_PKTMBUF_HEADROOM)
		return -EINVAL;

	memset(s->tmpl, 0, sizeof(s->tmpl));
	rte_ether_addr_copy(&s->peer, &eth->dst_addr);
	rte_ether_addr_copy(&s->tx_src, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(s->txpkts - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(TXONLY_SRC_IP);
	ip->dst_addr = rte_cpu_to_be_32(TXONLY_DST_IP);
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	udp->src_port = rte_cpu_to_be_16(TXONLY_UDP_PORT);
	udp->dst_port = rte_cpu_to_be_16(TXONLY_UDP_PORT);
	udp->dgram_len = rte_cpu_to_be_16(s->txpkts - sizeof(*eth) - sizeof(*ip));
	udp->dgram_cksum = 0; /* optional in IPv4 */
	return 0;
}

static void
txonly_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = s->burst;

	if (unlikely(rte_pktmbuf_alloc_bulk(s->pool, pkts, n) != 0))
		return; /* pool exhausted: nothing to send this time */
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		rte_memcpy(rte_pktmbuf_mtod(m, void *), s->tmpl, TXONLY_HDR_LEN);
		m->data_len = s->txpkts;
		m->pkt_len = s->txpkts;
		m->l2_len = sizeof(struct rte_ether_hdr);
		m->l3_len = sizeof(struct rte_ipv4_hdr);
	}
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_txonly = {
	.name = "txonly",
	.stream_init = txonly_init,
	.fwd = txonly_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_txonly)
