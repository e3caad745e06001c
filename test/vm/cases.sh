# SPDX-License-Identifier: BSD-3-Clause
# cases.sh: the guest's cases (sourced by guest.sh): ebbflow and dpdk-testpmd on the emulated
# PCI NICs, the host's side asked for over the second serial port (test/vm/host.py).
# shellcheck shell=bash
#
# NICs (scripts/vm.sh): e1000e on 00:10.0 (tap0), virtio-net on 00:11.0 (tap1, 2 queues),
# vmxnet3 on 00:12.0 (tap2). A case is a function case_N run in a subshell: it prints
# "PASS: what" or "FAIL: why" last; exhaust_lib.sh's parsers read the `show port stats`
# snapshots. Every DPDK program run here ends with the pool audit (ebbflow) or a clean quit.

EBB=/opt/ebbflow/src/build/app/ebbflow/ebbflow
TESTPMD=/usr/bin/dpdk-testpmd
DEVBIND=/usr/bin/dpdk-devbind.py
PCI_EM=0000:00:10.0
PCI_VIRTIO=0000:00:11.0
PCI_VMX=0000:00:12.0
declare -A PMD_PCI=([em]=$PCI_EM [virtio]=$PCI_VIRTIO [vmxnet3]=$PCI_VMX)
declare -A PMD_TAP=([em]=tap0 [virtio]=tap1 [vmxnet3]=tap2)
declare -A PMD_KMOD=([em]=e1000e [virtio]=virtio-pci [vmxnet3]=vmxnet3)
# virtio runs with two queue pairs: with one, its TX cleanup on every burst frees enough
# for the RX refill and a tight pool does not stall testpmd
declare -A PMD_Q=([em]="" [virtio]="--rxq=2 --txq=2" [vmxnet3]="")

case_name() {
	case "$1" in
	1) echo "io e1000e<->virtio ($EBB_DRIVER)" ;;
	2) echo "io e1000e<->virtio (vfio-pci, emulated IOMMU)" ;;
	3) echo "tight pool: ebbflow forwards, testpmd stalls" ;;
	4) echo "exhaustion counters per PMD" ;;
	5) echo "responder on a PCI port" ;;
	6) echo "link down/up from the host" ;;
	7) echo "devbind back to the kernel drivers" ;;
	*) numa_case_name "$1" ;;
	esac
}

it_log() { echo "$*"; }
it_fail() { echo "FAIL: $*"; exit 1; }
# it_xfail WHY: a known failure that the case still runs and reports (see case_3)
it_xfail() { echo "XFAIL: $*"; exit 0; }
it_show() { echo "---- last lines of $(basename "$1")"; tail -n "${2:-25}" "$1"; }
# it_wait_for SECS CMD...: CMD every 0.2 s until it succeeds; false after SECS of wall
# clock (not a count of tries: under TCG on a loaded host each try takes long)
it_wait_for() {
	local end=$((SECONDS + $1))
	shift
	while :; do
		"$@" && return 0
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}
# shellcheck source=test/integration/exhaust_lib.sh
. /opt/ebbflow/src/test/integration/exhaust_lib.sh

