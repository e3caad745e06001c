#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# embed_pkgconfig.sh: `meson install` into a scratch root, then build a DPDK program of
# someone else's with exactly what pkg-config prints for the installed libebbflow.pc
# (nothing added), three ways, and run each:
#   shared   cc embed_app.c $(pkg-config --cflags --libs libebbflow): loads the
#            libebb_*.so it uses (their constructors run at load: no --whole-archive);
#   static   the same with --static: our archives and DPDK's, no libebb_/librte_ .so;
#   C++      c++ embed_app.cpp $(pkg-config --cflags --libs libebbflow).
# embed_app waits on an exhausted ebb_waitq pool from a worker lcore and a free on main
# serves it; embed_app.cpp drains and refills a pool made by ops name. Then the install
# is moved elsewhere and a program built from the moved .pc runs too.
# EAL: --no-pci --no-huge, each run its own --file-prefix.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

build=$(cd "$(dirname "$BIN")/../.." && pwd)
[ -f "$build/build.ninja" ] || it_fail "no build directory above $BIN"
root="$IT_TMP/root"
meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$IT_TMP/install.log" 2>&1 ||
	it_fail "meson install failed: $(tail -n 3 "$IT_TMP/install.log")"
pc=$(find "$root" -name libebbflow.pc | head -n 1)
[ -n "$pc" ] || it_fail "meson install wrote no libebbflow.pc"
pcdir=$(dirname "$pc")
export PKG_CONFIG_PATH="$pcdir"

# the .pc files: relocatable, every path below ${prefix}, the version meson's
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
	"$build/meson-info/intro-projectinfo.json") || it_fail "cannot read meson's project version"
for f in "$pcdir"/libebbflow.pc "$pcdir"/libebbflow-libs.pc; do
	[ -f "$f" ] || it_fail "$(basename "$f") not installed"
	grep -qx 'prefix=${pcfiledir}/../..' "$f" ||
		it_fail "$(basename "$f"): prefix is not relative to the .pc: $(grep '^prefix=' "$f")"
	bad=$(grep -E '^(libdir|includedir)=' "$f" | grep -v '=${prefix}/' || true)
	[ -z "$bad" ] || it_fail "$(basename "$f"): a path not below \${prefix}: $bad"
	grep -qx "Version: $version" "$f" || it_fail "$(basename "$f"): Version is not $version"
done
[ "$(pkg-config --modversion libebbflow)" = "$version" ] ||
	it_fail "pkg-config --modversion libebbflow is not meson's $version"

# each shared library with its soname and its archive beside it
libdir=$(pkg-config --variable=libdir libebbflow)
libdir=$(cd "$libdir" && pwd) || it_fail "the .pc's libdir does not exist"
abi=$(echo "$version" | awk -F. '{ print ($1 == 0) ? $1 "." $2 : $1 }')
n=0
for so in "$libdir"/libebb_*.so."$version"; do
	[ -f "$so" ] || it_fail "no libebb_*.so.$version installed in $libdir"
	name=$(basename "$so" ".so.$version")
	soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
	[ "$soname" = "$name.so.$abi" ] || it_fail "$name: soname '$soname', expected $name.so.$abi"
	[ -L "$libdir/$name.so.$abi" ] && [ -L "$libdir/$name.so" ] ||
		it_fail "$name: the $name.so.$abi / $name.so links are missing"
	[ -f "$libdir/$name.a" ] || it_fail "$name: no static archive $name.a"
	n=$((n + 1))
done
it_log "$n shared libraries (soname .so.$abi) with their archives, .pc version $version"

# build_it NAME COMPILER SOURCE PKG_CONFIG_ARGS...: the program, from pkg-config alone
build_it() {
	local name=$1 compiler=$2 src=$3 flags
	shift 3
	flags=$(pkg-config "$@" libebbflow) || it_fail "pkg-config $* libebbflow failed"
	# shellcheck disable=SC2086
	"$compiler" -o "$IT_TMP/$name" "$src" $flags >"$IT_TMP/$name.cc.log" 2>&1 ||
		it_fail "$name: $compiler $(basename "$src") \$(pkg-config $* libebbflow) failed: $(grep -m 3 -E 'error|undefined' "$IT_TMP/$name.cc.log")"
	it_log "$name: built with $compiler $(basename "$src") \$(pkg-config $* libebbflow)"
}

