#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""engine_layers.py: lib/engine's calls run one way (issue 16).

Usage: engine_layers.py NM LIBEBB_ENGINE_A DESIGN_MD

Reads the layer of each lib/engine file from the table in DESIGN.md (rows
"| N | engine_x.c | ..."), and the cross-file references of the built objects from
`nm -P -A` of the static library (a symbol one object leaves undefined and another
defines: a call, a function's address taken, or shared data). It prints that graph,
layer by layer, and fails when a file references a file of its own layer or of a
higher one, when the graph has a cycle, or when a file of the library is in no layer
(or the table names a file the library does not have).
"""
import re
import subprocess
import sys

ROW = re.compile(r'^\|\s*(\d+)\s*\|\s*`?(engine\w*\.c)`?\s*\|')
NM_LINE = re.compile(r'^\S*\[(\S+?)\.o\]: (\S+) (\S)')
DEFINED = set('TDBRCGSV')  # text, data, bss, read-only, common, small data, weak object


def die(msg):
    print('engine_layers: FAIL: ' + msg)
    sys.exit(1)


def read_layers(path):
    layers = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = ROW.match(line)
            if m:
                if m.group(2) in layers:
                    die(f'{path}: {m.group(2)} is in two rows of the layer table')
                layers[m.group(2)] = int(m.group(1))
    if not layers:
        die(f'{path}: no layer table (rows "| N | engine_x.c | ... |")')
    return layers


def read_refs(nm, lib):
    try:
        out = subprocess.run([nm, '-P', '-A', lib], check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        die(f'{nm} -P -A {lib}: {e}')
    defs, undef, objs = {}, {}, set()
    for line in out.splitlines():
        m = NM_LINE.match(line)
        if not m:
            continue
        obj, sym, typ = m.groups()
        objs.add(obj)
        if typ == 'U':
            undef.setdefault(obj, set()).add(sym)
        elif typ in DEFINED:
            defs[sym] = obj
    edges = {}
    for obj, syms in undef.items():
        for sym in syms:
            to = defs.get(sym)
            if to is not None and to != obj:
                edges.setdefault((obj, to), set()).add(sym)
    return objs, edges


def violations(layers, edges):
    bad = []
    for (a, b), syms in sorted(edges.items()):
        if layers[b] >= layers[a]:
            how = 'sideways' if layers[b] == layers[a] else 'upward'
            bad.append(f'{a} (layer {layers[a]}) -> {b} (layer {layers[b]}), {how}: '
                       + ' '.join(sorted(syms)))
    return bad


def find_cycle(nodes, edges):
    succ = {n: sorted({b for (a, b) in edges if a == n}) for n in nodes}
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in succ[n]:
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(nodes):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2])
        sys.exit(2)
    nm, lib, design = sys.argv[1:]
    layers = read_layers(design)
    objs, edges = read_refs(nm, lib)
    files = {o for o in objs}
    if not files:
        die(f'{lib}: no object')
    for f in sorted(files - set(layers)):
        die(f'{f} is in no layer: add it to the table in {design}')
    for f in sorted(set(layers) - files):
        die(f'{design} names {f}, which {lib} does not hold')

    print(f'lib/engine: cross-file references, by layer ({design})')
    for layer in sorted(set(layers.values()), reverse=True):
        for f in sorted(x for x in layers if layers[x] == layer):
            outs = sorted(b for (a, b) in edges if a == f)
            print(f'  {layer} {f:20} -> ' + (', '.join(outs) if outs else '(nothing)'))

    bad = violations(layers, edges)
    cycle = find_cycle(files, edges)
    if cycle:
        bad.append('cycle: ' + ' -> '.join(cycle))
    # not vacuous: the same graph with the layers upside down must fail
    flipped = {f: -n for f, n in layers.items()}
    if edges and not violations(flipped, edges):
        bad.append('the check found nothing wrong with the layers reversed: it reads no edge')
    if bad:
        for b in bad:
            print('engine_layers: FAIL: ' + b)
        sys.exit(1)
    print(f'engine_layers: OK: {len(files)} files in {len(set(layers.values()))} layers, '
          f'{len(edges)} cross-file edges ({sum(len(s) for s in edges.values())} symbols), '
          'all downward, no cycle')


if __name__ == '__main__':
    main()
