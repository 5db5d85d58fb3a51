"""Compare two registry versions: what a maintainer needs before shipping.

Input: the validated Row lists of an old and a new registry (validate's
output).  Output: a list of Change, grouped by kind in KINDS order, each in
registry order.  Named rows are matched first by (folded name, protocol,
port); then a name whose rows with a port all went while it gained rows
without one (its port given back, the name kept as a DNS-SD name-only row)
is one "portless" change, and the reverse one "ported"; then the rest by
(folded name, protocol), a move, and by (port, protocol), a rename; what is
left is added or removed.  So a rename or a move reads as one change, not as
a removal plus an addition.  A "changed" change holds each changed column's
old and new value.  Status changes are runs of ports, per protocol, that no
named row covers in either version and whose status (reserved by an unnamed
"Reserved" row, or unassigned) changed.

Invariants: every new named row that is not matched exactly is in one
added, renamed, moved, portless or ported change; every old one likewise in
one removed, renamed, moved, portless or ported change.
"""

import dataclasses
import json

from . import validate
from .constants import PROTOCOLS, RESERVED, fold, port_text

KINDS = ("added", "removed", "renamed", "moved", "portless", "ported",
         "changed", "status")
SHOWN = 60      # characters of a changed value the text report shows

# python3 -m gen diff --help's epilog: the kinds and the JSON fields
HELP = """kinds: added, removed, renamed (same port and protocol, new name), moved
(same name and protocol, another port), portless (a name's ports given back,
the name kept as a name-only row) and ported (the reverse), changed (the same
assignment with other columns: each column's old and new value), status
(ports that no named row covers in either version, turned reserved or
unassigned).  Named rows are matched by (folded name, protocol, port), then
portless and ported names, then (folded name, protocol) for moves, then
(port, protocol) for renames.

--json: an array of objects with kind, name, proto ("tcp", "udp", "sctp",
"dccp" or ""), port ("80", "6000-6063" or ""), and by kind: old_name
(renamed), old_port (moved), old_rows and new_rows (portless, ported:
"831/tcp", "-/-"), fields (changed: {"Description": {"old": ..., "new":
...}}, whole values), old_status and status (status; proto "" there means
every protocol)."""


