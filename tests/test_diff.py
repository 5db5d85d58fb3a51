"""The change report (python3 -m gen diff) on the mirrored registry versions,
checked against counts computed here from the CSVs alone, and
`python3 -m gen update` working offline from a file.

Environment: PORTREG_MIRROR (default ../shared/registry).
"""

import collections
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.environ.get("PORTREG_MIRROR",
                        os.path.join(ROOT, "..", "shared", "registry"))
OLDEST = "service-names-port-numbers-2024-04-30.csv"
HEADER = ("Service Name", "Port Number", "Transport Protocol", "Description",
          "Assignee", "Contact", "Registration Date", "Modification Date",
          "Reference", "Service Code", "Unauthorized Use Reported",
          "Assignment Notes")
NEWEST = "service-names-port-numbers-2026-02-13.csv"


def versions():
    return sorted(n for n in os.listdir(MIRROR)
                  if n.startswith("service-names-port-numbers")
                  and n.endswith(".csv"))


def rows(name):
    with open(os.path.join(MIRROR, name), newline="",
              encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def gen(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "gen", *args], cwd=cwd,
                          capture_output=True, text=True)


def json_diff(a, b):
    p = gen("diff", "--json", os.path.join(MIRROR, a), os.path.join(MIRROR, b))
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return json.loads(p.stdout)


def key(r):
    return (r[0].lower(), r[2], r[1])


def cells(rs):
    """{(port, proto): 'named' | 'reserved'} from the rows that cover it."""
    out = {}
    for r in rs:
        if not r[1]:
            continue
        if r[0]:
            what = "named"
        elif r[3].strip().lower() == "reserved":
            what = "reserved"
        else:
            continue
        lo, _, hi = r[1].partition("-")
        for p in range(int(lo), int(hi or lo) + 1):
            for proto in ((r[2],) if r[2] else ("tcp", "udp", "sctp",
                                                  "dccp")):
                if out.get((p, proto)) != "named":
                    out[(p, proto)] = what
    return out


class Diff(unittest.TestCase):

    def test_consecutive_versions_match_independent_counts(self):
        names = versions()
        self.assertGreaterEqual(len(names), 2)
        for a, b in zip(names, names[1:]):
            old, new = rows(a), rows(b)
            changes = json_diff(a, b)
            n = collections.Counter(c["kind"] for c in changes)
            ko = collections.Counter(key(r) for r in old if r[0])
            kn = collections.Counter(key(r) for r in new if r[0])
            # each new key not in old is one addition, rename or move, or
            # a row of a name that lost or gained its ports ...
            given = [c for c in changes if c["kind"] in ("portless",
                                                         "ported")]
            self.assertEqual(sum((kn - ko).values()),
                             n["added"] + n["renamed"] + n["moved"] +
                             sum(len(c["new_rows"]) for c in given), (a, b))
            # ... each old key not in new one removal, rename or move, or
            # a row of such a name
            self.assertEqual(sum((ko - kn).values()),
                             n["removed"] + n["renamed"] + n["moved"] +
                             sum(len(c["old_rows"]) for c in given), (a, b))
            # every row with a port of a portless name went, and it has
            # rows without one now (ported: the reverse)
            for c in given:
                had = [r for r in old if r[0].lower() == c["name"].lower()
                       and key(r) in ko - kn]
                has = [r for r in new if r[0].lower() == c["name"].lower()
                       and key(r) in kn - ko]
                self.assertEqual(sorted(c["old_rows"]), sorted(
                    "%s/%s" % (r[1] or "-", r[2] or "-") for r in had))
                self.assertEqual(sorted(c["new_rows"]), sorted(
                    "%s/%s" % (r[1] or "-", r[2] or "-") for r in has))
                self.assertEqual({bool(r[1]) for r in had},
                                 {c["kind"] == "portless"})
                self.assertEqual({bool(r[1]) for r in has},
                                 {c["kind"] == "ported"})
            # rows under the same key whose other columns differ
            waiting = collections.defaultdict(list)
            for r in new:
                if r[0]:
                    waiting[key(r)].append(r)
            want = []
            for r in old:
                if r[0] and waiting[key(r)]:
                    w = waiting[key(r)].pop(0)
                    if w != r:
                        want.append((w[0], w[2], w[1], {
                            col: {"old": x, "new": y} for col, x, y in
                            zip(HEADER, r, w) if x != y}))
            self.assertEqual(n["changed"], len(want), (a, b))
            # each changed row with every column's old and new value
            self.assertEqual([(c["name"], c["proto"], c["port"], c["fields"])
                              for c in changes if c["kind"] == "changed"],
                             want, (a, b))
            # status: port/protocol cells no named row covers in either
            # version whose reserved-or-not status differs
            co, cn = cells(old), cells(new)
            want = sum(1 for c in set(co) | set(cn)
                       if co.get(c) != cn.get(c) and "named" not in
                       (co.get(c), cn.get(c)))
            got = 0
            for c in changes:
                if c["kind"] == "status":
                    lo, _, hi = c["port"].partition("-")
                    got += (int(hi or lo) - int(lo) + 1) * (
                        1 if c["proto"] else 4)
            self.assertEqual(got, want, (a, b))

    def test_known_changes_2024_to_2026_are_found_by_name(self):
        changes = json_diff(OLDEST, NEWEST)
        self.assertIn({"kind": "renamed", "name": "panquest-xact",
                       "proto": "tcp", "port": "1980",
                       "old_name": "pearldoc-xact"}, changes)
        self.assertIn({"kind": "added", "name": "ollama", "proto": "tcp",
                       "port": "11434"}, changes)
        # ports given back, the names kept as name-only rows: one change
        # each, not removals and additions
        self.assertIn({"kind": "portless", "name": "netconf-beep",
                       "proto": "", "port": "",
                       "old_rows": ["831/tcp", "831/udp"],
                       "new_rows": ["-/-"]}, changes)
        self.assertIn({"kind": "portless", "name": "compressnet",
                       "proto": "tcp", "port": "",
                       "old_rows": ["2/tcp", "2/udp", "3/tcp", "3/udp"],
                       "new_rows": ["-/tcp", "-/udp"]}, changes)
        self.assertFalse([c for c in changes if c["name"] == "netconf-beep"
                          and c["kind"] != "portless"])
        changed = [c for c in changes if c["kind"] == "changed"
                   and c["name"] == "rift-lies"]
        self.assertEqual(list(changed[0]["fields"]), [
            "Description", "Assignee", "Contact", "Modification Date",
            "Reference"])
        # smtp's Reference, as both files have it
        smtp = [c for c in json_diff(
            "service-names-port-numbers-2025-03-28.csv", NEWEST)
            if c["kind"] == "changed" and c["name"] == "smtp"
            and c["proto"] == "tcp"]
        self.assertEqual(smtp[0]["fields"]["Reference"], {
            "old": "[RFC5321]", "new": "[RFC-ietf-emailcore-rfc5321bis-43]"})

    def test_report_and_summary(self):
        a, b = (os.path.join(MIRROR, n) for n in (OLDEST, NEWEST))
        summary = gen("diff", "--summary", a, b).stdout
        self.assertEqual(len(summary.splitlines()), 1)
        self.assertTrue(summary.startswith("registry 2024-04-30 -> "
                                           "2026-02-13: "))
        report = gen("diff", a, b).stdout.splitlines()
        self.assertEqual(report[0], summary.strip())
        self.assertIn("  panquest-xact 1980/tcp (was pearldoc-xact)", report)
        self.assertIn("renamed:", report)
        self.assertIn("  netconf-beep: 831/tcp, 831/udp -> -/-", report)
        # a changed row, then each column's values, cut around the change
        at = report.index("  smtp 25/tcp")
        self.assertEqual(report[at + 1], '    Reference: "[RFC5321]" -> '
                         '"[RFC-ietf-emailcore-rfc5321bis-43]"')
        long = [ln for ln in report if ln.startswith("    Description: ")]
        self.assertTrue(long and all(len(ln) < 220 for ln in long))

    def test_exit_code_tells_no_change_from_changes(self):
        a, b = (os.path.join(MIRROR, n) for n in (OLDEST, NEWEST))
        self.assertEqual(gen("diff", "--exit-code", a, a).returncode, 0)
        self.assertEqual(gen("diff", "--exit-code", a, b).returncode, 1)
        self.assertEqual(gen("diff", "--exit-code", "--summary", a, b)
                         .returncode, 1)
        self.assertEqual(gen("diff", a, b).returncode, 0)   # without it
        self.assertEqual(gen("diff", "--exit-code", a, "/nonexistent.csv")
                         .returncode, 2)

    def test_same_file_has_no_changes(self):
        changes = json_diff(NEWEST, NEWEST)
        self.assertEqual(changes, [])


