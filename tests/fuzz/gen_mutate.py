"""Mutation fuzzer for the generator (standard library only).

Takes a window of rows of a real registry CSV, applies a few random edits
(bytes flipped, inserted or deleted; lines dropped, repeated or swapped;
quotes, commas, line breaks, hostile text or huge ports put into fields; a
name made long, near and past the 63-byte limit; the file cut short) and runs `python3 -m gen generate` on the result.  Each run
must either
  - fail with exit status 2, every line of stderr a FILE:LINE message, a
    warning or the closing count, and the out/ folder left as it was; or
  - succeed, and the C it wrote must compile with -Wall -Wextra -Werror and
    answer exactly what tests/test_equiv.py computes from the mutated CSV.
Anything else (a traceback, another exit status, a difference) stops the run
and leaves the input in out/fuzz/gen/ to reproduce it.

  python3 tests/fuzz/gen_mutate.py --registry FILE [--seconds S | --runs N]
                                   [--seed N] [--rows 300]
"""

import argparse
import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests import test_equiv  # noqa: E402
from tests.gen.test_validate import tree  # noqa: E402

HOSTILE = [b'*/ #include <stdio.h>', b'\\"', b'\\\\', b'??=', b'%%', b'${x}',
           b'$$', b'\xc3\xa9', b'\xe2\x80\x8b', b'\x00', b'\x7f', b'\t',
           b'"', b',', b'\n', b'\r\n', b'65536', b'-1', b'80-79', b'0-65535',
           b'TCP', b'sctp', b'', b'x' * 70, b'\xff', b'\xed\xa0\x80']
MESSAGE = re.compile(rb"[^:\n]+:[0-9]+: .+\Z")
CLOSING = re.compile(rb"portreg: [0-9]+ problem\(s\); nothing written to .+\Z")


def row_starts(data):
    """The index of the line on which each CSV row of DATA starts (a quoted
    field may span lines), and the lines."""
    lines = data.split(b"\n")
    starts, reader = [], csv.reader(io.StringIO(data.decode("utf-8"),
                                                newline=""))
    line = 0
    for _ in reader:
        starts.append(line)
        line = reader.line_num
    return starts, lines


def window(real, rows, rng):
    """The header and ROWS consecutive rows from a random place, cut at row
    boundaries so that the window itself is a valid registry."""
    starts, lines = real
    i = rng.randrange(1, max(2, len(starts) - rows))
    end = starts[i + rows] if i + rows < len(starts) else len(lines)
    return b"\n".join(lines[:starts[1]] + lines[starts[i]:end]).rstrip(
        b"\n") + b"\n"


def mutate(data, rng):
    """One random edit of DATA."""
    kind = rng.randrange(10)
    lines = data.split(b"\n")
    at = rng.randrange(len(data) + 1)
    if kind == 0:       # flip a byte
        if not data:
            return data
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + \
            data[at + 1:]
    if kind == 1:       # insert a hostile piece anywhere
        return data[:at] + rng.choice(HOSTILE) + data[at:]
    if kind == 2:       # delete a few bytes
        return data[:at] + data[at + rng.randrange(1, 8):]
    if kind == 3:       # drop a line
        del lines[rng.randrange(len(lines))]
    elif kind == 4:     # repeat a line
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines)), lines[i])
    elif kind == 5:     # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 6:     # replace one field of one row
        i = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
        fields = lines[i].split(b",")
        fields[rng.randrange(len(fields))] = rng.choice(HOSTILE)
        lines[i] = b",".join(fields)
    elif kind == 7:     # the same field, quoted, with hostile text
        i = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
        fields = lines[i].split(b",")
        piece = rng.choice(HOSTILE).replace(b'"', b'""')
        fields[rng.randrange(len(fields))] = b'"' + piece + b'"'
        lines[i] = b",".join(fields)
    elif kind == 8:     # a long name: a row's own, stretched near the limit
        i = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
        fields = lines[i].split(b",")
        size = rng.choice([rng.randrange(48, 66), 200])
        fields[0] = (fields[0] + b"-" + b"x" * size)[:size]
        lines[i] = b",".join(fields)
    else:               # cut the file short
        return data[:at]
    return b"\n".join(lines)


