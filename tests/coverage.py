"""Line and branch coverage of the lookups' hand-written code (make
check-cover): templates/portreg.c and its variants, portreg_fast.c.h and
portreg_compact.c.h.

Usage: coverage.py --min-branch PCT DIR...

Each DIR holds a portreg.c built with gcc --coverage (either PORTREG_FAST)
and its .gcda counts (after the tests ran).  gcov reads each; the builds
differ in their tables (another file) and PORTREG_FAST, so lines are
merged by file and line, a branch counting as taken when any build took
it.  Generated code is left out: portreg__slot, gperf's hash functions
as one switch, whose cases are one per bucket and length, and the protocol
parser.  Prints the figures and every line with a branch not taken; exits 1
when branch coverage is below PCT.
"""

import argparse
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

GENERATED = re.compile(r"portreg__(slot|proto)\Z")
SOURCES = ("portreg.c", "portreg_fast.c.h", "portreg_compact.c.h")


def gcov_json(build):
    """gcov's JSON for the SOURCES in BUILD (the directory of its .gcda)."""
    gcda = glob.glob(os.path.join(build, "*portreg.gcda"))
    if len(gcda) != 1:
        sys.exit("coverage: expected one portreg .gcda in %s, found %d"
                 % (build, len(gcda)))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["gcov", "--json-format", "--branch-probabilities",
                        os.path.abspath(gcda[0])], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        out = glob.glob(os.path.join(tmp, "*.gcov.json.gz"))[0]
        with gzip.open(out, "rt", encoding="utf-8") as f:
            data = json.load(f)
    return [f for f in data["files"]
            if os.path.basename(f["file"]) in SOURCES]


def merge(builds):
    """{(file, line): [line count, [branch counts], text, function]}."""
    merged = {}
    for f in (f for build in builds for f in gcov_json(build)):
        name = os.path.basename(f["file"])
        with open(f["file"], encoding="utf-8") as src:
            text = src.read().split("\n")
        for line in f["lines"]:
            fn = line.get("function_name")
            if fn is None or GENERATED.match(fn):
                continue
            key = (name, line["line_number"])
            counts = [b["count"] for b in line["branches"]]
            have = merged.setdefault(key, [0, [0] * len(counts),
                                           text[line["line_number"] - 1], fn])
            if len(have[1]) != len(counts):
                sys.exit("coverage: %s:%d has %d branches in one build and "
                         "%d in another" % (key + (len(have[1]), len(counts))))
            have[0] += line["count"]
            have[1] = [a + b for a, b in zip(have[1], counts)]
    return merged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-branch", type=float, required=True)
    ap.add_argument("builds", nargs="+")
    args = ap.parse_args()
    merged = merge(args.builds)
    lines = len(merged)
    lines_hit = sum(1 for v in merged.values() if v[0] > 0)
    branches = sum(len(v[1]) for v in merged.values())
    taken = sum(1 for v in merged.values() for c in v[1] if c > 0)
    for (name, line), (count, br, text, fn) in sorted(merged.items()):
        missed = [i for i, c in enumerate(br) if c == 0]
        if count == 0 or missed:
            print("  not covered: %s:%d (%s)%s: %s" % (
                name, line, fn, " branch %s" % missed if count else
                " (line)", text.strip()))
    line_pct = 100.0 * lines_hit / lines
    branch_pct = 100.0 * taken / branches if branches else 100.0
    print("coverage of the lookups' hand-written code (%s): lines %d/%d "
          "%.1f%%, branches %d/%d %.1f%% (bar: %.0f%%)" % (
              ", ".join(os.path.basename(b.rstrip("/")) for b in args.builds),
              lines_hit, lines, line_pct, taken, branches, branch_pct,
              args.min_branch))
    return 0 if branch_pct >= args.min_branch else 1


if __name__ == "__main__":
    sys.exit(main())
