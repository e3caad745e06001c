/* SPDX-License-Identifier: BSD-3-Clause */
/* test_applet.c: CUnit suite of lib/applet: parsers, responder replies, exhaustion, probe states. */
/*
 * Description: frames are built here byte by byte (independently of the library's
 * builders) and fed as single- or multi-segment mbufs from a "wire" pool; replies and
 * probes come from the port pool, which the tests empty to force waiting. The clock is
 * injected. Every test ends with both pools full.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "ebb_applet.h"
#include "ebb_proto.h"
#ifdef EBB_APPLET_HAVE_WAIT
#include "ebb_wait.h"
#include "ebb_waitq.h"
#endif

#define PORT 3
#define POOL_N 64
#define MAXTX 256
#define MS 1000ULL

static struct rte_mempool *wire; /* requests come from here */
static struct rte_mempool *plain; /* port pool, ring ops */
static struct rte_mempool *waitq; /* port pool, ebb_waitq ops (NULL without lib/wait) */

static const struct rte_ether_addr my_mac = { { 0x02, 0, 0, 0, 0, 0x01 } };
static const struct rte_ether_addr peer_mac = { { 0x02, 0, 0, 0, 0, 0x02 } };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
#define MY_IP RTE_IPV4(10, 0, 0, 1)
#define PEER_IP RTE_IPV4(10, 0, 0, 2)
#define OTHER_IP RTE_IPV4(10, 0, 0, 9)

/* ---- fake engine: clock and tx ---- */

static uint64_t now_us;
static struct rte_mbuf *txq[MAXTX];
static unsigned int nb_tx, tx_accept = MAXTX;

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return now_us;
}

static uint16_t
fake_tx(uint16_t port, uint16_t queue, struct rte_mbuf **m, uint16_t n, void *arg)
{
	uint16_t i;

	(void)arg;
	CU_ASSERT_EQUAL(port, PORT);
	CU_ASSERT_EQUAL(queue, 1);
	for (i = 0; i < n && nb_tx < tx_accept && nb_tx < MAXTX; i++)
		txq[nb_tx++] = m[i];
	return i;
}

static void
tx_free(void)
{
	unsigned int i;

	for (i = 0; i < nb_tx; i++)
		rte_pktmbuf_free(txq[i]);
	nb_tx = 0;
	tx_accept = MAXTX;
}

static struct ebb_applet *
applet_make(struct rte_mempool *mp, unsigned int pending_max)
{
	struct ebb_applet_conf c = {
		.port_id = PORT, .tx_queue = 1, .mac = my_mac, .mp = mp, .tx = fake_tx,
		.clock = fake_clock, .pending_max = pending_max, .wait_timeout_us = 100 * MS,
		.socket_id = SOCKET_ID_ANY,
	};
	struct ebb_applet *a;

	ebb_applet_free(ebb_applet_get(PORT)); /* left by a test that failed */
	a = ebb_applet_create(&c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	now_us = 1000 * MS;
	nb_tx = 0;
	tx_accept = MAXTX;
	return a;
}

static void
pool_audit(struct rte_mempool *mp)
{
	if (mp == NULL)
		return;
#ifdef EBB_APPLET_HAVE_WAIT
	if (mp == waitq) {
		CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(mp, 0), 0);
		ebb_wait_run_lcore();
	}
#endif
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), mp->size);
}

/* Every test ends here: applet gone, tx freed, all pools full. */
static void
finish(struct ebb_applet *a)
{
	ebb_applet_free(a);
	tx_free();
	pool_audit(wire);
	pool_audit(plain);
	pool_audit(waitq);
}

static unsigned int
drain(struct rte_mempool *mp, struct rte_mbuf **held)
{
	unsigned int n = 0;

	while (n < POOL_N && (held[n] = rte_pktmbuf_alloc(mp)) != NULL)
		n++;
	return n;
}

/* ---- frames, built by hand ---- */

static uint8_t *
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p = put16(p, (uint16_t)(v >> 16));
	return put16(p, (uint16_t)v);
}

/* an IPv4 address already in network order */
static uint8_t *
putip(uint8_t *p, uint32_t be)
{
	memcpy(p, &be, 4);
	return p + 4;
}

static uint8_t *
putmac(uint8_t *p, const void *mac)
{
	memcpy(p, mac, 6);
	return p + 6;
}

/* RFC 1071 checksum of n bytes, as a host-order value to store big-endian. */
static uint16_t
csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint8_t *
put_l2(uint8_t *p, const void *dst, const void *src, int vlan, uint16_t type)
{
	p = putmac(p, dst);
	p = putmac(p, src);
	if (vlan >= 0) {
		p = put16(p, 0x8100);
		p = put16(p, (uint16_t)vlan);
	}
	return put16(p, type);
}

static size_t
arp_frame(uint8_t *f, int vlan, uint16_t op, const void *edst, const void *sha, uint32_t sip,
	  const void *tha, uint32_t tip)
{
	uint8_t *p = put_l2(f, edst, sha, vlan, 0x0806);

	p = put16(p, 1);
	p = put16(p, 0x0800);
	*p++ = 6;
	*p++ = 4;
	p = put16(p, op);
	p = putmac(p, sha);
	p = putip(p, sip);
	p = putmac(p, tha);
	p = putip(p, tip);
	return (size_t)(p - f);
}

/* IPv4 + ICMP echo (type 8 or 0) with paylen bytes of data and optlen bytes of options. */
static size_t
icmp_frame(uint8_t *f, int vlan, const void *edst, const void *esrc, uint32_t sip, uint32_t dip,
	   uint8_t type, uint16_t id, uint16_t seq, size_t paylen, size_t optlen, uint8_t ttl)
{
	uint8_t *ip = put_l2(f, edst, esrc, vlan, 0x0800), *ic, *p;
	size_t i, l3 = 20 + optlen, tot = l3 + 8 + paylen;

	p = ip;
	*p++ = (uint8_t)(0x40 | (l3 / 4));
	*p++ = 0;
	p = put16(p, (uint16_t)tot);
	p = put16(p, 0x1234);
	p = put16(p, 0x4000);
	*p++ = ttl;
	*p++ = 1;
	p = put16(p, 0);
	p = putip(p, sip);
	p = putip(p, dip);
	for (i = 0; i < optlen; i++)
		*p++ = 1; /* NOP options */
	put16(ip + 10, csum(ip, l3));
	ic = p;
	*p++ = type;
	*p++ = 0;
	p = put16(p, 0);
	p = put16(p, id);
	p = put16(p, seq);
	for (i = 0; i < paylen; i++)
		*p++ = (uint8_t)(i * 7 + 3);
	put16(ic + 2, csum(ic, 8 + paylen));
	return (size_t)(p - f);
}

static size_t
udp_frame(uint8_t *f, uint32_t dip)
{
	uint8_t *ip = put_l2(f, &my_mac, &peer_mac, -1, 0x0800), *p = ip;

	*p++ = 0x45;
	*p++ = 0;
	p = put16(p, 28);
	p = put32(p, 0);
	*p++ = 64;
	*p++ = 17;
	p = put16(p, 0);
	p = putip(p, rte_cpu_to_be_32(PEER_IP));
	p = putip(p, dip);
	put16(ip + 10, csum(ip, 20));
	memset(p, 0, 8);
	return (size_t)(p + 8 - f);
}

