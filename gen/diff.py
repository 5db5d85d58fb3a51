"""Compare two registry versions: what a maintainer needs before shipping.

Input: the validated Row lists of an old and a new registry (validate's
output).  Output: a list of Change, grouped by kind in KINDS order, each in
registry order.  Named rows are matched first by (folded name, protocol,
port); then a name whose rows with a port all went while it gained rows
without one (its port given back, the name kept as a DNS-SD name-only row)
is one "portless" change, and the reverse one "ported"; then the rest by
(folded name, protocol), a move, and by (port, protocol), a rename; what is
left is added or removed.  So a rename or a move reads as one change, not as
a removal plus an addition.  Every kind but status carries each other column
that changed, old and new value; a matched row whose columns differ only in
white space is "reformatted", apart from the real changes.  Rows without a
name (Reserved, Unassigned) are matched by (port, protocol): a change of
their columns is "unnamed"; runs of ports whose status (reserved by an
unnamed "Reserved" row, or unassigned) changed are "status".  Changes that
differ only in protocol (a service's tcp and udp rows) are one change with
both protocols.

Invariants: every new named row that is not matched exactly is in one
added, renamed, moved, portless or ported change; every old one likewise in
one removed, renamed, moved, portless or ported change; two files whose rows
differ in any column give at least one change (equivalent() says whether
they differ at all).
"""

import dataclasses
import json

from . import validate
from .constants import HEADER, PROTOCOLS, RESERVED, fold, port_text

KINDS = ("added", "removed", "renamed", "moved", "portless", "ported",
         "changed", "unnamed", "status", "reformatted")
SHOWN = 60      # characters of a changed value the text report shows
# the columns a kind's own fields leave out: what the kind itself says
PLACE = set(HEADER[:3])

# python3 -m gen diff --help's epilog: the kinds and the JSON fields
HELP = """kinds: added, removed (with the row's description and assignee), renamed
(same port and protocol, new name), moved (same name and protocol, another
port), portless (a name's ports given back, the name kept as a name-only
row; what its ports became) and ported (the reverse), changed (the same
assignment with other columns), unnamed (a row without a name, such as a
Reserved one, changed, added or removed), status (ports that no named row
covers in either version, turned reserved or unassigned), reformatted (the
same assignment, its columns changed in white space alone: counted, and
listed with --all).  Every kind but status lists each other column that
changed, old and new value.  Named rows are matched by (folded name,
protocol, port), then portless and ported names, then (folded name,
protocol) for moves, then (port, protocol) for renames.  A service's
changes that differ only in protocol are one, "tcp,udp".

--json: an array of objects with kind, name, proto ("tcp", "udp",
"tcp,udp" ..., or "" for none), port ("80", "6000-6063" or ""), fields
({"Description": {"old": ..., "new": ...}}, whole values; every kind but
status), and by kind: description and assignee (added, removed), old_name
(renamed), old_port (moved), old_rows, new_rows and became (portless,
ported: "831/tcp", "-/-"; what the old ports became: "Reserved",
"unassigned", "assigned"), row (unnamed: "changed", "added", "removed"),
old_status and status (status; proto "" there means every protocol).

--exit-code: 1 when the two files differ in any row's content (reformatted
rows too), 0 only when they hold the same rows."""


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


