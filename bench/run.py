"""make bench: run bench/bench.c for time, under callgrind, and with glibc,
then print one table and write out/bench/results.csv and results.svg.

    python3 bench/run.py --bench out/bench/bench --queries Q --out out/bench
        --services out/services --registry R [--quick]

ns: time per lookup, harness included, the median over RUNS runs of the
bench binary, each run's figure its median pass (make bench's query sets);
warm: the same over the first SMALL queries of each workload, each run's
figure its fastest pass.  Large and warm runs alternate, and within a run
the implementations take turns pass by pass (bench/bench.c).  Ir:
instructions per lookup from callgrind, minus the harness loop's (the same
loop calling a function that returns at once).  Ratios are portreg /
baseline for the same workload; by time, the median of the runs' ratios,
so that the machine's load during one run cancels out.  TARGETS are
checked on all three.
"""

import argparse
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from gen.gperf import GPERF_ARGS  # noqa: E402
PAIRS = {   # portreg row -> its baselines
    "portreg_port": ["gperf1", "bsearch", "linear", "nss-files"],
    "portreg_by_name": ["portreg_port", "gperf1"],
    "portreg_name": ["direct", "bsearch", "nss-files"],
    "portreg_by_port": ["portreg_name", "direct"],
    "nss-portreg": ["nss-files", "nss-db", "nss-netbase"],
}
# (lookup, baseline, workloads, most ratio by time, most by instructions):
# what make bench checks and prints as its targets table.
TARGETS = (
    ("portreg_port", "gperf1", ("name_hit", "name_mixed", "name_miss"),
     1.0, 1.0),
    ("portreg_name", "direct", ("port_assigned",), 1.0, 1.5),
    ("portreg_name", "direct", ("port_uniform", "port_miss"), 1.0, 1.0),
    ("portreg_by_name", "portreg_port", ("name_hit", "name_mixed",
                                         "name_miss"), 2.0, 2.0),
    ("portreg_by_port", "portreg_name", ("port_assigned", "port_uniform",
                                         "port_miss"), 2.0, 2.0),
)
FAST_LIMIT = 256 * 1024     # the fast indexes' extra bytes on the host
RUNS, SMALL = 9, 256        # runs of the bench binary; the warm set's size
# The C library's getservbyname_r/getservbyport_r, one services database
# each, in a private mount namespace: (label, nsswitch.conf's services
# line, what is mounted where, queries a kind for time, for callgrind).
BACKENDS = (
    ("nss-portreg", "portreg", None, 4096, 256),
    ("nss-db", "db", "db", 512, 16),
    ("nss-files", "files", "services", 64, 4),
    ("nss-netbase", "files", None, 512, 16),
)