# host_req VERB ARGS...: ask host.py, print its answer; false on ERR or no answer in 120 s
host_req() {
	local id="$BASHPID-$RANDOM" line
	printf 'REQ %s %s\n' "$id" "$*" >&3
	while IFS= read -r -t 120 line <&3; do
		line=${line%$'\r'}
		case "$line" in
		"ACK $id "*) echo "${line#"ACK $id "}"; return 0 ;;
		"ERR $id "*) echo "host: $line" >&2; return 1 ;;
		esac
	done
	echo "host: no answer to '$*'" >&2
	return 1
}
# hv ANSWER KEY: the value of KEY in a host answer ("sent N tap0=N ..." -> sent, tap0)
hv() {
	local w
	set -- $1 "$2"
	local key=${!#}
	while [ $# -gt 1 ]; do
		w=$1
		shift
		if [ "$w" = "$key" ] && [ $# -gt 1 ]; then echo "$1"; return; fi
		case "$w" in "$key="*) echo "${w#*=}"; return ;; esac
	done
	echo 0
}

# g_spawn NAME SECS CMD...: CMD in the background, stdin a fifo (g_send), out /tmp/NAME.out
declare -A G_FD G_PID
g_spawn() {
	local name=$1 secs=$2 fd
	shift 2
	rm -f "/tmp/$name.in"
	mkfifo "/tmp/$name.in"
	echo "spawn $name: $*"
	# unbuffered: testpmd's printf output is read while it runs
	timeout -k 5 "$secs" stdbuf -o0 -e0 "$@" < "/tmp/$name.in" > "/tmp/$name.out" 2>&1 &
	G_PID[$name]=$!
	exec {fd}> "/tmp/$name.in"
	G_FD[$name]=$fd
}
g_send() {
	local name=$1 fd=${G_FD[$1]}
	shift
	printf '%s\n' "$@" >&"$fd" 2>/dev/null || echo "could not send '$*' to $name"
}
# g_quit NAME: send quit, close stdin, wait; exit status in G_RC
g_quit() {
	local fd=${G_FD[$1]}
	g_send "$1" quit
	exec {fd}>&-
	wait "${G_PID[$1]}"
	G_RC=$?
}
g_alive() { kill -0 "${G_PID[$1]}" 2>/dev/null; }
# g_started NAME: forwarding started (bounded)
g_started() {
	it_wait_for 90 grep -q "packet forwarding - ports=\|Start automatic packet forwarding\|packet forwarding packets/burst" "/tmp/$1.out" ||
		{ it_show "/tmp/$1.out" 40; it_fail "$1: forwarding did not start"; }
}
# g_links_up NAME PORT...: each PORT's link reads up in `show port info` (bounded). Frames
# sent into a NIC whose link is still coming up are lost (case 6 lost its first burst of 32
# on e1000e in CI), and neither ebbflow's `start` nor testpmd's waits for the link
g_links_up() {
	local name=$1 p
	shift
	for p in "$@"; do
		_g_up() {
			g_send "$name" "show port info $p"
			sleep 0.5
			awk -v p="$p" '/Infos for port/ { cur = $(NF - 1) }
				/^Link status:/ && cur == p { s = $3 }
				END { exit s != "up" }' "/tmp/$name.out"
		}
		it_wait_for 30 _g_up || { it_show "/tmp/$name.out" 20; it_fail "$name: port $p: link not up"; }
	done
}
# g_snap NAME NPORTS: `show port stats all` and wait for its NPORTS blocks; prints the
# snapshot's number (for ex_q / g_stat)
g_snap() {
	local name=$1 want
	want=$(( $(grep -cE '^ *#+ *$' "/tmp/$name.out") + $2 ))
	g_send "$name" "show port stats all"
	_g_blocks() { [ "$(grep -cE '^ *#+ *$' "/tmp/$name.out")" -ge "$want" ]; }
	it_wait_for 60 _g_blocks || { it_show "/tmp/$name.out"; it_fail "$name: no port stats"; }
	grep -c "NIC statistics for port 0 " "/tmp/$name.out"
}
# g_stat OUT SNAP PORT FIELD: FIELD (RX-packets, RX-nombuf, TX-packets, RX-missed ...) of
# PORT's block in snapshot SNAP
g_stat() {
	awk -v snap="$2" -v port="$3" -v f="$4:" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' "$1"
}
# g_qsum OUT SNAP PORT FIELD: FIELD of PORT's RX queues summed (pauses, wakeups ...)
g_qsum() {
	awk -v snap="$2" -v port="$3" -v f="$4:" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port && $1 == "RX" && $2 == "queue" {
			for (i = 1; i < NF; i++) if ($i == f) s += $(i + 1)
		}
		END { print s + 0 }' "$1"
}
# g_qstate OUT SNAP PORT: the states of PORT's RX queues in snapshot SNAP (polling, paused,
# held, stopped), space separated
g_qstate() {
	awk -v snap="$2" -v port="$3" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port && $1 == "RX" && $2 == "queue" { printf "%s%s", sep, $6; sep = " " }
		END { print "" }' "$1"
}
# g_audit OUT [exit]: every "pool X: n/n mbufs returned" line full, at least one. With
# "exit", only the last (at exit, ports closed) must be: net_virtio keeps its RX ring's
# mbufs while the port is stopped (they come back when it is closed), so the audit at
# `stop` counts them missing; those lines are shown, not judged
g_audit() {
	local n bad lines
	lines=$(grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$1")
	n=$(grep -c . <<<"$lines")
	[ -n "$lines" ] || { it_show "$1"; it_fail "audit: no pool line in $(basename "$1")"; }
	if [ "${2:-}" = exit ]; then
		[ "$n" -lt 2 ] || echo "audit at stop (not judged): $(head -n -1 <<<"$lines" | tr '\n' ';')"
		lines=$(tail -n 1 <<<"$lines")
	fi
	bad=$(awk '/missing|too many/ { print; next } { split($3, a, "/"); if (a[1] != a[2]) print }' <<<"$lines")
	[ -z "$bad" ] || { it_show "$1" 40; it_fail "audit: $bad"; }
	echo "audit: $n pool line(s), ${2:+the last (at exit) }every mbuf returned"
}
# g_xstat PREFIX PORT NAME: an xstat of a running DPDK program, through its telemetry socket
g_xstat() {
	echo "/ethdev/xstats,$2" | dpdk-telemetry.py -f "$1" 2>/dev/null |
		python3 -c 'import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    d = json.loads(line).get("/ethdev/xstats", {})
    print(d.get(sys.argv[1], ""))
    break' "$3"
}
# g_eal PREFIX PCI...: EAL options of a guest program on these PCI devices
g_eal() {
	local pfx=$1 a=()
	shift
	for p in "$@"; do a+=(-a "$p"); done
	echo "-l 0,1 --file-prefix $pfx --socket-mem 256 ${a[*]}"
}

# the PCI functions vm_setup binds (cases_numa.sh sets its two for ebb.layout=numa)
VM_PCI="$PCI_EM $PCI_VIRTIO $PCI_VMX"

vm_setup() {
	local d
	stty -F /dev/ttyS1 raw -echo -echoe -echok -icanon -opost || { echo "no ttyS1"; return 1; }
	exec 3<> /dev/ttyS1
	host_req host hello > /dev/null || { echo "the host's side does not answer"; return 1; }
	modprobe "$EBB_DRIVER" || { echo "modprobe $EBB_DRIVER failed"; return 1; }
	local t0=$SECONDS
	# one call for the three (each call of the script costs seconds under TCG)
	# shellcheck disable=SC2086
	$DEVBIND --force -b "$EBB_DRIVER" $VM_PCI ||
		{ echo "dpdk-devbind.py -b $EBB_DRIVER $VM_PCI failed"; return 1; }
	for d in $VM_PCI; do
		[ "$(basename "$(readlink /sys/bus/pci/devices/$d/driver)")" = "${EBB_DRIVER//-/_}" ] ||
		[ "$(basename "$(readlink /sys/bus/pci/devices/$d/driver)")" = "$EBB_DRIVER" ] ||
			{ echo "$d is not bound to $EBB_DRIVER after dpdk-devbind.py"; return 1; }
	done
	echo "bound to $EBB_DRIVER: $VM_PCI in $((SECONDS - t0)) s"
}

# io forwarding e1000e (port 0) <-> virtio (port 1): what the host sends into one tap
# comes out of the other, every count equal on both sides
case_io() {
	local out=/tmp/io.out a b s
	# shellcheck disable=SC2046
	g_spawn io 240 $EBB $(g_eal io $PCI_EM $PCI_VIRTIO) -- -i --forward-mode=io
	g_send io start
	g_started io
	g_links_up io 0 1
	a=$(host_req send tap0 1000 1000 io_a && host_req done io_a) || it_fail "host: send into tap0"
	echo "host into tap0: $a"
	b=$(host_req send tap1 1000 1000 io_b && host_req done io_b) || it_fail "host: send into tap1"
	echo "host into tap1: $b"
	s=$(g_snap io 2)
	g_send io stop
	g_quit io
	[ "$G_RC" -eq 0 ] || { it_show $out; it_fail "ebbflow exited $G_RC"; }
	local rx0 tx0 rx1 tx1 miss0 miss1
	rx0=$(g_stat $out "$s" 0 RX-packets) tx0=$(g_stat $out "$s" 0 TX-packets)
	rx1=$(g_stat $out "$s" 1 RX-packets) tx1=$(g_stat $out "$s" 1 TX-packets)
	miss0=$(g_stat $out "$s" 0 RX-missed) miss1=$(g_stat $out "$s" 1 RX-missed)
	echo "ebbflow: port 0 (e1000e) RX $rx0 TX $tx0 missed $miss0;" \
		"port 1 (virtio) RX $rx1 TX $tx1 missed $miss1"
	[ "$(hv "$a" sent)" = 1000 ] && [ "$(hv "$b" sent)" = 1000 ] ||
		it_fail "the host could not send 1000 frames into each tap ($a / $b)"
	[ "$rx0" = 1000 ] && [ "$tx1" = 1000 ] && [ "$(hv "$a" tap1)" = 1000 ] ||
		it_fail "tap0 -> e1000e -> virtio -> tap1: sent 1000, e1000e RX $rx0, virtio TX $tx1," \
			"out of tap1 $(hv "$a" tap1)"
	[ "$rx1" = 1000 ] && [ "$tx0" = 1000 ] && [ "$(hv "$b" tap0)" = 1000 ] ||
		it_fail "tap1 -> virtio -> e1000e -> tap0: sent 1000, virtio RX $rx1, e1000e TX $tx0," \
			"out of tap0 $(hv "$b" tap0)"
	[ "$(hv "$a" tap0)" = 0 ] && [ "$(hv "$b" tap1)" = 0 ] ||
		it_fail "frames came back out of the tap they were sent into"
	g_audit $out exit
	echo "PASS: 1000 frames each way, host and guest counts equal"
}
case_1() { case_io; }
case_2() {
	[ "$EBB_DRIVER" = vfio-pci ] || it_fail "case 2 needs ebb.driver=vfio-pci (a boot with the emulated IOMMU)"
	case_io
}

# tight_run PROG PMD: PROG (ebbflow or testpmd) forwarding io on PMD's port alone (to
# itself), rxd = txd = 1024, 1100 mbufs, while the host sends 2000 pps into its tap for
# two 4 s windows; figures in /tmp/tight_PROG_PMD.vars
tight_run() {
	local prog=$1 pmd=$2 name=t_$1_$2 out s1 s2 h0 h1 h2 hz bin opts
	local tap=${PMD_TAP[$2]} pci=${PMD_PCI[$2]}
	out=/tmp/$name.out
	# ebbdelay: ebbflow in delay mode (each packet held 1 s): what it holds exhausts
	# the pool whatever the rings, so that case 4 sees how each PMD counts exhaustion
	case "$prog" in
	ebbflow) bin=$EBB opts="--forward-mode=io --wait-timeout=100" ;;
	ebbdelay) bin=$EBB opts="--forward-mode=delay --delay-us=1000000 --wait-timeout=100" ;;
	*) bin=$TESTPMD opts="--forward-mode=io --port-topology=loop --nb-cores=1" ;;
	esac
	# shellcheck disable=SC2046,SC2086
	g_spawn "$name" 240 $bin $(g_eal "$name" "$pci") -- -i \
		--rxd=1024 --txd=1024 --total-num-mbufs=1100 ${PMD_Q[$pmd]} $opts
	g_send "$name" start
	g_started "$name"
	# testpmd's start waits for the link; ebbflow's does not: wait here, so that both
	# get their first frame on a link that is up
	_link_up() { g_send "$name" "show port info 0"; sleep 0.5; grep -q "Link status: up" "$out"; }
	it_wait_for 30 _link_up || echo "note: $prog on $pmd: link not up after 30 s"
	host_req send "$tap" 100000 2000 "$name" > /dev/null || it_fail "host: send into $tap"
	sleep 4
	s1=$(g_snap "$name" 1)
	h1=$(host_req count "$name")
	sleep 4
	s2=$(g_snap "$name" 1)
	h2=$(host_req count "$name")
	if [ "$prog" != testpmd ]; then
		xs=$(g_xstat "$name" 0 rx_q0_rx_buf_alloc_failure)
	else
		g_send "$name" "show port xstats 0"
		sleep 1
		xs=$(awk '/rx_q0_rx_buf_alloc_failure:/ { v = $2 } END { print v }' "$out")
	fi
	hz=$(host_req stop "$name")
	g_send "$name" stop
	g_quit "$name"
	{
		echo "rc=$G_RC"
		echo "rx1=$(g_stat "$out" "$s1" 0 RX-packets) rx2=$(g_stat "$out" "$s2" 0 RX-packets)"
		echo "tx2=$(g_stat "$out" "$s2" 0 TX-packets)"
		echo "nombuf=$(g_stat "$out" "$s2" 0 RX-nombuf) missed=$(g_stat "$out" "$s2" 0 RX-missed)"
		echo "pauses=$(g_qsum "$out" "$s2" 0 pauses) wakeups=$(g_qsum "$out" "$s2" 0 wakeups)"
		echo "xstat_alloc_fail=${xs:-none}"
		echo "rings='$(grep -o 'rxd [0-9]* txd [0-9]* (asked [0-9]* / [0-9]*)' "$out" | head -n 1)'"
		echo "hsent1=$(hv "$h1" sent) hsent2=$(hv "$h2" sent) hgot1=$(hv "$h1" "$tap")"
		echo "hgot2=$(hv "$h2" "$tap") hsent=$(hv "$hz" sent) hgot=$(hv "$hz" "$tap")"
	} > "/tmp/$name.vars"
	echo "$prog on $pmd: $(tr '\n' ' ' < "/tmp/$name.vars")"
	if [ "$prog" != testpmd ]; then
		grep -q "no such\|Segmentation\|panic" "$out" && it_show "$out"
		if [ "$pmd" = virtio ]; then g_audit "$out" exit; else g_audit "$out"; fi
		[ "$G_RC" -eq 0 ] || { it_show "$out"; it_fail "ebbflow on $pmd exited $G_RC"; }
	fi
	return 0
}
# tight_all: both programs on the three PMDs, once per boot (cases 3 and 4 read them)
tight_all() {
	[ -f /tmp/tight.done ] && return 0
	local pmd prog
	for pmd in em virtio vmxnet3; do
		for prog in testpmd ebbflow ebbdelay; do
			tight_run "$prog" "$pmd" || return 1
		done
	done
	touch /tmp/tight.done
}
tv() { # tv PROG PMD VAR
	(. "/tmp/t_$1_$2.vars" && eval "echo \${$3}")
}