def spacing_only(old, new):
    """Whether OLD and NEW differ in white space alone."""
    return old != new and old.split() == new.split()


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str
    name: str
    proto: str
    port: str
    old_name: str = ""
    old_port: str = ""
    fields: tuple = ()      # (column, old value, new value)
    old_status: str = ""
    new_status: str = ""
    old_rows: tuple = ()    # portless, ported: "PORT/PROTO" before ...
    new_rows: tuple = ()    # ... and after
    became: str = ""        # portless: what the old ports became
    description: str = ""   # added, removed: the row's
    assignee: str = ""
    row: str = ""           # unnamed: "changed", "added" or "removed"

    def key(self):
        """The change but for its protocol: twins are one change."""
        return dataclasses.replace(self, proto="")

    def as_json(self):
        d = {"kind": self.kind, "name": self.name, "proto": self.proto,
             "port": self.port}
        if self.kind != "status":
            d["fields"] = {c: {"old": o, "new": n} for c, o, n in self.fields}
        if self.kind in ("added", "removed"):
            d["description"] = self.description
            d["assignee"] = self.assignee
        elif self.kind == "renamed":
            d["old_name"] = self.old_name
        elif self.kind == "moved":
            d["old_port"] = self.old_port
        elif self.kind in ("portless", "ported"):
            d["old_rows"] = list(self.old_rows)
            d["new_rows"] = list(self.new_rows)
            d["became"] = self.became
        elif self.kind == "unnamed":
            d["row"] = self.row
        elif self.kind == "status":
            d["old_status"] = self.old_status
            d["status"] = self.new_status
        return d

    def _head(self):
        port = self.port or "-"
        svc = "%s %s/%s" % (self.name, port, self.proto or "-")
        if self.kind == "renamed":
            return "%s (was %s)" % (svc, self.old_name)
        if self.kind == "moved":
            return "%s (was %s)" % (svc, self.old_port or "no port")
        if self.kind in ("portless", "ported"):
            return "%s: %s -> %s%s" % (
                self.name, ", ".join(self.old_rows), ", ".join(self.new_rows),
                " (the ports now %s)" % self.became if self.became else "")
        if self.kind in ("added", "removed"):
            # one line: the registry's line breaks read as spaces here
            extra = [" ".join(t.split())
                     for t in (self.description, self.assignee) if t]
            return svc + (": " + validate.show(", ".join(extra), SHOWN)
                          if extra else "")
        if self.kind == "unnamed":
            return "%s/%s%s" % (port, self.proto or "-", "" if self.row ==
                                "changed" else ": " + self.row)
        if self.kind == "status":
            return "%s/%s: %s -> %s" % (port, self.proto or "all",
                                        self.old_status, self.new_status)
        return svc

    def text(self):
        """The change as report lines: its head, then a line a column."""
        lines = [self._head()]
        if self.kind not in ("added", "removed", "status"):
            lines += ['  %s: "%s" -> "%s"%s' % ((c,) + _around(o, n) + (
                " (white space)" if spacing_only(o, n) else "",))
                      for c, o, n in self.fields]
        return lines


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


WORDS = ("unassigned", "reserved", "assigned")


def _status_changes(a, b):
    """Status changes between the status maps A and B."""
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
    return [Change("status", "", p, port_text(lo, hi), old_status=WORDS[x],
                   new_status=WORDS[y])
            for p, lo, hi, x, y in out]


def _fields(o, n, skip=frozenset()):
    """(column, old value, new value) for each column that differs, but
    those in SKIP."""
    return tuple((c, x, y) for c, x, y in zip(HEADER, o.fields, n.fields)
                 if x != y and c not in skip)


def _became(rows, status):
    """What the ports of ROWS are in the new version's STATUS map:
    "Reserved", "unassigned", "assigned", or a mix."""
    seen = []
    for r in rows:
        for p in (PROTOCOLS if r.proto == "" else (r.proto,)):
            for port in r.ports():
                word = ("unassigned", "Reserved", "assigned")[
                    status[p][port]]
                if word not in seen:
                    seen.append(word)
    return ", ".join(seen)


def _port_given_back(old, new, status):
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
        out.append(Change(
            kind, first.name, first.proto, first.port_text,
            fields=_fields(o_rows[0], first, PLACE),
            old_rows=tuple(_where(r) for r in o_rows),
            new_rows=tuple(_where(r) for r in n_rows),
            became=_became(o_rows, status) if kind == "portless" else ""))
        used.update(id(r) for r in o_rows + n_rows)
    return (out, [r for r in old if id(r) not in used],
            [r for r in new if id(r) not in used])


def _unnamed(old_rows, new_rows):
    """Changes of rows without a name, matched by (port, protocol): their
    columns, or the whole row where one version lacks it."""
    old = [r for r in old_rows if not r.name]
    new = [r for r in new_rows if not r.name]
    pairs, gone, came = _match(old, new, lambda r: (r.port_text, r.proto))
    empty = ("",) * len(HEADER)
    blank = validate.Row(0, "", -1, -1, "", "", empty)
    out = []
    for o, n in pairs + [(o, blank) for o in gone] + [(blank, n)
                                                      for n in came]:
        fields = _fields(o, n, PLACE)
        if fields:
            r = n if n is not blank else o
            out.append(Change("unnamed", "", r.proto, r.port_text,
                              fields=fields, row="removed" if n is blank
                              else "added" if o is blank else "changed"))
    out.sort(key=lambda c: (c.port.split("-")[0].zfill(5), c.proto))
    return out


