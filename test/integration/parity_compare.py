#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# parity_compare.py: compare dpdk-testpmd's and ebbflow's answers to one command script.
"""Usage: parity_compare.py SCRIPT TESTPMD_OUT EBBFLOW_OUT

SCRIPT has one command a line, each after the way its answers are compared:

  same CMD    the answers are the same, line by line, once numbers and MAC addresses are
              masked: the same words in the same order, and every label in the same
              column (a label may move only by the width of a number printed before it
              without padding)
  fields CMD  "Key: value" answers (show port info ...): the keys both print come in the
              same order with the same masked value; either may print keys the other has not
  err CMD     a refused command: ebbflow answers in one specific line (never the cmdline
              library's bare "Bad arguments" / "Command not found")
  own CMD     a command ebbflow answers differently on purpose (README says how): it must
              answer something that is not a refusal
  quit        the last line: after it neither program prints a prompt; both say Bye...

Lines that only ebbflow prints on purpose (the pool audit at stop, the per-queue lines and
TX-dropped after the NIC statistics block) are left out of ebbflow's answers first.
Exit 0 same layout, 1 a difference (each printed), 2 bad usage or unreadable output.
"""
import re
import sys

PROMPT = re.compile(r'^(testpmd|ebbflow)> ?(.*)$')
MAC = re.compile(r'\b[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}\b')
NUM = re.compile(r'0x[0-9A-Fa-f]+|\d+(?:\.\d+)?')
EBB_AUDIT = re.compile(r'^pool \S+: \d+/\d+ mbufs returned')
# below the NIC statistics block only (after its closing border)
EBB_AFTER_NIC = [re.compile(r'^  RX queue \d+ +lcore \d+ '), re.compile(r'^  TX-dropped: \d+$')]
NIC_END = re.compile(r'^  #{20,}$')
REFUSALS = ('Bad arguments', 'Command not found', 'Ambiguous command')
MODES = ('same', 'fields', 'err', 'own', 'quit')


def read_script(path):
    cmds = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#') or line.startswith('sleep '):
                continue
            mode, _, cmd = line.partition(' ')
            if mode == 'quit':
                cmd = 'quit'
            if mode not in MODES or not cmd:
                sys.exit(f'{path}:{n}: want MODE COMMAND (modes: {", ".join(MODES)})')
            cmds.append((mode, cmd.strip()))
    return cmds


def sections(path, ebbflow):
    """The answer to each command: the lines after its prompt, up to the next prompt."""
    out = []
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().replace('\r', '').split('\n')
    cur = None
    after_nic = False
    for line in lines:
        m = PROMPT.match(line)
        if m:
            cur = []
            out.append((m.group(2).strip(), cur))
            after_nic = False
            continue
        if cur is None:
            continue  # start-up, before the first prompt
        if ebbflow and (EBB_AUDIT.match(line) or
                        (after_nic and any(p.match(line) for p in EBB_AFTER_NIC))):
            continue
        after_nic = bool(NIC_END.match(line))
        cur.append(line.rstrip())
    for _, body in out:  # blank lines at the end of an answer are not layout
        while body and body[-1] == '':
            body.pop()
    return out


def tokens(line):
    """(kind, text, start): kind 'n' a number, 'w' a word (MACs are words)."""
    line = MAC.sub('XX:XX:XX:XX:XX:XX', line)
    out = []
    for m in re.finditer(r'\S+', line):
        word, start = m.group(0), m.start()
        pos = 0
        for n in NUM.finditer(word):
            if n.start() > pos:
                out.append(('w', word[pos:n.start()], start + pos))
            out.append(('n', n.group(0), start + n.start()))
            pos = n.end()
        if pos < len(word):
            out.append(('w', word[pos:], start + pos))
    return out


def shape(toks):
    return ' '.join('#' if k == 'n' else t for k, t, _ in toks)


