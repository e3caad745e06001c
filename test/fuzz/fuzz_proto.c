/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_proto.c: libFuzzer target for the Ethernet/ARP/IPv4/ICMP parser and the reply builders. */
/*
 * No EAL: each segment's buffer is a heap block of exactly its data, so AddressSanitizer
 * sees any read past a segment. Properties checked besides "no crash":
 * - a reply built from a parsed ARP or echo request parses again, as a reply, with the
 *   addresses swapped and valid checksums;
 * - the local-address filter never turns a frame for us into something else.
 */
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "ebb_proto.h"
#include "fuzz_mbuf.h"

#define OUT_ROOM 2048

static struct rte_mbuf *
chain_make(const uint8_t *d, size_t len, uint8_t shape)
{
	size_t seglen[FUZZ_MAX_SEGS], off = 0;
	unsigned int n = fuzz_shape(shape, len, seglen), i;
	struct rte_mbuf *segs = calloc(n, sizeof(*segs));

	if (segs == NULL)
		abort();
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = &segs[i];

		m->buf_addr = malloc(seglen[i] != 0 ? seglen[i] : 1);
		if (m->buf_addr == NULL)
			abort();
		memcpy(m->buf_addr, d + off, seglen[i]);
		off += seglen[i];
		m->buf_len = (uint16_t)seglen[i];
		m->data_off = 0;
		m->data_len = (uint16_t)seglen[i];
		m->next = i + 1 < n ? &segs[i + 1] : NULL;
	}
	segs[0].nb_segs = (uint16_t)n;
	segs[0].pkt_len = (uint32_t)len;
	/* shapes 0xfc..0xff: a lying pkt_len, which the chain check must refuse */
	if ((shape & 0xfc) == 0xfc)
		segs[0].pkt_len += 1 + (shape & 3);
	return segs;
}

static void
chain_free(struct rte_mbuf *segs)
{
	unsigned int i, n = segs[0].nb_segs;

	for (i = 0; i < n; i++)
		free(segs[i].buf_addr);
	free(segs);
}

static void
out_reset(struct rte_mbuf *o, void *buf)
{
	memset(o, 0, sizeof(*o));
	o->buf_addr = buf;
	o->buf_len = OUT_ROOM;
	o->data_off = 64;
	o->nb_segs = 1;
}

static const struct rte_ether_addr mac = { { 0x02, 0, 0, 0, 0, 0x01 } };

static void
check_replies(const struct rte_mbuf *m, const struct ebb_pkt *p)
{
	static uint8_t buf[OUT_ROOM];
	struct rte_mbuf o;
	struct ebb_pkt r;
	const void *fr;
	uint32_t len;

	out_reset(&o, buf);
	if (p->kind == EBB_PKT_ARP && p->arp.arp_opcode == RTE_BE16(RTE_ARP_OP_REQUEST)) {
		if (ebb_proto_arp_reply(&o, p, &mac, p->arp.arp_data.arp_tip) != 0)
			abort(); /* always fits */
		if (ebb_proto_parse(&o, 0, &r) != EBB_PKT_ARP ||
		    r.arp.arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY) ||
		    r.arp.arp_data.arp_tip != p->arp.arp_data.arp_sip ||
		    r.has_vlan != p->has_vlan)
			abort();
	}
	if (p->kind == EBB_PKT_ICMP && p->icmp.icmp_type == RTE_IP_ICMP_ECHO_REQUEST &&
	    p->icmp.icmp_code == 0) {
		len = ebb_proto_reply_len(p);
		if (len > OUT_ROOM - o.data_off)
			return;
		fr = rte_pktmbuf_read(m, 0, len, rte_pktmbuf_mtod(&o, void *));
		if (fr == NULL)
			abort(); /* the parser said the packet is there */
		if (ebb_proto_icmp_echo_reply(&o, fr, p, &mac) != 0)
			abort();
		if (ebb_proto_parse(&o, 0, &r) != EBB_PKT_ICMP ||
		    r.icmp.icmp_type != RTE_IP_ICMP_ECHO_REPLY ||
		    r.ip.src_addr != p->ip.dst_addr || r.ip.dst_addr != p->ip.src_addr ||
		    r.ip_len != p->ip_len)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *m;
	struct ebb_pkt p, q;
	enum ebb_pkt_kind k;

	if (size < 1 || size > 1 + 9000)
		return -1;
	m = chain_make(data + 1, size - 1, data[0]);
	k = ebb_proto_parse(m, 0, &p);
	if (k == EBB_PKT_BAD && (p.reason == EBB_BAD_NONE || p.reason >= EBB_BAD_MAX))
		abort();
	if (k == EBB_PKT_ARP || k == EBB_PKT_ICMP)
		check_replies(m, &p);
	/* with the filter set to the destination, the answer must not change */
	if (k == EBB_PKT_ICMP || k == EBB_PKT_IPV4) {
		if (ebb_proto_parse(m, p.ip.dst_addr != 0 ? p.ip.dst_addr : 1, &q) !=
		    (p.ip.dst_addr != 0 ? k : EBB_PKT_IPV4))
			abort();
	}
	chain_free(m);
	return 0;
}
