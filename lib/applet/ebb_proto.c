/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_proto.c: Ethernet/ARP/IPv4/ICMP classification and the replies the applets send. */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>

#include "ebb_proto.h"

#define EBB_ARP_LEN ((uint16_t)sizeof(struct rte_arp_hdr))   /* 28 */
#define EBB_IP_MIN ((uint16_t)sizeof(struct rte_ipv4_hdr))   /* 20 */
#define EBB_ICMP_MIN ((uint16_t)sizeof(struct rte_icmp_hdr)) /* 8 */
#define EBB_REPLY_TTL 64

static const char *const reason_names[EBB_BAD_MAX] = {
	[EBB_BAD_NONE] = "none",
	[EBB_BAD_CHAIN] = "chain",
	[EBB_BAD_RUNT] = "runt",
	[EBB_BAD_ARP_TRUNC] = "arp_trunc",
	[EBB_BAD_ARP_FORMAT] = "arp_format",
	[EBB_BAD_ARP_OP] = "arp_op",
	[EBB_BAD_IP_TRUNC] = "ip_trunc",
	[EBB_BAD_IP_VERSION] = "ip_version",
	[EBB_BAD_IP_IHL] = "ip_ihl",
	[EBB_BAD_IP_LEN] = "ip_len",
	[EBB_BAD_IP_CKSUM] = "ip_cksum",
	[EBB_BAD_IP_FRAG] = "ip_frag",
	[EBB_BAD_ICMP_TRUNC] = "icmp_trunc",
	[EBB_BAD_ICMP_CKSUM] = "icmp_cksum",
};

const char *
ebb_pkt_reason_name(unsigned int reason)
{
	return reason < EBB_BAD_MAX ? reason_names[reason] : "?";
}

bool
ebb_proto_chain_ok(const struct rte_mbuf *m)
{
	const struct rte_mbuf *seg = m;
	uint32_t sum = 0;
	uint16_t i;

	if (m->nb_segs == 0)
		return false;
	for (i = 0; i < m->nb_segs; i++) {
		if (seg == NULL)
			return false;
		if ((uint32_t)seg->data_off + seg->data_len > seg->buf_len)
			return false;
		sum += seg->data_len;
		if (i + 1 < m->nb_segs)
			seg = seg->next;
	}
	return seg->next == NULL && sum == m->pkt_len;
}

static enum ebb_pkt_kind
bad(struct ebb_pkt *p, enum ebb_pkt_reason r)
{
	p->kind = EBB_PKT_BAD;
	p->reason = (uint8_t)r;
	return EBB_PKT_BAD;
}

static enum ebb_pkt_kind
parse_arp(const struct rte_mbuf *m, struct ebb_pkt *p)
{
	const struct rte_arp_hdr *a;
	uint16_t op;

	a = rte_pktmbuf_read(m, p->l2_len, EBB_ARP_LEN, &p->arp);
	if (a == NULL)
		return bad(p, EBB_BAD_ARP_TRUNC);
	if (a != &p->arp)
		memcpy(&p->arp, a, EBB_ARP_LEN);
	if (p->arp.arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
	    p->arp.arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
	    p->arp.arp_hlen != RTE_ETHER_ADDR_LEN || p->arp.arp_plen != 4)
		return bad(p, EBB_BAD_ARP_FORMAT);
	op = rte_be_to_cpu_16(p->arp.arp_opcode);
	if (op != RTE_ARP_OP_REQUEST && op != RTE_ARP_OP_REPLY)
		return bad(p, EBB_BAD_ARP_OP);
	p->kind = EBB_PKT_ARP;
	return EBB_PKT_ARP;
}

/*
 * Ones' complement sum of [off, off + len) of a checked chain, folded to 16 bits.
 * Not rte_raw_cksum_mbuf(): in 22.11 it byte-swaps a segment's unreduced 32-bit sum
 * truncated to 16 bits when the segment starts at an odd offset, losing the carries.
 */