def current(tmp):
    """TMP/current.csv, a copy of the oldest mirrored version: the file an
    update replaces."""
    dest = os.path.join(tmp, "current.csv")
    shutil.copy(os.path.join(MIRROR, OLDEST), dest)
    return dest


class Update(unittest.TestCase):

    def test_offline_update_from_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            dest = current(tmp)
            listing = os.path.join(tmp, "versions.tsv")
            with open(listing, "w") as f:
                f.write("# known\ndate\trows\tline_ends\tsha256\n")
            new = os.path.join(MIRROR, NEWEST)
            p = gen("update", "--dest", dest, "--new", new, "--versions",
                    listing)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertTrue(p.stdout.startswith("registry 2024-04-30 -> "
                                                "2026-02-13: "))
            with open(dest, "rb") as f, open(new, "rb") as g:
                data = g.read()
                self.assertEqual(f.read(), data)
            with open(listing) as f:
                self.assertIn("2026-02-13\t%d\tCRLF\t%s" % (
                    len(rows(NEWEST)), hashlib.sha256(data).hexdigest()),
                    f.read())
            self.assertEqual(sorted(os.listdir(tmp)),
                             ["current.csv", "versions.tsv"])

    def test_bad_new_file_changes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            dest = current(tmp)
            bad = os.path.join(tmp, "short.csv")
            with open(os.path.join(MIRROR, NEWEST), "rb") as f:
                data = f.read()
            with open(bad, "wb") as f:
                f.write(data[:len(data) // 2].rsplit(b"\n", 1)[0] + b"\n")
            p = gen("update", "--dest", dest, "--new", bad, "--versions",
                    os.path.join(tmp, "none.tsv"))
            self.assertEqual(p.returncode, 2)
            self.assertIn("fewer than the floor of 10000", p.stderr)
            with open(dest, "rb") as f, \
                    open(os.path.join(MIRROR, OLDEST), "rb") as g:
                self.assertEqual(f.read(), g.read())
            self.assertEqual(sorted(os.listdir(tmp)),
                             ["current.csv", "short.csv"])

    def test_offline_download_says_so_in_one_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            dest = current(tmp)
            p = gen("update", "--dest", dest, "--url",
                    "http://127.0.0.1:9/none.csv", "--versions",
                    os.path.join(tmp, "none.tsv"))
            self.assertEqual(p.returncode, 2)
            self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
            self.assertIn("nothing changed", p.stderr)
            self.assertEqual(os.listdir(tmp), ["current.csv"])


if __name__ == "__main__":
    unittest.main()
