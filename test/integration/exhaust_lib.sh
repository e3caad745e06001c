# SPDX-License-Identifier: BSD-3-Clause
# exhaust_lib.sh: helpers of the exhaustion tests (exhaust_*.sh): per-queue counters.
# shellcheck shell=bash
#
# Sourced after lib.sh. `show port stats all` prints, per port, one line per RX queue:
#   RX queue Q lcore L STATE pauses: N paused-us: N wakeups: N repauses: N need: N spilled: N
#   wait-timeouts: N polls-skipped: N polls: N
# A snapshot is one `show port stats all` (it starts at port 0's block).

# ex_q OUT SNAP PORT QUEUE FIELD: FIELD (pauses, paused-us, wakeups, repauses, need, spilled,
# wait-timeouts, polls-skipped, polls, state, lcore) of RX queue QUEUE of PORT in snapshot SNAP (1-based)
ex_q() {
	awk -v snap="$2" -v port="$3" -v q="$4" -v f="$5" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port && $1 == "RX" && $2 == "queue" && $3 == q {
			if (f == "lcore") { print $5; exit }
			if (f == "state") { print $6; exit }
			for (i = 1; i < NF; i++) if ($i == f ":") { print $(i + 1); exit }
		}' "$1"
}

# ex_rx OUT SNAP PORT: RX-packets of PORT in snapshot SNAP
ex_rx() {
	awk -v snap="$2" -v port="$3" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port { for (i = 1; i < NF; i++) if ($i == "RX-packets:") { print $(i + 1); exit } }' "$1"
}

# ex_stream_rx OUT PORT QUEUE: RX-packets of the stream of RX PORT/QUEUE (last fwd stats)
ex_stream_rx() {
	awk -v port="$2" -v q="$3" '
		/Forward Stats for RX Port=/ {
			s = $0; gsub(/[=\/]/, " ", s); split(s, a, " ")
			cur = (a[7] + 0 == port && a[9] + 0 == q); next
		}
		cur && /RX-packets:/ { v = $2; cur = 0 }
		END { print v }' "$1"
}

# ex_ge A B WHAT: A >= B, else fail with WHAT
ex_ge() {
	[ -n "$1" ] && [ -n "$2" ] && [ "$1" -ge "$2" ] || it_fail "$3 ($1 < $2)"
}

# ex_need_ebbflow: these tests read ebbflow's own counters
ex_need_ebbflow() {
	if it_is_testpmd; then it_skip "ebbflow-only counters (paused queues)"; fi
}