static int
cksum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t *ck)
{
	const struct rte_mbuf *seg = m;
	uint32_t sum = 0, done = 0, n;
	uint16_t part;

	if ((uint64_t)off + len > m->pkt_len)
		return -1;
	while (seg != NULL && off >= seg->data_len) {
		off -= seg->data_len;
		seg = seg->next;
	}
	while (done < len) {
		if (seg == NULL)
			return -1;
		n = RTE_MIN((uint32_t)seg->data_len - off, len - done);
		part = rte_raw_cksum(rte_pktmbuf_mtod_offset(seg, const uint8_t *, off), n);
		if (done & 1) /* this piece starts on an odd byte of the message */
			part = rte_bswap16(part);
		sum += part;
		done += n;
		off = 0;
		seg = seg->next;
	}
	*ck = __rte_raw_cksum_reduce(sum);
	return 0;
}

static enum ebb_pkt_kind
parse_icmp(const struct rte_mbuf *m, struct ebb_pkt *p)
{
	uint32_t off = (uint32_t)p->l2_len + p->l3_len;
	uint16_t len = p->ip_len - p->l3_len;
	const struct rte_icmp_hdr *ic;
	uint16_t ck;

	if (len < EBB_ICMP_MIN)
		return bad(p, EBB_BAD_ICMP_TRUNC);
	ic = rte_pktmbuf_read(m, off, EBB_ICMP_MIN, &p->icmp);
	if (ic == NULL) /* cannot happen: ip_len was checked against pkt_len */
		return bad(p, EBB_BAD_ICMP_TRUNC);
	if (ic != &p->icmp)
		memcpy(&p->icmp, ic, EBB_ICMP_MIN);
	/* the sum over a message that carries a right checksum is 0xffff */
	if (cksum_mbuf(m, off, len, &ck) != 0 || ck != 0xffff)
		return bad(p, EBB_BAD_ICMP_CKSUM);
	p->kind = EBB_PKT_ICMP;
	return EBB_PKT_ICMP;
}