def run_times(bench, queries, extra=(), prefix=()):
    out = subprocess.run([*prefix, bench, queries, *extra],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip()
    rows = {}
    for line in out.stdout.splitlines():
        impl, work, n, ns = line.split(",")
        rows[(impl, work)] = (int(n), float(ns) if ns else None)
    return rows, ""


def run_callgrind(bench, queries, extra=(), prefix=()):
    tmp = tempfile.mkdtemp(prefix="portreg-cg-")
    try:
        p = subprocess.run([*prefix, "valgrind", "--tool=callgrind",
                            "--callgrind-out-file=%s/cg.%%p" % tmp,
                            bench, queries, *extra],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return None
        ir = {}
        for path in glob.glob(os.path.join(tmp, "cg.*")):
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            m = re.search(r"^desc: Trigger: Client Request: (\S+)$", text,
                          re.M)
            s = re.search(r"^summary: (\d+)", text, re.M) or \
                re.search(r"^totals: (\d+)", text, re.M)
            if m and s:
                impl, work, n = m.group(1).rsplit("/", 2)
                ir[(impl, work)] = int(s.group(1)) / int(n)
        return ir
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def backends(a, tmp):
    """[(label, command prefix, queries for time, for callgrind)] for the
    backends that can run here, and notes for those that cannot: each a
    mount namespace whose nsswitch.conf names one services database:
    portreg's module (out/ on LD_LIBRARY_PATH), nss_db (a services.db that
    libnss-db's Makefile builds with makedb from the registry's services
    file), nss_files with that file as /etc/services, and nss_files with
    the system's own /etc/services (Debian's netbase)."""
    if subprocess.run(["unshare", "-m", "true"],
                      capture_output=True).returncode != 0:
        return [], ["the C library's backends skipped: unshare -m is not "
                    "allowed here"]
    out, notes = [], []
    db = os.path.join(tmp, "db")
    etc = os.path.join(tmp, "etc")
    os.makedirs(db)
    os.makedirs(etc)
    shutil.copy(a.services, os.path.join(etc, "services"))
    made = os.path.exists("/var/lib/misc/Makefile") and subprocess.run(
        ["make", "-s", "-f", "/var/lib/misc/Makefile", "VAR_DB=" + db,
         "ETC=" + etc, os.path.join(db, "services.db")],
        capture_output=True).returncode == 0
    mounts = {"db": (db, "/var/lib/misc"),
              "services": (os.path.abspath(a.services), "/etc/services")}
    for label, service, mount, n_time, n_ir in BACKENDS:
        if mount == "db" and not made:
            notes.append("%s skipped: libnss-db's makedb Makefile is missing "
                         "(apt-get install libnss-db)" % label)
            continue
        conf = os.path.join(tmp, "nsswitch." + label)
        with open(conf, "w") as f:
            f.write("services: %s\nhosts: files\n" % service)
        src, dst = mounts.get(mount, ("", ""))
        prefix = ["env", "LD_LIBRARY_PATH=" + os.path.abspath(a.nss_dir),
                  "unshare", "-m", "sh", "-c",
                  'mount --bind "$0" /etc/nsswitch.conf && '
                  '{ [ -z "$1" ] || mount --bind "$1" "$2"; } && '
                  'shift 2 && exec "$@"', conf, src, dst]
        out.append((label, prefix, n_time, n_ir))
    return out, notes


def timed(cmd, **kw):
    t = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.monotonic() - t


def build_times(registry, cc):
    tmp = tempfile.mkdtemp(prefix="portreg-bt-")
    try:
        gen = timed([sys.executable, "-m", "gen", "generate", "--registry",
                     registry, "--out", tmp, "--min-rows", "0"], cwd=ROOT)
        t = time.monotonic()
        for g in sorted(glob.glob(os.path.join(tmp, "gperf", "*.gperf"))):
            subprocess.run(["gperf", *GPERF_ARGS, g], check=True,
                           capture_output=True)
        gperf = time.monotonic() - t
        comp = timed([cc, "-O2", "-I", tmp, "-c",
                      os.path.join(ROOT, "templates", "portreg.c"), "-o",
                      os.path.join(tmp, "portreg.o")])
        return [("generate (python + gperf)", gen), ("of which gperf", gperf),
                ("compile portreg.c -O2", comp)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def svg(rows, path):
    """Horizontal bars of ns per lookup (log scale), one per row."""
    import math
    items = [(r["impl"] + " " + r["workload"], r["ns"]) for r in rows
             if r["ns"] and r["impl"] != "harness"]
    w, bar, left = 900, 16, 300
    top = max(v for _, v in items)
    scale = (w - left - 80) / math.log10(top * 10)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (
               w, 30 + len(items) * (bar + 4)),
           '<text x="10" y="16" font-size="13">ns per lookup (median, log '
           'scale); portreg in blue</text>']
    for i, (label, v) in enumerate(items):
        y = 26 + i * (bar + 4)
        length = max(1.0, scale * math.log10(max(v, 0.1) * 10))
        color = "#2b6cb0" if label.startswith("portreg") else "#a0aec0"
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 6, y + 12, label))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                   % (left, y, length, bar, color))
        out.append('<text x="%.1f" y="%d">%.1f</text>'
                   % (left + length + 4, y + 12, v))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] +
                                             v[len(v) // 2]) / 2


def measure(a, reps, slow):
    """{(impl, workload): (n, ns)}, the same for the warm set,
    {(impl, workload): Ir}, notes."""
    runs = {}, {}
    for _ in range(1 if a.quick else RUNS):
        for got, extra in zip(runs, (["--reps", str(reps)], [
                "--reps", "51" if a.quick else "301", "--small",
                str(SMALL)])):
            t, err = run_times(a.bench, a.queries, extra + slow)
            if t is None:
                raise SystemExit("bench: %s failed: %s" % (a.bench, err))
            for key, (n, ns) in t.items():
                got.setdefault(key, (n, []))[1].append(ns)
    times, warm = ({k: (n, median(v), v) for k, (n, v) in r.items()}
                   for r in runs)
    tmp = tempfile.mkdtemp(prefix="portreg-nss-")
    try:
        glibc, notes = backends(a, tmp)
        for label, prefix, n_time, _ in glibc:
            got, err = run_times(a.bench, a.queries,
                                 ["--reps", "3" if a.quick else "5",
                                  "--only", "glibc", "--label", label,
                                  "--slow", str(n_time // (8 if a.quick
                                                           else 1))], prefix)
            if got:
                times.update(got)
            else:
                notes.append("%s failed: %s" % (label, err))
        ir = {}
        if shutil.which("valgrind"):
            ir = run_callgrind(a.bench, a.queries, slow) or {}
            for label, prefix, _, n_ir in glibc:
                ir.update(run_callgrind(
                    a.bench, a.queries, ["--only", "glibc", "--label", label,
                                         "--slow", str(n_ir)], prefix) or {})
            if not ir:
                notes.append("callgrind produced no counts")
        else:
            notes.append("valgrind is not installed: no instruction counts")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return times, warm, ir, notes


