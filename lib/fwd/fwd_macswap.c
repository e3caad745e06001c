/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_macswap.c: forwarding mode "macswap": source and destination MAC exchanged. */
#include <rte_prefetch.h>

#include "ebb_fwd.h"

static void
macswap_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);

	if (unlikely(n == 0))
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_ether_hdr *eth;
		struct rte_ether_addr a;

		if (likely(i + 1 < n))
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		rte_ether_addr_copy(&eth->dst_addr, &a);
		rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
		rte_ether_addr_copy(&a, &eth->src_addr);
	}
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_macswap = {
	.name = "macswap",
	.fwd = macswap_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_macswap)
