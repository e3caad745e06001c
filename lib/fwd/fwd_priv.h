/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_priv.h: what several forwarding modes share (UDP/IPv4 frame template); never installed. */
#ifndef EBB_FWD_PRIV_H
#define EBB_FWD_PRIV_H

#include <rte_ip.h>
#include <rte_udp.h>

#include "ebb_fwd.h"

#define EBB_FWD_UDP_HDR_LEN \
	(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr))
/* RFC 2544 benchmarking range. Not RTE_IPV4(): in 22.11 it shifts an int, 198 << 24
 * overflows (UBSan) */
#define EBB_FWD_IP(c, d) ((uint32_t)198 << 24 | (uint32_t)18 << 16 | (uint32_t)(c) << 8 | \
			  (uint32_t)(d))
#define EBB_FWD_SRC_IP EBB_FWD_IP(0, 1)
#define EBB_FWD_DST_IP EBB_FWD_IP(0, 2)
#define EBB_FWD_UDP_PORT 9                    /* discard */

/** The parameters in force (ebb_fwd_params_set()). */
extern struct ebb_fwd_params ebb_fwd_params_now;

/**
 * Build the stream's UDP/IPv4 template of s->txpkts bytes in s->tmpl (peer and tx_src
 * MACs, RFC 2544 addresses, port 9, IP checksum set, UDP checksum 0).
 * @return 0; -EINVAL no pool, or txpkts shorter than the headers or beyond the data room;
 *   with s->tx_nb_segs > 1: more than EBB_FWD_MAX_SEGS segments, a segment of 0 bytes or
 *   beyond the data room, a first one shorter than the headers, or a sum not txpkts.
 */
int ebb_fwd_udp_tmpl(struct ebb_stream *s);

/**
 * Allocate n frames from the stream's pool, each a copy of the template: one mbuf of
 * txpkts bytes, or with s->tx_nb_segs > 1 a chain of mbufs of s->tx_seg_len[] bytes (the
 * headers in the first).
 * @return 0; -ENOBUFS the pool could not give them (nothing allocated, nothing kept).
 */
int ebb_fwd_udp_alloc(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n);

/** Fold a 32-bit one's complement sum to 16 bits. */
static inline uint16_t
ebb_fwd_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/**
 * RFC 1624 update of a checksum field (network order) for a 16-bit word changed from old
 * to new (network order).
 */
static inline uint16_t
ebb_fwd_cksum_adjust(uint16_t cksum, uint16_t old, uint16_t new_)
{
	return (uint16_t)~ebb_fwd_fold((uint32_t)(uint16_t)~cksum + (uint16_t)~old + new_);
}

#endif /* EBB_FWD_PRIV_H */