def fast_bytes(cc, include):
    """The bytes PORTREG_FAST=1 adds to portreg.o at -O2 on this host, or
    None where it cannot be measured."""
    tmp = tempfile.mkdtemp(prefix="portreg-fast-")
    try:
        total = []
        for fast in ("0", "1"):
            obj = os.path.join(tmp, "portreg%s.o" % fast)
            subprocess.run([cc, "-O2", "-DPORTREG_FAST=" + fast, "-I",
                            include, "-c", "-o", obj,
                            os.path.join(ROOT, "templates", "portreg.c")],
                           check=True, capture_output=True)
            out = subprocess.run(["size", obj], check=True,
                                 capture_output=True, text=True).stdout
            total.append(int(out.splitlines()[1].split()[3]))
        return total[1] - total[0]
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def table_rows(times, warm, ir):
    """One dict per (impl, workload): n, ns, warm (ns on the warm set), Ir
    less the harness's, and the ratios to each baseline of PAIRS."""
    rows = []
    for (impl, work), (n, t, *runs) in times.items():
        harness = ir.get(("harness", work))
        cost = ir.get((impl, work))
        if cost is not None and harness is not None and impl != "harness":
            cost -= harness
        _, w, w_runs = warm.get((impl, work), (0, None, None))
        rows.append({"impl": impl, "workload": work, "n": n, "ns": t,
                     "warm": w, "ir": cost,
                     "runs": {"ns": runs[0] if runs else None,
                              "warm": w_runs}})
    find = {(r["impl"], r["workload"]): r for r in rows}
    for r in rows:
        for base in PAIRS.get(r["impl"], []):
            b = find.get((base, r["workload"]))
            if b:
                for k in ("ns", "warm", "ir"):
                    r[k + "/" + base] = _ratio(r, b, k)
    return rows


def _ratio(r, b, k):
    """R's K over B's: by time, where both ran in the same runs, the median
    of each run's ratio (the two alternate within a run, so a run's load on
    the machine cancels out); else the ratio of the figures."""
    x, y = r["runs"].get(k), b["runs"].get(k)
    if x and y and len(x) == len(y) and all(y):
        return median([p / q for p, q in zip(x, y)])
    return r[k] / b[k] if r[k] is not None and b[k] else None


