"""The benchmark's queries, from the registry CSV (and Debian's netbase list
of well-known services), deterministic for one registry file.

    python3 bench/workload.py REGISTRY.csv OUT.txt [--n 4096]

Lines are WORKLOAD<TAB>QUERY:
  name_hit       the 100 best-known names (the first 100 of /etc/services
                 that the registry has tcp ports for, as netbase lists them)
                 then a uniform sample of all names with a tcp port; every
                 third in mixed case
  name_mixed     name_hit's names with every letter's case random
  name_unaligned name_hit's queries, each string placed 0 to 15 bytes past
                 a 16-byte boundary (bench.c; every offset in turn), where
                 the others start on one, as strdup's copies do
  name_miss      random strings of registry-like characters, and near misses
                 of real names (one byte changed, one added or dropped)
  port_assigned  uniform over the ports with a tcp entry
  port_uniform   uniform over 0-65535
  port_miss      uniform over the ports with no tcp entry
"""

import argparse
import csv
import random

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-"


def well_known(path="/etc/services"):
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                w = line.split("#")[0].split()
                if len(w) >= 2 and w[1].endswith("/tcp"):
                    out.append(w[0])
    except OSError:
        pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("registry")
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=4096)
    a = ap.parse_args()
    rng = random.Random(6335)
    with open(a.registry, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    tcp = {}
    for r in rows:
        if r[0] and r[1] and r[2] in ("tcp", ""):
            lo, _, hi = r[1].partition("-")
            for p in range(int(lo), int(hi or lo) + 1):
                tcp.setdefault(p, r[0])
    names = sorted({r[0] for r in rows if r[0] and r[1] and r[2] == "tcp"})
    folded = {r[0].lower() for r in rows if r[0]}
    known = [n for n in dict.fromkeys(well_known()) if n in names][:100]
    hits = known + [rng.choice(names) for _ in range(a.n - len(known))]
    def mixed(s):
        return "".join(c.swapcase() if rng.random() < 0.5 else c for c in s)
    mixes = [mixed(h) for h in hits]
    hits = [mixed(h) if i % 3 == 2 else h for i, h in enumerate(hits)]
    misses = []
    while len(misses) < a.n:
        if len(misses) % 2:
            s = "".join(rng.choice(ALPHABET)
                        for _ in range(rng.randint(3, 12)))
        else:
            s = rng.choice(names)
            i = rng.randrange(len(s))
            how = rng.randrange(3)
            if how == 0:
                s = s[:i] + rng.choice(ALPHABET) + s[i + 1:]
            elif how == 1:
                s = s[:i] + rng.choice(ALPHABET) + s[i:]
            elif len(s) > 1:
                s = s[:i] + s[i + 1:]
        if s and s.lower() not in folded and "\t" not in s:
            misses.append(s)
    assigned = sorted(tcp)
    free = [p for p in range(65536) if p not in tcp]
    out = []
    out += ["name_hit\t" + s for s in hits]
    out += ["name_mixed\t" + s for s in mixes]
    out += ["name_unaligned\t" + s for s in hits]
    out += ["name_miss\t" + s for s in misses]
    out += ["port_assigned\t%d" % rng.choice(assigned) for _ in range(a.n)]
    out += ["port_uniform\t%d" % rng.randrange(65536) for _ in range(a.n)]
    out += ["port_miss\t%d" % rng.choice(free) for _ in range(a.n)]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