def _named(old, new, status):
    """{kind: [Change]} of the named rows OLD and NEW."""
    same, old, new = _match(old, new,
                            lambda r: (fold(r.name), r.proto, r.port_text))
    given, old, new = _port_given_back(old, new, status)
    moves, old, new = _match(old, new, lambda r: (fold(r.name), r.proto))
    renames, old, new = _match(old, new,
                               lambda r: (r.port_text, r.proto)
                               if r.has_port else id(r))
    changes = {k: [] for k in KINDS}
    changes["added"] = [Change("added", n.name, n.proto, n.port_text,
                               description=n.description,
                               assignee=n.fields[4]) for n in new]
    changes["removed"] = [Change("removed", o.name, o.proto, o.port_text,
                                 description=o.description,
                                 assignee=o.fields[4]) for o in old]
    changes["renamed"] = [Change("renamed", n.name, n.proto, n.port_text,
                                 old_name=o.name, fields=_fields(o, n, PLACE))
                          for o, n in renames]
    changes["moved"] = [Change("moved", n.name, n.proto, n.port_text,
                               old_port=o.port_text,
                               fields=_fields(o, n, PLACE))
                        for o, n in moves]
    for c in given:
        changes[c.kind].append(c)
    for o, n in same:
        fields = _fields(o, n, {HEADER[0]})
        if fields:
            kind = "reformatted" if all(spacing_only(x, y)
                                        for _, x, y in fields) else "changed"
            changes[kind].append(Change(kind, n.name, n.proto, n.port_text,
                                        fields=fields))
    return changes


def _twins(changes):
    """CHANGES with those that differ only in protocol merged into one,
    protocols joined ("tcp,udp"), at the first one's place."""
    out, at = [], {}
    for c in changes:
        k = c.key()
        if k in at and c.proto and c.proto not in out[at[k]].proto.split(
                ","):
            out[at[k]] = dataclasses.replace(
                out[at[k]], proto=out[at[k]].proto + "," + c.proto)
        else:
            at.setdefault(k, len(out))
            out.append(c)
    return out


def diff(old_rows, new_rows):
    """The list of Change from old_rows to new_rows, grouped by KINDS."""
    status = _status_map(new_rows)
    changes = _named([r for r in old_rows if r.name],
                     [r for r in new_rows if r.name], status)
    changes["unnamed"] = _unnamed(old_rows, new_rows)
    changes["status"] = _status_changes(_status_map(old_rows), status)
    return [c for k in KINDS for c in _twins(changes[k])]


def equivalent(old_rows, new_rows):
    """Whether the two versions hold the same rows (their order aside)."""
    return sorted(r.fields for r in old_rows) == sorted(
        r.fields for r in new_rows)


def counts(changes):
    return {k: sum(1 for c in changes if c.kind == k) for k in KINDS}


def summary(old_label, new_label, changes):
    n = counts(changes)
    return "registry %s -> %s: %s" % (old_label, new_label, ", ".join(
        "%d %s" % (n[k], k) for k in KINDS))


def report(old_label, new_label, changes, everything=False):
    """The human report: the summary line, then each kind's changes; the
    reformatted ones counted in one line, listed only with EVERYTHING."""
    lines = [summary(old_label, new_label, changes)]
    for k in KINDS:
        group = [c for c in changes if c.kind == k]
        if not group:
            continue
        if k == "reformatted" and not everything:
            lines.append("reformatted: %d, white space alone (--all lists "
                         "them)" % len(group))
            continue
        lines.append("%s:" % k)
        lines.extend("  " + t for c in group for t in c.text())
    return "\n".join(lines) + "\n"


def as_json(changes):
    return json.dumps([c.as_json() for c in changes], indent=1,
                      ensure_ascii=False) + "\n"