/* An mbuf from the wire pool holding f; split > 0 puts bytes [split, len) in a 2nd seg. */
static struct rte_mbuf *
mk(const uint8_t *f, size_t len, size_t split)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(wire), *m2;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	if (split == 0 || split >= len) {
		memcpy(rte_pktmbuf_append(m, (uint16_t)len), f, len);
		return m;
	}
	memcpy(rte_pktmbuf_append(m, (uint16_t)split), f, split);
	m2 = rte_pktmbuf_alloc(wire);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
	memcpy(rte_pktmbuf_append(m2, (uint16_t)(len - split)), f + split, len - split);
	CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_chain(m, m2), 0);
	return m;
}

static enum ebb_pkt_kind
parse_bytes(const uint8_t *f, size_t len, size_t split, struct ebb_pkt *p)
{
	struct rte_mbuf *m = mk(f, len, split);
	enum ebb_pkt_kind k = ebb_proto_parse(m, 0, p);

	rte_pktmbuf_free(m);
	return k;
}

/* Expect reason r for every split of the frame (single segment and all 2-seg splits). */
static void
expect_bad(const uint8_t *f, size_t len, enum ebb_pkt_reason r)
{
	struct ebb_pkt p;
	size_t s;

	for (s = 0; s < len; s++) {
		CU_ASSERT_EQUAL(parse_bytes(f, len, s, &p), EBB_PKT_BAD);
		if (p.reason != r)
			printf("\n  split %zu: reason %s, want %s\n", s,
			       ebb_pkt_reason_name(p.reason), ebb_pkt_reason_name(r));
		CU_ASSERT_EQUAL(p.reason, r);
	}
}

static void
expect_kind(const uint8_t *f, size_t len, enum ebb_pkt_kind k)
{
	struct ebb_pkt p;
	size_t s;

	for (s = 0; s < len; s++) {
		CU_ASSERT_EQUAL(parse_bytes(f, len, s, &p), k);
		if (p.kind != k)
			printf("\n  split %zu of %zu: kind %u (%s), want %u\n", s, len, p.kind,
			       ebb_pkt_reason_name(p.reason), k);
	}
}

/* The whole (possibly chained) mbuf equals the bytes f. */
static int
same(const struct rte_mbuf *m, const uint8_t *f, size_t len)
{
	uint8_t buf[2048];
	const void *d;

	if (m->pkt_len != len)
		return 0;
	d = rte_pktmbuf_read(m, 0, (uint32_t)len, buf);
	return d != NULL && memcmp(d, f, len) == 0;
}


/* ---- negative cases ---- */

static void
test_negative(void)
{
	struct ebb_applet_conf c = {
		.port_id = PORT, .tx_queue = 1, .mac = my_mac, .mp = plain, .tx = fake_tx,
		.clock = fake_clock, .socket_id = SOCKET_ID_ANY,
	};
	struct ebb_probe_conf pc = { .dst_ip = rte_cpu_to_be_32(PEER_IP), .interval_ms = 100,
		.timeout_ms = 50, .rise = 2, .fall = 3, .method = EBB_PROBE_AUTO };
	struct ebb_probe_conf bad;
	struct ebb_responder_stats rs;
	struct ebb_probe_stats ps;
	struct ebb_applet *a;
	uint8_t f[64];
	struct rte_mbuf *m;

	CU_ASSERT_PTR_NULL(ebb_applet_create(NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(ebb_applet_stop_lcore(NULL), -EINVAL);
	c.tx = NULL;
	CU_ASSERT_PTR_NULL(ebb_applet_create(&c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.tx = fake_tx;
	c.mp = NULL;
	CU_ASSERT_PTR_NULL(ebb_applet_create(&c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.mp = plain;
	c.port_id = RTE_MAX_ETHPORTS;
	CU_ASSERT_PTR_NULL(ebb_applet_create(&c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.port_id = PORT;
	c.pending_max = EBB_APPLET_PENDING_MAX + 1;
	CU_ASSERT_PTR_NULL(ebb_applet_create(&c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.pending_max = 0;

	/* nothing on the port yet */
	CU_ASSERT_PTR_NULL(ebb_applet_get(PORT));
	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), -ENODEV);
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &pc), -ENODEV);
	CU_ASSERT_EQUAL(ebb_probe_clear(PORT), -ENODEV);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), -ENODEV);
	CU_ASSERT_EQUAL(ebb_probe_stats_get(PORT, &ps), -ENODEV);
	CU_ASSERT_EQUAL(ebb_responder_set_ip(RTE_MAX_ETHPORTS, 0, 0), -ENODEV);
	m = mk(f, arp_frame(f, -1, 1, bcast, &peer_mac, rte_cpu_to_be_32(PEER_IP), bcast,
			    rte_cpu_to_be_32(MY_IP)), 0);
	CU_ASSERT_FALSE(ebb_applet_input(PORT, m));

	a = applet_make(plain, 0);
	CU_ASSERT_PTR_EQUAL(ebb_applet_get(PORT), a);
	CU_ASSERT_PTR_NULL(ebb_applet_create(&c));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	/* no address: even an ARP request for 10.0.0.1 is not ours */
	CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
	CU_ASSERT_FALSE(ebb_applet_input(PORT, NULL));

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 33), -EINVAL);
	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(UINT32_C(0xe0000001)), 4),
			-EINVAL);
	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, 0xffffffff, 32), -EINVAL);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_probe_stats_get(PORT, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.ip, 0);

	CU_ASSERT_EQUAL(ebb_probe_set(PORT, NULL), -EINVAL);
	bad = pc; bad.dst_ip = 0;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.interval_ms = 0;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.interval_ms = 3600001; bad.timeout_ms = 1;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.timeout_ms = 0;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.timeout_ms = 101;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.rise = 0;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.fall = 0;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	bad = pc; bad.method = 7;
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &bad), -EINVAL);
	CU_ASSERT_EQUAL(ebb_probe_stats_get(PORT, &ps), 0);
	CU_ASSERT_EQUAL(ps.enabled, 0);
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us), UINT64_MAX); /* nothing to do */
	CU_ASSERT_EQUAL(nb_tx, 0);
	rte_pktmbuf_free(m);
	finish(a);
	CU_ASSERT_PTR_NULL(ebb_applet_get(PORT));
	ebb_applet_free(NULL);
}

/* ---- parsers ---- */

