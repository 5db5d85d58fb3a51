"""Whole-registry equivalence: every registry version in the mirror is
generated, compiled and dumped (tests/c/dump.c); the dump must equal what this
test computes from the CSV, read here with the csv module alone.  The newest
and oldest versions are also built as the full profile and as subsets
(PROTOCOLS=, PORTS=), and each build must answer exactly the entries the
README's subset rule keeps, and nothing else.

Environment: PORTREG_MIRROR (default ../shared/registry), PORTREG_GPERF, CC.
"""

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest

from gen import txtkeys
from tests import literals

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.environ.get("PORTREG_MIRROR",
                        os.path.join(ROOT, "..", "shared", "registry"))
BIT = {"tcp": 1, "udp": 2, "sctp": 4, "dccp": 8, "": 16}
PROTOS = [None, "tcp", "udp", "sctp", "dccp"]
NOPORT, PREFERRED = 1, 2    # PORTREG_F_NOPORT, PORTREG_F_PREFERRED


def for_protocol(bit, proto):
    """Whether an entry of protocol BIT answers a query for PROTO (None for
    any): the README's rule, a row with no protocol counts for every
    protocol."""
    return proto is None or bit in (BIT[proto], BIT[""])


def versions():
    """The mirrored registries, oldest first; none where there is no
    mirror (the suite then fails, saying so)."""
    if not os.path.isdir(MIRROR):
        return []
    return sorted(os.path.join(MIRROR, n) for n in os.listdir(MIRROR)
                  if n.startswith("service-names-port-numbers")
                  and n.endswith(".csv"))


def ascii_fold(name):
    """RFC 6335's comparison: ASCII letters folded, every other byte kept."""
    return "".join(chr(ord(c) | 0x20) if "A" <= c <= "Z" else c for c in name)


def span_list(text):
    """"0-1023,8080" as [(0, 1023), (8080, 8080)]; "" as None (all)."""
    if not text:
        return None
    out = []
    for w in text.split(","):
        lo, _, hi = w.partition("-")
        out.append((int(lo), int(hi or lo)))
    return out


def in_spans(spans, lo, hi):
    return spans is None or any(a <= lo and hi <= b for a, b in spans)


def kept_protocols(protocols):
    """PROTOCOLS= text as a set of protocol names; "" keeps every one."""
    return set(protocols.split(",")) if protocols else set(BIT)


class Status:
    """The status policy, from the CSV rows: per port, the protocols of the
    named rows and of the unnamed "Reserved" rows that cover it."""

    def __init__(self, rows, protocols="", ports=""):
        self.named, self.reserved = {}, {}
        for r in rows:
            if r[1] and (r[0] or r[3].strip().lower() == "reserved"):
                lo, _, hi = r[1].partition("-")
                target = self.named if r[0] else self.reserved
                for p in range(int(lo), int(hi or lo) + 1):
                    target.setdefault(p, set()).add(r[2])
        self.keep = kept_protocols(protocols)
        self.spans = span_list(ports)

    def __call__(self, port, proto):
        """0 unassigned, 1 assigned, 2 reserved, 3 dynamic, 4 unknown (the
        build leaves the port or protocol out)."""
        if not in_spans(self.spans, port, port) or proto not in self.keep:
            return 4
        if self.named.get(port, set()) & {proto, ""}:
            return 1
        if self.reserved.get(port, set()) & {proto, ""}:
            return 2
        return 3 if port >= 49152 else 0

    def of_mask(self, port, protos):
        """The status for a mask of several protocols: the first that holds
        of assigned, reserved, dynamic, unassigned; unknown where a protocol
        the build leaves out could change the answer."""
        held = [p for p in protos if p in self.keep]
        if not in_spans(self.spans, port, port) or not held:
            return 4
        got = {self(port, p) for p in held}
        if 1 in got:
            return 1
        if len(held) != len(protos):
            return 4
        return next(s for s in (2, 3, 0) if s in got)


