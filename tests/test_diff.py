"""The change report (python3 -m gen diff) on the mirrored registry versions,
checked against changes computed here from the CSVs alone, and on small
pairs written here; `python3 -m gen update` working offline from a file,
refusing an older version; dates and truncated files refused by every
command that reads a registry.

Environment: PORTREG_MIRROR (default ../shared/registry).
"""

import collections
import csv
import datetime
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
MIDDLE = "service-names-port-numbers-2025-03-28.csv"
NEWEST = "service-names-port-numbers-2026-02-13.csv"
HEADER = ("Service Name", "Port Number", "Transport Protocol", "Description",
          "Assignee", "Contact", "Registration Date", "Modification Date",
          "Reference", "Service Code", "Unauthorized Use Reported",
          "Assignment Notes")


def versions():
    return sorted(n for n in os.listdir(MIRROR)
                  if n.startswith("service-names-port-numbers")
                  and n.endswith(".csv"))


def rows(name):
    with open(os.path.join(MIRROR, name), newline="",
              encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def gen(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "gen", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})))


def json_diff(a, b, *args):
    p = gen("diff", "--json", *args, a if os.path.isabs(a) else
            os.path.join(MIRROR, a), b if os.path.isabs(b) else
            os.path.join(MIRROR, b))
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return json.loads(p.stdout)


def key(r):
    return (r[0].lower(), r[2], r[1])


def rows_of(changes, kinds):
    """Each change of KINDS once a protocol: a change of a service's tcp
    and udp rows stands for both."""
    return [(c, p) for c in changes if c["kind"] in kinds
            for p in c["proto"].split(",")]


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


def same_key_changes(old, new, blank_name):
    """The rows under the same key in both versions whose columns differ,
    split into real changes and white space alone:
    {kind: Counter((name, proto, port, columns))}."""
    waiting = collections.defaultdict(list)
    for r in new:
        if bool(r[0]) != blank_name:
            waiting[key(r) if r[0] else (r[1], r[2])].append(r)
    out = {"changed": collections.Counter(),
           "reformatted": collections.Counter()}
    for r in old:
        k = key(r) if r[0] else (r[1], r[2])
        if bool(r[0]) != blank_name and waiting[k]:
            w = waiting[k].pop(0)
            diff = tuple(col for col, x, y in zip(HEADER, r, w) if x != y)
            if diff:
                spacing = all(x.split() == y.split() for x, y in zip(r, w))
                out["reformatted" if spacing else "changed"][
                    (w[0].lower(), w[2], w[1], diff)] += 1
    return out