static enum ebb_pkt_kind
parse_ipv4(const struct rte_mbuf *m, uint32_t local_ip, struct ebb_pkt *p)
{
	uint8_t hdr[60]; /* the largest IPv4 header, options included */
	const struct rte_ipv4_hdr *ip;
	uint32_t avail = m->pkt_len - p->l2_len;
	uint16_t ck;

	ip = rte_pktmbuf_read(m, p->l2_len, EBB_IP_MIN, &p->ip);
	if (ip == NULL)
		return bad(p, EBB_BAD_IP_TRUNC);
	if (ip != &p->ip)
		memcpy(&p->ip, ip, EBB_IP_MIN);
	if ((p->ip.version_ihl >> 4) != 4)
		return bad(p, EBB_BAD_IP_VERSION);
	p->l3_len = (uint16_t)((p->ip.version_ihl & RTE_IPV4_HDR_IHL_MASK) *
			       RTE_IPV4_IHL_MULTIPLIER);
	if (p->l3_len < EBB_IP_MIN || p->l3_len > avail)
		return bad(p, EBB_BAD_IP_IHL);
	p->ip_len = rte_be_to_cpu_16(p->ip.total_length);
	if (p->ip_len < p->l3_len || p->ip_len > avail)
		return bad(p, EBB_BAD_IP_LEN);
	if (local_ip != 0 && p->ip.dst_addr != local_ip) {
		p->kind = EBB_PKT_IPV4;
		return EBB_PKT_IPV4;
	}
	ip = rte_pktmbuf_read(m, p->l2_len, p->l3_len, hdr);
	if (ip == NULL) /* cannot happen: l3_len <= avail */
		return bad(p, EBB_BAD_IP_IHL);
	ck = rte_raw_cksum(ip, p->l3_len);
	if (ck != 0xffff)
		return bad(p, EBB_BAD_IP_CKSUM);
	if ((p->ip.fragment_offset &
	     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0)
		return bad(p, EBB_BAD_IP_FRAG);
	if (p->ip.next_proto_id != IPPROTO_ICMP) {
		p->kind = EBB_PKT_IPV4;
		return EBB_PKT_IPV4;
	}
	return parse_icmp(m, p);
}

enum ebb_pkt_kind
ebb_proto_parse(const struct rte_mbuf *m, uint32_t local_ip, struct ebb_pkt *p)
{
	const struct rte_ether_hdr *eh;
	const struct rte_vlan_hdr *vh;
	struct rte_vlan_hdr vbuf;

	memset(p, 0, offsetof(struct ebb_pkt, eth));
	if ((m->nb_segs != 1 || m->next != NULL || m->data_len != m->pkt_len ||
	     (uint32_t)m->data_off + m->data_len > m->buf_len) && !ebb_proto_chain_ok(m))
		return bad(p, EBB_BAD_CHAIN);
	eh = rte_pktmbuf_read(m, 0, RTE_ETHER_HDR_LEN, &p->eth);
	if (eh == NULL)
		return bad(p, EBB_BAD_RUNT);
	if (eh != &p->eth)
		memcpy(&p->eth, eh, RTE_ETHER_HDR_LEN);
	p->l2_len = RTE_ETHER_HDR_LEN;
	p->ether_type = p->eth.ether_type;
	if (p->ether_type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		vh = rte_pktmbuf_read(m, RTE_ETHER_HDR_LEN, sizeof(vbuf), &vbuf);
		if (vh == NULL)
			return bad(p, EBB_BAD_RUNT);
		p->has_vlan = 1;
		p->vlan_tci = vh->vlan_tci;
		p->ether_type = vh->eth_proto;
		p->l2_len += sizeof(vbuf);
	}
	if (p->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		return parse_arp(m, p);
	if (p->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return parse_ipv4(m, local_ip, p);
	p->kind = EBB_PKT_OTHER; /* includes a second tag: QinQ is not ours */
	return EBB_PKT_OTHER;
}

uint32_t
ebb_proto_reply_len(const struct ebb_pkt *p)
{
	if (p->kind == EBB_PKT_ARP)
		return (uint32_t)p->l2_len + EBB_ARP_LEN;
	if (p->kind == EBB_PKT_ICMP)
		return (uint32_t)p->l2_len + p->ip_len;
	return 0;
}

/* Reserve len bytes in the empty mbuf out; NULL when they do not fit. */
static uint8_t *
out_room(struct rte_mbuf *out, uint32_t len)
{
	if (out->pkt_len != 0 || len > rte_pktmbuf_tailroom(out))
		return NULL;
	return (uint8_t *)rte_pktmbuf_append(out, (uint16_t)len);
}

/* Ethernet header (and the request's tag) at d; returns the L3 start. */
static uint8_t *
put_l2(uint8_t *d, const struct rte_ether_addr *dst, const struct rte_ether_addr *src,
       const struct ebb_pkt *tag_of, uint16_t ether_type_be)
{
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)d;
	struct rte_vlan_hdr *vh;

	rte_ether_addr_copy(dst, &eh->dst_addr);
	rte_ether_addr_copy(src, &eh->src_addr);
	if (tag_of != NULL && tag_of->has_vlan) {
		eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_VLAN);
		vh = (struct rte_vlan_hdr *)(eh + 1);
		vh->vlan_tci = tag_of->vlan_tci;
		vh->eth_proto = ether_type_be;
		return (uint8_t *)(vh + 1);
	}
	eh->ether_type = ether_type_be;
	return (uint8_t *)(eh + 1);
}

static void
put_arp(uint8_t *d, uint16_t op, const struct rte_ether_addr *sha, uint32_t sip,
	const struct rte_ether_addr *tha, uint32_t tip)
{
	struct rte_arp_hdr a;

	a.arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	a.arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	a.arp_hlen = RTE_ETHER_ADDR_LEN;
	a.arp_plen = 4;
	a.arp_opcode = rte_cpu_to_be_16(op);
	rte_ether_addr_copy(sha, &a.arp_data.arp_sha);
	a.arp_data.arp_sip = sip;
	rte_ether_addr_copy(tha, &a.arp_data.arp_tha);
	a.arp_data.arp_tip = tip;
	memcpy(d, &a, sizeof(a));
}

int
ebb_proto_arp_reply(struct rte_mbuf *out, const struct ebb_pkt *req,
		    const struct rte_ether_addr *mac, uint32_t ip)
{
	uint8_t *d;

	if (req->kind != EBB_PKT_ARP || req->arp.arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST))
		return -EINVAL;
	d = out_room(out, ebb_proto_reply_len(req));
	if (d == NULL)
		return -EMSGSIZE;
	d = put_l2(d, &req->eth.src_addr, mac, req, RTE_BE16(RTE_ETHER_TYPE_ARP));
	put_arp(d, RTE_ARP_OP_REPLY, mac, ip, &req->arp.arp_data.arp_sha,
		req->arp.arp_data.arp_sip);
	return 0;
}

