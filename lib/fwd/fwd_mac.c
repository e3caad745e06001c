/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_mac.c: forwarding mode "mac": source = TX port's MAC, destination = the peer's. */
#include <rte_prefetch.h>

#include "ebb_fwd.h"

static void
mac_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);

	if (unlikely(n == 0))
		return;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_ether_hdr *eth;

		if (likely(i + 1 < n))
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		rte_ether_addr_copy(&s->peer, &eth->dst_addr);
		rte_ether_addr_copy(&s->tx_src, &eth->src_addr);
	}
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_mac = {
	.name = "mac",
	.fwd = mac_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_mac)