# run_it NAME EXPECTED LD_LIBRARY_PATH EAL_ARGS...: run it, check its last line
run_it() {
	local name=$1 expect=$2 ldpath=$3 rc=0
	shift 3
	LD_LIBRARY_PATH="$ldpath" timeout 60 "$IT_TMP/$name" --no-pci --no-huge -m 128 "$@" \
		--file-prefix "$(it_prefix "$name")" --log-level=lib.eal:warning \
		>"$IT_TMP/$name.out" 2>&1 || rc=$?
	grep embed "$IT_TMP/$name.out"
	[ "$rc" -eq 0 ] || { it_show "$IT_TMP/$name.out" 10; it_fail "$name exited $rc"; }
	grep -qF "$expect" "$IT_TMP/$name.out" || it_fail "$name: no line '$expect'"
	grep -qF "version $version (headers $version)" "$IT_TMP/$name.out" ||
		it_fail "$name: ebb_version() or EBB_VERSION_STR is not $version"
}

# needed NAME: the program's DT_NEEDED entries
needed() { readelf -d "$IT_TMP/$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'; }

served="embed: waiter served, 4 handed off, pool 256/256"

build_it embed_shared cc "$here/embed_app.c" --cflags --libs
needed embed_shared | grep -qx "libebb_waitq.so.$abi" ||
	it_fail "embed_shared does not load libebb_waitq.so.$abi: $(needed embed_shared | tr '\n' ' ')"
run_it embed_shared "$served" "$libdir" --lcores 0@0,1@1

build_it embed_static cc "$here/embed_app.c" --static --cflags --libs
so=$(needed embed_static | grep -E '^lib(ebb|rte)_' || true)
[ -z "$so" ] || it_fail "embed_static still loads $(echo "$so" | tr '\n' ' ')"
run_it embed_static "$served" "" --lcores 0@0,1@1

build_it embed_cxx c++ "$here/embed_app.cpp" --cflags --libs
run_it embed_cxx "embed++: ops ebb_waitq, drained and refilled ok, pool 128/128" "$libdir" -l 0

# relocated: the installed tree moved elsewhere. The .pc files find it from their own
# place (prefix=${pcfiledir}/../..), and --define-prefix reads them the same way. The
# link itself is done without --define-prefix: pkgconf would redefine libdpdk's prefix
# too, and Debian's libdpdk.pc (lib/x86_64-linux-gnu/pkgconfig) would come out as /usr/lib.
prefix=$(cd "$pcdir/../.." && pwd)
moved="$IT_TMP/moved"
mv "$prefix" "$moved" || it_fail "cannot move $prefix to $moved"
export PKG_CONFIG_PATH="$moved/lib/pkgconfig"
[ -f "$PKG_CONFIG_PATH/libebbflow.pc" ] || it_fail "the moved tree has no lib/pkgconfig/libebbflow.pc"
# (--variable=prefix is asked of libebbflow-libs: for libebbflow, which requires libdpdk,
# pkgconf answers with libdpdk's prefix)
for q in libebbflow-libs:prefix libebbflow:libdir libebbflow:includedir; do
	got=$(pkg-config --define-prefix --variable="${q#*:}" "${q%:*}") ||
		it_fail "pkg-config --define-prefix cannot read the moved ${q%:*}.pc"
	got=$(cd "$got" 2>/dev/null && pwd) || it_fail "--define-prefix: $q is not a folder: $got"
	case "$got" in "$moved"|"$moved"/*) ;; *) it_fail "--define-prefix: $q is $got, not in $moved" ;; esac
done
got=$(pkg-config --define-prefix --libs libebbflow-libs)
case "$got" in *"-L$moved/"*) ;; *) it_fail "--define-prefix: libebbflow-libs gives $got" ;; esac
libdir=$(cd "$(pkg-config --variable=libdir libebbflow)" && pwd)
case "$libdir" in "$moved"/*) ;; *) it_fail "the moved .pc names libdir $libdir" ;; esac
build_it embed_moved cc "$here/embed_app.c" --cflags --libs
run_it embed_moved "$served" "$libdir" --lcores 0@0,1@1

it_pass "shared, --static and C++ programs built from pkg-config alone are served; a moved install links too"
