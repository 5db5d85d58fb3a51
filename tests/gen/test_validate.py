"""gen.validate: one FILE:LINE message per problem, every problem at once.

tests/fixtures/bad holds one malformed or hostile registry per case, NAME.csv,
with the messages it must give in NAME.expect (written by hand) and, where a
case needs them, extra generator arguments in NAME.args.  Each is run through
the generator's command into an out/ that already holds a build: it must exit
2, print exactly those messages and a count, and leave out/ as it was."""

import os
import shlex
import subprocess
import sys
import tempfile
import unittest

from gen import read, validate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BAD = os.path.join(ROOT, "tests", "fixtures", "bad")
GOOD = os.path.join(ROOT, "tests", "fixtures", "good.csv")
HEADER = ",".join(validate.HEADER)


def generate(registry, out, *extra):
    return subprocess.run([sys.executable, "-m", "gen", "generate",
                           "--registry", registry, "--out", out,
                           "--min-rows", "0", *extra],
                          cwd=ROOT, capture_output=True)


def tree(path):
    """{relative path: (bytes, mtime_ns)} of every file under PATH."""
    files = {}
    for d, _, names in os.walk(path):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, path)] = (f.read(),
                                                   os.stat(p).st_mtime_ns)
    return files


class BadFixtures(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out")
        p = generate(GOOD, cls.out)
        assert p.returncode == 0, p.stderr
        cls.before = tree(cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        names = sorted(n[:-4] for n in os.listdir(BAD) if n.endswith(".csv"))
        self.assertGreaterEqual(len(names), 30)
        return names

    def test_every_case_has_its_messages(self):
        expects = sorted(n[:-7] for n in os.listdir(BAD)
                         if n.endswith(".expect"))
        self.assertEqual(expects, self.cases())

    def run_case(self, registry, extra, want):
        p = generate(registry, self.out, *extra)
        err = p.stderr.decode("utf-8").splitlines()
        self.assertEqual(p.returncode, 2, registry)
        self.assertEqual(p.stdout, b"", registry)
        self.assertEqual(err, want + [
            "portreg: %d problem(s); nothing written to %s"
            % (len(want), self.out)], registry)
        self.assertEqual(tree(self.out), self.before, registry)

    def test_each_gives_exactly_its_messages_and_writes_nothing(self):
        for name in self.cases():
            base = os.path.join(BAD, name)
            with open(base + ".expect", encoding="utf-8") as f:
                want = f.read().splitlines()
            extra = []
            if os.path.exists(base + ".args"):
                with open(base + ".args", encoding="utf-8") as f:
                    extra = shlex.split(f.read())
            with self.subTest(case=name):
                self.run_case(base + ".csv", extra, want)

    def test_file_over_64_mb_is_refused_unread(self):
        big = os.path.join(self.tmp.name, "big.csv")
        with open(big, "wb") as f:
            f.write((HEADER + "\n").encode())
            f.truncate(read.MAX_BYTES + 1)      # sparse: nothing to read
        self.run_case(big, [], ["big.csv:1: file is larger than 64 MB "
                                "(67108865 bytes)"])


def check(text, min_rows=0):
    head, rows = read.read(text.encode("utf-8"))
    return validate.validate("t.csv", head, rows, min_rows)


class Rules(unittest.TestCase):

    def test_floor_rejects_a_short_file(self):
        text = HEADER + "\nhttp,80,tcp,Web,,,,,,,,\n"
        with self.assertRaises(validate.ValidationError) as cm:
            check(text, min_rows=10000)
        self.assertEqual(cm.exception.messages, [
            "t.csv:2: only 1 rows, fewer than the floor of 10000: a "
            "truncated file? (make MIN_ROWS=N for a small registry)"])
        recs, _ = check(text, min_rows=1)
        self.assertEqual(len(recs), 1)

    def test_ports_and_protocols_are_typed(self):
        recs, _ = check(HEADER + "\nx11,6000-6063,tcp,X,,,,,,,,\n"
                                 "ipp,,tcp,IPP,,,,,,,,\n"
                                 ",0,,Reserved,,,,,,,,\n")
        self.assertEqual([(r.name, r.port_lo, r.port_hi, r.proto)
                          for r in recs],
                         [("x11", 6000, 6063, "tcp"), ("ipp", -1, -1, "tcp"),
                          ("", 0, 0, "")])

    def test_legacy_names_and_blank_protocols_warn_not_fail(self):
        recs, warnings = check(HEADER + "\nsql*net,66,tcp,SQL,,,,,,,,\n"
                                        "boe-cms,6400,,BOE,,,,,,,,\n")
        self.assertEqual(len(recs), 2)
        self.assertEqual(warnings, [
            "1 named rows outside RFC 6335 name syntax, kept as registered "
            "(t.csv:2 sql*net)",
            "1 named rows with a port and no protocol, kept as registered "
            "(t.csv:3 boe-cms)"])

    def test_identical_repeat_is_dropped_name_only_repeat_kept(self):
        recs, warnings = check(HEADER + "\nweb,80,tcp,W,,,,,,,,\n"
                                        "web,80,tcp,W,,,,,,,,\n"
                                        "rdp,,,One,,,,,,,,\n"
                                        "rdp,,,Two,,,,,,,,\n")
        self.assertEqual([r.line for r in recs], [2, 4, 5])
        self.assertIn("1 rows repeating an earlier identical row, dropped "
                      "(t.csv:3 web)", warnings)

    def test_rfc6335_syntax(self):
        for good in ("http", "x11", "a", "www-http", "123a"):
            self.assertTrue(validate.rfc6335_name(good), good)
        for bad in ("sql*net", "-a", "a-", "a--b", "123", "z39.50",
                    "sixteen-chars-xx", ""):
            self.assertFalse(validate.rfc6335_name(bad), bad)

    def test_registry_date_is_the_newest_date_column(self):
        recs, _ = check(HEADER + "\na,1,tcp,A,,,2001-02-03,2020-01-01,,,,\n"
                                 "b,2,tcp,B,,,2021-05-06,,,,,\n")
        self.assertEqual(validate.registry_date(recs), "2021-05-06")


if __name__ == "__main__":
    unittest.main()