case_3() {
	local pmd d_t d_e s_t s_e stalled=""
	tight_all || it_fail "a tight-pool run failed"
	for pmd in em virtio vmxnet3; do
		d_t=$(( $(tv testpmd $pmd rx2) - $(tv testpmd $pmd rx1) ))
		s_t=$(( $(tv testpmd $pmd hsent2) - $(tv testpmd $pmd hsent1) ))
		d_e=$(( $(tv ebbflow $pmd rx2) - $(tv ebbflow $pmd rx1) ))
		s_e=$(( $(tv ebbflow $pmd hsent2) - $(tv ebbflow $pmd hsent1) ))
		echo "$pmd: testpmd received $(tv testpmd $pmd rx2) in all, $d_t of $s_t sent in the second window;" \
			"ebbflow received $(tv ebbflow $pmd rx2) in all, $d_e of $s_e in the second window" \
			"(ebbflow's rings: $(tv ebbflow $pmd rings))"
		ex_ge "$s_t" 1000 "$pmd: the host sent too little to testpmd in the window"
		[ "$d_t" -eq 0 ] || it_fail "$pmd: testpmd did not stall ($d_t received in the window): the scenario does not bite"
		ex_ge "$s_e" 1000 "$pmd: the host sent too little to ebbflow in the window"
		# ebbflow's side: received at least half of what was sent in the window, and
		# at least half of that came back out of the other tap
		if [ $((2 * d_e)) -lt "$s_e" ] ||
		   [ "$(tv ebbflow $pmd hgot2)" -lt $(( $(tv ebbflow $pmd hgot1) + s_e / 2 )) ]; then
			stalled="$stalled $pmd"
		fi
	done
	# The pool (1100) is smaller than the RX ring plus the TX ring (2048), and the TX ring
	# keeps the mbufs it sent (e1000e frees them only when it reuses the slot, virtio and
	# vmxnet3 only from a transmit call; none has tx_done_cleanup): testpmd stalls for good.
	# ebbflow shrinks the NIC's rings to what the pool can back (lib/engine/engine_fit.c,
	# one line each) and forwards.
	[ -z "$stalled" ] ||
		it_fail "tight pool: testpmd stalls on em, virtio, vmxnet3 (asserted); ebbflow stalls too on$stalled"
	echo "PASS: tight pool (1100 mbufs, rxd=txd=1024): testpmd stalls on em, virtio, vmxnet3; ebbflow forwards on all three"
}