static void
test_parse_valid(void)
{
	uint8_t f[256];
	struct ebb_pkt p;
	size_t n;

	n = arp_frame(f, -1, 1, bcast, &peer_mac, rte_cpu_to_be_32(PEER_IP), bcast,
		      rte_cpu_to_be_32(MY_IP));
	expect_kind(f, n, EBB_PKT_ARP);
	CU_ASSERT_EQUAL(parse_bytes(f, n, 0, &p), EBB_PKT_ARP);
	CU_ASSERT_EQUAL(p.l2_len, 14);
	CU_ASSERT_EQUAL(p.has_vlan, 0);
	CU_ASSERT_EQUAL(p.arp.arp_data.arp_tip, rte_cpu_to_be_32(MY_IP));
	/* padded to the Ethernet minimum: still ARP */
	memset(f + n, 0, 60 - n);
	expect_kind(f, 60, EBB_PKT_ARP);

	n = arp_frame(f, 0x0123, 2, &my_mac, &peer_mac, 1, &my_mac, 2);
	expect_kind(f, n, EBB_PKT_ARP);
	CU_ASSERT_EQUAL(parse_bytes(f, n, 0, &p), EBB_PKT_ARP);
	CU_ASSERT_EQUAL(p.l2_len, 18);
	CU_ASSERT_EQUAL(p.has_vlan, 1);
	CU_ASSERT_EQUAL(p.vlan_tci, rte_cpu_to_be_16(0x0123));

	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 7, 9, 33, 0, 64);
	expect_kind(f, n, EBB_PKT_ICMP);
	CU_ASSERT_EQUAL(parse_bytes(f, n, 0, &p), EBB_PKT_ICMP);
	CU_ASSERT_EQUAL(p.ip_len, n - 14);
	CU_ASSERT_EQUAL(p.l3_len, 20);
	CU_ASSERT_EQUAL(p.icmp.icmp_seq_nb, rte_cpu_to_be_16(9));
	/* with options, a tag, an odd length */
	n = icmp_frame(f, 5, &my_mac, &peer_mac, 1, 2, 8, 7, 9, 0, 12, 3);
	expect_kind(f, n, EBB_PKT_ICMP);
	CU_ASSERT_EQUAL(parse_bytes(f, n, 0, &p), EBB_PKT_ICMP);
	CU_ASSERT_EQUAL(p.l3_len, 32);
	CU_ASSERT_EQUAL(p.l2_len, 18);
	/* the local-address filter stops before checksums */
	n = icmp_frame(f, -1, &my_mac, &peer_mac, 1, rte_cpu_to_be_32(OTHER_IP), 8, 7, 9, 4, 0,
		       64);
	f[30] ^= 0xff; /* breaks the IP checksum */
	{
		struct rte_mbuf *m = mk(f, n, 0);

		CU_ASSERT_EQUAL(ebb_proto_parse(m, rte_cpu_to_be_32(MY_IP), &p), EBB_PKT_IPV4);
		CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
		CU_ASSERT_EQUAL(p.reason, EBB_BAD_IP_CKSUM);
		rte_pktmbuf_free(m);
	}

	n = udp_frame(f, rte_cpu_to_be_32(MY_IP));
	expect_kind(f, n, EBB_PKT_IPV4);
	/* IPv6 and QinQ are not ours */
	n = udp_frame(f, 1);
	put16(f + 12, 0x86dd);
	expect_kind(f, n, EBB_PKT_OTHER);
	n = arp_frame(f, 7, 1, bcast, &peer_mac, 1, bcast, 2);
	put16(f + 16, 0x8100);
	expect_kind(f, n, EBB_PKT_OTHER);
	CU_ASSERT_STRING_EQUAL(ebb_pkt_reason_name(EBB_BAD_IP_CKSUM), "ip_cksum");
	CU_ASSERT_STRING_EQUAL(ebb_pkt_reason_name(EBB_BAD_MAX), "?");
	finish(NULL);
}

static void
test_parse_malformed(void)
{
	uint8_t f[256], g[256];
	struct rte_mbuf *m;
	struct ebb_pkt p;
	size_t n, a;

	memset(f, 0, sizeof(f));
	/* chain: pkt_len larger than the data, a bad nb_segs */
	m = mk(f, 40, 20);
	m->pkt_len = 60;
	CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
	CU_ASSERT_EQUAL(p.reason, EBB_BAD_CHAIN);
	m->pkt_len = 40;
	m->nb_segs = 3;
	CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
	CU_ASSERT_EQUAL(p.reason, EBB_BAD_CHAIN);
	m->nb_segs = 1;
	CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
	CU_ASSERT_EQUAL(p.reason, EBB_BAD_CHAIN);
	m->nb_segs = 2;
	rte_pktmbuf_free(m);
	/* an empty segment inside a chain is fine */
	m = mk(f, 40, 20);
	m->pkt_len = 20;
	m->next->data_len = 0;
	CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_OTHER);
	rte_pktmbuf_free(m);
	m = mk(f, 40, 0);
	m->data_len = (uint16_t)(m->buf_len - m->data_off + 1); /* beyond the buffer */
	m->pkt_len = m->data_len;
	CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
	CU_ASSERT_EQUAL(p.reason, EBB_BAD_CHAIN);
	m->data_len = 40;
	m->pkt_len = 40;
	rte_pktmbuf_free(m);

	/* runt: 0..13 bytes, and a tag cut short */
	for (n = 0; n < 14; n++) {
		m = mk(f, n, 0);
		CU_ASSERT_EQUAL(ebb_proto_parse(m, 0, &p), EBB_PKT_BAD);
		CU_ASSERT_EQUAL(p.reason, EBB_BAD_RUNT);
		rte_pktmbuf_free(m);
	}
	n = arp_frame(f, 9, 1, bcast, &peer_mac, 1, bcast, 2);
	expect_bad(f, 16, EBB_BAD_RUNT);

	/* ARP */
	n = arp_frame(f, -1, 1, bcast, &peer_mac, 1, bcast, 2);
	expect_bad(f, n - 1, EBB_BAD_ARP_TRUNC);
	expect_bad(f, 14, EBB_BAD_ARP_TRUNC);
	memcpy(g, f, n);
	g[15] = 6; /* htype */
	expect_bad(g, n, EBB_BAD_ARP_FORMAT);
	memcpy(g, f, n);
	g[16] = 0x86; /* ptype */
	expect_bad(g, n, EBB_BAD_ARP_FORMAT);
	memcpy(g, f, n);
	g[18] = 8; /* hlen */
	expect_bad(g, n, EBB_BAD_ARP_FORMAT);
	memcpy(g, f, n);
	g[19] = 16; /* plen */
	expect_bad(g, n, EBB_BAD_ARP_FORMAT);
	memcpy(g, f, n);
	g[21] = 3; /* RARP request */
	expect_bad(g, n, EBB_BAD_ARP_OP);

	/* IPv4: l3 at 14 */
	n = icmp_frame(f, -1, &my_mac, &peer_mac, 1, 2, 8, 1, 1, 8, 0, 64);
	expect_bad(f, 14 + 19, EBB_BAD_IP_TRUNC);
	expect_bad(f, 14, EBB_BAD_IP_TRUNC);
	memcpy(g, f, n);
	g[14] = 0x65;
	expect_bad(g, n, EBB_BAD_IP_VERSION);
	memcpy(g, f, n);
	g[14] = 0x44;
	expect_bad(g, n, EBB_BAD_IP_IHL);
	memcpy(g, f, n);
	g[14] = 0x4f; /* 60-byte header in a 50-byte packet */
	expect_bad(g, 14 + 50, EBB_BAD_IP_IHL);
	memcpy(g, f, n);
	put16(g + 16, 19); /* total < header */
	expect_bad(g, n, EBB_BAD_IP_LEN);
	memcpy(g, f, n);
	put16(g + 16, (uint16_t)(n - 14 + 1)); /* total beyond the frame */
	expect_bad(g, n, EBB_BAD_IP_LEN);
	memcpy(g, f, n);
	g[22] = 63; /* TTL changed, checksum not */
	expect_bad(g, n, EBB_BAD_IP_CKSUM);
	for (a = 0; a < 2; a++) {
		memcpy(g, f, n);
		put16(g + 20, a == 0 ? 0x2000 : 0x0001); /* MF, or an offset */
		put16(g + 24, 0);
		put16(g + 24, csum(g + 14, 20));
		expect_bad(g, n, EBB_BAD_IP_FRAG);
	}
	/* ICMP shorter than 8 bytes: the IP total length says 20 + 7 */
	memcpy(g, f, n);
	put16(g + 16, 27);
	put16(g + 24, 0);
	put16(g + 24, csum(g + 14, 20));
	expect_bad(g, n, EBB_BAD_ICMP_TRUNC);
	memcpy(g, f, n);
	g[n - 1] ^= 1; /* data changed, ICMP checksum not */
	expect_bad(g, n, EBB_BAD_ICMP_CKSUM);
	finish(NULL);
}

