"""make check-target: make dist's files on every target portreg is vendored on.

    python3 tests/target/matrix.py --dist TARBALL --cases DIR --registry CSV
                                   [--gperf GPERF] [--only NAME,...]

For each target: its compiler builds portreg.c, portreg_servent.c and
portreg_netdb.c from the tarball with the strict warnings and -Werror at -Os
and at -O2, with PORTREG_FAST=0 and =1, and nm -u shows that portreg.c needs
nothing from outside and the other two nothing but portreg's functions (and
the symbols the linker itself defines); then tests/c/lookup_cases.c, with the
cases that tests/lookup_cases.py computed from the CSV (every name and used
port, both directions, status, getservby*_r and portreg_netdb.c's
getservbyname/getservbyport), runs on the target, under qemu or wine, for
both PORTREG_FAST values.  16-bit int (msp430): subsets compile with
clang --target=msp430 -Wconversion -Werror.  A target whose tools are missing is installed
with apt-get where that is possible (root on Debian) and otherwise skipped,
named with the reason; a skipped target is never counted as passed.
"""

import argparse
import dataclasses
import errno
import os
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import packages  # noqa: E402  (tests/packages.py, the one list)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WARNINGS = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion",
            "-Wwrite-strings", "-Wcast-qual", "-Wstrict-prototypes",
            "-Wmissing-prototypes", "-Werror"]
LIBRARY = ("portreg", "portreg_servent", "portreg_netdb")
# Symbols that the linker or the ABI defines, not a library.
LINKER = {"_GLOBAL_OFFSET_TABLE_", "_gp_disp", "__gnu_local_gp"}
# The compiler's own thread-local storage where the target has no native
# TLS (mingw-w64's gcc): what _Thread_local itself needs, for the per-thread
# result of portreg_netdb.c's getservbyname.
TLS_RUNTIME = {"__emutls_get_address"}
QEMU_USER = "qemu-user"
M_LINK = ["--specs=rdimon.specs", "-nostartfiles", "-lrdimon"]
RV_FLAGS = ["-march=rv32imac", "-mabi=ilp32", "--specs=picolibc.specs"]
RV_LINK = ["--oslib=semihost", "--crt0=semihost",
           "-Wl,--defsym=__flash=0x80000000",
           "-Wl,--defsym=__flash_size=0x400000",
           "-Wl,--defsym=__ram=0x80400000", "-Wl,--defsym=__ram_size=0x100000"]


@dataclasses.dataclass
class Target:
    name: str
    what: str           # a line for the report
    cc: list            # the compiler and its target flags
    run: list           # the command prefix that runs a program
    emulator: list = dataclasses.field(default_factory=list)  # where the
    # kernel cannot run the target's programs itself (i386 without
    # IA32 emulation): the command prefix that can
    bare: bool = False  # freestanding library (no thread pointer, no TLS)
    link: list = dataclasses.field(default_factory=list)
    extra: list = dataclasses.field(default_factory=list)  # the program's
    nm: str = "nm"
    exe: str = "lookup"


def targets(tmp):
    i386 = os.path.join(tmp, "i386-include")
    os.makedirs(i386, exist_ok=True)
    if not os.path.lexists(os.path.join(i386, "asm")):
        # gcc-multilib conflicts with the cross compilers in Debian 12;
        # without it, <errno.h> needs <asm/errno.h> from the host's headers
        os.symlink("/usr/include/x86_64-linux-gnu/asm",
                   os.path.join(i386, "asm"))
    wine = ["env", "WINEPREFIX=" + os.path.join(tmp, "wine"), "WINEDEBUG=-all",
            "/usr/lib/wine/wine64"]
    m0 = os.path.join(HERE, "m0.ld")
    m4 = os.path.join(HERE, "link.ld")
    start = os.path.join(HERE, "startup.c")
    return [
        Target("i386", "32-bit x86, little-endian (gcc -m32)",
               ["gcc", "-m32", "-idirafter", i386],
               [], emulator=["qemu-i386"]),
        Target("aarch64", "64-bit ARM Linux (qemu-aarch64)",
               ["aarch64-linux-gnu-gcc"],
               ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
               nm="aarch64-linux-gnu-nm"),
        Target("s390x", "64-bit big-endian Linux (qemu-s390x)",
               ["s390x-linux-gnu-gcc"],
               ["qemu-s390x", "-L", "/usr/s390x-linux-gnu"],
               nm="s390x-linux-gnu-nm"),
        Target("mips", "32-bit big-endian MIPS Linux (qemu-mips)",
               ["mips-linux-gnu-gcc"],
               ["qemu-mips", "-L", "/usr/mips-linux-gnu"],
               nm="mips-linux-gnu-nm"),
        Target("cortex-m0", "Cortex-M0, Thumb-1, no unaligned loads "
               "(qemu-system-arm -M microbit, newlib)",
               ["arm-none-eabi-gcc", "-mcpu=cortex-m0", "-mthumb"],
               ["qemu-system-arm", "-M", "microbit", "-global",
                "nrf51-soc.flash-size=2097152", "-nographic", "-semihosting",
                "-kernel"],
               bare=True, link=M_LINK + ["-T", m0], extra=[start],
               nm="arm-none-eabi-nm", exe="lookup.elf"),
        Target("cortex-m4", "Cortex-M4 (qemu-system-arm -M mps2-an386, "
               "newlib)", ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb"],
               ["qemu-system-arm", "-M", "mps2-an386", "-nographic",
                "-semihosting", "-kernel"],
               bare=True, link=M_LINK + ["-T", m4], extra=[start],
               nm="arm-none-eabi-nm", exe="lookup.elf"),
        Target("rv32imac", "RISC-V 32 bare metal (qemu-system-riscv32 -M "
               "virt, picolibc)", ["riscv64-unknown-elf-gcc"] + RV_FLAGS,
               ["qemu-system-riscv32", "-M", "virt", "-cpu", "rv32", "-bios",
                "none", "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting-config", "enable=on", "-kernel"],
               bare=True, link=RV_LINK, nm="riscv64-unknown-elf-nm",
               exe="lookup.elf"),
        Target("windows", "Windows x86-64 (mingw-w64, winsock2.h; wine)",
               ["x86_64-w64-mingw32-gcc"],
               wine, link=["-lws2_32"], nm="x86_64-w64-mingw32-nm",
               exe="lookup.exe"),
    ]


