"""One ABI for every registry and profile (make check-abi).

Four builds of libportreg.so.1 and libnss_portreg.so.2, each with the
make's own rules into out/abi/NAME: the newest mirrored registry minimal,
full, and tcp,udp 0-1023; the oldest registry full.  Then:

- libabigail's abidiff finds no ABI change at all between any of them and
  the first, for both libraries (the types the API's functions reach,
  read from each build's debug information and headers);
- every exported symbol is versioned: the library's PORTREG_1, the
  module's NSS_PORTREG_2, and nothing else is exported;
- tests/c/abi_prog.c compiled against each build's portreg.h runs against
  each build's libportreg.so.1 (sixteen pairs), calling every function for
  every entry with guard bytes after every struct and buffer, and finds
  them intact.

Environment: PORTREG_MIRROR (the registries), PORTREG_GPERF, CC, MAKE.
"""

import glob
import os
import shutil
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.environ.get("PORTREG_MIRROR", os.path.join(ROOT, "..", "shared",
                                                       "registry"))
WORK = os.path.join(ROOT, "out", "abi")
CC = os.environ.get("CC", "cc")


def registries():
    found = sorted(glob.glob(os.path.join(
        MIRROR, "service-names-port-numbers-*.csv")))
    if not found:
        raise unittest.SkipTest("no registry in " + MIRROR)
    return found[0], found[-1]


def builds():
    oldest, newest = registries()
    return [
        ("minimal", newest, []),
        ("full", newest, ["PROFILE=full"]),
        ("subset", newest, ["PROTOCOLS=tcp,udp", "PORTS=0-1023"]),
        ("full-oldest", oldest, ["PROFILE=full"]),
    ]


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise AssertionError("%s failed (exit %d):\n%s%s" % (
            " ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p.stdout


class ABI(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dirs = {}
        make = os.environ.get("MAKE", "make")
        for name, registry, options in builds():
            out = os.path.join(WORK, name)
            run([make, "-s", "--no-print-directory", "OUT=" + out,
                 "REGISTRY=" + registry, "GPERF=" +
                 os.environ.get("PORTREG_GPERF", "gperf"), *options,
                 os.path.join(out, "libportreg.so.1"),
                 os.path.join(out, "libnss_portreg.so.2")], cwd=ROOT)
            cls.dirs[name] = out

    def test_abidiff_finds_no_change(self):
        first = self.dirs["minimal"]
        for name, out in self.dirs.items():
            for lib in ("libportreg.so.1", "libnss_portreg.so.2"):
                p = subprocess.run(
                    ["abidiff", "--headers-dir1", first, "--headers-dir2",
                     out, os.path.join(first, lib), os.path.join(out, lib)],
                    capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, "%s, minimal against %s:\n%s"
                                 % (lib, name, p.stdout[-3000:]))

    def test_every_export_versioned(self):
        for name, out in self.dirs.items():
            for lib, node, prefix in (("libportreg.so.1", "PORTREG_1",
                                       "portreg_"),
                                      ("libnss_portreg.so.2",
                                       "NSS_PORTREG_2", "_nss_portreg_")):
                rows = [ln.split() for ln in run(
                    ["readelf", "--dyn-syms", "-W",
                     os.path.join(out, lib)]).splitlines()]
                defined = [r for r in rows if len(r) >= 8 and r[0][:-1]
                           .isdigit() and r[6] != "UND"]
                funcs = [r[7] for r in defined if r[3] == "FUNC"]
                self.assertTrue(funcs, lib)
                for f in funcs:
                    self.assertTrue(f.startswith(prefix) and
                                    f.endswith("@@" + node), (name, lib, f))
                self.assertEqual([r[7] for r in defined if r[3] != "FUNC"],
                                 [node], (name, lib))

    def test_each_header_on_each_library(self):
        src = os.path.join(ROOT, "tests", "c", "abi_prog.c")
        lines = []
        for hname, hdir in self.dirs.items():
            exe = os.path.join(WORK, "abi-" + hname)
            run([CC, "-std=c99", "-O1", "-Wall", "-Werror", "-I", hdir, "-o",
                 exe, src, "-L", hdir, "-lportreg"])
            for lname, ldir in self.dirs.items():
                out = run([exe], env=dict(os.environ, LD_LIBRARY_PATH=ldir))
                self.assertIn(" 0 failed", out, (hname, lname, out))
                lines.append("%s header, %s library: %s" % (
                    hname, lname, out.strip()))
        print("\n" + "\n".join(lines))


if __name__ == "__main__":
    if not shutil.which("abidiff"):
        raise SystemExit("abidiff is missing: apt-get install abigail-tools")
    unittest.main()