int
ebb_proto_icmp_echo_reply(struct rte_mbuf *out, const void *frame,
			  const struct ebb_pkt *req, const struct rte_ether_addr *mac)
{
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *ic;
	struct rte_ether_addr peer;
	uint32_t len = ebb_proto_reply_len(req);
	uint32_t a;
	uint8_t *d;

	if (req->kind != EBB_PKT_ICMP || req->icmp.icmp_type != RTE_IP_ICMP_ECHO_REQUEST ||
	    req->icmp.icmp_code != 0)
		return -EINVAL;
	/* out_room() would refuse a non-empty out; the frame may already sit in it */
	if (len > (uint32_t)out->buf_len - out->data_off)
		return -EMSGSIZE;
	d = rte_pktmbuf_mtod(out, uint8_t *);
	if (frame != d)
		memmove(d, frame, len);
	out->data_len = (uint16_t)len;
	out->pkt_len = len;
	rte_ether_addr_copy(&req->eth.src_addr, &peer);
	put_l2(d, &peer, mac, req, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	ip = (struct rte_ipv4_hdr *)(d + req->l2_len);
	a = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = a;
	ip->time_to_live = EBB_REPLY_TTL;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, req->l3_len);
	ic = (struct rte_icmp_hdr *)((uint8_t *)ip + req->l3_len);
	ic->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	ic->icmp_code = 0;
	ic->icmp_cksum = 0;
	ic->icmp_cksum = (uint16_t)~rte_raw_cksum(ic, req->ip_len - req->l3_len);
	return 0;
}

int
ebb_proto_arp_request(struct rte_mbuf *out, const struct rte_ether_addr *mac,
		      uint32_t sip, uint32_t tip)
{
	static const struct rte_ether_addr bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	static const struct rte_ether_addr zero;
	uint8_t *d;

	d = out_room(out, RTE_ETHER_HDR_LEN + EBB_ARP_LEN);
	if (d == NULL)
		return -EMSGSIZE;
	d = put_l2(d, &bcast, mac, NULL, RTE_BE16(RTE_ETHER_TYPE_ARP));
	put_arp(d, RTE_ARP_OP_REQUEST, mac, sip, &zero, tip);
	return 0;
}

int
ebb_proto_icmp_echo(struct rte_mbuf *out, const struct rte_ether_addr *mac,
		    const struct rte_ether_addr *dmac, uint32_t sip, uint32_t dip,
		    uint16_t id, uint16_t seq)
{
	const uint16_t l4 = EBB_ICMP_MIN + EBB_PROTO_ECHO_DATA;
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *ic;
	uint8_t *d;
	unsigned int i;

	d = out_room(out, RTE_ETHER_HDR_LEN + EBB_IP_MIN + l4);
	if (d == NULL)
		return -EMSGSIZE;
	ip = (struct rte_ipv4_hdr *)put_l2(d, dmac, mac, NULL, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	memset(ip, 0, EBB_IP_MIN);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(EBB_IP_MIN + l4);
	ip->packet_id = rte_cpu_to_be_16(seq);
	ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = EBB_REPLY_TTL;
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = sip;
	ip->dst_addr = dip;
	ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, EBB_IP_MIN);
	ic = (struct rte_icmp_hdr *)(ip + 1);
	ic->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	ic->icmp_code = 0;
	ic->icmp_cksum = 0;
	ic->icmp_ident = rte_cpu_to_be_16(id);
	ic->icmp_seq_nb = rte_cpu_to_be_16(seq);
	for (i = 0; i < EBB_PROTO_ECHO_DATA; i++)
		((uint8_t *)(ic + 1))[i] = (uint8_t)(0xeb + i);
	ic->icmp_cksum = (uint16_t)~rte_raw_cksum(ic, l4);
	return 0;
}