class Diff(unittest.TestCase):

    def test_consecutive_versions_match_independent_counts(self):
        names = versions()
        self.assertGreaterEqual(len(names), 2)
        for a, b in zip(names, names[1:]):
            old, new = rows(a), rows(b)
            changes = json_diff(a, b, "--all")
            n = collections.Counter(p and c["kind"] or c["kind"]
                                    for c, p in rows_of(changes, (
                                        "added", "removed", "renamed",
                                        "moved")))
            ko = collections.Counter(key(r) for r in old if r[0])
            kn = collections.Counter(key(r) for r in new if r[0])
            given = [c for c in changes if c["kind"] in ("portless",
                                                         "ported")]
            # each new key not in old is one added, renamed or moved row,
            # or a row of a name that lost or gained its ports ...
            self.assertEqual(sum((kn - ko).values()),
                             n["added"] + n["renamed"] + n["moved"] +
                             sum(len(c["new_rows"]) for c in given), (a, b))
            # ... each old key not in new likewise
            self.assertEqual(sum((ko - kn).values()),
                             n["removed"] + n["renamed"] + n["moved"] +
                             sum(len(c["old_rows"]) for c in given), (a, b))
            for c in given:
                had = [r for r in old if r[0].lower() == c["name"].lower()
                       and key(r) in ko - kn]
                has = [r for r in new if r[0].lower() == c["name"].lower()
                       and key(r) in kn - ko]
                self.assertEqual(sorted(c["old_rows"]), sorted(
                    "%s/%s" % (r[1] or "-", r[2] or "-") for r in had))
                self.assertEqual(sorted(c["new_rows"]), sorted(
                    "%s/%s" % (r[1] or "-", r[2] or "-") for r in has))
            # rows under the same key whose columns differ: real changes
            # and white space alone apart, every column named
            want = same_key_changes(old, new, False)
            for kind in ("changed", "reformatted"):
                got = collections.Counter(
                    (c["name"].lower(), p, c["port"], tuple(c["fields"]))
                    for c, p in rows_of(changes, (kind,)))
                self.assertEqual(got, want[kind], (a, b, kind))
            # every kind but status carries the columns that changed
            self.assertEqual(
                len([c for c in changes if c["kind"] == "unnamed"
                     and c["row"] == "changed"]) >= 0, True)
            for c in changes:
                self.assertEqual("fields" in c, c["kind"] != "status", c)
                if c["kind"] in ("added", "removed"):
                    self.assertIn("description", c)
            # unnamed rows (Reserved, Unassigned) under the same port and
            # protocol whose columns differ, and those one version lacks
            want = same_key_changes(old, new, True)
            uo = collections.Counter((r[1], r[2]) for r in old if not r[0])
            un = collections.Counter((r[1], r[2]) for r in new if not r[0])
            self.assertEqual(
                len(rows_of(changes, ("unnamed",))),
                sum(want["changed"].values()) +
                sum(want["reformatted"].values()) +
                sum((uo - un).values()) + sum((un - uo).values()), (a, b))
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
                        len(c["proto"].split(",")) if c["proto"] else 4)
            self.assertEqual(got, want, (a, b))

    def test_known_changes_2024_to_2026_are_found_by_name(self):
        changes = json_diff(OLDEST, NEWEST)
        # a service's tcp and udp rows, renamed with a new description
        self.assertIn({"kind": "renamed", "name": "panquest-xact",
                       "proto": "tcp,udp", "port": "1980",
                       "old_name": "pearldoc-xact", "fields": {
                           "Description": {"old": "PearlDoc XACT",
                                           "new": "PanQuest XACT"},
                           "Modification Date": {"old": "",
                                                 "new": "2025-11-20"}}},
                      changes)
        self.assertIn({"kind": "added", "name": "ollama", "proto": "tcp",
                       "port": "11434", "fields": {},
                       "description": "Ollama", "assignee": "[Jesse_Gross]"},
                      changes)
        # ports given back: one change, with what the ports became and
        # the columns that changed (the Reference that gave them back)
        beep = [c for c in changes if c["name"] == "netconf-beep"]
        self.assertEqual(len(beep), 1)
        self.assertEqual((beep[0]["kind"], beep[0]["old_rows"],
                          beep[0]["new_rows"], beep[0]["became"]),
                         ("portless", ["831/tcp", "831/udp"], ["-/-"],
                          "Reserved"))
        self.assertIn("[RFC9900]", beep[0]["fields"]["Reference"]["new"])
        # an ownership transfer hides nothing: the name's other columns
        vision = [c for c in json_diff(MIDDLE, NEWEST)
                  if c["name"] == "vision-mon"]
        self.assertEqual([(c["kind"], c["proto"]) for c in vision],
                         [("renamed", "tcp")])
        self.assertEqual(vision[0]["fields"]["Description"], {
            "old": "AVI Systems NMS",
            "new": "FORT\u00c9 Vision Monitoring platform"})
        self.assertIn("Assignee", vision[0]["fields"])
        # smtp's Reference, as both files have it
        smtp = [c for c in json_diff(MIDDLE, NEWEST)
                if c["kind"] == "changed" and c["name"] == "smtp"
                and "tcp" in c["proto"].split(",")]
        self.assertEqual(smtp[0]["fields"]["Reference"], {
            "old": "[RFC5321]", "new": "[RFC-ietf-emailcore-rfc5321bis-43]"})

    def test_white_space_alone_is_counted_apart(self):
        a, b = (os.path.join(MIRROR, n) for n in (OLDEST, MIDDLE))
        report = gen("diff", a, b).stdout.splitlines()
        counted = [ln for ln in report if ln.startswith("reformatted: ")]
        self.assertEqual(len(counted), 1)
        self.assertNotIn("reformatted:", report)
        listed = gen("diff", "--all", a, b).stdout.splitlines()
        self.assertIn("reformatted:", listed)
        self.assertTrue(any("(white space)" in ln for ln in listed))
        changed = [c for c in json_diff(OLDEST, MIDDLE)
                   if c["kind"] == "changed"]
        for c in changed:      # a real change in each
            self.assertTrue(any(v["old"].split() != v["new"].split()
                                for v in c["fields"].values()), c)

    def test_report_and_summary(self):
        a, b = (os.path.join(MIRROR, n) for n in (OLDEST, NEWEST))
        summary = gen("diff", "--summary", a, b).stdout
        self.assertEqual(len(summary.splitlines()), 1)
        self.assertTrue(summary.startswith("registry 2024-04-30 -> "
                                           "2026-02-13: "))
        report = gen("diff", a, b).stdout.splitlines()
        self.assertEqual(report[0], summary.strip())
        self.assertIn("  panquest-xact 1980/tcp,udp (was pearldoc-xact)", report)
        self.assertIn("renamed:", report)
        self.assertIn("  netconf-beep: 831/tcp, 831/udp -> -/- (the ports "
                      "now Reserved)", report)
        self.assertIn("  ollama 11434/tcp: Ollama, [Jesse_Gross]", report)
        at = report.index("  smtp 25/tcp,udp")
        self.assertEqual(report[at + 1], '    Reference: "[RFC5321]" -> '
                         '"[RFC-ietf-emailcore-rfc5321bis-43]"')
        long = [ln for ln in report if ln.startswith("    Description: ")]
        self.assertTrue(long and all(len(ln) < 240 for ln in long))

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
        self.assertEqual(json_diff(NEWEST, NEWEST), [])


