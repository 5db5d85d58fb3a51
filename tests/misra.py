"""make check-misra: cppcheck's misra addon on the library as firmware
builds it, every finding held against MISRA.md's deviations.

    python3 tests/misra.py TABLES_DIR...

Runs cppcheck --addon=misra on templates/portreg.c (PORTREG_FAST=0),
portreg_servent.c and portreg_netdb.c with each TABLES_DIR's generated
portreg.h and portreg_tables.c.h, and reads MISRA.md's table of deviations
(rule, and the files where it applies).  Fails on a finding whose rule is
not deviated for its file, and on a deviation that no finding needs any
more; prints the findings per rule and file either way.
"""

import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = ("portreg.c", "portreg_servent.c", "portreg_netdb.c")
FINDING = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):\d+: style: .*"
                     r"\[misra-c2012-(?P<rule>\d+\.\d+)\]$")


def deviations():
    """{(rule, file)} from MISRA.md's table."""
    out = set()
    with open(os.path.join(ROOT, "MISRA.md"), encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and re.fullmatch(r"\d+\.\d+", cells[0]):
                out.update((cells[0], name.strip())
                           for name in cells[2].split(","))
    return out


def findings(tables):
    """[(rule, file, path:line)] of one build."""
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(
            ["cppcheck", "--quiet", "--std=c99", "--addon=misra",
             "--template={file}:{line}:{column}: {severity}: {message} "
             "[{id}]",
             "--suppress=missingIncludeSystem", "--cppcheck-build-dir=" + tmp,
             "-DPORTREG_FAST=0", "-I", tables] +
            [os.path.join(ROOT, "templates", f) for f in FILES],
            capture_output=True, text=True)
    out = []
    for line in (p.stdout + p.stderr).splitlines():
        m = FINDING.match(line)
        if m:
            out.append((m["rule"], os.path.basename(m["path"]),
                        "%s:%s" % (os.path.relpath(m["path"], ROOT),
                                   m["line"])))
        elif line.strip():
            sys.exit("misra: cppcheck said: " + line)
    if p.returncode != 0:
        sys.exit("misra: cppcheck exited %d" % p.returncode)
    return out


def main():
    allowed = deviations()
    if not allowed:
        sys.exit("misra: no deviation table in MISRA.md")
    found = [f for tables in sys.argv[1:] for f in findings(tables)]
    per = collections.Counter((rule, name) for rule, name, _ in found)
    bad = [f for f in found if (f[0], f[1]) not in allowed]
    stale = sorted(allowed - set(per),
                   key=lambda k: ([int(x) for x in k[0].split(".")], k[1]))
    for (rule, name), n in sorted(
            per.items(), key=lambda kv: ([int(x) for x in
                                          kv[0][0].split(".")], kv[0][1])):
        print("misra: rule %-5s %-22s %3d finding(s)%s" % (
            rule, name, n, "" if (rule, name) in allowed
            else "  NOT A DEVIATION"))
    for rule, _, where in bad:
        print("misra: %s: rule %s, not among MISRA.md's deviations"
              % (where, rule))
    for rule, name in stale:
        print("misra: MISRA.md deviates rule %s in %s, which no finding "
              "needs any more" % (rule, name))
    if bad or stale:
        sys.exit(1)
    print("misra: %d findings, each a documented deviation (%d rules)"
          % (len(found), len({r for r, _ in per})))


if __name__ == "__main__":
    main()
