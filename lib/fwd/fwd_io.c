/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd_io.c: forwarding mode "io": packets leave untouched. */
#include "ebb_fwd.h"

static void
io_fwd(struct ebb_stream *s)
{
	ebb_fwd_io(s, false);
}

const struct ebb_fwd_mode ebb_fwd_mode_io = {
	.name = "io",
	.fwd = io_fwd,
};
EBB_FWD_MODE_REGISTER(ebb_fwd_mode_io)
