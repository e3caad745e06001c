/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_rxonly.c: forwarding mode "rxonly": received packets are counted and freed. */
#include "ebb_fwd.h"

static void
rxonly_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);

	if (n != 0)
		rte_pktmbuf_free_bulk(pkts, n);
}

static const struct ebb_fwd_mode fwd_rxonly = {
	.name = "rxonly",
	.fwd = rxonly_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_rxonly)