class Pairs(unittest.TestCase):
    """Small pairs written here, each change worked out by hand."""

    def pair(self, old, new, *args):
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, body in (("old.csv", old), ("new.csv", new)):
                paths.append(os.path.join(tmp, name))
                with open(paths[-1], "w", newline="") as f:
                    f.write(",".join(HEADER) + "\r\n" + body)
            return [gen("diff", "--min-rows", "0", *args, *paths)
                    for args in (("--json", "--all"), ("--exit-code",)) +
                    ((args,) if args else ())]

    def changes(self, old, new):
        p = self.pair(old, new)[0]
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def test_a_move_that_changes_hands(self):
        c = self.changes("foo,100,tcp,Foo,[A],[A],,,,,,\r\n",
                         "foo,200,tcp,Foo,[B],[A],,,,,,\r\n")
        self.assertEqual(c, [{"kind": "moved", "name": "foo", "proto": "tcp",
                              "port": "200", "old_port": "100", "fields": {
                                  "Assignee": {"old": "[A]", "new": "[B]"}}}])

    def test_a_rename_with_a_new_description(self):
        c = self.changes("bar,300,tcp,Bar,,,,,,,,\r\n",
                         "baz,300,tcp,Baz's,,,,,,,,\r\n")
        self.assertEqual(c, [{"kind": "renamed", "name": "baz",
                              "proto": "tcp", "port": "300",
                              "old_name": "bar", "fields": {
                                  "Description": {"old": "Bar",
                                                  "new": "Baz's"}}}])

    def test_a_reserved_row_s_note_counts(self):
        p = self.pair(",400,tcp,Reserved,,,,,,,,old note\r\n",
                      ",400,tcp,Reserved,,,,,,,,new note\r\n")
        self.assertEqual(json.loads(p[0].stdout), [
            {"kind": "unnamed", "name": "", "proto": "tcp", "port": "400",
             "row": "changed", "fields": {"Assignment Notes": {
                 "old": "old note", "new": "new note"}}}])
        self.assertEqual(p[1].returncode, 1)

    def test_white_space_and_twins(self):
        c = self.changes("qux,500,tcp,Qux  one,,,,,,,,\r\n",
                         "qux,500,tcp,Qux one,,,,,,,,\r\n"
                         "new,600,tcp,New,[C],,,,,,,\r\n"
                         "new,600,udp,New,[C],,,,,,,\r\n")
        self.assertEqual([(x["kind"], x["name"], x["proto"]) for x in c],
                         [("added", "new", "tcp,udp"),
                          ("reformatted", "qux", "tcp")])

    def test_equivalent_files_and_another_order(self):
        p = self.pair("a,1,tcp,A,,,,,,,,\r\nb,2,tcp,B,,,,,,,,\r\n",
                      "b,2,tcp,B,,,,,,,,\r\na,1,tcp,A,,,,,,,,\r\n")
        self.assertEqual(p[1].returncode, 0)

    def test_portless_with_what_the_ports_became(self):
        c = self.changes("beep,831,tcp,Beep,,,,,[RFC1],,,\r\n",
                         ",831,tcp,Reserved,,,,,,,,\r\n"
                         "beep,,,Beep,,,,,[RFC2],,,\r\n")
        beep = [x for x in c if x["kind"] == "portless"][0]
        self.assertEqual((beep["became"], beep["fields"]), (
            "Reserved", {"Reference": {"old": "[RFC1]", "new": "[RFC2]"}}))


