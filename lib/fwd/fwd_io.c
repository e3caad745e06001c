/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_io.c: forwarding mode "io": packets leave untouched. */
#include "ebb_fwd.h"

static void
io_fwd(struct ebb_stream *s)
{
	struct rte_mbuf *pkts[EBB_FWD_MAX_BURST];
	uint16_t n = ebb_stream_rx(s, pkts);

	if (unlikely(n == 0))
		return;
	ebb_stream_tx(s, pkts, n);
}

static const struct ebb_fwd_mode fwd_io = {
	.name = "io",
	.fwd = io_fwd,
};
EBB_FWD_MODE_REGISTER(fwd_io)
