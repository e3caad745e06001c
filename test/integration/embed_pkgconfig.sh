#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# embed_pkgconfig.sh: `meson install` into a scratch root, then build a DPDK program of
# someone else's (embed_app.c) with nothing but the installed libebbflow.pc, and run it:
# its worker lcore waits on an exhausted ebb_waitq pool and a free on main serves it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

build=$(cd "$(dirname "$BIN")/../.." && pwd)
[ -f "$build/build.ninja" ] || it_fail "no build directory above $BIN"
root="$IT_TMP/root"
meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$IT_TMP/install.log" 2>&1 ||
	it_fail "meson install failed: $(tail -n 3 "$IT_TMP/install.log")"
pc=$(find "$root" -name libebbflow.pc | head -n 1)
[ -n "$pc" ] || it_fail "meson install wrote no libebbflow.pc"
for h in ebb_wait.h ebb_waitq.h ebb_engine.h ebb_pool.h ebb_fwd.h; do
	[ -n "$(find "$root" -name "$h")" ] || it_fail "$h not installed"
done
# point the installed .pc at the scratch root (it names the real prefix)
prefix=$(sed -n 's/^prefix=//p' "$pc")
mkdir -p "$IT_TMP/pc"
sed "s|^prefix=.*|prefix=$root$prefix|; s|^libdir=$prefix|libdir=$root$prefix|; s|^includedir=$prefix|includedir=$root$prefix|" \
	"$pc" >"$IT_TMP/pc/libebbflow.pc"
flags=$(PKG_CONFIG_PATH="$IT_TMP/pc" pkg-config --cflags --libs libebbflow) ||
	it_fail "pkg-config cannot read the installed libebbflow.pc"
# a sanitizer build installs instrumented archives: the foreign program needs the runtime too
san=$(python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == "b_sanitize" and o["value"] != "none": print("-fsanitize=" + o["value"])' \
	"$build/meson-info/intro-buildoptions.json" 2>/dev/null)
# shellcheck disable=SC2086
cc $san -std=gnu11 -O2 -Wall -Werror -o "$IT_TMP/embed" "$here/embed_app.c" $flags -lnuma \
	>"$IT_TMP/cc.log" 2>&1 || it_fail "building against libebbflow.pc failed: $(head -n 5 "$IT_TMP/cc.log")"
it_log "built embed_app with: pkg-config --cflags --libs libebbflow"

out="$IT_TMP/embed.out"
timeout 60 "$IT_TMP/embed" --no-pci --no-huge -m 128 --lcores 0@0,1@1 \
	--file-prefix "$(it_prefix embed)" --log-level=lib.eal:warning >"$out" 2>&1
rc=$?
cat "$out" | grep embed:
[ $rc -eq 0 ] || it_fail "embed_app exited $rc"
grep -q "embed: waiter served, 4 handed off, pool 256/256" "$out" ||
	it_fail "the waiter was not served or the pool is not full"
it_pass "an installed-only program waits on ebb_waitq and is served; pool full"