class Skip(Exception):
    """Why a target cannot run here."""


def need(name):
    """Install what target NAME lacks where that is possible (the one list,
    tests/packages.py), else raise Skip naming the command that would."""
    lack = packages.ensure(["target-" + name])
    if lack:
        raise Skip("missing %s; install them: %s"
                   % (", ".join(lack), packages.command(lack)))


def runner(target, exe):
    """The command prefix that runs TARGET's program EXE here: its own, or
    its emulator where the kernel refuses the program's format."""
    if target.emulator and not target.run:
        try:
            subprocess.run([exe], capture_output=True, timeout=600)
        except OSError as e:
            if e.errno == errno.ENOEXEC:
                return target.emulator
            raise
    return target.run


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    if p.returncode != 0:
        raise AssertionError("%s failed (exit %d): %s\n%s" % (
            what, p.returncode, " ".join(cmd), p.stdout[-3000:]))
    return p.stdout


def undefined(target, obj):
    out = subprocess.run([target.nm, "-u", obj], capture_output=True,
                         text=True, check=True).stdout
    return sorted({line.split()[-1] for line in out.splitlines()
                   if line.split()} - LINKER)


def objects(target, src, work, opt, fast):
    """The library built for TARGET at OPT; raise where it needs more from
    outside than its own functions."""
    objs = []
    for f in LIBRARY:
        obj = os.path.join(work, "%s%s%d.o" % (f, opt, fast))
        run(target.cc + WARNINGS + [opt, "-DPORTREG_FAST=%d" % fast] +
            (["-ffreestanding"] if target.bare else []) +
            ["-c", os.path.join(src, f + ".c"), "-o", obj],
            "%s: compiling %s.c %s" % (target.name, f, opt))
        got = undefined(target, obj)
        allowed = [] if f == "portreg" else [
            s for s in got if s.lstrip("_").startswith("portreg_")
            or f == "portreg_netdb" and s in TLS_RUNTIME]
        if [s for s in got if s not in allowed]:
            raise AssertionError("%s: %s.c at %s PORTREG_FAST=%d needs %s "
                                 "from outside" % (target.name, f, opt, fast,
                                                   " ".join(got)))
        objs.append(obj)
    return objs


def check(target, src, cases, work):
    """Build and run TARGET's lookup cases; return the summary lines."""
    lines = []
    for fast in (0, 1):
        for opt in ("-O2", "-Os"):
            objs = objects(target, src, work, opt, fast)
        exe = os.path.join(work, "%d-%s" % (fast, target.exe))
        run(target.cc + ["-std=c99", "-Os", "-DLOOKUP_NETDB", "-I", src, "-I",
                         cases, "-o", exe, *target.extra,
                         os.path.join(ROOT, "tests", "c", "lookup_cases.c"),
                         *objs, *target.link],
            "%s: linking the lookup cases" % target.name)
        prefix = runner(target, exe)
        out = run(prefix + [exe], "%s: the lookup cases (PORTREG_FAST=%d)"
                  % (target.name, fast))
        summary = [ln for ln in out.splitlines() if ln.startswith("lookup")]
        if not summary or " 0 failed" not in summary[-1]:
            raise AssertionError("%s: %s" % (target.name, out[-2000:]))
        lines.append("PORTREG_FAST=%d: %s%s" % (
            fast, summary[-1], " (under %s: the kernel runs no %s programs)"
            % (prefix[0], target.name) if prefix != target.run else ""))
    return lines


