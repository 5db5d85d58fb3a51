"""make size: what each build profile costs, on the host and on firmware.

Generates every profile in PROFILES from one registry under OUT/size/, compiles
portreg.c with the host compiler (-O2) and, at -Os -ffreestanding, for a
Cortex-M0, a Cortex-M4 and rv32imac, all with -Wall -Wextra -Werror, and
prints one table: .text, .rodata, .data and .bss per build, and the read-only
data split into its parts (read from the object's symbol table).  The host
build has the fast indexes (PORTREG_FAST, on where pointers are 64-bit; its
name index then leaves out the slot bitmap and rank that the fast name index
replaces), the 32-bit firmware builds do not.
"""

import os
import re
import subprocess
import sys

from . import emit, generate, subset

PROFILES = (    # (label, PROFILE, PROTOCOLS, PORTS, COLUMNS)
    ("minimal", "minimal", "", "", ""),
    ("full", "full", "", "", ""),
    ("descriptions", "full", "", "", "description"),
    ("tcp,udp 0-1023", "minimal", "tcp,udp", "0-1023", ""),
)
TARGETS = (
    ("host", "%(cc)s", ["-O2"], "size", "nm"),
    ("cortex-m0", "arm-none-eabi-gcc",
     ["-Os", "-mcpu=cortex-m0", "-mthumb", "-ffreestanding"],
     "arm-none-eabi-size", "arm-none-eabi-nm"),
    ("cortex-m4", "arm-none-eabi-gcc",
     ["-Os", "-mcpu=cortex-m4", "-mthumb", "-ffreestanding"],
     "arm-none-eabi-size", "arm-none-eabi-nm"),
    ("rv32imac", "riscv64-unknown-elf-gcc",
     ["-Os", "-march=rv32imac", "-mabi=ilp32", "-ffreestanding"],
     "riscv64-unknown-elf-size", "riscv64-unknown-elf-nm"),
)
WARN = ["-std=c99", "-Wall", "-Wextra", "-Werror"]
# The parts of a build, in the order of the table's columns; each table's
# part comes from gen/tables.py.
PARTS = ("names", "descriptions", "name index", "records", "port index",
         "fast port index", "fast name index", "reserved", "other columns")
SOURCE = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "templates", "portreg.c")


def sections(size_tool, obj):
    out = subprocess.run([size_tool, "-A", obj], capture_output=True,
                         text=True, check=True).stdout
    got = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2 or not f[1].isdigit():
            continue
        for sec in got:
            if f[0] == "." + sec or f[0].startswith("." + sec + "."):
                got[sec] += int(f[1])
    return got


def parts(nm_tool, obj, part_of):
    """{part: bytes} of OBJ's read-only symbols, PART_OF naming each
    table's part."""
    out = subprocess.run([nm_tool, "-S", obj], capture_output=True,
                         text=True, check=True).stdout
    got = dict.fromkeys(PARTS, 0)
    for line in out.splitlines():
        f = line.split()
        if len(f) != 4 or f[2].lower() != "r":
            continue
        name = re.sub(r"\.[0-9]+$", "", f[3])     # static locals: x.0
        part = part_of.get(name)
        if part in got:
            got[part] += int(f[1], 16)
    return got


def run(reg, outdir, gperf, cc):
    """Build every profile of the load.Registry REG; returns the table's
    rows."""
    rows = []
    for label, profile, protocols, ports, columns in PROFILES:
        sub = subset.parse_subset(profile, protocols, ports, columns)
        mdl, tbl, hashes = generate.build(reg, sub, gperf)
        d = os.path.join(outdir, "size", label.replace(",", "_")
                         .replace(" ", "_"))
        emit.write(emit.render(mdl, tbl, hashes, os.path.dirname(SOURCE)), d)
        for tname, tcc, flags, size_tool, nm_tool in TARGETS:
            obj = os.path.join(d, "portreg.%s.o" % tname)
            subprocess.run([tcc % {"cc": cc}, *WARN, *flags, "-I", d, "-c",
                            SOURCE, "-o", obj], check=True)
            rows.append((label, tname, len(mdl.entries),
                         sections(size_tool, obj),
                         parts(nm_tool, obj, tbl.parts())))
    return rows


def table(name, date, rows):
    head = ["build", "target", "entries", ".text", ".rodata", ".data",
            ".bss", "total"] + list(PARTS)
    lines = [head]
    for label, tname, n, sec, prt in rows:
        total = sec["text"] + sec["rodata"] + sec["data"] + sec["bss"]
        lines.append([label, tname, str(n)] + [
            str(sec[k]) for k in ("text", "rodata", "data", "bss")] +
            [str(total)] + [str(prt[c]) for c in PARTS])
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = ["portreg size: registry %s (%s), bytes per section and part of "
           ".rodata" % (date, name)]
    for r in lines:
        out.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def markdown(name, date, rows):
    """The table as Markdown, for the docs (make figures copies it)."""
    head = ["build", "target", "entries", ".text", ".rodata", "total"] + \
        list(PARTS)
    out = ["On the %s registry (%s), `make size`, bytes:" % (date, name), "",
           "| %s |" % " | ".join(head),
           "| --- | --- |" + " ---: |" * (len(head) - 2)]
    for label, tname, n, sec, prt in rows:
        total = sec["text"] + sec["rodata"] + sec["data"] + sec["bss"]
        out.append("| %s |" % " | ".join(
            [label, tname] + ["{:,}".format(v) for v in [
                n, sec["text"], sec["rodata"], total] + [
                prt[c] for c in PARTS]]))
    if any(sec["data"] or sec["bss"] for _, _, _, sec, _ in rows):
        out.append("")
        out.append("Some build has writable data (.data or .bss).")
    return "\n".join(out) + "\n"


def totals(name, date, rows):
    """Each build's total bytes per target, as Markdown for the README (the
    parts are size.md's)."""
    targets = list(dict.fromkeys(t for _, t, _, _, _ in rows))
    builds = list(dict.fromkeys(b for b, _, _, _, _ in rows))
    got = {(b, t): sec["text"] + sec["rodata"] + sec["data"] + sec["bss"]
           for b, t, _, sec, _ in rows}
    out = ["On the %s registry (%s), `make size`, bytes of portreg.o "
           "(host: -O2, with PORTREG_FAST; the others -Os):" % (date, name),
           "", "| build | %s |" % " | ".join(targets),
           "| --- |" + " ---: |" * len(targets)]
    for b in builds:
        out.append("| %s | %s |" % (b, " | ".join(
            "{:,}".format(got[b, t]) if (b, t) in got else "" for t in targets)))
    return "\n".join(out) + "\n"


def main(args, reg):
    """python3 -m gen size, for a load.Registry: the table on stdout and,
    as Markdown, in OUT/size.md (and each build's totals in
    OUT/size-totals.md)."""
    try:
        rows = run(reg, args.out, args.gperf, args.cc)
    except subprocess.CalledProcessError as e:
        print("portreg: size: %s failed (exit %d)" % (e.cmd[0], e.returncode),
              file=sys.stderr)
        return 2
    print(table(reg.filename, reg.date, rows))
    path = os.path.join(args.out, "size.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(markdown(reg.filename, reg.date, rows))
    with open(os.path.join(args.out, "size-totals.md"), "w",
              encoding="utf-8") as f:
        f.write(totals(reg.filename, reg.date, rows))
    print("wrote %s and size-totals.md" % path)
    return 0