# the same runs: how each PMD counts the exhaustion (testpmd), and ebbflow's queues paused
# on each, polling once per pause, not spinning (em: one RX-nombuf per failed poll, so
# RX-nombuf follows the pauses; vmxnet3: no RX-nombuf, its xstat moves)
case_4() {
	local pmd p n
	tight_all || it_fail "a tight-pool run failed"
	for pmd in em virtio vmxnet3; do
		echo "$pmd: testpmd RX-nombuf $(tv testpmd $pmd nombuf) RX-missed $(tv testpmd $pmd missed)" \
			"rx_q0_rx_buf_alloc_failure $(tv testpmd $pmd xstat_alloc_fail);" \
			"ebbflow (delay 1 s) RX-nombuf $(tv ebbdelay $pmd nombuf) RX-missed $(tv ebbdelay $pmd missed)" \
			"pauses $(tv ebbdelay $pmd pauses) wakeups $(tv ebbdelay $pmd wakeups)" \
			"rx_q0_rx_buf_alloc_failure $(tv ebbdelay $pmd xstat_alloc_fail)," \
			"forwarded $(tv ebbdelay $pmd tx2) of $(tv ebbdelay $pmd rx2)"
		ex_ge "$(tv ebbdelay $pmd pauses)" 1 "$pmd: ebbflow never paused a queue: the pool did not run out"
	done
	ex_ge "$(tv testpmd em nombuf)" 1 "em: testpmd counted no RX-nombuf"
	p=$(tv ebbdelay em pauses) n=$(tv ebbdelay em nombuf)
	ex_ge $((p + p / 10 + 2)) "$n" "em: ebbflow's RX-nombuf grew faster than its pauses (polled while paused?)"
	ex_ge $((n + n / 10 + 2)) "$p" "em: ebbflow paused without a failed refill"
	ex_ge "$(tv testpmd virtio nombuf)" 1 "virtio: testpmd counted no RX-nombuf"
	ex_ge "$(tv ebbdelay virtio nombuf)" "$(tv ebbdelay virtio pauses)" \
		"virtio: ebbflow's RX-nombuf (per descriptor) below its pauses"
	for p in testpmd ebbdelay; do
		[ "$(tv $p vmxnet3 nombuf)" = 0 ] || it_fail "vmxnet3: $p's RX-nombuf counted (the PMD does not)"
		ex_ge "$(tv $p vmxnet3 xstat_alloc_fail)" 1 "vmxnet3: $p's rx_q0_rx_buf_alloc_failure not counted"
	done
	echo "PASS: exhaustion as each PMD counts it (em per failed poll, virtio per descriptor," \
		"vmxnet3 only in its xstat); ebbflow's queues paused on the three"
}

