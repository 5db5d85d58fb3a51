"""Line and branch coverage of portreg.c's hand-written code (make check-cover).

Usage: coverage.py --min-branch PCT DIR...

Each DIR holds a portreg.c built with gcc --coverage and its .gcda counts
(after the tests ran).  gcov reads each; the builds differ in their tables,
so lines are merged by function and offset from the function's first line,
a branch counting as taken when any build took it.  Generated code is left
out: portreg__slot, gperf's hash functions as one switch, whose cases are
one per bucket and length.  Prints the figures and every line with a branch
not taken; exits 1 when branch coverage is below PCT.
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

GENERATED = re.compile(r"portreg__slot\Z")


def gcov_json(build):
    """gcov's JSON for portreg.c in BUILD (the directory of its .gcda)."""
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
    files = [f for f in data["files"] if f["file"].endswith("portreg.c")]
    return files[0]


def merge(builds):
    """{(function, offset): [line count, [branch counts], text]}."""
    merged = {}
    for build in builds:
        f = gcov_json(build)
        with open(f["file"], encoding="utf-8") as src:
            text = src.read().split("\n")
        start = {fn["name"]: fn["start_line"] for fn in f["functions"]}
        for line in f["lines"]:
            fn = line.get("function_name")
            if fn is None or GENERATED.match(fn):
                continue
            key = (fn, line["line_number"] - start[fn])
            counts = [b["count"] for b in line["branches"]]
            have = merged.setdefault(key, [0, [0] * len(counts),
                                           text[line["line_number"] - 1]])
            if len(have[1]) != len(counts):
                sys.exit("coverage: %s+%d has %d branches in one build and "
                         "%d in another" % (key[0], key[1], len(have[1]),
                                            len(counts)))
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
    for (fn, off), (count, br, text) in sorted(merged.items()):
        missed = [i for i, c in enumerate(br) if c == 0]
        if count == 0 or missed:
            print("  not covered: %s+%d%s: %s" % (
                fn, off, " branch %s" % missed if count else " (line)",
                text.strip()))
    line_pct = 100.0 * lines_hit / lines
    branch_pct = 100.0 * taken / branches if branches else 100.0
    print("coverage of portreg.c's hand-written code (%s): lines %d/%d "
          "%.1f%%, branches %d/%d %.1f%% (bar: %.0f%%)" % (
              ", ".join(os.path.basename(b.rstrip("/")) for b in args.builds),
              lines_hit, lines, line_pct, taken, branches, branch_pct,
              args.min_branch))
    return 0 if branch_pct >= args.min_branch else 1


if __name__ == "__main__":
    sys.exit(main())
