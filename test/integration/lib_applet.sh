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

# ap_wait_probe NAME OUT PORT FIELD VALUE SECS: ask NAME for `show probe` until
# FIELD of PORT's probe is VALUE (true) or SECS pass (false)
ap_wait_probe() {
	local name=$1 out=$2 port=$3 field=$4 want=$5 n=$(($6 * 4))
	while [ "$n" -gt 0 ]; do
		it_send "$name" "show probe"
		sleep 0.25
		[ "$(ap_probe "$out" "$port" "$field")" = "$want" ] && return 0
		n=$((n - 1))
	done
	return 1
}