case_5() {
	local out=/tmp/resp.out r req rep
	# shellcheck disable=SC2046
	g_spawn resp 240 $EBB $(g_eal resp $PCI_EM) -- -i --forward-mode=rxonly
	g_send resp "set port 0 ip 198.18.0.1/24" start
	g_started resp
	it_wait_for 60 grep -q "Port 0: address 198.18.0.1/24" $out || { it_show $out; it_fail "set port 0 ip refused"; }
	host_req addr tap0 198.18.0.2/24 > /dev/null || it_fail "host: address on tap0"
	r=$(host_req ping tap0 198.18.0.1 5) || it_fail "host: ping"
	echo "host: $r"
	host_req addr tap0 none > /dev/null
	_resp_n() { grep -q "ICMP-replies: *5" $out; }
	g_send resp "show responder"
	sleep 1
	g_send resp "show responder"
	it_wait_for 20 _resp_n || true
	awk '/Responder port 0/,/^ebbflow>/' $out | tail -n 12
	g_send resp stop
	g_quit resp
	[ "$G_RC" -eq 0 ] || { it_show $out; it_fail "ebbflow exited $G_RC"; }
	[ "$r" = "ping 5/5 arping 3/3" ] || it_fail "not every echo or ARP request answered: $r"
	g_audit $out
	echo "PASS: ping 5/5 and arping 3/3 answered by the responder on e1000e"
}