# PROFILE=full's columns as COLUMNS= names them (README.md), and the CSV
# column each of the row's other columns comes from
COLUMNS = ("description", "assignee", "contact", "registration_date",
           "modification_date", "reference", "service_code",
           "unauthorized_use", "assignment_notes", "rfcs", "txt_keys")


def kept_columns(profile, columns):
    """The columns a build holds: none in a minimal build, COLUMNS= (or
    every one) in a full one."""
    if profile != "full":
        return set()
    return set(columns.split(",")) if columns else set(COLUMNS)


def expected(path, profile="minimal", protocols="", ports="", columns=""):
    """What portreg must answer, from the CSV and the README's policies:
    rows with a port by port (stable), then name-only rows; a subset keeps
    rows whose protocol it lists (a blank protocol always) and, with PORTS,
    rows whose ports all lie in it (name-only rows never)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in list(csv.reader(f))[1:] if r]   # blank lines
    # a named row repeating an earlier one field for field is dropped
    seen, unique = set(), []
    for r in rows:
        if r[0] and r[1] and tuple(r) in seen:
            continue
        seen.add(tuple(r))
        unique.append(r)
    rows = unique
    keep_protos = kept_protocols(protocols)
    spans = span_list(ports)
    entries = []
    for r in rows:
        name, port, proto, desc = r[0], r[1], r[2], r[3]
        if not name or (proto and proto not in keep_protos):
            continue
        if port:
            lo, _, hi = port.partition("-")
            lo, hi = int(lo), int(hi or lo)
            flags = 0
            if not in_spans(spans, lo, hi):
                continue
        else:
            lo = hi = 0
            flags = 1
            if spans is not None:
                continue
        entries.append((name, BIT[proto], lo, hi, flags,
                        desc if "description" in kept_columns(
                            profile, columns) else "", tuple(r[4:12])))
    entries.sort(key=lambda e: (e[4], e[2]))
    # a name spelt two ways answers with its first spelling, in this order
    first = {}
    entries = [(first.setdefault(ascii_fold(e[0]), e[0]),) + e[1:]
               for e in entries]
    # the preferred name: the first entry, in this order, that covers its
    # low port for its protocol; a row with no protocol covers it for every
    # protocol, and is preferred where it is the first for each
    covered, marked = set(), []
    for e in entries:
        if not e[4] & NOPORT:
            mine = [p for p in PROTOS[1:] if for_protocol(e[1], p)]
            if not covered & {(e[2], p) for p in mine}:
                e = e[:4] + (e[4] | PREFERRED,) + e[5:]
            covered.update((port, p) for port in range(e[2], e[3] + 1)
                           for p in mine)
        marked.append(e)
    entries = marked
    return rows, entries


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


class Equivalence(unittest.TestCase):

    def check_version(self, path, profile="minimal", protocols="",
                      ports="", min_rows=10000, columns=""):
        rows, entries = expected(path, profile, protocols, ports, columns)
        with tempfile.TemporaryDirectory(prefix="portreg-equiv-") as tmp:
            gen = subprocess.run(
                [sys.executable, "-m", "gen", "generate", "--registry", path,
                 "--out", tmp, "--gperf",
                 os.environ.get("PORTREG_GPERF", "gperf"),
                 "--profile", profile, "--protocols", protocols,
                 "--ports", ports, "--min-rows", str(min_rows),
                 "--columns", columns],
                cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(gen.returncode, 0, gen.stderr)
            # every string literal within MSVC's limits (tests/literals.py)
            with open(os.path.join(tmp, "portreg_tables.c.h"),
                      encoding="utf-8") as f:
                self.assertEqual(literals.check(f.read()), [])
            # built with and without the fast port index (PORTREG_FAST,
            # on by default on 64-bit hosts): the answers must not differ
            exes = []
            for fast in ("1", "0"):
                exes.append(os.path.join(tmp, "dump" + fast))
                subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-O1",
                                "-DPORTREG_FAST=" + fast, "-I", tmp,
                                "-o", exes[-1],
                                os.path.join(ROOT, "tests", "c", "dump.c"),
                                os.path.join(ROOT, "templates", "portreg.c")],
                               check=True)
            # every name of the registry: a subset must not find the
            # names it leaves out
            names = list(dict.fromkeys(r[0] for r in rows if r[0]))
            queries = names + [n.upper() for n in names] + [
                n[:-1] for n in names if len(n) > 1] + [
                n + "x" for n in names] + ["", "no-such-service-xyz"] + [
                "_%s._%s" % (n, t) for n in names for t in ("tcp", "udp")]
            queries = list(dict.fromkeys(q for q in queries
                                         if "\n" not in q))
            out, compact = (subprocess.run(
                [exe], input="\n".join(queries) + "\n", capture_output=True,
                text=True, check=True) for exe in exes)
        self.assertTrue(out.stdout == compact.stdout,
                        "PORTREG_FAST=0 answers differently")
        got = {"E": [], "P": {}, "S": {}, "N": {}, "Q": {}, "M": {}, "R": [],
               "T": {}}
        for line in out.stdout.split("\n")[:-1]:
            f = line.split("\t")
            if f[0] == "E":
                got["E"].append((unescape(f[2]), int(f[3]), int(f[4]),
                                 int(f[5]), int(f[6]), unescape(f[7])))
            elif f[0] in "PS":
                got[f[0]][int(f[1])] = [int(x) for x in f[2:]]
            elif f[0] == "T":
                got["T"][int(f[1]), f[2]] = [
                    tuple(int(x) for x in e.split(",", 4)[:4]) +
                    (unescape(e.split(",", 4)[4]),) for e in f[3:]]
            elif f[0] == "M":
                got["M"][int(f[1])] = [unescape(x) for x in f[2:]]
            elif f[0] == "R":
                got["R"].append((tuple(unescape(x) for x in f[2:10]),
                                 f[10], [unescape(x) for x in f[11:]]))
            else:
                got[f[0]][unescape(f[1])] = [int(x) for x in f[2:]]

        # Every named row is an entry, with every field as in the CSV.
        self.assertEqual(len(got["E"]), len(entries))
        self.assertEqual(got["E"], [e[:6] for e in entries])
        # PROFILE=full: every other column it holds too ("" for one
        # COLUMNS= leaves out), the RFC numbers of the Reference (each "RFC"
        # followed by digits, once, in order) and the TXT keys: those that
        # gen/txtkeys.py read from the notes (tests/test_txtkeys.py checks
        # its reading against notes read by hand), none where the notes do
        # not say "Defined TXT keys".
        kept = kept_columns(profile, columns)
        if kept - {"description"}:
            self.assertEqual(len(got["R"]), len(entries))
            for e, (cols, rfcs, txt) in zip(entries, got["R"]):
                self.assertEqual(cols, tuple(
                    v if c in kept else "" for c, v in zip(COLUMNS[1:9],
                                                           e[6])), e[0])
                want = []
                for n in re.findall(r"RFC ?(\d+)", e[6][4]):
                    if int(n) not in want and "rfcs" in kept:
                        want.append(int(n))
                self.assertEqual(rfcs, ",".join(map(str, want)), e[0])
                keys = txtkeys.keys(e[6][7]) if "txt_keys" in kept else ()
                self.assertEqual(txt, ["%s=%s" % kv for kv in keys], e[0])
                if not re.search(r"defined\s+txt\s+keys", e[6][7], re.I):
                    self.assertEqual(txt, [], e[0])
        else:
            self.assertEqual(got["R"], [])

        # By name: every spelling found, case ignored; near misses not.  A
        # DNS-SD service type (RFC 6763): _tcp for TCP, _udp for every
        # other protocol; rows with no protocol in both.
        fold = {}
        for i, e in enumerate(entries):
            fold.setdefault(e[0].lower(), []).append(i)
        for q in queries:
            want = fold.get(q.lower(), [])
            kind = q[-4:].lower() if q[:1] == "_" and len(q) > 6 and \
                q[-5:-3] == "._" else ""
            if kind in ("_tcp", "_udp") and q.lower() not in fold:
                ids = fold.get(q[1:-5].lower(), [])
                self.assertEqual(got["N"][q], [
                    i for i in ids if any(for_protocol(entries[i][1], p) for p
                                          in (["tcp"] if kind == "_tcp" else
                                              ["udp", "sctp", "dccp"]))], q)
                continue
            self.assertEqual(got["N"][q], want, q)
            first_ports = []
            for p in PROTOS:
                ids = [i for i in want if not entries[i][4] & NOPORT and
                       for_protocol(entries[i][1], p)]
                first_ports.append(entries[ids[0]][2] if ids else -1)
            self.assertEqual(got["Q"][q], first_ports, q)

        # By port: every port of every named row, and nothing else.
        by_port = {}
        for i, e in enumerate(entries):
            if not e[4] & NOPORT:
                for p in range(e[2], e[3] + 1):
                    by_port.setdefault(p, []).append(i)
        self.assertEqual(got["P"], by_port)
        # by_port for tcp alone and udp alone (the fast index's own path):
        # each entry whole, rows with no protocol among them
        for p, ids in by_port.items():
            for proto in ("tcp", "udp"):
                want = [(i, entries[i][4], entries[i][2], entries[i][3],
                         entries[i][0]) for i in ids
                        if for_protocol(entries[i][1], proto)]
                self.assertEqual(got["T"][p, proto], want, (p, proto))
        for p, ids in by_port.items():
            names_by_proto = []
            for proto in PROTOS:
                m = [entries[i][0] for i in ids
                     if for_protocol(entries[i][1], proto)]
                names_by_proto.append(m[0] if m else "(null)")
            self.assertEqual(got["M"][p], names_by_proto, p)

        # Status of every port for every protocol: the full answer where
        # the build holds the port and protocol, else UNKNOWN (4), except
        # that an assigned port stays ASSIGNED.
        self.assertEqual(got["S"][65536], [0, 0, 0, 0])
        status = Status(rows, protocols, ports)
        for p in range(65536):
            want = [status(p, proto) for proto in ("tcp", "udp", "sctp",
                                                   "dccp")]
            self.assertEqual(got["S"][p], want, p)
        return len(entries)


# Builds beyond the default profile: (which version, profile, PROTOCOLS,
# PORTS, COLUMNS).  -1 is the newest version, 0 the oldest.
SUBSETS = [
    (-1, "full", "", "", ""),
    (-1, "minimal", "tcp,udp", "0-1023", ""),
    (-1, "full", "tcp,udp", "", "description,reference,txt_keys"),
    (0, "full", "sctp,dccp", "0-5999,6064-49151,65535", ""),
    (0, "minimal", "udp", "1024-65535", ""),
]


def _add_tests():
    paths = versions()
    if not paths:
        def test(self):
            self.fail("no registry in %s (PORTREG_MIRROR)" % MIRROR)
        Equivalence.test_the_mirror = test
    for path in paths:
        def test(self, path=path):
            self.check_version(path)
        name = "test_" + os.path.basename(path)[:-4].replace("-", "_")
        setattr(Equivalence, name, test)
    for which, profile, protocols, ports, columns in SUBSETS if paths else ():
        path = paths[which]
        def test(self, path=path, a=(profile, protocols, ports), c=columns):
            self.check_version(path, *a, columns=c)
        name = "test_%s_%s_%s_%s%s" % (
            os.path.basename(path)[27:-4].replace("-", ""), profile,
            protocols.replace(",", "_") or "all",
            ports.replace(",", "_").replace("-", "to") or "all",
            "_" + columns.replace(",", "_") if columns else "")
        setattr(Equivalence, name, test)


_add_tests()

if __name__ == "__main__":
    unittest.main()
