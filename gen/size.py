"""make size: what each build profile costs, on the host and on a Cortex-M4.

Generates every profile in PROFILES from one registry under OUT/size/, compiles
portreg.c with the host compiler (-O2) and with arm-none-eabi-gcc (-Os
-mcpu=cortex-m4 -mthumb -ffreestanding), both with -Wall -Wextra -Werror, and
prints one table: .text, .rodata, .data and .bss per build, and the read-only
data split into its parts (read from the object's symbol table).  The host
build has the fast indexes (PORTREG_FAST, on where pointers are 64-bit; its
name index then leaves out the slot bitmap and rank that the fast name index
replaces), the Cortex-M4 build does not.
"""

import os
import re
import subprocess
import sys

from . import emit, model, validate

PROFILES = (
    ("minimal", "minimal", "", ""),
    ("full", "full", "", ""),
    ("tcp,udp 0-1023", "minimal", "tcp,udp", "0-1023"),
)
TARGETS = (
    ("host", "%(cc)s", ["-O2"], "size", "nm"),
    ("cortex-m4", "arm-none-eabi-gcc",
     ["-Os", "-mcpu=cortex-m4", "-mthumb", "-ffreestanding"],
     "arm-none-eabi-size", "arm-none-eabi-nm"),
)
WARN = ["-std=c99", "-Wall", "-Wextra", "-Werror"]
# Symbol name -> part of the table.
PARTS = (
    ("names", r"portreg__names$"),
    ("descriptions", r"portreg__(text|desc)$"),
    ("name index", r"portreg__(slot_rec|sbits|srank|sbase|class_bucket|"
                   r"class_bits)$|asso_values"),
    ("records", r"portreg__(name_off|name_base|lo8|mask|first|hfirst|hguess"
                r"|link_rec|link_next)$"),
    ("port index", r"portreg__(pbits|pbase|ranges)$"),
    ("fast port index", r"portreg__(fast|fast_tcp|fast_udp|noff|fid)$"),
    ("fast name index", r"portreg__fslot$"),
    ("reserved", r"portreg__(res_lo|res_hi|res_mask|spans)$"),
    ("other columns", r"portreg__(rstr|rstr_off|entry_detail|detail|"
                      r"detail_rfc|detail_txt|rfcs|txt)$"),
)


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


def parts(nm_tool, obj):
    out = subprocess.run([nm_tool, "-S", obj], capture_output=True,
                         text=True, check=True).stdout
    got = dict.fromkeys([p for p, _ in PARTS], 0)
    for line in out.splitlines():
        f = line.split()
        if len(f) != 4 or f[2].lower() != "r":
            continue
        for part, pattern in PARTS:
            if re.search(pattern, f[3]):
                got[part] += int(f[1], 16)
                break
    return got


def run(name, data, recs, outdir, gperf, cc, templates):
    """Build every profile of the registry NAME (bytes DATA, validated RECS);
    returns the table's rows."""
    rows = []
    for label, profile, protocols, ports in PROFILES:
        subset = model.parse_subset(profile, protocols, ports)
        mdl = model.build(name, data, recs, None, subset)
        d = os.path.join(outdir, "size", label.replace(",", "_")
                         .replace(" ", "_"))
        emit.write(emit.render(mdl, templates, gperf), d)
        for tname, tcc, flags, size_tool, nm_tool in TARGETS:
            obj = os.path.join(d, "portreg.%s.o" % tname)
            subprocess.run([tcc % {"cc": cc}, *WARN, *flags, "-c",
                            os.path.join(d, "portreg.c"), "-o", obj],
                           check=True)
            rows.append((label, tname, len(mdl.entries),
                         sections(size_tool, obj), parts(nm_tool, obj)))
    return rows


def table(name, date, rows):
    cols = [p for p, _ in PARTS]
    head = ["build", "target", "entries", ".text", ".rodata", ".data",
            ".bss", "total"] + cols
    lines = [head]
    for label, tname, n, sec, prt in rows:
        total = sec["text"] + sec["rodata"] + sec["data"] + sec["bss"]
        lines.append([label, tname, str(n)] + [
            str(sec[k]) for k in ("text", "rodata", "data", "bss")] +
            [str(total)] + [str(prt[c]) for c in cols])
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = ["portreg size: registry %s (%s), bytes per section and part of "
           ".rodata" % (date, name)]
    for r in lines:
        out.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def main(args, name, data, recs):
    """python3 -m gen size, for a registry __main__ has read."""
    try:
        rows = run(name, data, recs, args.out, args.gperf, args.cc,
                   args.templates)
    except subprocess.CalledProcessError as e:
        print("portreg: size: %s failed (exit %d)" % (e.cmd[0], e.returncode),
              file=sys.stderr)
        return 2
    print(table(name, validate.registry_date(recs), rows))
    return 0
