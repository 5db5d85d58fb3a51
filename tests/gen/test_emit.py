"""gen.emit: C literal and comment safety, templates filled exactly,
byte-identical output from any working directory, atomic writes."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from gen import ctext, emit, load, subset, validate
from gen import generate as pipeline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
GOOD = os.path.join(ROOT, "tests", "fixtures", "good.csv")
BAD = os.path.join(ROOT, "tests", "fixtures", "bad", "port-65536.csv")


def generate(registry, out, cwd, profile="full"):
    return subprocess.run([sys.executable, "-m", "gen", "generate",
                           "--registry", registry, "--out", out,
                           "--min-rows", "0", "--profile", profile,
                           "--templates", os.path.join(ROOT, "templates")],
                          cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=ROOT))


def dump(out, queries="", compilers=("gcc", "clang")):
    """tests/c/dump.c's output for the build in OUT, built with each of
    COMPILERS under -Wall -Wextra -Wpedantic -Werror, with and without the
    fast indexes (PORTREG_FAST), QUERIES on stdin: every build must print
    the same."""
    outputs = set()
    for cc in compilers:
        for fast in ("0", "1"):
            exe = os.path.join(out, "dump")
            subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Wpedantic",
                            "-Wconversion", "-Wcast-qual", "-Wwrite-strings",
                            "-Werror", "-DPORTREG_FAST=" + fast, "-I", out,
                            "-o", exe,
                            os.path.join(ROOT, "tests", "c", "dump.c"),
                            os.path.join(ROOT, "templates", "portreg.c")],
                           check=True)
            outputs.add(subprocess.run(
                [exe], input=queries.encode("utf-8"), capture_output=True,
                check=True).stdout.decode("utf-8"))
    assert len(outputs) == 1, "the builds answer differently"
    return outputs.pop()


def tree(path):
    out = {}
    for p in sorted(glob.glob(os.path.join(path, "**"), recursive=True)):
        if os.path.isfile(p):
            with open(p, "rb") as f:
                out[os.path.relpath(p, path)] = f.read()
    return out


class Literals(unittest.TestCase):

    def test_c_string_escapes(self):
        self.assertEqual(ctext.c_string('a"b\\c'), 'a\\"b\\\\c')
        self.assertEqual(ctext.c_string("??="), "\\?\\?=")
        self.assertEqual(ctext.c_string("\n\t"), "\\012\\011")
        self.assertEqual(ctext.c_string("M\u00fcn"), "M\\303\\274n")
        self.assertEqual(ctext.c_string("\x01" + "7"), "\\0017")

    def test_c_comment_cannot_close_or_splice(self):
        for hostile in ("a */ b", "x??/", "tab\there", "\u00fc", "*/*/"):
            text = ctext.c_comment(hostile)
            self.assertNotIn("*/", text)
            self.assertNotIn("??", text)
            self.assertTrue(all(0x20 <= ord(c) < 0x7f for c in text))

    def test_ctype_is_the_smallest_that_fits(self):
        self.assertEqual(ctext.ctype(255), "uint8_t")
        self.assertEqual(ctext.ctype(256), "uint16_t")
        self.assertEqual(ctext.ctype(70000), "uint32_t")

    def test_wide_table_values_compile_as_written(self):
        # 2^63 in a uint64_t table: a decimal without "u" is too large
        # for any signed type, which -Werror refuses
        from gen.items import Table
        values = (1 << 63, (1 << 64) - 1, 1 << 31, 0x7fffffff, 5)
        text = emit.c_table(Table("t", "test", values, "test"))
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "t.c"), os.path.join(tmp, "t")
            with open(src, "w") as f:
                f.write("#include <stdint.h>\n#include <stdio.h>\n%s\n"
                        "int main(void) {\n    unsigned i;\n"
                        "    for (i = 0; i < sizeof t / sizeof t[0]; i++)\n"
                        "        printf(\"%%llu\\n\", "
                        "(unsigned long long)t[i]);\n    return 0;\n}\n"
                        % text)
            subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror",
                            "-o", exe, src], check=True)
            got = subprocess.run([exe], capture_output=True, text=True,
                                 check=True).stdout.split()
        self.assertEqual([int(x) for x in got], list(values))


class Templates(unittest.TestCase):

    def test_every_placeholder_supplied_and_every_value_used(self):
        used = set()
        # the generator's templates (portreg.pc.in and portregConfig.cmake.in
        # are make install's and CMake's)
        for name, _ in emit.TEMPLATES:
            path = os.path.join(ROOT, "templates", name)
            with open(path, encoding="utf-8") as f:
                used |= emit.placeholders(f.read())
        seen = {}
        real_fill = emit.fill

        def spy(path, values):
            seen.update(values)
            return real_fill(path, values)
        emit.fill = spy
        try:
            pipeline.files(load.load(GOOD, 0), subset.parse_subset("full"),
                           os.path.join(ROOT, "templates"))
        finally:
            emit.fill = real_fill
        self.assertEqual(used, set(seen))


class Output(unittest.TestCase):

    def test_two_runs_two_directories_same_bytes(self):
        with tempfile.TemporaryDirectory() as a, \
                tempfile.TemporaryDirectory() as b:
            reg = os.path.join(b, "good.csv")
            shutil.copy(GOOD, reg)
            self.assertEqual(generate(GOOD, os.path.join(a, "out"), ROOT)
                             .returncode, 0)
            self.assertEqual(generate("good.csv", "o", b).returncode, 0)
            first, second = tree(os.path.join(a, "out")), tree(
                os.path.join(b, "o"))
            self.assertEqual(first, second)
            self.assertIn("portreg_tables.c.h", first)
            for data in first.values():
                self.assertNotIn(a.encode(), data)
                self.assertNotIn(b"\r", data)
                self.assertTrue(data.endswith(b"\n"))
                self.assertFalse(any(line.endswith(b" ")
                                     for line in data.split(b"\n")))

    def test_failed_run_leaves_out_as_it_was(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            self.assertEqual(generate(GOOD, out, ROOT).returncode, 0)
            before = tree(out)
            p = generate(BAD, out, ROOT)
            self.assertEqual(p.returncode, 2)
            self.assertIn("port-65536.csv:3: port is not a number", p.stderr)
            self.assertEqual(tree(out), before)
            self.assertEqual(sorted(os.listdir(out)), sorted(
                {k.split("/")[0] for k in before}))

    def test_only_changed_files_are_rewritten(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            generate(GOOD, out, ROOT)
            p = generate(GOOD, out, ROOT)
            self.assertIn("0 file(s) changed", p.stdout)
            files = {"portreg.c": b"new\n", "gperf/x.gperf": b"x\n"}
            changed = emit.write(files, out)
            self.assertIn("portreg.c", changed)
            self.assertFalse(os.path.exists(os.path.join(
                out, "gperf", "names_000.gperf")))

    def test_banner_names_registry_and_nothing_from_the_clock(self):
        with tempfile.TemporaryDirectory() as tmp:
            generate(GOOD, tmp, ROOT)
            with open(os.path.join(tmp, emit.TABLES_FILE), "rb") as f:
                head = f.read(1200).decode()
        self.assertIn("GENERATED FILE - DO NOT EDIT", head)
        self.assertIn("good.csv, registry date 2026-01-05, 50 rows", head)
        import hashlib
        with open(GOOD, "rb") as f:
            self.assertIn(hashlib.sha256(f.read()).hexdigest(), head)
        self.assertIn("gperf: GNU gperf", head)


if __name__ == "__main__":
    unittest.main()


class Hostile(unittest.TestCase):
    """Registry text that looks like C, format strings or template syntax
    compiles warning-free and comes back byte for byte."""

    def test_hostile_text_compiles_and_round_trips(self):
        import csv
        fixture = os.path.join(ROOT, "tests", "fixtures", "hostile.csv")
        with open(fixture, newline="", encoding="utf-8") as f:
            rows = [r for r in list(csv.reader(f))[1:] if r[0]]
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(generate(fixture, tmp, ROOT).returncode, 0)
            out = dump(tmp, "".join(r[0] + "\n" for r in rows))
        esc = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}

        def e(s):
            return "".join(esc.get(c, c) for c in s)
        lines = out.split("\n")
        got = [ln.split("\t") for ln in lines if ln.startswith("E\t")]
        self.assertEqual([(g[2], g[7]) for g in got],
                         [(e(r[0]), e(r[3])) for r in rows])
        found = [ln.split("\t") for ln in lines if ln.startswith("N\t")]
        self.assertEqual([len(f) - 2 for f in found], [1] * len(rows))


class Overlay(unittest.TestCase):
    """make OVERLAY=: local rows join the registry's, flagged, in the same
    order policy, with conflicts reported."""

    def test_local_rows_are_entries_flagged_local_after_the_registry(self):
        import csv
        sys.path.insert(0, ROOT)
        from tests.test_equiv import expected, unescape
        overlay = os.path.join(ROOT, "tests", "fixtures", "overlay.csv")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            p = subprocess.run([sys.executable, "-m", "gen", "generate",
                                "--registry", GOOD, "--overlay", overlay,
                                "--out", out, "--min-rows", "0",
                                "--profile", "full"], cwd=ROOT,
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            # each conflict once, FILE:LINE of the overlay row first
            self.assertIn("portreg: warning: overlay.csv:4: intranet-web "
                          "uses 80/tcp, the registry's http (good.csv:13)",
                          p.stderr)
            self.assertIn("portreg: warning: overlay.csv:5: https is also a "
                          "registry name (good.csv:27)", p.stderr)
            # the registry and the overlay as one CSV: the same entries
            both = os.path.join(tmp, "both.csv")
            with open(GOOD, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            with open(overlay, newline="", encoding="utf-8") as f:
                local = list(csv.reader(f))[1:]
            with open(both, "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows + local)
            _, want = expected(both, "full")
            lines = dump(out, compilers=("cc",)).split("\n")
        got = [ln.split("\t") for ln in lines if ln.startswith("E\t")]
        mine = {(r[0], r[1], r[2]) for r in local}     # no ranges there
        proto = {1: "tcp", 2: "udp", 4: "sctp", 8: "dccp", 16: ""}
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            flags = int(g[6])
            port = "" if w[4] & 1 else str(w[2])
            self.assertEqual((unescape(g[2]), int(g[4]), flags & ~4),
                             (w[0], w[2], w[4]), g)
            self.assertEqual(bool(flags & 4),
                             (w[0], port, proto[w[1]]) in mine, g)
        self.assertEqual(sum(1 for g in got if int(g[6]) & 4), len(local))


class OverlayNames(unittest.TestCase):
    """An OVERLAY's names: any length up to PORTREG_NAME_MAX (63 bytes)
    answers, by name and by port, in both fast and compact builds; a longer
    name, or one that no services(5) line can carry, is refused with
    FILE:LINE and nothing written."""

    def overlay(self, tmp, names):
        path = os.path.join(tmp, "local.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(",".join(validate.HEADER) + "\n" + "".join(
                "%s,%d,tcp,Local,,,,,,,,\n" % (n, 47200 + i)
                for i, n in enumerate(names)))
        return path

    def run_gen(self, tmp, overlay):
        return subprocess.run([sys.executable, "-m", "gen", "generate",
                               "--registry", GOOD, "--overlay", overlay,
                               "--out", os.path.join(tmp, "out"),
                               "--min-rows", "0"], cwd=ROOT,
                              capture_output=True, text=True)

    def test_every_length_up_to_63_bytes_answers(self):
        # the same first two bytes (one class of the name index) and
        # lengths either side of where a name stops fitting one word
        names = ["ln-" + "x" * (n - 3) for n in range(40, 64)]
        names.append("ln-" + "\u00e9" * 30)              # 63 bytes, UTF-8
        with tempfile.TemporaryDirectory() as tmp:
            p = self.run_gen(tmp, self.overlay(tmp, names))
            self.assertEqual(p.returncode, 0, p.stderr)
            upper = [n.encode().upper().decode() for n in names]  # ASCII
            queries = names + upper + [names[-2] + "x"]
            lines = dump(os.path.join(tmp, "out"),
                         "".join(q + "\n" for q in queries)).splitlines()
        by_name = {ln.split("\t")[1]: ln.split("\t")[2:]
                   for ln in lines if ln.startswith("N\t")}
        by_port = {ln.split("\t")[1]: ln.split("\t")[2]
                   for ln in lines if ln.startswith("Q\t")}
        for i, (n, u) in enumerate(zip(names, upper)):
            self.assertEqual(len(by_name[n]), 1, n)
            self.assertEqual(by_name[u], by_name[n], n)
            self.assertEqual(by_port[n], str(47200 + i), n)
        self.assertEqual(by_name[names[-2] + "x"], [])    # 64 bytes

    def test_names_a_services_line_cannot_carry_are_refused(self):
        long = "n" * 200
        with tempfile.TemporaryDirectory() as tmp:
            p = self.run_gen(tmp, self.overlay(
                tmp, ["my metrics", "a#b", long, "fine"]))
            self.assertEqual(p.returncode, 2)
            self.assertEqual(p.stdout, "")
            self.assertEqual(p.stderr.splitlines(), [
                "local.csv:2: an OVERLAY name has white space or '#', which "
                "no services(5) line can carry (my metrics)",
                "local.csv:3: an OVERLAY name has white space or '#', which "
                "no services(5) line can carry (a#b)",
                "local.csv:4: service name is longer than 63 bytes (%s...)"
                % long[:80],
                "portreg: 3 problem(s); nothing written to %s"
                % os.path.join(tmp, "out")])
            self.assertFalse(os.path.exists(os.path.join(tmp, "out")))


class Degenerate(unittest.TestCase):
    """A valid registry with no names at all (the mutation fuzzer found it
    producing C that -Werror refused): it compiles and answers nothing."""

    def test_registry_without_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            reg = os.path.join(tmp, "nonames.csv")
            with open(reg, "w", encoding="utf-8") as f:
                f.write(",".join(validate.HEADER) + "\n"
                        ",0,tcp,Reserved,,,,,,,,\n,1-5,,Unassigned,,,,,,,,\n")
            out = os.path.join(tmp, "out")
            self.assertEqual(generate(reg, out, ROOT).returncode, 0)
            lines = dump(out, "http\n").splitlines()
        self.assertFalse([d for d in lines if d[0] in "EPMR"])
        self.assertIn("N\thttp", lines)
        self.assertIn("S\t0\t2\t0\t0\t0", lines)     # 0/tcp reserved
