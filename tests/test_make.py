"""make as people drive it (make check-make), in fresh copies of the tree
(its tracked files, as a clone has them: no out/, no registry CSV).

1. Every target works as the first command: all, nss, shared, netdb, dist,
   install, size, bench (BENCH_QUICK=1), check-gen (a check-NAME), fuzz
   (a second of each fuzzer); out/ and its folders are made where needed.
   (make check itself is CI's first command.)
2. A build remembers its options: make PROFILE=full OVERLAY=x.csv, then
   make install installs that build and says so in one line; make
   PROFILE=minimal OVERLAY= returns to the default; a generation that
   fails (a bad OVERLAY) leaves nothing for the next make to redo.
3. make PROTOCOLS=udp exits 0; a subset's tarball has its own name.
4. REGISTRY=, OVERLAY=, PREFIX= and DESTDIR= paths with spaces work.
5. Warnings about IANA's own data come once a registry version, about an
   OVERLAY every time.

Environment: PORTREG_MIRROR (the registries), MAKE.
"""

import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.path.abspath(os.environ.get(
    "PORTREG_MIRROR", os.path.join(ROOT, "..", "shared", "registry")))
MAKE = os.environ.get("MAKE", "make")
OVERLAY = os.path.join(ROOT, "tests", "fixtures", "overlay.csv")


def fresh(parent, name):
    """A copy of the tree's tracked files in PARENT/NAME."""
    dest = os.path.join(parent, name)
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "--cached",
                            "--others", "--exclude-standard"],
                           capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = os.path.join(ROOT, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)),
                        exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel))
    return dest


def make(tree, *args):
    return subprocess.run([MAKE, "--no-print-directory", "-C", tree,
                           "REGISTRY_MIRROR=" + MIRROR, *args],
                          capture_output=True, text=True)


class FirstCommand(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="portreg make ")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_target_first_in_a_fresh_copy(self):
        dest = os.path.join(self.tmp.name, "dest dir")
        cases = {
            "all": ([], ["out/libportreg.a", "out/portreg"]),
            "nss": (["nss"], ["out/libnss_portreg.so.2"]),
            "shared": (["shared"], ["out/libportreg.so.1"]),
            "netdb": (["netdb"], ["out/libportreg_netdb.a"]),
            "dist": (["dist"], ["out/portreg-*.tar.gz"]),
            "install": (["install", "DESTDIR=" + dest, "PREFIX=/opt/a b"],
                        [dest + "/opt/a b/include/portreg.h"]),
            "size": (["size"], ["out/size.md"]),
            "bench": (["bench", "BENCH_QUICK=1"],
                      ["out/bench-quick/targets.md"]),
            "check-gen": (["check-gen"], []),
            "fuzz": (["fuzz", "FUZZ_SECONDS=1", "GEN_FUZZ_RUNS=1"],
                     ["out/fuzz/fuzz_by_name"]),
        }

        def one(name):
            tree = fresh(self.tmp.name, "first-" + name)
            args, made = cases[name]
            p = make(tree, *args)
            found = [m for m in made if not glob_one(tree, m)]
            return name, p, found
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for name, p, missing in pool.map(one, sorted(cases)):
                self.assertEqual(p.returncode, 0, "make %s first:\n%s%s" % (
                    name, p.stdout[-2000:], p.stderr[-2000:]))
                self.assertEqual(missing, [], name)

    def test_options_are_kept_and_given_again_replace_them(self):
        tree = fresh(self.tmp.name, "kept")
        local = os.path.join(self.tmp.name, "my overlay.csv")
        shutil.copy(OVERLAY, local)
        p = make(tree, "PROFILE=full", "OVERLAY=" + local)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("portreg: building PROFILE=full OVERLAY=%s\n" % local,
                      p.stdout)
        dest = os.path.join(self.tmp.name, "kept dest")
        p = make(tree, "install", "DESTDIR=" + dest)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(dest + "/usr/local/include/portreg.h") as f:
            header = f.read()
        self.assertIn('#define PORTREG_PROFILE "full"', header)
        self.assertIn('#define PORTREG_OVERLAY "my overlay.csv (SHA-256',
                      header)
        # a regeneration says what it builds, and from where
        os.utime(os.path.join(tree, "gen", "tables.py"))
        p = make(tree, "shared")
        self.assertIn("portreg: building PROFILE=full OVERLAY=%s "
                      "(as configured)\n" % local, p.stdout)
        p = make(tree, "PROFILE=minimal", "OVERLAY=")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("portreg: building", p.stdout)
        with open(os.path.join(tree, "out", "portreg.h")) as f:
            header = f.read()
        self.assertIn('#define PORTREG_PROFILE "minimal"', header)
        self.assertIn('#define PORTREG_OVERLAY ""', header)
        # a generation that fails changes nothing: the next make has
        # nothing to regenerate
        bad = os.path.join(self.tmp.name, "bad overlay.csv")
        with open(bad, "w") as f:
            f.write("Service Name,Port Number,Transport Protocol\n"
                    "mine,80x,tcp\n")
        p = make(tree, "OVERLAY=" + bad)
        self.assertEqual(p.returncode, 2, p.stdout)
        self.assertIn("bad overlay.csv:2: ", p.stderr)
        p = make(tree)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("gen generate", p.stdout)
        with open(os.path.join(tree, "out", "portreg.h")) as f:
            self.assertEqual(f.read(), header)

    def test_a_subset_builds_and_names_its_tarball(self):
        tree = fresh(self.tmp.name, "udp")
        p = make(tree, "PROTOCOLS=udp")
        self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr)
        self.assertIn("$ portreg 53/udp\n", p.stdout)
        p = make(tree, "dist", "PROTOCOLS=tcp,udp", "PORTS=0-1023")
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(tree, "out", "portreg.h")) as f:
            date = re.search(r'PORTREG_REGISTRY_DATE "(.*)"', f.read())[1]
        self.assertTrue(os.path.exists(os.path.join(
            tree, "out", "portreg-%s-tcp,udp-0-1023.tar.gz" % date)),
            os.listdir(os.path.join(tree, "out")))

    def test_paths_with_spaces_and_warnings_once(self):
        tree = fresh(self.tmp.name, "spaces")
        registry = os.path.join(self.tmp.name, "a registry",
                                "the registry.csv")
        os.makedirs(os.path.dirname(registry))
        shutil.copy(sorted(os.path.join(MIRROR, f) for f in os.listdir(MIRROR)
                           if f.endswith(".csv"))[-1], registry)
        local = os.path.join(self.tmp.name, "my overlay.csv")
        shutil.copy(OVERLAY, local)
        p = make(tree, "REGISTRY=" + registry, "OVERLAY=" + local)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("outside RFC 6335 name syntax", p.stderr)
        self.assertIn("my overlay.csv:5: https is also a registry name",
                      p.stderr)
        os.utime(os.path.join(tree, "gen", "tables.py"))
        p = make(tree)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("outside RFC 6335 name syntax", p.stderr)
        self.assertIn("my overlay.csv:5: https is also a registry name",
                      p.stderr)
        os.utime(os.path.join(tree, "gen", "tables.py"))
        p = make(tree, "V=1")
        self.assertIn("outside RFC 6335 name syntax", p.stderr)


def glob_one(tree, pattern):
    return glob.glob(pattern if pattern.startswith("/") else
                     os.path.join(tree, pattern))


if __name__ == "__main__":
    unittest.main()
