#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_netns_skip.sh: where network namespaces cannot be made or entered (a container, a
# chroot whose root is no mount point), the tests that need them skip (77) and say why,
# instead of failing. An `ip` that refuses `netns add` (then one that refuses `netns exec`)
# stands first on PATH; each of the namespace tests must exit 77 with the reason before it
# starts anything (no DPDK process runs here: nothing to audit).
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || it_skip "needs root (the namespace tests skip earlier without it)"
real_ip=$(command -v ip) || it_skip "needs iproute2 (ip)"
here=$(cd "$(dirname "$0")" && pwd)
for refuse in add exec; do
	fake=$IT_TMP/fake-$refuse
	mkdir -p "$fake"
	cat > "$fake/ip" <<EOT
#!/bin/sh
[ "\$1" = netns ] && [ "\$2" = $refuse ] && { echo "fake ip: netns $refuse refused" >&2; exit 1; }
exec $real_ip "\$@"
EOT
	chmod +x "$fake/ip"
	for t in test_responder.sh test_probe_peer.sh test_probe_exhaust.sh; do
		rc=0
		out=$(PATH="$fake:$PATH" timeout 60 "$here/$t" "$BIN" 2>&1) || rc=$?
		[ "$rc" -eq 77 ] || { echo "$out" | tail -5; it_fail "$t with netns $refuse refused: exit $rc, not 77"; }
		grep -q "SKIP: network namespaces cannot be .* here: fake ip: netns $refuse refused" <<<"$out" ||
			{ echo "$out" | tail -5; it_fail "$t skipped without the reason"; }
		it_log "$t: skipped with the reason (netns $refuse refused)"
	done
done
# no probe namespace was left behind
! "$real_ip" netns list 2>/dev/null | grep -q '^ebb_nsprobe_' || it_fail "a probe namespace was left behind"
it_pass