case_6() {
	local out=/tmp/link.out a b r
	# shellcheck disable=SC2046
	g_spawn link 240 $EBB $(g_eal link $PCI_EM $PCI_VIRTIO) \
		-- -i --forward-mode=io
	g_send link start
	g_started link
	g_links_up link 0 1
	a=$(host_req send tap0 500 1000 link_a && host_req done link_a) || it_fail "host: send"
	echo "before: $a"
	# the port's own link-up at start may be an event too, printed late: count the up
	# events after the down event, which comes after it
	local ups downs
	downs=$(grep -c "port 0: link down (event)" $out)
	_more() { [ "$(grep -c "port 0: link $1 (event)" $out)" -gt "$2" ]; }
	r=$(host_req link tap0 down) || it_fail "host: link down"
	echo "host: tap0 down: $r"
	it_wait_for 30 _more down "$downs" ||
		{ it_show $out; it_fail "no link-down event on port 0 (e1000e)"; }
	# the event stops the queues of both streams (port 0 receives or sends in each)
	local sd st_down st_up
	_stopped() { sd=$(g_snap link 2); st_down="$(g_qstate $out "$sd" 0) / $(g_qstate $out "$sd" 1)"
		[ "$st_down" = "stopped / stopped" ]; }
	it_wait_for 30 _stopped || it_fail "link down: RX queues of ports 0 / 1 are $st_down, not stopped"
	echo "link down: RX queues of ports 0 / 1: $st_down"
	ups=$(grep -c "port 0: link up (event)" $out)
	r=$(host_req link tap0 up) || it_fail "host: link up"
	echo "host: tap0 up: $r"
	it_wait_for 30 _more up "$ups" ||
		{ it_show $out; it_fail "no link-up event on port 0 (e1000e)"; }
	_resumed() { sd=$(g_snap link 2); st_up="$(g_qstate $out "$sd" 0) / $(g_qstate $out "$sd" 1)"
		! grep -q stopped <<<"$st_up"; }
	it_wait_for 30 _resumed || it_fail "link up: RX queues of ports 0 / 1 are $st_up, still stopped"
	echo "link up: RX queues of ports 0 / 1: $st_up"
	g_send link "show port info 0"
	it_wait_for 30 grep -q "^Link events: up" $out || it_fail "show port info 0: no link events line"
	b=$(host_req send tap0 500 1000 link_b && host_req done link_b) || it_fail "host: send"
	echo "after: $b"
	local s c
	s=$(g_snap link 2)
	g_send link stop
	# port stop / port start on the PCI port, then forwarding again
	local np
	np=$(grep -c "^Port 0: [0-9A-Fa-f:]\{17\}" $out)
	g_send link "port stop 0"
	it_wait_for 30 grep -q "^Stopping ports" $out || it_fail "port stop 0: no answer"
	g_send link "port start 0"
	_pstart() { [ "$(grep -c "^Port 0: [0-9A-Fa-f:]\{17\}" $out)" -gt "$np" ]; }
	it_wait_for 60 _pstart || { it_show $out; it_fail "port start 0: no 'Port 0: MAC' line"; }
	g_send link start
	g_links_up link 0 1
	c=$(host_req send tap0 500 1000 link_c && host_req done link_c) || it_fail "host: send"
	echo "after port stop/start 0: $c"
	g_send link stop
	g_quit link
	[ "$G_RC" -eq 0 ] || { it_show $out; it_fail "ebbflow exited $G_RC"; }
	grep "link .* (event)\|^Link events:" $out
	echo "ebbflow: port 0 (e1000e) RX $(g_stat $out "$s" 0 RX-packets)" \
		"missed $(g_stat $out "$s" 0 RX-missed) nombuf $(g_stat $out "$s" 0 RX-nombuf);" \
		"port 1 (virtio) TX $(g_stat $out "$s" 1 TX-packets)"
	[ "$(hv "$a" tap1)" = 500 ] || it_fail "before the link change: $(hv "$a" tap1) of 500 forwarded"
	[ "$(hv "$b" tap1)" = 500 ] || it_fail "after the link came back: $(hv "$b" tap1) of 500 forwarded"
	[ "$(hv "$c" tap1)" = 500 ] || it_fail "after port stop/start 0: $(hv "$c" tap1) of 500 forwarded"
	g_audit $out exit
	echo "PASS: link down and up events reached ebbflow and stopped / resumed its queues;" \
		"500/500 forwarded before, after, and after port stop/start 0"
}