/* ---- responder ---- */

static void
test_responder_arp(void)
{
	struct ebb_applet *a = applet_make(plain, 0);
	struct ebb_responder_stats rs;
	uint8_t f[128], want[128];
	size_t n, w;
	int vlan;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	for (vlan = -1; vlan <= 100; vlan += 101) {
		n = arp_frame(f, vlan, 1, bcast, &peer_mac, rte_cpu_to_be_32(PEER_IP), bcast,
			      rte_cpu_to_be_32(MY_IP));
		memset(f + n, 0xee, 8); /* trailing padding */
		CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n + 8, vlan < 0 ? 0 : 17)));
		CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
		w = arp_frame(want, vlan, 2, &peer_mac, &my_mac, rte_cpu_to_be_32(MY_IP),
			      &peer_mac, rte_cpu_to_be_32(PEER_IP));
		CU_ASSERT_TRUE(same(txq[0], want, w));
		CU_ASSERT_PTR_EQUAL(txq[0]->pool, plain); /* a fresh buffer of the port */
		tx_free();
	}
	/* for someone else, a reply to us that no probe wanted, gratuitous */
	n = arp_frame(f, -1, 1, bcast, &peer_mac, rte_cpu_to_be_32(PEER_IP), bcast,
		      rte_cpu_to_be_32(OTHER_IP));
	{
		struct rte_mbuf *m = mk(f, n, 0);

		CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
		rte_pktmbuf_free(m);
	}
	n = arp_frame(f, -1, 2, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP), &my_mac,
		      rte_cpu_to_be_32(MY_IP));
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 0)));
	CU_ASSERT_EQUAL(nb_tx, 0);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.ip, rte_cpu_to_be_32(MY_IP));
	CU_ASSERT_EQUAL(rs.prefix_len, 24);
	CU_ASSERT_EQUAL(rs.arp_requests, 2);
	CU_ASSERT_EQUAL(rs.arp_replies, 2);
	CU_ASSERT_EQUAL(rs.arp_other, 1);
	CU_ASSERT_EQUAL(rs.malformed_total, 0);
	/* address removed: not ours any more */
	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, 0, 0), 0);
	n = arp_frame(f, -1, 1, bcast, &peer_mac, rte_cpu_to_be_32(PEER_IP), bcast,
		      rte_cpu_to_be_32(MY_IP));
	{
		struct rte_mbuf *m = mk(f, n, 0);

		CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
		rte_pktmbuf_free(m);
	}
	finish(a);
}

static void
test_responder_icmp(void)
{
	struct ebb_applet *a = applet_make(plain, 0);
	struct ebb_responder_stats rs;
	uint8_t f[1600], want[1600];
	struct rte_mbuf *m;
	size_t n, n0, w, s;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 0x4242, 17, 56, 0, 61);
	w = icmp_frame(want, -1, &peer_mac, &my_mac, rte_cpu_to_be_32(MY_IP),
		       rte_cpu_to_be_32(PEER_IP), 0, 0x4242, 17, 56, 0, 64);
	/* every split, including inside the Ethernet, IP and ICMP headers */
	n0 = n;
	for (s = 0; s < n; s++) {
		CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, s)));
		CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
		CU_ASSERT_TRUE(same(txq[0], want, w));
		CU_ASSERT_EQUAL(txq[0]->nb_segs, 1);
		tx_free();
	}
	/* tagged, with options and padding after the IP packet */
	n = icmp_frame(f, 42, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 1, 2, 3, 8, 64);
	w = icmp_frame(want, 42, &peer_mac, &my_mac, rte_cpu_to_be_32(MY_IP),
		       rte_cpu_to_be_32(PEER_IP), 0, 1, 2, 3, 8, 64);
	memset(f + n, 0, 10);
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n + 10, 0)));
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	CU_ASSERT_TRUE(same(txq[0], want, w));
	tx_free();
	/* the largest echo that fits in one fresh buffer (1500-byte IP) */
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 1, 2, 1472, 0, 64);
	w = icmp_frame(want, -1, &peer_mac, &my_mac, rte_cpu_to_be_32(MY_IP),
		       rte_cpu_to_be_32(PEER_IP), 0, 1, 2, 1472, 0, 64);
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 1000)));
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	CU_ASSERT_TRUE(same(txq[0], want, w));
	tx_free();
	/* tx refuses: freed and counted */
	tx_accept = 0;
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 1, 2, 3, 0, 64);
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 0)));
	tx_accept = MAXTX;
	/* not ours: other address, UDP to us; ours but not an echo request: dropped */
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(OTHER_IP), 8, 1, 2, 3, 0, 64);
	m = mk(f, n, 0);
	CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
	rte_pktmbuf_free(m);
	n = udp_frame(f, rte_cpu_to_be_32(MY_IP));
	m = mk(f, n, 0);
	CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
	rte_pktmbuf_free(m);
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 0, 1, 2, 3, 0, 64);
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 0)));
	/* malformed to us: counted and dropped; malformed elsewhere: counted, not consumed */
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 1, 2, 3, 0, 64);
	f[n - 1] ^= 0x10;
	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 0)));
	m = mk(f, 12, 0);
	CU_ASSERT_FALSE(ebb_applet_input(PORT, m));
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(nb_tx, 0);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.icmp_requests, n0 + 3);
	CU_ASSERT_EQUAL(rs.icmp_replies, n0 + 2);
	CU_ASSERT_EQUAL(rs.tx_dropped, 1);
	CU_ASSERT_EQUAL(rs.icmp_other, 1);
	CU_ASSERT_EQUAL(rs.malformed_total, 2);
	CU_ASSERT_EQUAL(rs.malformed[EBB_BAD_ICMP_CKSUM], 1);
	CU_ASSERT_EQUAL(rs.malformed[EBB_BAD_RUNT], 1);
	CU_ASSERT_EQUAL(rs.queued, 0);
	CU_ASSERT_EQUAL(rs.dropped_too_big, 0);
	finish(a);
}