def targets(rows, extra):
    """[(what, workload, ratios (ns, warm, Ir), limits, holds)] for each
    of TARGETS, then the fast indexes' bytes.  holds is None where a ratio
    was not measured (make bench BENCH_QUICK=1 builds no gperf1)."""
    find = {(r["impl"], r["workload"]): r for r in rows}
    out = []
    for impl, base, works, by_time, by_ir in TARGETS:
        for work in works:
            r = find.get((impl, work), {})
            got = [r.get(k + "/" + base) for k in ("ns", "warm", "ir")]
            holds = (None if None in got else
                     all(v <= limit for v, limit in
                         zip(got, (by_time, by_time, by_ir))))
            out.append(("%s / %s" % (impl, base), work, got,
                        (by_time, by_ir), holds))
    out.append(("PORTREG_FAST's extra bytes", "host", [extra], FAST_LIMIT,
                None if extra is None else extra <= FAST_LIMIT))
    return out


def target_lines(found, registry, reps):
    """The targets as a Markdown table (make figures puts it in the
    README)."""
    def r(v):
        return "-" if v is None else "%.2fx" % v

    def verdict(holds):
        return {True: "yes", False: "NO", None: "not measured"}[holds]
    out = ["`make bench` on %s, one run: time ratios are the medians of "
           "the ratios in %d alternating runs (%d passes a run over each "
           "workload's queries; warm: the fastest of 301 passes over its "
           "first %d), Ir ratios callgrind's." % (registry, RUNS, reps,
                                                  SMALL), "",
           "| target | workload | ns | ns, warm | Ir | at most (ns; Ir) | "
           "holds |", "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for what, work, got, limit, holds in found:
        if work == "host":
            out.append("| %s | %s | {:,} bytes | | | {:,} | %s |".format(
                got[0] or 0, limit) % (what, work, verdict(holds)))
            continue
        out.append("| %s | %s | %s | %s | %s | %.1fx; %.1fx | %s |" % (
            what, work, r(got[0]), r(got[1]), r(got[2]), limit[0], limit[1],
            verdict(holds)))
    return out


def write_csv(rows, path):
    keys = ["impl", "workload", "n", "ns", "warm", "ir"] + sorted(
        {k for r in rows for k in r if "/" in k})
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, keys)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("%.3f" % r[k] if isinstance(r.get(k), float)
                            else r.get(k, "")) for k in keys})


def num(v):
    return "" if v is None else "{:,.1f}".format(v)


def ratio(v):
    if not v:
        return ""
    return "%.2fx" % v if v >= 0.1 else "1/{:,.0f}".format(1 / v)


