"""The command-line tool, built from the fixture: what it prints for each
kind of argument, its exit status, and a one-line error for every bad one.
Expected lines are read off tests/fixtures/good.csv (also read here).

Environment: PORTREG_CLI (the built tool), PORTREG_FIXTURE (its registry).
"""

import csv
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.environ.get("PORTREG_CLI", os.path.join(ROOT, "out", "fixture",
                                                 "portreg"))
FIXTURE = os.environ.get("PORTREG_FIXTURE", os.path.join(
    ROOT, "tests", "fixtures", "good.csv"))


def run(*args):
    p = subprocess.run([CLI, *args], capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def fixture_rows():
    with open(FIXTURE, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def line(r):
    port = r[1] or "-"
    desc = "".join(" " if ord(c) < 0x20 else c for c in r[3])
    return "%s\t%s/%s\t%s" % (r[0], port, r[2] or "-", desc)


class Lookups(unittest.TestCase):

    def expect(self, args, rows):
        rc, out, err = run(*args)
        self.assertEqual((rc, err), (0, ""), args)
        self.assertEqual(out.splitlines(), [line(r) for r in rows], args)

    def test_name_lists_every_entry_in_registry_order(self):
        rows = fixture_rows()
        self.expect(["http"], [r for r in rows if r[0] == "http"])
        self.expect(["HTTP/tcp"], [r for r in rows
                                   if r[0] == "http" and r[2] == "tcp"])

    def test_port_lists_every_name(self):
        rows = fixture_rows()
        self.expect(["80"], [r for r in rows if r[0] and r[1] == "80"])
        self.expect(["80/udp"], [r for r in rows if r[0] and r[1] == "80"
                                 and r[2] == "udp"])
        self.expect(["6010/tcp"], [r for r in rows if r[0] == "x11"
                                   and r[2] == "tcp"])

    def test_legacy_name_with_slash(self):
        self.expect(["914c/g"], [r for r in fixture_rows()
                                 if r[0] == "914c/g"])

    def test_several_arguments(self):
        rows = fixture_rows()
        self.expect(["msp/tcp", "443/sctp"],
                    [r for r in rows if r[0] == "msp" and r[2] == "tcp"] +
                    [r for r in rows if r[1] == "443" and r[2] == "sctp"])

    def test_status(self):
        rc, out, _ = run("--status", "49200/tcp")
        self.assertEqual((rc, out), (0, "49200/tcp\tdynamic\n"))
        rc, out, _ = run("--status", "2")
        self.assertEqual(out.splitlines(), [
            "2/tcp\treserved", "2/udp\tunassigned", "2/sctp\tunassigned",
            "2/dccp\tunassigned"])

    def test_status_in_a_subset_build_says_unknown(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "gen", "generate",
                            "--registry", FIXTURE, "--out", tmp,
                            "--min-rows", "0", "--protocols", "tcp",
                            "--ports", "0-1023"], cwd=ROOT, check=True,
                           capture_output=True)
            exe = os.path.join(tmp, "portreg")
            subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-I", tmp,
                            "-o", exe,
                            os.path.join(ROOT, "templates", "portreg_cli.c"),
                            os.path.join(ROOT, "templates", "portreg.c")],
                           check=True)
            p = subprocess.run([exe, "--status", "80"], capture_output=True,
                               text=True)
            self.assertEqual(p.stdout.splitlines(), [
                "80/tcp\tassigned", "80/udp\tunknown", "80/sctp\tunknown",
                "80/dccp\tunknown"])
            p = subprocess.run([exe, "--status", "6000/tcp"],
                               capture_output=True, text=True)
            self.assertEqual(p.stdout, "6000/tcp\tunknown\n")
            p = subprocess.run([exe, "--full", "http"], capture_output=True,
                               text=True)     # a minimal build
            self.assertEqual((p.returncode, p.stdout), (2, ""))
            self.assertEqual(p.stderr, "portreg: --full needs a PROFILE=full "
                             "build\n")

    def test_full_shows_every_column_and_txt_keys(self):
        rows = [r for r in fixture_rows() if r[0] == "http" and r[2] == "tcp"]
        rc, out, _ = run("--full", "http/tcp")
        self.assertEqual(rc, 0)
        self.assertEqual(out.splitlines(), [
            line(rows[0]), "  notes: " + rows[0][11],
            # read off the fixture's notes by hand
            "  txt key: u = username", "  txt key: p = password",
            "  txt key: path = path to document"])
        rows = [r for r in fixture_rows() if r[0] == "https" and r[2] == "sctp"]
        rc, out, _ = run("--full", "https/sctp")
        self.assertEqual(out.splitlines(), [
            line(rows[0]), "  assignee: " + rows[0][4],
            "  contact: " + rows[0][5], "  reference: " + rows[0][8],
            "  rfc: 9260"])
        rc, out, err = run("--full")
        self.assertEqual(rc, 2)

    def test_nothing_found_exits_1(self):
        for arg in ("no-such-name", "5/tcp", "6400/tcp"):
            rc, out, err = run(arg)
            self.assertEqual((rc, out, err), (1, "", ""), arg)

    def test_services_file(self):
        rc, out, _ = run("--services")
        self.assertEqual(rc, 0)
        body = [ln.split("\t")[:2] for ln in out.splitlines()
                if not ln.startswith("#")]
        want = []
        ported = [r for r in fixture_rows() if r[1]]
        ported.sort(key=lambda r: int(r[1].partition("-")[0]))
        for r in ported:    # entry order: by port, then row
            if r[0] and r[2] and " " not in r[0]:
                lo, _, hi = r[1].partition("-")
                for p in range(int(lo), int(hi or lo) + 1):
                    want.append([r[0], "%d/%s" % (p, r[2])])
        self.assertEqual(body, want)

    def test_version_names_the_registry(self):
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertIn("2026-01-05", out)


class BadArguments(unittest.TestCase):

    def test_each_bad_argument_gets_one_line_and_exit_2(self):
        for arg in ("", "80/", "/tcp", "99999", "65536", "http/xyz",
                    "a" * 10240, "--bogus"):
            rc, out, err = run(arg)
            self.assertEqual(rc, 2, arg[:20])
            self.assertEqual(out, "", arg[:20])
            self.assertEqual(len(err.splitlines()), 1, (arg[:20], err))
            self.assertTrue(err.startswith("portreg: "), err)

    def test_usage_errors(self):
        for args in ([], ["--status"], ["--status", "http"],
                     ["--services", "x"]):
            rc, _, err = run(*args)
            self.assertEqual(rc, 2, args)
            self.assertNotEqual(err, "")


if __name__ == "__main__":
    unittest.main()