/* ---- exhaustion: the same story on a plain pool (polling) and an ebb_waitq pool ---- */

/* Let buffers reach the applet: lib/wait offers, then the applet's own run. */
static void
pump(struct ebb_applet *a)
{
#ifdef EBB_APPLET_HAVE_WAIT
	int i;

	for (i = 0; i < 100 && ebb_wait_run_lcore() != 0; i++)
		;
#endif
	ebb_applet_run(a, now_us);
}

static void
feed_echo(uint16_t seq)
{
	uint8_t f[256];
	size_t n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
			      rte_cpu_to_be_32(MY_IP), 8, 0x77, seq, 24, 0, 64);

	CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, seq % 2 ? 20 : 0)));
}

static uint16_t
tx_seq(unsigned int i)
{
	struct ebb_pkt p;

	CU_ASSERT_EQUAL(ebb_proto_parse(txq[i], 0, &p), EBB_PKT_ICMP);
	CU_ASSERT_EQUAL(p.icmp.icmp_type, RTE_IP_ICMP_ECHO_REPLY);
	return rte_be_to_cpu_16(p.icmp.icmp_seq_nb);
}

static void
responder_exhaustion(struct rte_mempool *mp, uint8_t mode)
{
	struct ebb_applet *a = applet_make(mp, 4);
	struct rte_mbuf *held[POOL_N];
	struct ebb_responder_stats rs;
	unsigned int nh, free_before;
	uint16_t seq;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	nh = drain(mp, held);
	CU_ASSERT_EQUAL(nh, POOL_N);
	for (seq = 1; seq <= 6; seq++)
		feed_echo(seq);
	CU_ASSERT_EQUAL(nb_tx, 0);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.wait_mode, mode);
	CU_ASSERT_EQUAL(rs.icmp_requests, 6);
	CU_ASSERT_EQUAL(rs.queued, 6);
	CU_ASSERT_EQUAL(rs.dropped_pending, 2); /* bound 4: 1 and 2 made room */
	CU_ASSERT_EQUAL(rs.pending, 4);
	CU_ASSERT_EQUAL(rs.waited, 1);
	/* nothing comes back: nothing happens */
	pump(a);
	CU_ASSERT_EQUAL(nb_tx, 0);
	/* two buffers come back: the two oldest are answered, in order */
	rte_pktmbuf_free(held[--nh]);
	rte_pktmbuf_free(held[--nh]);
	pump(a);
	pump(a);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 2);
	CU_ASSERT_EQUAL(tx_seq(0), 3);
	CU_ASSERT_EQUAL(tx_seq(1), 4);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.pending, 2);
	/* a new request queues behind the held ones */
	feed_echo(7);
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	pump(a);
	pump(a);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 5);
	CU_ASSERT_EQUAL(tx_seq(2), 5);
	CU_ASSERT_EQUAL(tx_seq(3), 6);
	CU_ASSERT_EQUAL(tx_seq(4), 7);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.pending, 0);
	CU_ASSERT_EQUAL(rs.icmp_replies, 5);
	tx_free();

	/* timeout: what is held is dropped, without taking a buffer */
	nh = drain(mp, held);
	CU_ASSERT_EQUAL(nh, POOL_N);
	for (seq = 10; seq < 13; seq++)
		feed_echo(seq);
	now_us += 99 * MS;
	/* its deadline; polling for buffers, sooner */
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us), mode == EBB_APPLET_WAIT_POLL ?
			now_us + EBB_APPLET_POLL_US : now_us + 1 * MS);
	now_us += 1 * MS;
	free_before = rte_mempool_avail_count(mp);
	pump(a);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), free_before);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.dropped_timeout, 3);
	CU_ASSERT_EQUAL(rs.pending, 0);
	CU_ASSERT_EQUAL(rs.waited, 3);
	pump(a);
	CU_ASSERT_EQUAL(nb_tx, 0); /* nobody answered after the timeout */
	/* the loop stops while requests wait: dropped, the waiter cancelled */
	feed_echo(20);
	feed_echo(21);
	CU_ASSERT_EQUAL(ebb_applet_stop_lcore(a), 0);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.dropped_stop, 2);
	CU_ASSERT_EQUAL(rs.pending, 0);
	CU_ASSERT_EQUAL(rs.dropped_timeout, 3);
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	pump(a);
	CU_ASSERT_EQUAL(nb_tx, 0);
	finish(a);
}

static void
test_responder_exhaustion_plain(void)
{
	responder_exhaustion(plain, EBB_APPLET_WAIT_POLL);
}

static void
test_responder_exhaustion_waitq(void)
{
	if (waitq == NULL) {
		printf("  (no lib/wait in this build)\n");
		return;
	}
	responder_exhaustion(waitq, EBB_APPLET_WAIT_WAITER);
}

#ifdef EBB_APPLET_HAVE_WAIT
static void *
thread_feed(void *arg)
{
	struct rte_mbuf *m = arg;

	return (void *)(uintptr_t)ebb_applet_input(PORT, m);
}
#endif

/* A thread that is not an EAL lcore cannot queue in lib/wait: the applet polls instead. */
static void
test_responder_off_lcore(void)
{
#ifdef EBB_APPLET_HAVE_WAIT
	struct ebb_applet *a = applet_make(waitq, 0);
	struct rte_mbuf *held[POOL_N];
	struct ebb_responder_stats rs;
	uint8_t f[256];
	unsigned int nh;
	pthread_t t;
	void *ret;
	size_t n;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	nh = drain(waitq, held);
	n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
		       rte_cpu_to_be_32(MY_IP), 8, 0x77, 1, 24, 0, 64);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, thread_feed, mk(f, n, 0)), 0);
	CU_ASSERT_EQUAL(pthread_join(t, &ret), 0);
	CU_ASSERT_PTR_EQUAL(ret, (void *)1);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.wait_errors, 1);
	CU_ASSERT_EQUAL(rs.pending, 1);
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us), now_us + EBB_APPLET_POLL_US);
	rte_pktmbuf_free(held[--nh]);
	ebb_applet_run(a, now_us); /* polls: answers */
	CU_ASSERT_EQUAL(nb_tx, 1);
	CU_ASSERT_EQUAL(tx_seq(0), 1);
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	finish(a);
#else
	printf("  (no lib/wait in this build)\n");
#endif
}

/* ebb_waitq reserve: control replies go on while data allocations fail. */
static void
test_responder_reserve(void)
{
#ifdef EBB_APPLET_HAVE_WAIT
	struct ebb_applet *a = applet_make(waitq, 0);
	struct rte_mbuf *held[POOL_N];
	struct ebb_responder_stats rs;
	unsigned int nh;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(waitq, 2), 0);
	nh = drain(waitq, held);
	CU_ASSERT_EQUAL(nh, POOL_N - 2);
	feed_echo(1);
	feed_echo(2);
	CU_ASSERT_EQUAL(nb_tx, 2); /* straight from the reserve */
	feed_echo(3);
	CU_ASSERT_EQUAL(nb_tx, 2);
	CU_ASSERT_EQUAL(ebb_responder_stats_get(PORT, &rs), 0);
	CU_ASSERT_EQUAL(rs.pending, 1);
	tx_free(); /* refills the reserve first, then the waiter... */
	pump(a);
	CU_ASSERT_EQUAL(nb_tx, 1);
	tx_free();
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	finish(a);
#else
	printf("  (no lib/wait in this build)\n");