case_7() {
	local pmd pci ifc r
	for pmd in em virtio vmxnet3; do
		pci=${PMD_PCI[$pmd]}
		modprobe "${PMD_KMOD[$pmd]//-/_}" 2>/dev/null || modprobe "${PMD_KMOD[$pmd]}"
		$DEVBIND -b "${PMD_KMOD[$pmd]}" "$pci" || it_fail "dpdk-devbind.py -b ${PMD_KMOD[$pmd]} $pci failed"
		_has_if() { ls /sys/bus/pci/devices/"$pci"/net/ 2>/dev/null | grep -q .; }
		_has_if2() { ls /sys/bus/pci/devices/"$pci"/virtio*/net/ 2>/dev/null | grep -q .; }
		it_wait_for 30 _has_if || it_wait_for 5 _has_if2 || it_fail "$pmd: no kernel interface after devbind -b"
	done
	$DEVBIND --status-dev net
	ifc=$(ls /sys/bus/pci/devices/$PCI_EM/net/)
	ip link set "$ifc" up
	ip addr add 198.18.1.1/24 dev "$ifc"
	_carrier() { [ "$(cat /sys/class/net/"$ifc"/carrier 2>/dev/null)" = 1 ]; }
	it_wait_for 30 _carrier || it_fail "$ifc (e1000e): no carrier"
	host_req addr tap0 198.18.1.2/24 > /dev/null || it_fail "host: address on tap0"
	r=$(host_req ping tap0 198.18.1.1 3) || it_fail "host: ping"
	host_req addr tap0 none > /dev/null
	echo "host -> $ifc (kernel e1000e): $r"
	[ "$r" = "ping 3/3 arping 3/3" ] || it_fail "the kernel's e1000e did not answer every ping/arping: $r"
	echo "PASS: the three NICs back on their kernel drivers; e1000e answers ping 3/3 and arping 3/3"
}