def same_line(t_line, e_line):
    """None when the lines have the same layout, else why not."""
    tt, et = tokens(t_line), tokens(e_line)
    if shape(tt) != shape(et):
        return 'words differ'
    delta, width = 0, 0  # label column shift so far; number width change since last label
    for (k, tt_text, tcol), (_, et_text, ecol) in zip(tt, et):
        if k == 'n':
            width += len(et_text) - len(tt_text)
            continue
        d = ecol - tcol
        if d not in (delta, delta + width):
            return f"'{tt_text}' at column {ecol + 1}, testpmd's at {tcol + 1}"
        delta, width = d, 0
    return None


def cmp_same(t_body, e_body):
    errs = []
    for i in range(max(len(t_body), len(e_body))):
        t = t_body[i] if i < len(t_body) else None
        e = e_body[i] if i < len(e_body) else None
        if t is None or e is None:
            errs.append(f'line {i + 1}: testpmd {t!r} / ebbflow {e!r}')
            break
        why = same_line(t, e)
        if why:
            errs.append(f'line {i + 1}: {why}\n      testpmd: {t!r}\n      ebbflow: {e!r}')
            break
    return errs


def kv(body):
    out = []
    for line in body:
        if ':' in line and not line.startswith(' '):
            k, _, v = line.partition(':')
            out.append((k.strip(), shape(tokens(v))))
    return out


def cmp_fields(t_body, e_body):
    t, e = kv(t_body), kv(e_body)
    if not e:
        return ['ebbflow printed no "Key: value" line']
    tk = [k for k, _ in t]
    common = [(k, v) for k, v in e if k in tk]
    tcommon = [(k, v) for k, v in t if k in {k2 for k2, _ in common}]
    errs = []
    if [k for k, _ in common] != [k for k, _ in tcommon]:
        errs.append(f'keys in another order: testpmd {[k for k, _ in tcommon]}, '
                    f'ebbflow {[k for k, _ in common]}')
    for (k, ev), (_, tv) in zip(common, tcommon):
        if ev != tv:
            errs.append(f"'{k}': testpmd '{tv}', ebbflow '{ev}'")
    if not common:
        errs.append('no key in common')
    return errs


def refused(body):
    return [ln for ln in body if ln.strip() in REFUSALS]


def cmp_err(t_body, e_body):
    text = [ln for ln in e_body if ln.strip()]
    if len(text) != 1:
        return [f'ebbflow answered {len(text)} lines, want one: {e_body!r}']
    if refused(text):
        return [f'ebbflow answered only {text[0]!r}: say what is expected']
    return []


def cmp_own(t_body, e_body):
    if not any(ln.strip() for ln in e_body):
        return ['ebbflow answered nothing']
    if refused(e_body):
        return [f'ebbflow refused it: {refused(e_body)[0]!r}']
    return []


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    script = read_script(sys.argv[1])
    tsec = sections(sys.argv[2], False)
    esec = sections(sys.argv[3], True)
    bad = 0
    for prog, secs in (('testpmd', tsec), ('ebbflow', esec)):
        got = [c for c, _ in secs]
        want = [c for _, c in script]
        if got[:len(want)] != want:
            for i, (g, w) in enumerate(zip(got + [None] * len(want), want)):
                if g != w:
                    print(f'{prog}: prompt {i + 1} echoes {g!r}, the script says {w!r}')
                    break
            return 2
        if len(got) > len(want):
            print(f'{prog}: {len(got) - len(want)} prompt(s) after the last command '
                  f'(quit must not print a prompt)')
            bad += 1
    for i, (mode, cmd) in enumerate(script):
        t_body, e_body = tsec[i][1], esec[i][1]
        if mode == 'same':
            errs = cmp_same(t_body, e_body)
        elif mode == 'fields':
            errs = cmp_fields(t_body, e_body)
        elif mode == 'err':
            errs = cmp_err(t_body, e_body)
        elif mode == 'own':
            errs = cmp_own(t_body, e_body)
        else:
            errs = [] if any('Bye' in ln for ln in e_body) else ['ebbflow did not say Bye...']
        if errs:
            bad += 1
            print(f'DIFF [{mode}] {cmd}')
            for e in errs:
                print(f'    {e}')
        else:
            print(f'ok   [{mode}] {cmd}')
    print(f'{len(script) - bad}/{len(script)} commands with the same layout'
          if bad == 0 else f'{bad} difference(s) in {len(script)} commands')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