def winsock_order(target, src, work):
    """Windows: portreg.h and winsock2.h compile together in either order,
    and getservbyname_r answers with winsock's layout."""
    for first in (0, 1):
        exe = os.path.join(work, "order%d.exe" % first)
        run(target.cc + WARNINGS + ["-DWINSOCK_FIRST=%d" % first, "-I", src,
                                   "-o", exe, os.path.join(
                                       ROOT, "tests", "c", "winsock_order.c"),
                                   os.path.join(src, "portreg.c"),
                                   os.path.join(src, "portreg_servent.c"),
                                   "-lws2_32"],
            "windows: portreg.h and winsock2.h, winsock2.h %s"
            % ("first" if first else "second"))
        run(target.run + [exe], "windows: s_port from winsock's layout")
    return ["portreg.h with winsock2.h before and after it: one struct "
            "servent, s_port a short, answers right"]


SIXTEEN = (("tcp,udp", "0-1023"), ("tcp,udp", "0-65535"))


def sixteen_bit(registry, gperf, tmp):
    """16-bit int (MSP430, compile only: nothing runs one here): subsets
    whose tables fit a 16-bit size_t build warning-free with -Wconversion,
    every port in range of the API's types."""
    lines = []
    for protocols, ports in SIXTEEN:
        out = os.path.join(tmp, "msp430-" + ports)
        run([sys.executable, "-m", "gen", "generate", "--registry", registry,
             "--out", out, "--gperf", gperf, "--protocols", protocols,
             "--ports", ports], "msp430: generating %s %s" % (protocols,
                                                             ports))
        for f in LIBRARY:
            for opt in ("-Os", "-O2"):
                run(["clang", "--target=msp430", "-ffreestanding", *WARNINGS,
                     "-Wsign-conversion", opt, "-I", out, "-c",
                     os.path.join(ROOT, "templates", f + ".c"), "-o",
                     os.path.join(out, f + opt + ".o")],
                    "msp430: %s.c %s (%s %s)" % (f, opt, protocols, ports))
        run(["clang", "--target=msp430", "-ffreestanding", *WARNINGS,
             "-I", out, "-c", os.path.join(ROOT, "tests", "c",
                                           "sixteen_bit.c"),
             "-o", os.path.join(out, "sixteen_bit.o")],
            "msp430: the API's types hold every port")
        lines.append("PROTOCOLS=%s PORTS=%s: the library compiles with "
                     "16-bit int, -Wconversion -Werror; the API's types hold "
                     "every port" % (protocols, ports))
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--registry", required=True,
                    help="the registry, for the 16-bit subsets")
    ap.add_argument("--gperf", default="gperf")
    ap.add_argument("--only", default="", help="target names, e.g. mips,i386")
    a = ap.parse_args()
    only = [t for t in a.only.split(",") if t]
    with tempfile.TemporaryDirectory(prefix="portreg-targets-") as tmp:
        with tarfile.open(a.dist) as t:
            t.extractall(tmp)
        src = os.path.join(tmp, sorted(os.listdir(tmp))[0])
        done, skipped, failed = [], [], []
        for target in targets(tmp):
            if only and target.name not in only:
                continue
            work = os.path.join(tmp, "build-" + target.name)
            os.makedirs(work)
            try:
                need(target.name)
                lines = check(target, src, os.path.abspath(a.cases), work)
                if target.name == "windows":
                    lines += winsock_order(target, src, work)
                for line in lines:
                    print("target %s, %s" % (target.name, line), flush=True)
                done.append(target.name)
            except Skip as e:
                print("target %s: SKIPPED, not counted as passed: %s"
                      % (target.name, e), flush=True)
                skipped.append(target.name)
            except (AssertionError, subprocess.TimeoutExpired) as e:
                print("target %s: FAILED: %s" % (target.name, e), flush=True)
                failed.append(target.name)
        if not only or "msp430" in only:
            try:
                need("msp430")
                for line in sixteen_bit(a.registry, a.gperf, tmp):
                    print("target msp430, " + line, flush=True)
                done.append("msp430")
            except Skip as e:
                print("target msp430: SKIPPED, not counted as passed: %s" % e)
                skipped.append("msp430")
            except AssertionError as e:
                print("target msp430: FAILED: %s" % e, flush=True)
                failed.append("msp430")
    print("targets: %d passed (%s), %d skipped%s, %d failed%s" % (
        len(done), ", ".join(done), len(skipped),
        " (%s)" % ", ".join(skipped) if skipped else "", len(failed),
        " (%s)" % ", ".join(failed) if failed else ""))
    if skipped:
        with open(os.path.join(os.path.dirname(os.path.abspath(a.cases)),
                               "targets.skipped"), "w") as f:
            f.write(", ".join(skipped) + "\n")
    return 1 if failed or (only and not done) else 0


if __name__ == "__main__":
    sys.exit(main())
