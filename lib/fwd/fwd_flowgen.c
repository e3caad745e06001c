/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_flowgen.c: forwarding mode "flowgen": received frames freed; UDP/IPv4 frames of many flows sent. */
#include <errno.h>

#include <rte_byteorder.h>

#include "fwd_priv.h"

/* flow f of a stream goes to 198.19.H.L (H.L = f), from the txonly template's source */
#define FLOWGEN_DST(f) ((uint32_t)198 << 24 | (uint32_t)19 << 16 | (uint32_t)(f))

static int
flowgen_init(struct ebb_stream *s)
{
	s->flow = 0;
	return ebb_fwd_udp_tmpl(s);
}

static void
flowgen_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint32_t flows = ebb_fwd_params_now.flowgen_flows;
	uint16_t n = ebb_stream_rx(s, pkts);

	/* as testpmd's flowgen: what comes in is counted and dropped */
	if (n != 0)
		rte_pktmbuf_free_bulk(pkts, n);
	n = s->burst;
	if (unlikely(ebb_fwd_udp_alloc(s, pkts, n) != 0))
		return; /* pool exhausted: nothing to send this time */
	for (uint16_t i = 0; i < n; i++) {
		struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);

		ip->dst_addr = rte_cpu_to_be_32(FLOWGEN_DST(s->flow));
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		if (++s->flow >= flows)
			s->flow = 0;
	}
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_flowgen = {
	.name = "flowgen",
	.stream_init = flowgen_init,
	.fwd = flowgen_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_flowgen)
