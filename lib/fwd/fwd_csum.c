/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_csum.c: forwarding mode "csum": checksums checked and set in software, MACs as in "mac". */
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_prefetch.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "fwd_priv.h"

/* Offset of the L4 checksum field, or -1: TCP/UDP only, whole in the first segment. */
static int
l4_cksum_off(uint8_t proto, uint32_t l4_len)
{
	if (proto == IPPROTO_UDP && l4_len >= sizeof(struct rte_udp_hdr))
		return offsetof(struct rte_udp_hdr, dgram_cksum);
	if (proto == IPPROTO_TCP && l4_len >= sizeof(struct rte_tcp_hdr))
		return offsetof(struct rte_tcp_hdr, cksum);
	return -1;
}

/*
 * Check the L4 sum at l4 + at (phdr: the pseudo-header's sum) unless the NIC said; then
 * set it in software. A UDP sum of 0 over IPv4 means none: kept. @return 1 if it was
 * wrong.
 */
static unsigned int
l4_fix(uint8_t *l4, int at, uint8_t proto, uint32_t l4_len, uint32_t phdr, uint64_t flags,
       bool v4)
{
	uint64_t st = flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
	unsigned int bad = 0;
	uint16_t sum;

	if (at < 0)
		return 0;
	memcpy(&sum, l4 + at, sizeof(sum));
	if (v4 && proto == IPPROTO_UDP && sum == 0)
		return 0;
	if (st == RTE_MBUF_F_RX_L4_CKSUM_BAD)
		bad = 1;
	else if (st != RTE_MBUF_F_RX_L4_CKSUM_GOOD)
		bad = ebb_fwd_fold(rte_raw_cksum(l4, l4_len) + phdr) != 0xffff;
	memset(l4 + at, 0, sizeof(sum));
	sum = (uint16_t)~ebb_fwd_fold(rte_raw_cksum(l4, l4_len) + phdr);
	if (proto == IPPROTO_UDP && sum == 0)
		sum = 0xffff;
	memcpy(l4 + at, &sum, sizeof(sum));
	return bad;
}

static void
csum_one(struct ebb_stream *s, struct rte_mbuf *m, uint64_t *bad_ip, uint64_t *bad_l4)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m), off = sizeof(struct rte_ether_hdr);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	uint16_t type;
	uint8_t proto;

	if (len < off)
		return;
	rte_ether_addr_copy(&s->peer, &eth->dst_addr);
	rte_ether_addr_copy(&s->tx_src, &eth->src_addr);
	type = eth->ether_type;
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) && len >= off + 4) {
		type = *(const uint16_t *)(p + off + 2);
		off += 4;
	}
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + off);
		uint64_t st = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
		uint32_t ihl, tot;

		if (len < off + sizeof(*ip) || (ip->version_ihl >> 4) != 4)
			return;
		ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
		if (ihl < sizeof(*ip) || len < off + ihl)
			return;
		if (st == RTE_MBUF_F_RX_IP_CKSUM_BAD)
			(*bad_ip)++;
		else if (st != RTE_MBUF_F_RX_IP_CKSUM_GOOD)
			*bad_ip += rte_raw_cksum(ip, ihl) != 0xffff;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, ihl);
		tot = rte_be_to_cpu_16(ip->total_length);
		/* L4: a whole first fragment in the first segment (else no sum can be made) */
		if ((ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK |
							   RTE_IPV4_HDR_MF_FLAG)) != 0 ||
		    tot < ihl || len < off + tot || m->nb_segs != 1)
			return;
		proto = ip->next_proto_id;
		*bad_l4 += l4_fix(p + off + ihl, l4_cksum_off(proto, tot - ihl), proto,
				  tot - ihl, rte_ipv4_phdr_cksum(ip, 0), m->ol_flags, true);
	} else if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(p + off);
		uint32_t pl;

		if (len < off + sizeof(*ip6))
			return;
		pl = rte_be_to_cpu_16(ip6->payload_len);
		off += sizeof(*ip6);
		if (len < off + pl || m->nb_segs != 1)
			return;
		proto = ip6->proto; /* no extension headers walked */
		*bad_l4 += l4_fix(p + off, l4_cksum_off(proto, pl), proto, pl,
				  rte_ipv6_phdr_cksum(ip6, 0), m->ol_flags, false);
	}
}

static void
csum_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint64_t bad_ip = 0, bad_l4 = 0;
	uint16_t n = ebb_stream_rx(s, pkts);

	if (unlikely(n == 0))
		return;
	for (uint16_t i = 0; i < n; i++) {
		if (likely(i + 1 < n))
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		csum_one(s, pkts[i], &bad_ip, &bad_l4);
	}
	if (bad_ip != 0)
		ebb_stream_count(&s->rx_bad_ip_csum, bad_ip);
	if (bad_l4 != 0)
		ebb_stream_count(&s->rx_bad_l4_csum, bad_l4);
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_csum = {
	.name = "csum",
	.fwd = csum_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_csum)
