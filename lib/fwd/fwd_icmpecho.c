/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_icmpecho.c: forwarding mode "icmpecho": ARP requests and ICMP echo requests answered, the rest dropped. */
#include <errno.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "fwd_priv.h"

/* The reply leaves the port the request came in on: the engine gives this mode streams
 * whose TX port is their RX port (tx_same_port). */
static int
icmpecho_init(struct ebb_stream *s)
{
	return s->tx_port == s->rx_port ? 0 : -EINVAL;
}

/* Turn an ARP request for any address into its reply, in place. */
static bool
arp_reply(struct rte_arp_hdr *a, const struct rte_ether_addr *mac)
{
	uint32_t ip;

	if (a->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    a->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4 ||
	    a->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST))
		return false;
	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	rte_ether_addr_copy(&a->arp_data.arp_sha, &a->arp_data.arp_tha);
	rte_ether_addr_copy(mac, &a->arp_data.arp_sha);
	ip = a->arp_data.arp_tip;
	a->arp_data.arp_tip = a->arp_data.arp_sip;
	a->arp_data.arp_sip = ip;
	return true;
}

/* Turn an ICMP echo request to a unicast address into its reply, in place. */
static bool
echo_reply(struct rte_ipv4_hdr *ip, uint32_t len)
{
	struct rte_icmp_hdr *icmp;
	uint32_t ihl, a;

	if (len < sizeof(*ip) || (ip->version_ihl >> 4) != 4 ||
	    ip->next_proto_id != IPPROTO_ICMP)
		return false;
	ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
	if (ihl < sizeof(*ip) || len < ihl + sizeof(*icmp) ||
	    (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK)) != 0)
		return false;
	a = rte_be_to_cpu_32(ip->dst_addr);
	if (a >= 0xe0000000u) /* multicast or broadcast: no reply */
		return false;
	icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + ihl);
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return false;
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	icmp->icmp_cksum = ebb_fwd_cksum_adjust(icmp->icmp_cksum,
						rte_cpu_to_be_16(RTE_IP_ICMP_ECHO_REQUEST << 8), 0);
	ip->dst_addr = ip->src_addr; /* a swap: the IP checksum stays */
	ip->src_addr = rte_cpu_to_be_32(a);
	return true;
}

/* @return whether m became a reply (Ethernet addresses: back to the sender, from us). */
static bool
icmpecho_one(struct rte_mbuf *m, const struct rte_ether_addr *mac)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	uint32_t len = rte_pktmbuf_data_len(m), off = sizeof(*eth);
	uint16_t type;
	bool ok;

	if (len < off)
		return false;
	type = eth->ether_type;
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) && len >= off + 4) {
		type = *(const uint16_t *)((const uint8_t *)eth + off + 2);
		off += 4;
	}
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
		ok = len >= off + sizeof(struct rte_arp_hdr) &&
		     arp_reply((struct rte_arp_hdr *)((uint8_t *)eth + off), mac);
	else if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
		ok = echo_reply((struct rte_ipv4_hdr *)((uint8_t *)eth + off), len - off);
	else
		ok = false;
	if (ok) {
		rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
		rte_ether_addr_copy(mac, &eth->src_addr);
	}
	return ok;
}

static void
icmpecho_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts), k = 0;

	if (unlikely(n == 0))
		return;
	for (uint16_t i = 0; i < n; i++) {
		if (icmpecho_one(pkts[i], &s->tx_src))
			pkts[k++] = pkts[i];
		else
			rte_pktmbuf_free(pkts[i]);
	}
	if (k != 0)
		ebb_stream_tx(s, pkts, k);
}

static const struct ebb_fwd_mode fwd_icmpecho = {
	.name = "icmpecho",
	.stream_init = icmpecho_init,
	.fwd = icmpecho_fwd,
	.tx_same_port = true,
};
EBB_FWD_MODE_REGISTER(fwd_icmpecho)
