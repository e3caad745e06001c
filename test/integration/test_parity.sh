#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_parity.sh: one command script against dpdk-testpmd and ebbflow: the same layout.
# Description: parity.cmds is fed to dpdk-testpmd (Debian's dpdk-dev) and to ebbflow, each
# with -i on its own two net_null ports (--no-pci, --no-huge, its own --file-prefix);
# parity_compare.py splits both outputs at the prompts and compares each answer line by
# line with the numbers and MAC addresses masked, as the script's mode for that command
# says (same, fields, err, own). Fails when a layout drifts; ebbflow's audit passes.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

command -v dpdk-testpmd >/dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
command -v python3 >/dev/null || it_skip "needs python3 (parity_compare.py)"
command -v stdbuf >/dev/null || it_skip "needs stdbuf (coreutils)"
here=$(dirname "$0")
script=${EBB_PARITY_CMDS:-$here/parity.cmds}

record=${EBB_PARITY_RECORD_CMDS:-$here/parity_record.cmds}

run_one() { # NAME BIN SCRIPT APP-EXTRA...: run the session, output to $IT_TMP/NAME.out
	local name=$1 bin=$2 pfx rc
	shift 2
	# the commands alone, as typed (a "sleep N" line waits)
	grep -vE '^[[:space:]]*(#|$)' "$1" | sed -E 's/^(same|fields|err|own) //' > "$IT_TMP/cmds"
	shift
	pfx=$(it_prefix "$name")
	# line-buffered: testpmd's printf and the prompt's echo come out in order
	# shellcheck disable=SC2046
	rc=$(it_session 90 "$IT_TMP/$name.out" "$IT_TMP/cmds" stdbuf -oL -eL "$bin" -l 0,1 \
		$(it_eal "$pfx") --vdev net_null0 --vdev net_null1 -- -i "$@")
	[ "$rc" -eq 0 ] || { it_show "$IT_TMP/$name.out"; it_fail "$name exited with status $rc"; }
}

run_one testpmd "$(command -v dpdk-testpmd)" "$script" --total-num-mbufs=8192
run_one ebbflow "$BIN" "$script"
if ! python3 "$here/parity_compare.py" "$script" "$IT_TMP/testpmd.out" "$IT_TMP/ebbflow.out"; then
	it_fail "layouts differ (outputs: $IT_TMP/testpmd.out $IT_TMP/ebbflow.out)"
fi
it_audit "$IT_TMP/ebbflow.out"
n=$(grep -c . "$IT_TMP/cmds")
# the recording options: burst histograms and cycles per packet in testpmd's lines,
# and the pool/port options both accept on net_null (--no-numa: "NUMA support disabled")
rec_opts=(--record-burst-stats --record-core-cycles --mbcache=200 --enable-drop-en
	--no-lsc-interrupt --disable-rss --no-numa --socket-num=0)
run_one testpmd_rec "$(command -v dpdk-testpmd)" "$record" --total-num-mbufs=8192 "${rec_opts[@]}"
run_one ebbflow_rec "$BIN" "$record" "${rec_opts[@]}"
if ! python3 "$here/parity_compare.py" "$record" "$IT_TMP/testpmd_rec.out" \
	"$IT_TMP/ebbflow_rec.out"; then
	it_fail "layouts differ with ${rec_opts[*]} (outputs: $IT_TMP/testpmd_rec.out" \
		"$IT_TMP/ebbflow_rec.out)"
fi
grep -q '^  RX-bursts : ' "$IT_TMP/ebbflow_rec.out" || it_fail "ebbflow printed no RX-bursts line"
grep -q '^  CPU cycles/packet=' "$IT_TMP/ebbflow_rec.out" || it_fail "no cycles/packet line"
it_audit "$IT_TMP/ebbflow_rec.out"
it_pass "$n + $(grep -c . "$IT_TMP/cmds") commands"
