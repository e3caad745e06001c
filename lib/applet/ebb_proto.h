/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_proto.h: bounds-checked parsers and reply builders for Ethernet, ARP, IPv4 and ICMP. */
#ifndef EBB_PROTO_H
#define EBB_PROTO_H

/*
 * The parser never reads outside the mbuf: it first checks the segment chain (nb_segs,
 * data_len of each segment against pkt_len and the buffer), then reads every header
 * through rte_pktmbuf_read(), which copies headers that span segments. Such frames are
 * therefore parsed, not rejected; only an inconsistent chain is (EBB_BAD_CHAIN).
 *
 * VLAN: one 802.1Q tag (0x8100) is skipped and remembered, and the replies built from a
 * tagged request carry the same tag. Two tags (QinQ, 0x88a8, or a second 0x8100) are
 * not ours: EBB_PKT_OTHER, not malformed.
 *
 * All multi-byte header fields in struct ebb_pkt stay in network byte order, as on the
 * wire; IPv4 addresses are passed in network byte order everywhere in this library.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a frame is. */
enum ebb_pkt_kind {
	EBB_PKT_OTHER = 0, /**< not ARP nor IPv4 (or two VLAN tags) */
	EBB_PKT_ARP,       /**< well-formed ARP for IPv4 over Ethernet, request or reply */
	EBB_PKT_ICMP,      /**< well-formed IPv4 + ICMP, checksums verified */
	EBB_PKT_IPV4,      /**< IPv4, not ICMP, or not to the filter address (see parse) */
	EBB_PKT_BAD,       /**< malformed: see ebb_pkt.reason */
};

/** Why a frame is malformed. Stable numbers: counters are indexed by them. */
enum ebb_pkt_reason {
	EBB_BAD_NONE = 0,
	EBB_BAD_CHAIN,      /**< mbuf chain inconsistent (segments vs pkt_len/nb_segs/buffer) */
	EBB_BAD_RUNT,       /**< shorter than the Ethernet header (and VLAN tag) */
	EBB_BAD_ARP_TRUNC,  /**< shorter than the 28-byte ARP body */
	EBB_BAD_ARP_FORMAT, /**< not Ethernet/IPv4 ARP (htype 1, ptype 0x0800, 6, 4) */
	EBB_BAD_ARP_OP,     /**< opcode neither request nor reply */
	EBB_BAD_IP_TRUNC,   /**< shorter than a 20-byte IPv4 header */
	EBB_BAD_IP_VERSION, /**< version is not 4 */
	EBB_BAD_IP_IHL,     /**< IHL < 5, or the options run past the frame */
	EBB_BAD_IP_LEN,     /**< total length < header length or beyond the frame */
	EBB_BAD_IP_CKSUM,   /**< IPv4 header checksum wrong */
	EBB_BAD_IP_FRAG,    /**< a fragment (MF set or offset != 0): not reassembled */
	EBB_BAD_ICMP_TRUNC, /**< fewer than 8 bytes of ICMP */
	EBB_BAD_ICMP_CKSUM, /**< ICMP checksum over the whole message wrong */
	EBB_BAD_MAX
};

/** Result of ebb_proto_parse(): copies of the headers, safe to keep after the mbuf. */
struct ebb_pkt {
	uint8_t kind;         /**< enum ebb_pkt_kind */
	uint8_t reason;       /**< enum ebb_pkt_reason when kind == EBB_PKT_BAD */
	uint8_t has_vlan;     /**< one 802.1Q tag present */
	uint8_t pad0;
	uint16_t vlan_tci;    /**< network order, when has_vlan */
	uint16_t ether_type;  /**< network order, the one after the tag */
	uint16_t l2_len;      /**< 14, or 18 with a tag */
	uint16_t l3_len;      /**< IPv4 header length incl. options */
	uint16_t ip_len;      /**< IPv4 total length (host order) */
	uint16_t pad1;
	struct rte_ether_hdr eth;
	RTE_STD_C11 /* anonymous members: __extension__ before C11 (-std=c99 -pedantic) */
	union {
		struct rte_arp_hdr arp;
		RTE_STD_C11
		struct {
			struct rte_ipv4_hdr ip;   /**< the first 20 bytes */
			struct rte_icmp_hdr icmp; /**< valid when kind == EBB_PKT_ICMP */
		};
	};
};

/**
 * @param reason an enum ebb_pkt_reason (struct ebb_pkt's reason).
 * @return its printable name ("runt", "ip_cksum" ...); "?" when out of range.
 */
