"""What make and make check need from Debian: the one list, and its check.

    python3 tests/packages.py need SUITE...
        install what SUITE... lack (as root where apt-get is: one announced
        apt-get line), else name the exact install command and exit 1
    python3 tests/packages.py plan --skipped FILE SUITE...
        the same for every suite at once, before the first one runs; prints
        the suites that can run, and writes the others to FILE with why
    python3 tests/packages.py list [SUITE...]
        the packages, one line

A package counts as installed when the file it installs is there (a
command is looked up on PATH), so nothing is installed twice.  A suite
is one of make check's (c, nss, ...), "generate" (make itself) or
"target-NAME" (one of check-target's targets, which check-target skips
alone, naming why, where its tools cannot be had).
"""

import glob
import os
import shutil
import subprocess
import sys

# (package, what it installs: a command or an absolute path, a glob, the
# suites that need it)
PACKAGES = (
    ("gperf", "gperf", "generate make"),
    ("curl", "curl", "generate"),
    ("ca-certificates", "/etc/ssl/certs/ca-certificates.crt", "generate"),
    ("g++", "g++", "c"),
    ("clang", "clang", "c fuzz dist analyze target-msp430 make"),
    ("libcmocka-dev", "/usr/include/cmocka.h", "c valgrind cover"),
    ("valgrind", "valgrind", "valgrind bench make"),
    ("libclang-rt-14-dev",
     "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a",
     "fuzz make"),
    ("mandoc", "mandoc", "cli install"),
    ("pkg-config", "pkg-config", "install cmake"),
    ("util-linux", "unshare", "glibc nss bench make"),
    ("netbase", "/etc/services", "netdb nss bench"),
    ("tcpdump", "tcpdump", "nss"),
    ("libnss-db", "/var/lib/misc/Makefile", "bench make"),
    ("abigail-tools", "abidiff", "abi"),
    ("cppcheck", "cppcheck", "analyze misra"),
    ("frama-c-base", "frama-c", "proof"),
    ("gcc", "gcc", "analyze"),
    ("cmake", "cmake", "cmake install"),
    ("gcc-arm-none-eabi", "arm-none-eabi-gcc",
     "cmake size dist target-cortex-m0 target-cortex-m4 make"),
    ("libnewlib-arm-none-eabi",
     "/usr/lib/arm-none-eabi/newlib/thumb/v7e-m/nofp/librdimon.a",
     "cmake target-cortex-m0 target-cortex-m4"),
    ("libstdc++-arm-none-eabi-newlib",
     "/usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libstdc++.a", "cmake"),
    ("qemu-system-arm", "qemu-system-arm",
     "cmake target-cortex-m0 target-cortex-m4"),
    ("gcc-riscv64-unknown-elf", "riscv64-unknown-elf-gcc",
     "size target-rv32imac make"),
    ("picolibc-riscv64-unknown-elf",
     "/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs",
     "target-rv32imac"),
    ("qemu-system-misc", "qemu-system-riscv32", "target-rv32imac"),
    ("qemu-user", "qemu-aarch64",
     "target-i386 target-aarch64 target-s390x target-mips"),
    ("gcc-aarch64-linux-gnu", "aarch64-linux-gnu-gcc", "target-aarch64"),
    ("libc6-dev-arm64-cross", "/usr/aarch64-linux-gnu/include/stdio.h",
     "target-aarch64"),
    ("gcc-s390x-linux-gnu", "s390x-linux-gnu-gcc", "target-s390x"),
    ("libc6-dev-s390x-cross", "/usr/s390x-linux-gnu/include/stdio.h",
     "target-s390x"),
    ("gcc-mips-linux-gnu", "mips-linux-gnu-gcc", "target-mips"),
    ("libc6-dev-mips-cross", "/usr/mips-linux-gnu/include/stdio.h",
     "target-mips"),
    ("libc6-dev-i386", "/usr/include/x86_64-linux-gnu/gnu/stubs-32.h",
     "target-i386"),
    ("lib32gcc-12-dev", "/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a",
     "target-i386"),
    ("gcc-mingw-w64-x86-64", "x86_64-w64-mingw32-gcc", "target-windows"),
    ("wine64", "/usr/lib/wine/wine64", "target-windows"),
)
TARGETS = ("i386", "aarch64", "s390x", "mips", "cortex-m0", "cortex-m4",
           "rv32imac", "windows", "msp430")


def wanted(suites):
    """The packages SUITES need, in the list's order.  "target" stands
    for every target's."""
    names = set(suites)
    if "target" in names:
        names |= {"target-" + t for t in TARGETS}
    return [p for p, _, s in PACKAGES if names & set(s.split())]


def installed(package):
    probe = next(f for p, f, _ in PACKAGES if p == package)
    if not probe.startswith("/"):
        return shutil.which(probe) is not None
    return bool(glob.glob(probe))


def missing(suites):
    return [p for p in wanted(suites) if not installed(p)]


def can_install():
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def command(packages):
    return "sudo apt-get install " + " ".join(packages)


def install(packages):
    """apt-get install PACKAGES, announced in one line; after a failure,
    once more after apt-get update.  Returns whether it worked."""
    print("portreg: installing %s: apt-get install -y %s"
          % (", ".join(packages), " ".join(packages)), file=sys.stderr,
          flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
           *packages]
    for attempt in (0, 1):
        if attempt:
            subprocess.run(["apt-get", "update", "-qq"], env=env,
                           capture_output=True)
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if p.returncode == 0:
            return True
    sys.stderr.write(p.stdout[-2000:] + p.stderr[-2000:])
    return False


def ensure(suites):
    """Install what SUITES lack where that is possible; the packages still
    missing afterwards."""
    need = missing(suites)
    if need and can_install():
        install(need)
        need = missing(suites)
    return need


def need(suites):
    lack = ensure(suites)
    if lack:
        print("portreg: %s %s missing; install %s: %s"
              % (", ".join(lack), "is" if len(lack) == 1 else "are",
                 "it" if len(lack) == 1 else "them", command(lack)),
              file=sys.stderr)
        return 1
    return 0


def plan(suites, skipped_file):
    """Install what every suite lacks; print the suites that can run and
    write the others to SKIPPED_FILE, each with the packages it lacks."""
    lack = ensure(suites)
    if lack:
        print("portreg: %s missing; install them: %s"
              % (", ".join(lack), command(lack)), file=sys.stderr)
    run, skipped = [], []
    for s in suites:
        own = [p for p in wanted([s]) if p in lack]
        if own and s != "target":     # check-target skips target by target
            skipped.append("%s (needs %s)" % (s, ", ".join(own)))
        else:
            run.append(s)
    with open(skipped_file, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in skipped))
    print(" ".join(run))
    return 0


def main(argv):
    if len(argv) >= 1 and argv[0] == "need":
        return need(argv[1:])
    if len(argv) >= 3 and argv[0] == "plan" and argv[1] == "--skipped":
        return plan(argv[3:], argv[2])
    if len(argv) >= 1 and argv[0] == "list":
        print(" ".join(wanted(argv[1:] or
                              sorted({w for _, _, s in PACKAGES
                                      for w in s.split()}))))
        return 0
    print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
