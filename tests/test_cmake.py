"""portreg from CMake (make check-cmake): the consumers of tests/cmake/.

1. The generated files of a CMake build and of a make build with the same
   options are byte-identical.
2. find_package(portreg CONFIG REQUIRED) after `cmake --install`: a
   program linked with portreg::portreg and portreg::netdb answers; with
   BUILD_SHARED_LIBS the library has make's SONAME and exports.
3. add_subdirectory with a subset (PROFILE=full, PROTOCOLS=tcp,udp,
   PORTS=0-1023): the lookup cases computed from the CSV pass.
4. The same add_subdirectory cross-compiled with an arm-none-eabi toolchain
   file (Cortex-M4): the image runs the lookup cases under qemu.
5. A broken option (PORTREG_PROFILE=huge, a missing registry) stops the
   configure step with the generator's one-line message.
6. Regeneration: an unchanged build runs nothing; a changed option
   regenerates.

Environment: PORTREG_REGISTRY (the registry CSV), PORTREG_GPERF.
"""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTRY = os.path.abspath(os.environ.get("PORTREG_REGISTRY", os.path.join(
    ROOT, "registry", "service-names-port-numbers.csv")))
CONSUMER = os.path.join(ROOT, "tests", "cmake")
SUBSET = {"PORTREG_PROFILE": "full", "PORTREG_PROTOCOLS": "tcp,udp",
          "PORTREG_PORTS": "0-1023"}
# what the generator writes (emit.write's generated.list), not the build
# systems' own stamps
NOT_GENERATED = {".generated", "options.stamp", "registry.id"}


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise AssertionError("%s failed (exit %d):\n%s%s" % (
            " ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p


def configure(src, build, options=(), **defs):
    args = ["cmake", "-S", src, "-B", build, "-DPORTREG_REGISTRY=" + REGISTRY]
    args += ["-D%s=%s" % kv for kv in sorted(defs.items())] + list(options)
    return subprocess.run(args, capture_output=True, text=True)


def build(path, target=None):
    return run(["cmake", "--build", path, "-j2"] +
               (["--target", target] if target else []))


def tree(path):
    out = {}
    for d, _, names in os.walk(path):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), path)
            if n not in NOT_GENERATED:
                with open(os.path.join(d, n), "rb") as f:
                    out[rel] = f.read()
    return out


def cases(tmp, profile="minimal", protocols="", ports=""):
    """tests/lookup_cases.py's cases.h for that build, in TMP/cases."""
    d = os.path.join(tmp, "cases")
    os.makedirs(d, exist_ok=True)
    run([sys.executable, os.path.join(ROOT, "tests", "lookup_cases.py"),
         REGISTRY, os.path.join(d, "cases.h"), "--profile", profile,
         "--protocols", protocols, "--ports", ports])
    return d


