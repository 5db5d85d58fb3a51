"""A baseline: ONE gperf table over every name of the registry (what a
project gets by feeding all names to gperf), each keyword with its first tcp
port (or -1).  Writes a gperf input file; bench/bench.c includes gperf's
output.

    python3 bench/mono.py REGISTRY.csv OUT.gperf
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from gen.gperf import keyword  # noqa: E402


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    port = {}
    for r in rows:
        if not r[0]:
            continue
        key = r[0].lower()
        port.setdefault(key, [r[0], -1])
        if r[1] and r[2] == "tcp" and port[key][1] < 0:
            port[key][1] = int(r[1].partition("-")[0])
    with open(dst, "w", encoding="utf-8") as f:
        f.write("struct mono_word { int name; int port; };\n%%\n")
        for name, p in port.values():
            f.write("%s, %d\n" % (keyword(name), p))
        f.write("%%\n")


if __name__ == "__main__":
    main()