#endif
}

/* ---- probe ---- */

#define IDENT (0xeb00 | PORT)

static struct ebb_probe_stats
pstats(void)
{
	struct ebb_probe_stats ps;

	CU_ASSERT_EQUAL(ebb_probe_stats_get(PORT, &ps), 0);
	return ps;
}

/* The probe just sent (txq[i]) is an ARP request for the peer from us. */
static void
expect_arp_probe(unsigned int i)
{
	static const uint8_t zero[6];
	uint8_t want[64];
	size_t w = arp_frame(want, -1, 1, bcast, &my_mac, rte_cpu_to_be_32(MY_IP), zero,
			     rte_cpu_to_be_32(PEER_IP));

	CU_ASSERT_FATAL(i < nb_tx);
	CU_ASSERT_TRUE(same(txq[i], want, w));
}

/* The probe just sent is an ICMP echo to the peer's MAC; returns its sequence. */
static uint16_t
expect_icmp_probe(unsigned int i)
{
	struct ebb_pkt p;

	CU_ASSERT_FATAL(i < nb_tx);
	CU_ASSERT_EQUAL_FATAL(ebb_proto_parse(txq[i], 0, &p), EBB_PKT_ICMP); /* checksums */
	CU_ASSERT_EQUAL(p.icmp.icmp_type, RTE_IP_ICMP_ECHO_REQUEST);
	CU_ASSERT_EQUAL(p.icmp.icmp_ident, rte_cpu_to_be_16(IDENT));
	CU_ASSERT_EQUAL(p.ip.src_addr, rte_cpu_to_be_32(MY_IP));
	CU_ASSERT_EQUAL(p.ip.dst_addr, rte_cpu_to_be_32(PEER_IP));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&p.eth.dst_addr, &peer_mac));
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&p.eth.src_addr, &my_mac));
	CU_ASSERT_EQUAL(p.ip_len, 20 + 8 + EBB_PROTO_ECHO_DATA);
	return rte_be_to_cpu_16(p.icmp.icmp_seq_nb);
}

static bool
arp_reply_in(void)
{
	uint8_t f[64];
	size_t n = arp_frame(f, -1, 2, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP), &my_mac,
			     rte_cpu_to_be_32(MY_IP));

	return ebb_applet_input(PORT, mk(f, n, 0));
}

static bool
echo_reply_in(uint16_t seq)
{
	uint8_t f[128];
	size_t n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
			      rte_cpu_to_be_32(MY_IP), 0, IDENT, seq, 16, 0, 64);

	return ebb_applet_input(PORT, mk(f, n, 0));
}

/*
 * ebb_applet_wants() (any lcore, published words only) agrees with what the owner's
 * ebb_applet_input() consumes, for each kind of frame, with no address, an address, and
 * an address plus a probe.
 */
static void
test_wants(void)
{
	struct ebb_applet *a = applet_make(plain, 0);
	struct ebb_probe_conf pc = { .dst_ip = rte_cpu_to_be_32(PEER_IP), .interval_ms = 100,
		.timeout_ms = 50, .rise = 1, .fall = 1, .method = EBB_PROBE_ARP };
	const uint32_t me = rte_cpu_to_be_32(MY_IP), peer = rte_cpu_to_be_32(PEER_IP);
	const uint32_t other = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 9));
	static uint8_t f[12][128];
	size_t len[12];
	/* per frame: wanted with no address, with an address, with address + probe */
	static const bool want[12][3] = {
		{ 0, 1, 1 }, /* 0 ARP request for us */
		{ 0, 1, 1 }, /* 1 ARP request for us, VLAN tagged */
		{ 0, 0, 0 }, /* 2 ARP request for another host, from the peer */
		{ 0, 1, 1 }, /* 3 ARP reply to us from the peer (ours: arp_other, or the probe's) */
		{ 0, 0, 1 }, /* 4 ARP reply from the peer to another host: the probe's */
		{ 0, 0, 0 }, /* 5 ARP reply from another host to another host */
		{ 0, 1, 1 }, /* 6 echo request to us */
		{ 0, 0, 0 }, /* 7 echo request to another host */
		{ 0, 1, 1 }, /* 8 echo reply to us */
		{ 0, 0, 0 }, /* 9 UDP to us: not the applet's */
		{ 0, 1, 1 }, /* 10 echo request to us, bad ICMP checksum: ours to drop */
		{ 0, 0, 0 }, /* 11 a runt */
	};
	unsigned int i, c;

	len[0] = arp_frame(f[0], -1, 1, bcast, &peer_mac, peer, bcast, me);
	len[1] = arp_frame(f[1], 5, 1, bcast, &peer_mac, peer, bcast, me);
	len[2] = arp_frame(f[2], -1, 1, bcast, &peer_mac, peer, bcast, other);
	len[3] = arp_frame(f[3], -1, 2, &my_mac, &peer_mac, peer, &my_mac, me);
	len[4] = arp_frame(f[4], -1, 2, bcast, &peer_mac, peer, bcast, other);
	len[5] = arp_frame(f[5], -1, 2, bcast, &peer_mac, other, bcast, other);
	len[6] = icmp_frame(f[6], -1, &my_mac, &peer_mac, peer, me, 8, 7, 1, 16, 0, 64);
	len[7] = icmp_frame(f[7], -1, &my_mac, &peer_mac, peer, other, 8, 7, 1, 16, 0, 64);
	len[8] = icmp_frame(f[8], -1, &my_mac, &peer_mac, peer, me, 0, 7, 1, 16, 0, 64);
	len[9] = udp_frame(f[9], me);
	len[10] = icmp_frame(f[10], -1, &my_mac, &peer_mac, peer, me, 8, 7, 1, 16, 0, 64);
	f[10][len[10] - 1] ^= 0x5a; /* payload changed after the checksum */
	memset(f[11], 0, 20);
	len[11] = 20;
	CU_ASSERT_FALSE(ebb_applet_wants(RTE_MAX_ETHPORTS, NULL));
	CU_ASSERT_FALSE(ebb_applet_wants(PORT, NULL));
	for (c = 0; c < 3; c++) {
		if (c == 1)
			CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, me, 24), 0);
		if (c == 2)
			CU_ASSERT_EQUAL(ebb_probe_set(PORT, &pc), 0);
		for (i = 0; i < RTE_DIM(len); i++) {
			struct rte_mbuf *m = mk(f[i], len[i], 0);
			bool w = ebb_applet_wants(PORT, m), in = ebb_applet_input(PORT, m);

			if (w != want[i][c] || in != w)
				fprintf(stderr, "\n  frame %u conf %u: wants %d input %d, expected %d\n",
					i, c, w, in, want[i][c]);
			CU_ASSERT_EQUAL(w, want[i][c]);
			CU_ASSERT_EQUAL(in, w);
			if (!in)
				rte_pktmbuf_free(m);
			tx_free();
		}
	}
	/* the probe off: its peer's replies to others are no longer wanted */
	CU_ASSERT_EQUAL(ebb_probe_clear(PORT), 0);
	{
		struct rte_mbuf *m = mk(f[4], len[4], 0);

		CU_ASSERT_FALSE(ebb_applet_wants(PORT, m));
		rte_pktmbuf_free(m);
	}
	finish(a);
}

