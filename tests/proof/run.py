"""make check-proof: Frama-C's Eva on the library's public functions, as
firmware builds them (PORTREG_FAST=0), over each build's tables.

    python3 tests/proof/run.py TABLES_DIR...

Runs Eva on tests/proof/harness.c with templates/portreg.c and
portreg_servent.c for each TABLES_DIR (its portreg.h and
portreg_tables.c.h), and requires of each run's summary: every function
the harness reaches analysed, no alarm, and every ACSL property reached
either proven (the generated hash switch's bound) or admitted (the table
invariants, which gen/tables.py's proof_invariants checks before writing
any table).  tests/proof/README.md says what that proves.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EVA = ["-eva", "-eva-precision", "3", "-eva-domains", "octagon,equality",
       "-eva-no-show-progress",
       "-eva-msg-key=-initial-state,-final-states",
       "-eva-warn-key", "builtins:missing-spec=abort"]


def run(tables):
    cmd = ["frama-c", "-machdep", "gcc_x86_64",
           "-cpp-extra-args=-DPORTREG_FAST=0 -DPORTREG_NO_NETDB -I" + tables,
           os.path.join(ROOT, "tests", "proof", "harness.c"),
           os.path.join(ROOT, "templates", "portreg.c"),
           os.path.join(ROOT, "templates", "portreg_servent.c")] + EVA
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out = p.stdout + p.stderr
    took = time.monotonic() - start
    summary = out[out.find("====== ANALYSIS SUMMARY ======"):]
    problems = []
    if p.returncode != 0 or not summary:
        problems.append("frama-c exited %d:\n%s" % (p.returncode, out[-3000:]))
        return problems, took, ""
    alarms = re.search(r"(\d+) alarms? generated", summary)
    if not alarms or alarms.group(1) != "0":
        lines = out.splitlines()
        problems += ["%s %s" % (ln.strip(), lines[i + 1].strip())
                     for i, ln in enumerate(lines[:-1])
                     if "eva:alarm" in ln] or \
            ["alarms: %s" % (alarms.group(0) if alarms else "?")]
    for kind, valid, unknown, invalid in re.findall(
            r"(Assertions|Preconditions)\s+(\d+) valid\s+(\d+) unknown\s+"
            r"(\d+) invalid", summary):
        if unknown != "0" or invalid != "0":
            problems.append("%s: %s unknown, %s invalid"
                            % (kind, unknown, invalid))
    if re.search(r"by the Eva analyzer:\s+[1-9]", summary):
        problems.append("Eva raised errors or warnings")
    cover = re.search(r"(\d+) functions analyzed \(out of (\d+)\)", summary)
    return problems, took, cover.group(0) if cover else ""


def main():
    admits = []
    for name in ("portreg.c", "portreg_compact.c.h", "portreg_servent.c"):
        with open(os.path.join(ROOT, "templates", name),
                  encoding="utf-8") as f:
            admits += re.findall(r"/\*@ admit (\w+):", f.read())
    failed = False
    # one Frama-C a build's tables, side by side
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, sys.argv[1:]))
    for tables, (problems, took, cover) in zip(sys.argv[1:], results):
        for line in problems:
            print("proof: %s: %s" % (tables, line))
        failed |= bool(problems)
        print("proof: %s: %s in %.0f s; %s" % (
            tables, "FAILED" if problems else "no run-time error, no alarm",
            took, cover))
    print("proof: relative to %d admit annotations of %d facts "
          "(tests/proof/README.md), the tables' checked by gen/tables.py's "
          "proof_invariants" % (len(admits), len(set(admits))))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