def write_markdown(rows, path, registry, reps):
    """portreg's rows against their baselines, as Markdown for the docs
    (make figures copies it)."""
    find = {(r["impl"], r["workload"]): r for r in rows}
    out = ["`make bench` on %s: ns per lookup are medians over %d runs of "
           "%d passes on a shared machine (the harness's loop included), "
           "warm over the fastest of 301 passes over each workload's first "
           "%d queries; Ir are callgrind's instructions per lookup, the "
           "harness's loop subtracted; time ratios are the medians of the "
           "runs' ratios." % (registry, RUNS, reps, SMALL),
           "", "| lookup | workload | ns | warm | Ir | baseline | ns | warm "
           "| Ir | ratio ns | warm | Ir |",
           "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | "
           "---: | ---: | ---: |"]
    for r in rows:
        for base in PAIRS.get(r["impl"], []):
            b = find.get((base, r["workload"]))
            if b is None or base == "linear":
                continue    # in results.csv; the docs keep the telling ones
            out.append("| %s |" % " | ".join([
                r["impl"], r["workload"], num(r["ns"]), num(r["warm"]),
                num(r["ir"]), base, num(b["ns"]), num(b["warm"]),
                num(b["ir"]), ratio(r.get("ns/" + base)),
                ratio(r.get("warm/" + base)), ratio(r.get("ir/" + base))]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


NSS_HEADINGS = {"nss-portreg": "portreg (libnss_portreg)",
                "nss-db": "db (libnss-db, makedb)",
                "nss-files": "files (the registry as /etc/services)",
                "nss-netbase": "files (Debian's netbase)"}


def write_nss(rows, path, registry):
    """The C library's getservbyname_r/getservbyport_r per NSS backend, as
    Markdown for the README (make figures copies it)."""
    find = {(r["impl"], r["workload"]): r for r in rows}
    labels = [label for label, _, _, _, _ in BACKENDS]
    works = [w for w in ("name_hit", "name_miss", "port_assigned",
                         "port_miss") if any((b, w) in find for b in labels)]
    out = ["`make bench` on %s: getservbyname_r (names) and getservbyport_r "
           "(ports) through glibc, tcp, each backend in its own mount "
           "namespace; microseconds a lookup (the median of its runs) and "
           "callgrind's instructions.  netbase's file holds about 550 "
           "names, so most of its name_hit queries miss." % registry, "",
           "| workload | %s |" % " | ".join(NSS_HEADINGS.get(b, b)
                                           for b in labels),
           "| --- |%s" % (" ---: |" * len(labels))]
    for w in works:
        cells = []
        for b in labels:
            r = find.get((b, w))
            cells.append("-" if r is None or r["ns"] is None else
                         "%s us, %s Ir" % (num(r["ns"] / 1000.0),
                                           "-" if r["ir"] is None else
                                           "{:,.0f}".format(r["ir"])))
        out.append("| %s | %s |" % (w, " | ".join(cells)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def print_table(rows, registry, reps):
    print("portreg bench (%s): ns = median per lookup over %d runs of %d "
          "passes; warm = fastest pass over %d queries; Ir = instructions "
          "per lookup (callgrind, harness subtracted)"
          % (registry, RUNS, reps, SMALL))
    print("%-16s %-14s %6s %11s %8s %9s  %s" % (
        "impl", "workload", "n", "ns", "warm", "Ir",
        "portreg/baseline (ns; warm; Ir)"))
    for r in rows:
        ratios = ["%s %s" % (k[3:], "; ".join(
            "%.2f" % r[m + k[2:]] if r.get(m + k[2:]) else "-"
            for m in ("ns", "warm", "ir")))
            for k in sorted(r) if k.startswith("ns/") and r[k]]
        print("%-16s %-14s %6d %11.1f %8s %9s  %s" % (
            r["impl"], r["workload"], r["n"], r["ns"] or 0,
            "%.1f" % r["warm"] if r["warm"] else "-",
            "%.1f" % r["ir"] if r["ir"] is not None else "-",
            ", ".join(ratios)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--services", required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--nss-dir", default=os.path.join(ROOT, "out"),
                    help="where libnss_portreg.so.2 is")
    ap.add_argument("--include", default=os.path.join(ROOT, "out"),
                    help="where portreg_tables.c.h is")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    reps = 3 if a.quick else 11
    slow = ["--slow", "16" if a.quick else "64"]
    times, warm, ir, notes = measure(a, reps, slow)
    rows = table_rows(times, warm, ir)
    os.makedirs(a.out, exist_ok=True)
    registry = os.path.basename(a.registry)
    write_csv(rows, os.path.join(a.out, "results.csv"))
    write_markdown(rows, os.path.join(a.out, "results.md"), registry, reps)
    write_nss(rows, os.path.join(a.out, "nss.md"), registry)
    svg(rows, os.path.join(a.out, "results.svg"))
    print_table(rows, registry, reps)
    found = targets(rows, fast_bytes(a.cc, a.include))
    lines = target_lines(found, registry, reps)
    with open(os.path.join(a.out, "targets.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print()
    print("\n".join(lines[2:]))
    measured = [t[-1] for t in found if t[-1] is not None]
    print("targets: %d of %d hold (%d not measured)" % (
        sum(measured), len(measured), len(found) - len(measured)))
    for what, secs in build_times(a.registry, a.cc):
        print("%-30s %.2f s" % (what, secs))
    for n in notes:
        print("note: " + n)
    print("wrote results.csv, results.md, nss.md, results.svg and "
          "targets.md in %s" % a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