static void
test_probe_states(void)
{
	struct ebb_applet *a = applet_make(plain, 0);
	struct ebb_probe_conf pc = { .dst_ip = rte_cpu_to_be_32(PEER_IP), .interval_ms = 100,
		.timeout_ms = 50, .rise = 2, .fall = 3, .method = EBB_PROBE_AUTO };
	struct ebb_probe_stats ps;
	uint64_t t0 = now_us;
	uint16_t seq;
	int i;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &pc), 0);
	CU_ASSERT_EQUAL(pstats().state, EBB_PROBE_UNKNOWN);
	/* t0: ARP first (peer MAC unknown), reply after 7 ms */
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us), t0 + 50 * MS);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	expect_arp_probe(0);
	tx_free();
	now_us = t0 + 7 * MS;
	CU_ASSERT_TRUE(arp_reply_in());
	ps = pstats();
	CU_ASSERT_EQUAL(ps.replies, 1);
	CU_ASSERT_EQUAL(ps.lat_last_us, 7 * MS);
	CU_ASSERT_EQUAL(ps.peer_known, 1);
	CU_ASSERT_TRUE(rte_is_same_ether_addr(&ps.peer_mac, &peer_mac));
	CU_ASSERT_EQUAL(ps.state, EBB_PROBE_UNKNOWN); /* rise 2 */
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us), t0 + 100 * MS);
	CU_ASSERT_EQUAL(nb_tx, 0);
	/* t0+100: ICMP echo to the learned MAC, reply after 3 ms: UP */
	now_us = t0 + 100 * MS;
	ebb_applet_run(a, now_us);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	seq = expect_icmp_probe(0);
	tx_free();
	now_us += 3 * MS;
	CU_ASSERT_TRUE(echo_reply_in(seq));
	ps = pstats();
	CU_ASSERT_EQUAL(ps.state, EBB_PROBE_UP);
	CU_ASSERT_EQUAL(ps.transitions, 1);
	CU_ASSERT_EQUAL(ps.replies, 2);
	CU_ASSERT_EQUAL(ps.lat_min_us, 3 * MS);
	CU_ASSERT_EQUAL(ps.lat_max_us, 7 * MS);
	CU_ASSERT_EQUAL(ps.lat_avg_us, 5 * MS);
	/* a duplicate: late, ignored but consumed */
	CU_ASSERT_TRUE(echo_reply_in(seq));
	CU_ASSERT_EQUAL(pstats().late_replies, 1);
	/* the peer goes silent: DOWN after 3 timeouts, then back to ARP */
	for (i = 2; i <= 5; i++) {
		now_us = t0 + (uint64_t)i * 100 * MS;
		ebb_applet_run(a, now_us);
		CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
		if (i < 5)
			expect_icmp_probe(0);
		else
			expect_arp_probe(0);
		tx_free();
		CU_ASSERT_EQUAL(pstats().state, i < 5 ? EBB_PROBE_UP : EBB_PROBE_DOWN);
	}
	ps = pstats();
	CU_ASSERT_EQUAL(ps.timeouts, 3);
	CU_ASSERT_EQUAL(ps.transitions, 2);
	CU_ASSERT_EQUAL(ps.peer_known, 0);
	/* back: the ARP at t0+500 answered, then an echo: UP again */
	now_us = t0 + 520 * MS;
	CU_ASSERT_TRUE(arp_reply_in());
	CU_ASSERT_EQUAL(pstats().state, EBB_PROBE_DOWN);
	now_us = t0 + 600 * MS;
	ebb_applet_run(a, now_us);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	seq = expect_icmp_probe(0);
	tx_free();
	CU_ASSERT_TRUE(echo_reply_in(seq));
	ps = pstats();
	CU_ASSERT_EQUAL(ps.state, EBB_PROBE_UP);
	CU_ASSERT_EQUAL(ps.transitions, 3);
	CU_ASSERT_EQUAL(ps.sent, 7);
	CU_ASSERT_EQUAL(ps.sent_arp, 2);
	CU_ASSERT_EQUAL(ps.sent_icmp, 5);
	CU_ASSERT_EQUAL(ps.lat_min_us, 0);
	/* all sent on schedule so far */
	CU_ASSERT_EQUAL(ps.lateness_hist[0], 7);
	CU_ASSERT_EQUAL(ebb_probe_lateness_quantile(&ps, 0.99), 1);
	/* 300 us late: bucket [256, 512) */
	now_us = t0 + 700 * MS + 300;
	ebb_applet_run(a, now_us);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.lateness_hist[9], 1);
	CU_ASSERT_EQUAL(ebb_probe_lateness_quantile(&ps, 0.5), 1);
	CU_ASSERT_EQUAL(ebb_probe_lateness_quantile(&ps, 1.0), 512);
	/* the loop came 2.2 intervals late: slots 800 and 900 skipped, 1000 served */
	now_us = t0 + 1020 * MS;
	ebb_applet_run(a, now_us);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.skipped, 2);
	CU_ASSERT_EQUAL(ps.sent, 9);
	CU_ASSERT_EQUAL(ps.timeouts, 4); /* the one of t0+700 */
	CU_ASSERT_EQUAL(ps.gave_up, 0);
	/* slot 1100 served at its deadline: too late to be of use, nothing sent */
	now_us = t0 + 1150 * MS;
	ebb_applet_run(a, now_us);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.gave_up, 1);
	CU_ASSERT_EQUAL(ps.gave_up_late, 1);
	CU_ASSERT_EQUAL(ps.sent, 9);
	CU_ASSERT_EQUAL(ps.timeouts, 5);
	/* each slot from t0 to t0+1100 sent, skipped or given up */
	CU_ASSERT_EQUAL(ps.slots, 12);
	CU_ASSERT_EQUAL(ps.slots, ps.sent + ps.tx_dropped + ps.gave_up + ps.skipped);
	CU_ASSERT_EQUAL(ps.cancelled, 0);
	tx_free();
	/* a reply from someone else's probe is not ours to take */
	{
		uint8_t f[128];
		size_t n = icmp_frame(f, -1, &my_mac, &peer_mac, rte_cpu_to_be_32(PEER_IP),
				      rte_cpu_to_be_32(MY_IP), 0, 0x1111, 1, 16, 0, 64);

		CU_ASSERT_TRUE(ebb_applet_input(PORT, mk(f, n, 0))); /* to us: dropped */
		CU_ASSERT_EQUAL(pstats().late_replies, 1);
	}
	CU_ASSERT_EQUAL(ebb_probe_clear(PORT), 0);
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us + 500 * MS), UINT64_MAX);
	CU_ASSERT_EQUAL(pstats().enabled, 0);
	CU_ASSERT_STRING_EQUAL(ebb_probe_state_name(EBB_PROBE_UP), "UP");
	finish(a);
}

