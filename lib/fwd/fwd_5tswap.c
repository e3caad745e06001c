/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_5tswap.c: forwarding mode "5tswap": MACs, IPv4/IPv6 addresses and TCP/UDP ports swapped. */
#include <string.h>

#include <rte_ip.h>
#include <rte_prefetch.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "ebb_fwd.h"

/* Swap n bytes of a and b. */
static inline void
swap_bytes(void *a, void *b, size_t n)
{
	uint8_t t[16], *x = a, *y = b;

	memcpy(t, x, n);
	memcpy(x, y, n);
	memcpy(y, t, n);
}

/* Swap what the first segment holds of the 5-tuple; a header cut short stops the swap
 * there (checksums stay right: a swap changes no sum). */
static void
swap_one(struct rte_mbuf *m)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m), off = sizeof(struct rte_ether_hdr);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	uint16_t type;
	uint8_t proto;

	if (len < off)
		return;
	swap_bytes(&eth->dst_addr, &eth->src_addr, RTE_ETHER_ADDR_LEN);
	type = eth->ether_type;
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) && len >= off + 4) {
		type = *(const uint16_t *)(p + off + 2);
		off += 4;
	}
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + off);
		uint32_t ihl;

		if (len < off + sizeof(*ip) || (ip->version_ihl >> 4) != 4)
			return;
		ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
		if (ihl < sizeof(*ip))
			return;
		swap_bytes(&ip->src_addr, &ip->dst_addr, 4);
		if (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK))
			return; /* a later fragment has no L4 header */
		proto = ip->next_proto_id;
		off += ihl;
	} else if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(p + off);

		if (len < off + sizeof(*ip6))
			return;
		swap_bytes(ip6->src_addr, ip6->dst_addr, 16);
		proto = ip6->proto;
		off += sizeof(*ip6);
	} else {
		return;
	}
	/* the ports lead both TCP and UDP headers */
	if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) && len >= off + 4)
		swap_bytes(p + off, p + off + 2, 2);
}

static void
fivetswap_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);

	if (unlikely(n == 0))
		return;
	for (uint16_t i = 0; i < n; i++) {
		if (likely(i + 1 < n))
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		swap_one(pkts[i]);
	}
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_5tswap = {
	.name = "5tswap",
	.fwd = fivetswap_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_5tswap)