class Failure(Exception):
    pass


def one_run(csv_path, out, before, gperf, cc):
    """Generate from CSV_PATH into OUT; return 'rejected' or 'accepted', or
    raise Failure."""
    p = subprocess.run([sys.executable, "-m", "gen", "generate",
                        "--registry", csv_path, "--out", out,
                        "--min-rows", "0", "--gperf", gperf],
                       cwd=ROOT, capture_output=True)
    err = p.stderr.splitlines()
    if b"Traceback" in p.stderr:
        raise Failure("traceback:\n" + p.stderr.decode("utf-8", "replace"))
    if p.returncode == 2:
        if not err or not CLOSING.match(err[-1]):
            raise Failure("exit 2 without the closing count: %r" % err[-1:])
        for line in err[:-1]:
            if not MESSAGE.match(line):
                raise Failure("not a FILE:LINE message: %r" % line)
        if tree(out) != before:
            raise Failure("a failed run changed %s" % out)
        return "rejected"
    if p.returncode != 0:
        raise Failure("exit status %d: %r" % (p.returncode, p.stderr))
    for line in err:
        if not line.startswith(b"portreg: warning: "):
            raise Failure("unexpected stderr line: %r" % line)
    c = subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Werror",
                        "-fsyntax-only", "-I", out,
                        os.path.join(ROOT, "templates", "portreg.c")],
                       capture_output=True, text=True)
    if c.returncode != 0:
        raise Failure("generated C does not compile:\n" + c.stderr[-2000:])
    case = test_equiv.Equivalence()
    try:
        case.check_version(csv_path, min_rows=0)
    except AssertionError as e:
        raise Failure("not equivalent to the CSV: %s" % str(e)[:2000])
    return "accepted"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--registry", required=True)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--keep", default=os.path.join(ROOT, "out", "fuzz",
                                                   "gen"))
    ap.add_argument("--gperf", default="gperf")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    with open(args.registry, "rb") as f:
        real = row_starts(f.read())
    stop = time.monotonic() + args.seconds
    counts = {"rejected": 0, "accepted": 0}
    with tempfile.TemporaryDirectory(prefix="portreg-mutate-") as tmp:
        out = os.path.join(tmp, "out")
        base = os.path.join(tmp, "base.csv")
        with open(base, "wb") as f:
            f.write(window(real, args.rows, rng))
        if one_run(base, out, {}, args.gperf, args.cc) != "accepted":
            sys.exit("gen_mutate: the unmutated window was not accepted")
        before = tree(out)
        n = 0
        while (args.runs and n < args.runs) or \
                (args.seconds and time.monotonic() < stop):
            data = window(real, args.rows, rng)
            for _ in range(rng.randrange(1, 4)):
                data = mutate(data, rng)
            path = os.path.join(tmp, "mutant.csv")
            with open(path, "wb") as f:
                f.write(data)
            try:
                result = one_run(path, out, before, args.gperf, args.cc)
            except Failure as e:
                os.makedirs(args.keep, exist_ok=True)
                keep = os.path.join(args.keep, "failure-%d-%d.csv" % (seed, n))
                shutil.copy(path, keep)
                print("gen_mutate: run %d (seed %d): %s\ninput kept in %s"
                      % (n, seed, e, keep), file=sys.stderr)
                return 1
            counts[result] += 1
            if result == "accepted":
                before = tree(out)          # the next failed run keeps this
            n += 1
    print("gen_mutate: %d runs (seed %d): %d rejected with FILE:LINE "
          "messages, %d accepted and equivalent to the CSV"
          % (n, seed, counts["rejected"], counts["accepted"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