def _around(old, new):
    """OLD and NEW as the text report shows them: at most SHOWN characters
    each, cut to the same window around where they first differ (marked
    ... where cut), unprintable characters escaped."""
    i = next((k for k, (x, y) in enumerate(zip(old, new)) if x != y),
             min(len(old), len(new)))
    start = max(0, i - SHOWN // 3)

    def cut(t):
        part = t[start:start + SHOWN]
        return (("..." if start else "") + validate.show(part, SHOWN) +
                ("..." if start + SHOWN < len(t) else ""))
    return cut(old), cut(new)


def _where(r):
    """A row's place as the report writes it: "831/tcp", "-/-"."""
    return "%s/%s" % (r.port_text or "-", r.proto or "-")


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str
    name: str
    proto: str
    port: str
    old_name: str = ""
    old_port: str = ""
    fields: tuple = ()      # changed: (column, old value, new value)
    old_status: str = ""
    new_status: str = ""
    old_rows: tuple = ()    # portless, ported: "PORT/PROTO" before ...
    new_rows: tuple = ()    # ... and after

    def as_json(self):
        d = {"kind": self.kind, "name": self.name, "proto": self.proto,
             "port": self.port}
        if self.kind == "renamed":
            d["old_name"] = self.old_name
        elif self.kind == "moved":
            d["old_port"] = self.old_port
        elif self.kind in ("portless", "ported"):
            d["old_rows"] = list(self.old_rows)
            d["new_rows"] = list(self.new_rows)
        elif self.kind == "changed":
            d["fields"] = {c: {"old": o, "new": n} for c, o, n in self.fields}
        elif self.kind == "status":
            d["old_status"] = self.old_status
            d["status"] = self.new_status
        return d

    def text(self):
        """The change as report lines (a changed row: one line a column)."""
        port = self.port or "-"
        svc = "%s %s/%s" % (self.name, port, self.proto or "-")
        if self.kind == "renamed":
            return ["%s (was %s)" % (svc, self.old_name)]
        if self.kind == "moved":
            return ["%s (was %s)" % (svc, self.old_port or "no port")]
        if self.kind in ("portless", "ported"):
            return ["%s: %s -> %s" % (self.name, ", ".join(self.old_rows),
                                      ", ".join(self.new_rows))]
        if self.kind == "changed":
            return [svc] + ['  %s: "%s" -> "%s"' % ((c,) + _around(o, n))
                            for c, o, n in self.fields]
        if self.kind == "status":
            return ["%s/%s: %s -> %s" % (port, self.proto or "all",
                                         self.old_status, self.new_status)]
        return [svc]


def _match(old, new, key):
    """Pairs (o, n) of rows equal under key, in order; and what is left."""
    waiting = {}
    for n in new:
        waiting.setdefault(key(n), []).append(n)
    pairs, old_left = [], []
    for o in old:
        lst = waiting.get(key(o))
        if lst:
            pairs.append((o, lst.pop(0)))
        else:
            old_left.append(o)
    taken = {id(n) for _, n in pairs}
    return pairs, old_left, [n for n in new if id(n) not in taken]


def _status_map(recs):
    """{proto: bytearray of 65536}: 0 unassigned, 1 reserved, 2 named."""
    out = {p: bytearray(65536) for p in PROTOCOLS}
    for r in recs:
        if not r.has_port:
            continue
        if r.name:
            value = 2
        elif r.description.strip().lower() == RESERVED:
            value = 1
        else:
            continue
        for p in (PROTOCOLS if r.proto == "" else (r.proto,)):
            m = out[p]
            for port in r.ports():
                m[port] = max(m[port], value)
    return out


def _status_changes(old, new):
    words = ("unassigned", "reserved")
    a, b = _status_map(old), _status_map(new)
    runs = {}       # proto -> [(lo, hi, old, new)]
    for p in PROTOCOLS:
        cur = []
        for port in range(65536):
            x, y = a[p][port], b[p][port]
            if x == y or x == 2 or y == 2:
                continue
            if cur and cur[-1][1] == port - 1 and cur[-1][2:] == (x, y):
                cur[-1] = (cur[-1][0], port, x, y)
            else:
                cur.append((port, port, x, y))
        runs[p] = cur
    out = []
    everywhere = set.intersection(*(set(runs[p]) for p in PROTOCOLS))
    for lo, hi, x, y in sorted(everywhere):
        out.append(("", lo, hi, x, y))
    for p in PROTOCOLS:
        out.extend((p, lo, hi, x, y) for lo, hi, x, y in runs[p]
                   if (lo, hi, x, y) not in everywhere)
    out.sort(key=lambda c: (c[1], PROTOCOLS.index(c[0]) if c[0] else -1))
    return [Change("status", "", p, port_text(lo, hi), old_status=words[x],
                   new_status=words[y])
            for p, lo, hi, x, y in out]


def _port_given_back(old, new):
    """Names whose every unmatched old row has a port and whose unmatched
    new rows have none (portless), or the reverse (ported): one Change a
    name, and what is left of OLD and NEW."""
    by_name = {}
    for side, rows in ((0, old), (1, new)):
        for r in rows:
            by_name.setdefault(fold(r.name), ([], []))[side].append(r)
    out, used = [], set()
    for o_rows, n_rows in by_name.values():
        if not o_rows or not n_rows:
            continue
        o_port = {r.has_port for r in o_rows}
        n_port = {r.has_port for r in n_rows}
        if len(o_port) != 1 or o_port == n_port or len(n_port) != 1:
            continue
        kind = "portless" if o_port == {True} else "ported"
        first = n_rows[0]
        out.append(Change(kind, first.name, first.proto, first.port_text,
                          old_rows=tuple(_where(r) for r in o_rows),
                          new_rows=tuple(_where(r) for r in n_rows)))
        used.update(id(r) for r in o_rows + n_rows)
    return (out, [r for r in old if id(r) not in used],
            [r for r in new if id(r) not in used])


def _fields(o, n):
    """(column, old value, new value) for each column that differs."""
    return tuple((c, x, y) for c, x, y in zip(validate.HEADER, o.fields,
                                                n.fields) if x != y)


def diff(old_rows, new_rows):
    """The list of Change from old_rows to new_rows, grouped by KINDS."""
    old = [r for r in old_rows if r.name]
    new = [r for r in new_rows if r.name]
    same, old, new = _match(old, new,
                            lambda r: (fold(r.name), r.proto, r.port_text))
    given, old, new = _port_given_back(old, new)
    moves, old, new = _match(old, new, lambda r: (fold(r.name), r.proto))
    renames, old, new = _match(old, new,
                               lambda r: (r.port_text, r.proto)
                               if r.has_port else id(r))
    changes = {k: [] for k in KINDS}
    changes["added"] = [Change("added", n.name, n.proto, n.port_text)
                        for n in new]
    changes["removed"] = [Change("removed", o.name, o.proto, o.port_text)
                          for o in old]
    changes["renamed"] = [Change("renamed", n.name, n.proto, n.port_text,
                                 old_name=o.name) for o, n in renames]
    changes["moved"] = [Change("moved", n.name, n.proto, n.port_text,
                               old_port=o.port_text) for o, n in moves]
    for c in given:
        changes[c.kind].append(c)
    changes["changed"] = [Change("changed", n.name, n.proto, n.port_text,
                                 fields=_fields(o, n))
                          for o, n in same if o.fields != n.fields]
    changes["status"] = _status_changes(old_rows, new_rows)
    return [c for k in KINDS for c in changes[k]]


def counts(changes):
    return {k: sum(1 for c in changes if c.kind == k) for k in KINDS}


def summary(old_label, new_label, changes):
    n = counts(changes)
    return "registry %s -> %s: %s" % (old_label, new_label, ", ".join(
        "%d %s" % (n[k], k) for k in KINDS))


def report(old_label, new_label, changes):
    """The human report: the summary line, then each kind's changes."""
    lines = [summary(old_label, new_label, changes)]
    for k in KINDS:
        group = [c for c in changes if c.kind == k]
        if group:
            lines.append("%s:" % k)
            lines.extend("  " + t for c in group for t in c.text())
    return "\n".join(lines) + "\n"


def as_json(changes):
    return json.dumps([c.as_json() for c in changes], indent=1,
                      ensure_ascii=False) + "\n"
