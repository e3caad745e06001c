# SPDX-License-Identifier: BSD-3-Clause
# lib_applet.sh: helpers of the responder/probe integration tests (namespaces, show probe|responder).
# shellcheck shell=bash
# Sourced after lib.sh. Every namespace made with ap_netns is deleted on every exit path.

AP_NETNS=()

ap_cleanup() {
	local ns
	it_cleanup
	for ns in "${AP_NETNS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
trap ap_cleanup EXIT

# ap_need_tools: skip (77) unless root, ip netns, ping and arping are there
ap_need_tools() {
	[ "$(id -u)" -eq 0 ] || it_skip "needs root (network namespaces)"
	command -v ip > /dev/null || it_skip "needs iproute2 (ip)"
	for t in "$@"; do
		command -v "$t" > /dev/null || it_skip "needs $t (scripts/setup.sh installs it)"
	done
	# a machine (or chroot, container) where namespaces cannot be made skips; one where
	# they can and the test's own namespace then fails is a failure (ap_netns)
	# (a chroot whose root is no mount point can add one but not enter it)
	local probe=ebb_nsprobe_$$ err
	if ! err=$(ip netns add "$probe" 2>&1); then
		it_skip "network namespaces cannot be made here: ${err:-ip netns add failed}"
	fi
	if ! err=$(ip netns exec "$probe" true 2>&1); then
		ip netns del "$probe" 2>/dev/null
		it_skip "network namespaces cannot be entered here: ${err:-ip netns exec failed}"
	fi
	ip netns del "$probe" 2>/dev/null
	return 0
}

# ap_netns NAME: create a network namespace, deleted at exit
ap_netns() {
	ip netns add "$1" || it_fail "cannot create network namespace $1"
	AP_NETNS+=("$1")
	ip -n "$1" link set lo up
}

# ap_veth NS A B: a veth pair A <-> B inside NS, both up, no IPv6 (no noise on the wire)
ap_veth() {
	ip -n "$1" link add "$2" type veth peer name "$3" || it_fail "cannot create veth $2/$3"
	for i in "$2" "$3"; do
		ip netns exec "$1" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1" 2>/dev/null
		ip -n "$1" link set "$i" up
	done
}

# ap_block OUT KIND PORT FIELD: FIELD ("Sent", "State" ...) of the last
# "######## KIND port PORT ########" block of OUT (KIND: Probe or Responder)
ap_block() {
	awk -v kind="$2" -v port="$3" -v f="$4:" '
		$1 ~ /^#+$/ && NF >= 4 { inblk = ($2 == kind && $4 == port); next }
		/^ebbflow>/ { inblk = 0; next }
		inblk { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) }
		END { if (v != "") print v }' "$1"
}
ap_probe() { ap_block "$1" Probe "$2" "$3"; }
ap_resp() { ap_block "$1" Responder "$2" "$3"; }

# ap_alive NAME: NAME's process still runs
ap_alive() { kill -0 "${IT_PID[$1]}" 2>/dev/null; }

# ap_poll NAME SECS PRED CMD...: send the command lines CMD... to NAME every half second
# and run the shell function PRED (which reads NAME's output) after each, until PRED
# succeeds (true) or SECS seconds of wall clock pass or NAME exits (false). SECS is a
# bound, not an expectation: make it generous (slow builds, a loaded machine).
ap_poll() {
	local name=$1 end=$((SECONDS + $2)) pred=$3
	shift 3
	while :; do
		it_send "$name" "$@"
		sleep 0.5
		"$pred" && return 0
		ap_alive "$name" || { it_log "$name exited while waiting for $pred"; return 1; }
		[ "$SECONDS" -lt "$end" ] || return 1
	done
}

# ap_started NAME OUT [SECS]: wait (60 s by default) until NAME printed that forwarding
# started; EAL and the ports come up slowly under sanitizers and load: every wait for
# traffic starts from there, not from the spawn
ap_started() {
	it_wait_for "${3:-60}" grep -q "packet forwarding - ports=" "$2" ||
		{ it_show "$2" 40; it_fail "$1: forwarding did not start"; }
}

# ap_num VALUE: VALUE, or 0 when empty (a field not printed yet)
ap_num() { echo "${1:-0}"; }

# ap_wait_probe NAME OUT PORT FIELD VALUE SECS: ask NAME for `show probe` until
# FIELD of PORT's probe is VALUE (true) or SECS pass (false)
ap_wait_probe() {
	local name=$1 out=$2 port=$3 field=$4 want=$5 secs=$6
	_ap_probe_is() { [ "$(ap_probe "$out" "$port" "$field")" = "$want" ]; }
	ap_poll "$name" "$secs" _ap_probe_is "show probe"
}

# ap_check_slots OUT PORT: with the applet stopped, every slot of PORT's probe ended in
# exactly one of sent, TX-dropped, gave up, skipped, cancelled (ebb_probe_stats.slots)
ap_check_slots() {
	local out=$1 p=$2 slots sent txd gave skip canc
	slots=$(ap_num "$(ap_probe "$out" "$p" Slots)")
	sent=$(ap_num "$(ap_probe "$out" "$p" Sent)")
	txd=$(ap_num "$(ap_probe "$out" "$p" TX-dropped)")
	gave=$(ap_num "$(ap_probe "$out" "$p" Gave-up)")
	skip=$(ap_num "$(ap_probe "$out" "$p" Skipped)")
	canc=$(ap_num "$(ap_probe "$out" "$p" Cancelled)")
	[ "$slots" -gt 0 ] && [ "$slots" -eq $((sent + txd + gave + skip + canc)) ] || {
		it_show "$out" 40
		it_fail "port $p: slots $slots != sent $sent + TX-dropped $txd + gave up $gave +" \
			"skipped $skip + cancelled $canc"
	}
}
