#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the policy ranges of a YNL spec with the live family's.

    ynl_policy.py PYYNL_DIR SPEC SCHEMA

PYYNL_DIR is the kernel's tools/net/ynl/pyynl.  For every operation of
SPEC, asks the kernel for its policy (nlctrl GETPOLICY, through the
kernel's YNL library) and compares each attribute both know, nests
included, with what the spec's checks (min, max, exact-len, max-len,
min-len) and enums mean: integer ranges, length limits and flag masks.
Attributes the kernel's policy leaves out (NLA_REJECT: replies only) are
not compared.  Prints one line per disagreement and exits 1 if there is
any; prints a summary and exits 0 otherwise.
"""

import sys

TYPE_MAX = {'u8': 0xff, 'u16': 0xffff, 'u32': 0xffffffff,
            'u64': 0xffffffffffffffff}


def const(ynl, value):
    """A check's value: a number or the name of a spec constant."""
    if isinstance(value, int):
        return value
    return int(ynl.consts[value]['value'])


def expected(ynl, spec_attr):
    """What the spec says of one attribute, as GETPOLICY would put it."""
    yaml = spec_attr.yaml
    checks = yaml.get('checks', {})
    typ = yaml['type']
    exp = {}
    if typ in TYPE_MAX:
        low, high = 0, TYPE_MAX[typ]
        if 'enum' in yaml:
            enum = ynl.consts[yaml['enum']]
            if enum.type == 'flags' or yaml.get('enum-as-flags', False):
                exp['mask'] = enum.get_mask()
            else:
                values = [e.value for e in enum.entries.values()]
                low, high = min(values), max(values)
        if 'mask' not in exp:
            low = const(ynl, checks.get('min', low))
            high = const(ynl, checks.get('max', high))
            exp['min-value'], exp['max-value'] = low, high
    elif typ == 'binary':
        if 'exact-len' in checks:
            n = const(ynl, checks['exact-len'])
            exp['min-length'], exp['max-length'] = n, n
        if 'min-len' in checks:
            exp['min-length'] = const(ynl, checks['min-len'])
        if 'max-len' in checks:
            exp['max-length'] = const(ynl, checks['max-len'])
    elif typ == 'string':
        if 'max-len' in checks:
            exp['max-length'] = const(ynl, checks['max-len'])
        if 'min-len' in checks:
            exp['min-length'] = const(ynl, checks['min-len'])
    return exp


def kernel_props(pol, spec_attr):
    """The kernel's range and length properties of one attribute."""
    props = {}
    for key in ('min-value', 'max-value', 'min-length', 'max-length', 'mask'):
        try:
            props[key] = getattr(pol, key.replace('-', '_'))
        except AttributeError:
            pass
    typ = spec_attr.yaml['type']
    # An integer attribute without a range or mask has its type's range
    # (what NLA_BE32 reports on kernels that dump no range for it).
    if typ in TYPE_MAX and 'mask' not in props:
        props.setdefault('min-value', 0)
        props.setdefault('max-value', TYPE_MAX[typ])
    return props


def walk(ynl, pol, set_name, where, problems, seen):
    """Compare the entries of one (nested) policy with a spec attribute set."""
    attr_set = ynl.attr_sets[set_name]
    for name in pol:
        if name not in attr_set.attrs:
            problems.add(f"{where}: the kernel accepts attribute "
                         f"{name}, which set {set_name} doesn't have")
            continue
        spec_attr = attr_set.attrs[name]
        entry = pol[name]
        path = f"{set_name}.{name}"
        if spec_attr.yaml['type'] == 'nest':
            sub = spec_attr.yaml['nested-attributes']
            if (path, sub) not in seen:
                seen.add((path, sub))
                walk(ynl, entry, sub, f"{where} {path}", problems, seen)
            continue
        exp = expected(ynl, spec_attr)
        got = kernel_props(entry, spec_attr)
        for key in sorted(set(exp) | set(got)):
            if exp.get(key) != got.get(key):
                problems.add(f"{path}: {key}: the spec says {exp.get(key)}, "
                             f"the module {got.get(key)}")
        seen.add((path, None))


def main():
    pyynl, spec, schema = sys.argv[1:4]
    sys.path.insert(0, pyynl)
    from lib import YnlFamily  # pylint: disable=import-outside-toplevel

    ynl = YnlFamily(spec, schema)
    problems = set()
    seen = set()
    nops = 0
    for op_name, op in ynl.ops.items():
        for mode in ('do', 'dump'):
            if mode not in op.yaml:
                continue
            pol = ynl.get_policy(op_name, mode)
            if pol is None:
                continue
            nops += 1
            walk(ynl, pol, op.attr_set.name, f"{op_name} {mode}", problems,
                 seen)
    for line in sorted(problems):
        print(line)
    names = sorted(s[0] for s in seen if s[1] is None)
    compared = len(names)
    print("# compared: " + " ".join(names))
    print(f"# {nops} operation policies, {compared} attributes compared, "
          f"{len(problems)} disagreements")
    return 1 if problems or not compared else 0


if __name__ == '__main__':
    sys.exit(main())