class CMake(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="portreg-cmake-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_generated_files_equal_make_s(self):
        b = os.path.join(self.dir, "b")
        p = configure(ROOT, b, **SUBSET)
        self.assertEqual(p.returncode, 0, p.stderr)
        build(b, "portreg_generate")
        out = os.path.join(self.dir, "make-out")
        run(["make", "-s", "-C", ROOT, "generate", "OUT=" + out,
             "REGISTRY=" + REGISTRY, "PROFILE=full", "PROTOCOLS=tcp,udp",
             "PORTS=0-1023"])
        mine, makes = tree(os.path.join(b, "portreg-gen")), tree(out)
        self.assertIn("portreg_tables.c.h", mine)
        self.assertIn("cli/portreg_tables.c.h", mine)
        self.assertEqual(sorted(mine), sorted(makes))
        for name in mine:
            self.assertEqual(mine[name], makes[name], name)

    def test_find_package_after_install(self):
        for shared in ("OFF", "ON"):
            b = os.path.join(self.dir, "b" + shared)
            prefix = os.path.join(self.dir, "prefix" + shared)
            p = configure(ROOT, b, ["-DBUILD_SHARED_LIBS=" + shared,
                                    "-DCMAKE_INSTALL_PREFIX=" + prefix])
            self.assertEqual(p.returncode, 0, p.stderr)
            build(b)
            run(["cmake", "--install", b])
            lib = os.path.join(prefix, "lib")
            self.assertTrue(os.path.exists(os.path.join(
                lib, "cmake", "portreg", "portregConfig.cmake")))
            self.assertTrue(os.path.exists(os.path.join(
                lib, "cmake", "portreg", "portregConfigVersion.cmake")))
            self.assertTrue(os.path.exists(os.path.join(
                lib, "pkgconfig", "portreg.pc")))
            self.assertTrue(os.path.exists(os.path.join(prefix, "bin",
                                                        "portreg")))
            c = os.path.join(self.dir, "consumer" + shared)
            p = subprocess.run(["cmake", "-S", CONSUMER, "-B", c,
                                "-DCMAKE_PREFIX_PATH=" + prefix],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            build(c)
            env = dict(os.environ, LD_LIBRARY_PATH=lib)
            out = run([os.path.join(c, "use")], env=env).stdout
            self.assertEqual(out, "https 443 https\n")
            if shared == "ON":
                so = os.path.join(lib, "libportreg.so.1")
                dyn = run(["readelf", "-dW", so]).stdout
                self.assertIn("Library soname: [libportreg.so.1]", dyn)
                names = run(["nm", "-D", "--defined-only", so]).stdout
                self.assertEqual(
                    sorted(ln.split()[-1] for ln in names.splitlines()),
                    sorted(sym for sym in exported_by_make()))

    def test_add_subdirectory_with_a_subset(self):
        c = os.path.join(self.dir, "c")
        p = configure(CONSUMER, c, ["-DPORTREG_SOURCE=" + ROOT,
                                    "-DCASES=" + cases(self.dir, "full",
                                                       "tcp,udp", "0-1023")],
                      **SUBSET)
        self.assertEqual(p.returncode, 0, p.stderr)
        build(c)
        out = run([os.path.join(c, "lookup")]).stdout
        self.assertRegex(out, r"profile full\): [1-9][0-9]* passed, 0 failed")

    def test_add_subdirectory_cross_compiled_for_a_cortex_m4(self):
        c = os.path.join(self.dir, "arm")
        p = configure(CONSUMER, c, [
            "-DCMAKE_TOOLCHAIN_FILE=" + os.path.join(CONSUMER,
                                                     "arm-none-eabi.cmake"),
            "-DCMAKE_BUILD_TYPE=MinSizeRel", "-DPORTREG_SOURCE=" + ROOT,
            "-DCASES=" + cases(self.dir)])
        self.assertEqual(p.returncode, 0, p.stderr)
        build(c)
        # the host's generator ran; no command was built for the target
        self.assertFalse(os.path.exists(os.path.join(c, "portreg",
                                                     "portreg")))
        out = run(["timeout", "600", "qemu-system-arm", "-M", "mps2-an386",
                   "-nographic", "-semihosting", "-kernel",
                   os.path.join(c, "lookup.elf")]).stdout
        self.assertRegex(out, r"profile minimal\): [1-9][0-9]* passed, "
                              r"0 failed")

    def test_broken_options_stop_with_the_generator_s_message(self):
        p = configure(ROOT, os.path.join(self.dir, "huge"),
                      PORTREG_PROFILE="huge")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("portreg: unknown profile (huge); use one of minimal, "
                      "full", p.stderr)
        p = subprocess.run(["cmake", "-S", ROOT, "-B",
                            os.path.join(self.dir, "none"),
                            "-DPORTREG_REGISTRY=/nonexistent/registry.csv"],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("portreg: cannot read the registry: no such file "
                      "(/nonexistent/registry.csv)", p.stderr)

    def test_regenerates_for_a_changed_option_and_only_then(self):
        b = os.path.join(self.dir, "b")
        self.assertEqual(configure(ROOT, b).returncode, 0)
        build(b)
        again = build(b).stdout
        self.assertNotIn("generating the tables", again)
        self.assertNotIn("Building C object", again)
        p = configure(ROOT, b, PORTREG_PORTS="0-1023")
        self.assertEqual(p.returncode, 0, p.stderr)
        changed = build(b).stdout
        self.assertIn("generating the tables", changed)
        self.assertIn("Building C object", changed)
        with open(os.path.join(b, "portreg-gen", "portreg.h")) as f:
            self.assertIn('#define PORTREG_PORTS "0-1023"', f.read())


def exported_by_make():
    """The functions portreg.h declares: what make's libportreg.so.1
    exports (tests/shared.sh checks that one)."""
    import re
    with open(os.path.join(ROOT, "templates", "portreg.h.in")) as f:
        return set(re.findall(r"^[a-z_0-9 ]*[ *](portreg_[a-z_]*)\(", f.read(),
                              re.M))


if __name__ == "__main__":
    unittest.main()