const char *ebb_pkt_reason_name(unsigned int reason);

/**
 * Check an mbuf chain before reading it: nb_segs segments, the last with next NULL,
 * data_len of each within its buffer, their sum equal to pkt_len (empty segments are
 * allowed).
 * @param m the chain's first segment.
 * @return true when consistent.
 */
bool ebb_proto_chain_ok(const struct rte_mbuf *m);

/**
 * Classify a frame and copy its headers into @p p.
 * @param m the frame, possibly multi-segment.
 * @param local_ip when not 0 (network order), an IPv4 packet whose destination differs
 *        is returned as EBB_PKT_IPV4 after the basic header checks, without checksums
 *        (the fast way out for traffic that is not ours). 0: validate every IPv4 packet.
 * @param p filled in: kind, reason, lengths and the headers.
 * @return p->kind.
 */
enum ebb_pkt_kind ebb_proto_parse(const struct rte_mbuf *m, uint32_t local_ip,
				  struct ebb_pkt *p);

/**
 * @param p a parsed ARP request or ICMP echo request.
 * @return bytes a reply built from p occupies (ARP: l2 + 28; ICMP echo: l2 + ip_len).
 */
uint32_t ebb_proto_reply_len(const struct ebb_pkt *p);

/**
 * Build an ARP reply to the request @p req in the empty mbuf @p out: Ethernet
 * destination the requester, source @p mac, the request's VLAN tag, opcode reply,
 * sender @p mac / @p ip, target the requester's hardware and protocol addresses.
 * @param out an empty mbuf.
 * @param req the parsed request.
 * @param mac our MAC address.
 * @param ip our IPv4 address (network order).
 * @return 0; -EINVAL req not an ARP request; -EMSGSIZE does not fit in out.
 */
int ebb_proto_arp_reply(struct rte_mbuf *out, const struct ebb_pkt *req,
			const struct rte_ether_addr *mac, uint32_t ip);

/**
 * Build an ICMP echo reply in the empty mbuf @p out from the request frame @p frame
 * (contiguous, ebb_proto_reply_len(req) bytes; it may be out's own data area): MACs
 * swapped (source @p mac), IPv4 addresses swapped, TTL 64, the rest of the IPv4 header
 * (ID, flags, options) kept, header checksum recomputed; ICMP type 0 code 0, the
 * identifier, sequence and data echoed, checksum recomputed over the whole message.
 * @param out an empty mbuf.
 * @param frame the request's bytes, contiguous.
 * @param req the parsed request.
 * @param mac our MAC address.
 * @return 0; -EINVAL req not an echo request; -EMSGSIZE does not fit in out.
 */
int ebb_proto_icmp_echo_reply(struct rte_mbuf *out, const void *frame,
			      const struct ebb_pkt *req, const struct rte_ether_addr *mac);

/**
 * Build a broadcast ARP request "who has @p tip, tell @p sip" in the empty mbuf @p out.
 * @param out an empty mbuf.
 * @param mac our MAC address (the source).
 * @param sip our IPv4 address (network order).
 * @param tip the address asked for (network order).
 * @return 0; -EMSGSIZE does not fit.
 */
int ebb_proto_arp_request(struct rte_mbuf *out, const struct rte_ether_addr *mac,
			  uint32_t sip, uint32_t tip);

/** Payload bytes after the ICMP header of the echo requests ebb_proto_icmp_echo builds. */
#define EBB_PROTO_ECHO_DATA 16

/**
 * Build an ICMP echo request from @p sip / @p mac to @p dip / @p dmac with @p id and
 * @p seq (host order) and EBB_PROTO_ECHO_DATA bytes of pattern, in the empty mbuf @p out.
 * @param out an empty mbuf.
 * @param mac our MAC address (the source).
 * @param dmac the destination MAC address.
 * @param sip our IPv4 address (network order).
 * @param dip the destination IPv4 address (network order).
 * @param id the echo identifier (host order).
 * @param seq the echo sequence number (host order).
 * @return 0; -EMSGSIZE does not fit.
 */
int ebb_proto_icmp_echo(struct rte_mbuf *out, const struct rte_ether_addr *mac,
			const struct rte_ether_addr *dmac, uint32_t sip, uint32_t dip,
			uint16_t id, uint16_t seq);

#ifdef __cplusplus
}
#endif
#endif /* EBB_PROTO_H */