/* Without buffers the probe waits until its deadline, then gives up and sends nothing. */
static void
probe_wait(struct rte_mempool *mp)
{
	struct ebb_applet *a = applet_make(mp, 0);
	struct ebb_probe_conf pc = { .dst_ip = rte_cpu_to_be_32(PEER_IP), .interval_ms = 100,
		.timeout_ms = 50, .rise = 1, .fall = 1, .method = EBB_PROBE_ARP };
	struct rte_mbuf *held[POOL_N];
	struct ebb_probe_stats ps;
	uint64_t t0 = now_us;
	unsigned int nh;

	CU_ASSERT_EQUAL(ebb_responder_set_ip(PORT, rte_cpu_to_be_32(MY_IP), 24), 0);
	CU_ASSERT_EQUAL(ebb_probe_set(PORT, &pc), 0);
	nh = drain(mp, held);
	CU_ASSERT_EQUAL(nh, POOL_N);
	CU_ASSERT_EQUAL(ebb_applet_run(a, now_us),
			mp == plain ? now_us + EBB_APPLET_POLL_US : t0 + 50 * MS);
	now_us = t0 + 49 * MS;
	pump(a);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.waited, 1);
	CU_ASSERT_EQUAL(ps.sent, 0);
	CU_ASSERT_EQUAL(ps.gave_up, 0);
	now_us = t0 + 50 * MS;
	pump(a);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.gave_up, 1);
	CU_ASSERT_EQUAL(ps.sent, 0);
	CU_ASSERT_EQUAL(ps.timeouts, 0);
	CU_ASSERT_EQUAL(ps.state, EBB_PROBE_UNKNOWN); /* a missed probe says nothing */
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), 0);
	CU_ASSERT_EQUAL(nb_tx, 0);
	/* next slot: waits, a buffer comes 20 ms late: sent then, 20 ms late */
	now_us = t0 + 100 * MS;
	pump(a);
	now_us = t0 + 120 * MS;
	rte_pktmbuf_free(held[--nh]);
	pump(a);
	CU_ASSERT_EQUAL_FATAL(nb_tx, 1);
	expect_arp_probe(0);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.waited, 2);
	CU_ASSERT_EQUAL(ps.sent, 1);
	CU_ASSERT_EQUAL(ps.lateness_hist[15], 1); /* 20000 us in [16384, 32768) */
	now_us = t0 + 130 * MS;
	CU_ASSERT_TRUE(arp_reply_in());
	ps = pstats();
	CU_ASSERT_EQUAL(ps.state, EBB_PROBE_UP);
	CU_ASSERT_EQUAL(ps.lat_last_us, 10 * MS);
	tx_free(); /* the buffer goes back: the pool now has one, cache 0 */
#ifdef EBB_APPLET_HAVE_WAIT
	if (mp == waitq) {
		/* a buffer offered after the deadline, before the applet ran: declined */
		held[nh++] = rte_pktmbuf_alloc(mp);
		CU_ASSERT_PTR_NOT_NULL(held[nh - 1]);
		now_us = t0 + 200 * MS;
		pump(a);
		CU_ASSERT_EQUAL(pstats().waited, 3);
		now_us = t0 + 260 * MS;
		rte_pktmbuf_free(held[--nh]);
		ebb_wait_run_lcore();
		ps = pstats();
		CU_ASSERT_EQUAL(ps.gave_up, 2);
		CU_ASSERT_EQUAL(ps.sent, 1);
		CU_ASSERT_EQUAL(nb_tx, 0);
		CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), 1); /* back in the pool */
	}
#endif
	/* a slot still waiting when the lcore stops: cancelled, and every slot accounted */
	while (nh < POOL_N && (held[nh] = rte_pktmbuf_alloc(mp)) != NULL)
		nh++;
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), 0);
	now_us = t0 + 300 * MS;
	pump(a);
	CU_ASSERT_EQUAL(ebb_applet_stop_lcore(a), 0);
	ps = pstats();
	CU_ASSERT_EQUAL(ps.cancelled, 1);
	CU_ASSERT_EQUAL(ps.gave_up_late, 0); /* every give-up here came from waiting */
	CU_ASSERT_EQUAL(ps.slots, 4);        /* t0, +100, +200 (served or skipped), +300 */
	CU_ASSERT_EQUAL(ps.slots, ps.sent + ps.tx_dropped + ps.gave_up + ps.skipped +
			ps.cancelled);
	CU_ASSERT_EQUAL(nb_tx, 0);
	while (nh > 0)
		rte_pktmbuf_free(held[--nh]);
	finish(a);
}

static void
test_probe_wait_plain(void)
{
	probe_wait(plain);
}

static void
test_probe_wait_waitq(void)
{
	if (waitq == NULL) {
		printf("  (no lib/wait in this build)\n");
		return;
	}
	probe_wait(waitq);
}

/* ---- main ---- */

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-pci", "--no-huge", "-m", "256",
			"--file-prefix", "ebb_applet_unit", "--log-level", "lib.eal:error" };
	CU_pSuite s;
	unsigned int fails;

	(void)argc;
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed: %s\n", rte_strerror(rte_errno));
		return 77;
	}
	wire = rte_pktmbuf_pool_create("ebb_applet_wire", 255, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	plain = rte_pktmbuf_pool_create("ebb_applet_plain", POOL_N, 0, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
#ifdef EBB_APPLET_HAVE_WAIT
	waitq = rte_pktmbuf_pool_create_by_ops("ebb_applet_waitq", POOL_N, 0, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY,
					       ebb_waitq_ops_name());
	if (waitq == NULL) {
		fprintf(stderr, "ebb_waitq pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
#endif
	if (wire == NULL || plain == NULL) {
		fprintf(stderr, "pools: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("applet", NULL, NULL);
	CU_add_test(s, "negative", test_negative);
	CU_add_test(s, "parse valid", test_parse_valid);
	CU_add_test(s, "parse malformed", test_parse_malformed);
	CU_add_test(s, "responder arp", test_responder_arp);
	CU_add_test(s, "responder icmp", test_responder_icmp);
	CU_add_test(s, "responder exhaustion plain", test_responder_exhaustion_plain);
	CU_add_test(s, "responder exhaustion waitq", test_responder_exhaustion_waitq);
	CU_add_test(s, "responder reserve", test_responder_reserve);
	CU_add_test(s, "responder off lcore", test_responder_off_lcore);
	CU_add_test(s, "wants", test_wants);
	CU_add_test(s, "probe states", test_probe_states);
	CU_add_test(s, "probe wait plain", test_probe_wait_plain);
	CU_add_test(s, "probe wait waitq", test_probe_wait_waitq);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	rte_mempool_free(waitq);
	rte_mempool_free(plain);
	rte_mempool_free(wire);
	rte_eal_cleanup();
	return fails == 0 ? 0 : 1;
}