class Refused(unittest.TestCase):
    """Dates and truncated files, by every command that reads a registry:
    one FILE:LINE line each, exit 2, nothing written."""

    def write(self, tmp, dates):
        path = os.path.join(tmp, "dates.csv")
        with open(path, "w") as f:
            f.write(",".join(HEADER) + "\n" + "".join(
                "n%d,%d,tcp,N,,,%s,,,,,\n" % (i, i + 1, d)
                for i, d in enumerate(dates)))
        return path

    def test_bad_and_future_dates(self):
        # the day after today passes (a day's slack), two days after not
        today = datetime.date.today()
        tomorrow, later = (str(today + datetime.timedelta(days=d))
                           for d in (1, 2))
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, ["2017-13-45", "06/05/2017",
                                    "9999-12-31", "2017-02-29", "2016-02-29",
                                    tomorrow, later, "2026-12", "2017-00"])
            out = os.path.join(tmp, "out")
            want = [r"dates\.csv:2: bad Registration Date \(2017-13-45\)",
                    r"dates\.csv:3: bad Registration Date \(06/05/2017\)",
                    r"dates\.csv:4: Registration Date in the future "
                    r"\(9999-12-31; today is [0-9]{4}-[0-9]{2}-[0-9]{2}\)",
                    r"dates\.csv:5: bad Registration Date \(2017-02-29\)",
                    r"dates\.csv:8: Registration Date in the future "
                    r"\(%s; today is [0-9-]{10}\)" % later,
                    r"dates\.csv:10: bad Registration Date \(2017-00\)"]
            for cmd in (["generate", "--registry", path, "--out", out,
                         "--min-rows", "0"],
                        ["check", "--registry", path, "--min-rows", "0"],
                        ["diff", "--min-rows", "0", path, path],
                        ["update", "--dest", os.path.join(tmp, "d.csv"),
                         "--new", path, "--min-rows", "0", "--versions",
                         os.path.join(tmp, "v.tsv")]):
                p = gen(*cmd)
                self.assertEqual(p.returncode, 2, cmd)
                err = p.stderr.splitlines()
                self.assertEqual(len(err), len(want) + 1, (cmd, err))
                for line, pattern in zip(err, want):
                    self.assertRegex(line, r"\A%s\Z" % pattern, cmd)
            self.assertEqual(sorted(os.listdir(tmp)), ["dates.csv"])

    def test_diff_refuses_a_truncated_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            short = os.path.join(tmp, "short.csv")
            with open(os.path.join(MIRROR, NEWEST), "rb") as f:
                lines = f.read().split(b"\n")
            with open(short, "wb") as f:
                f.write(b"\n".join(lines[:5000]) + b"\n")
            p = gen("diff", os.path.join(MIRROR, NEWEST), short)
            self.assertEqual(p.returncode, 2)
            self.assertRegex(p.stderr, r"\Ashort.csv:5000: only [0-9]+ rows, "
                             r"fewer than the floor of 10000")


def current(tmp, name=OLDEST):
    """TMP/current.csv, a copy of a mirrored version: the file an update
    replaces."""
    dest = os.path.join(tmp, "current.csv")
    shutil.copy(os.path.join(MIRROR, name), dest)
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

    def test_no_silent_downgrade(self):
        with tempfile.TemporaryDirectory() as tmp:
            listing = os.path.join(tmp, "versions.tsv")
            shutil.copy(os.path.join(ROOT, "registry", "versions.tsv"),
                        listing)
            # older than the one in use
            dest = current(tmp, NEWEST)
            old = os.path.join(MIRROR, MIDDLE)
            p = gen("update", "--dest", dest, "--new", old, "--versions",
                    listing)
            self.assertEqual(p.returncode, 2)
            self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
            self.assertIn("the 2025-03-28 version is older than the "
                          "2026-02-13 one", p.stderr)
            self.assertIn("FORCE=1", p.stderr)
            with open(dest, "rb") as f, \
                    open(os.path.join(MIRROR, NEWEST), "rb") as g:
                self.assertEqual(f.read(), g.read())
            # a fresh clone: nothing in use, but versions.tsv records newer
            os.remove(dest)
            p = gen("update", "--dest", dest, "--new", old, "--versions",
                    listing)
            self.assertEqual(p.returncode, 2)
            self.assertIn("recorded in versions.tsv", p.stderr)
            self.assertFalse(os.path.exists(dest))
            # the same date with other bytes
            same = os.path.join(tmp, "same.csv")
            with open(os.path.join(MIRROR, NEWEST), "rb") as f:
                data = f.read()
            with open(same, "wb") as f:
                f.write(data.replace(b"\r\n", b"\n"))
            p = gen("update", "--dest", dest, "--new", same, "--versions",
                    listing)
            self.assertEqual(p.returncode, 2)
            self.assertIn("same date, different content", p.stderr)
            # insisting installs it
            p = gen("update", "--dest", dest, "--new", old, "--versions",
                    listing, "--force")
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(dest, "rb") as f, open(old, "rb") as g:
                self.assertEqual(f.read(), g.read())

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
