"""portreg from CMake (make check-cmake): the consumers of tests/cmake/.

1. The generated files of a CMake build and of a make build with the same
   options are byte-identical.
2. find_package(portreg CONFIG REQUIRED) after `cmake --install`: a
   program linked with portreg::portreg and portreg::netdb answers; with
   BUILD_SHARED_LIBS it links make's libportreg.so.1 (SONAME, versioned
   exports).  (tests/install.sh compares CMake's installed files with
   make's.)
3. add_subdirectory with a subset (PROFILE=full, PROTOCOLS=tcp,udp,
   PORTS=0-1023): the lookup cases computed from the CSV pass; the parent's
   install holds nothing of portreg and no command is built, unless it
   asks (PORTREG_INSTALL, PORTREG_BUILD_CLI); a relative PORTREG_OVERLAY is
   the parent's.
4. The same add_subdirectory cross-compiled with an arm-none-eabi toolchain
   file (Cortex-M4): the image runs the lookup cases under qemu.
5. The Raspberry Pi Pico SDK (../shared/sdk) builds README.md's Pico
   application for the RP2040, with the SDK's own toolchain setup.
6. A broken option (PORTREG_PROFILE=huge, a missing registry, a registry of
   another SHA-256 than PORTREG_REGISTRY_SHA256, too few rows) stops the
   configure step with a one-line message naming CMake's option.
7. Regeneration: an unchanged build runs nothing; a changed option
   regenerates.

Environment: PORTREG_REGISTRY (the registry CSV), PORTREG_GPERF,
PORTREG_SDK (the folder of pico-sdk-*.tar.gz).
"""

import glob
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTRY = os.path.abspath(os.environ.get("PORTREG_REGISTRY", os.path.join(
    ROOT, "registry", "service-names-port-numbers.csv")))
CONSUMER = os.path.join(ROOT, "tests", "cmake")
SDK = os.environ.get("PORTREG_SDK", os.path.join(ROOT, "..", "shared", "sdk"))
SUBSET = {"PORTREG_PROFILE": "full", "PORTREG_PROTOCOLS": "tcp,udp",
          "PORTREG_PORTS": "0-1023"}
# what the generator writes (emit.write's generated.list), not the build
# systems' own stamps
NOT_GENERATED = {".generated", "options.stamp", "registry.id", "config.mk",
                 "registry.warned"}


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
                                "-DCMAKE_PREFIX_PATH=" + prefix,
                                "-DBUILD_SHARED_LIBS=" + shared],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            build(c)
            env = dict(os.environ, LD_LIBRARY_PATH=lib)
            out = run([os.path.join(c, "use")], env=env).stdout
            self.assertEqual(out, "https 443 https\n")
            needed = run(["readelf", "-dW", os.path.join(c, "use")]).stdout
            self.assertEqual("libportreg.so.1" in needed, shared == "ON")
            so = os.path.join(lib, "libportreg.so.1")
            dyn = run(["readelf", "-dW", so]).stdout
            self.assertIn("Library soname: [libportreg.so.1]", dyn)
            names = run(["nm", "-D", "--defined-only", so]).stdout
            self.assertEqual(
                sorted(ln.split()[-1] for ln in names.splitlines()),
                sorted(["PORTREG_1"] + ["%s@@PORTREG_1" % sym
                                        for sym in exported_by_make()]))

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
        # a subproject: no command built, nothing of portreg installed
        self.assertFalse(os.path.exists(os.path.join(c, "portreg",
                                                     "portreg")))
        dest = os.path.join(self.dir, "dest")
        run(["cmake", "--install", c, "--prefix", dest])
        self.assertEqual(files(dest), ["bin/lookup"])
        # unless the parent asks
        p = configure(CONSUMER, c, ["-DPORTREG_INSTALL=ON",
                                    "-DPORTREG_BUILD_CLI=ON"])
        self.assertEqual(p.returncode, 0, p.stderr)
        build(c)
        self.assertTrue(os.path.exists(os.path.join(c, "portreg",
                                                    "portreg")))
        run(["cmake", "--install", c, "--prefix", dest])
        self.assertIn("include/portreg.h", files(dest))
        self.assertIn("bin/portreg", files(dest))

    def test_a_relative_overlay_is_the_parent_s(self):
        """PORTREG_OVERLAY=local.csv set by the including project is read
        from that project's folder, not portreg's or the build's."""
        parent = os.path.join(self.dir, "parent")
        os.makedirs(parent)
        with open(os.path.join(parent, "local.csv"), "w") as f, \
                open(os.path.join(ROOT, "tests", "fixtures",
                                  "overlay.csv")) as g:
            f.write(g.read())
        with open(os.path.join(parent, "CMakeLists.txt"), "w") as f:
            f.write("cmake_minimum_required(VERSION 3.13)\n"
                    "project(parent C)\n"
                    "set(PORTREG_OVERLAY local.csv)\n"
                    "add_subdirectory(\"%s\" portreg)\n" % ROOT)
        b = os.path.join(self.dir, "pb")
        p = configure(parent, b)
        self.assertEqual(p.returncode, 0, p.stderr)
        build(b, "portreg_generate")
        with open(os.path.join(b, "portreg", "portreg-gen",
                               "portreg.h")) as f:
            self.assertIn('#define PORTREG_OVERLAY "local.csv', f.read())

    def test_pico_sdk_builds_the_readme_s_application(self):
        """README.md's Pico lines, word for word, with the SDK unpacked
        under the test's folder (offline: no picotool)."""
        tarballs = sorted(glob.glob(os.path.join(SDK, "pico-sdk-*.tar.gz")))
        self.assertTrue(tarballs, "no pico-sdk-*.tar.gz in " + SDK)
        with tarfile.open(tarballs[-1]) as t:
            t.extractall(self.dir)
        sdk = os.path.join(self.dir, "sdk")
        app = os.path.join(self.dir, "app")
        os.makedirs(app)
        with open(os.path.join(app, "CMakeLists.txt"), "w") as f:
            f.write(readme_block("pico"))
        os.symlink(ROOT, os.path.join(app, "portreg"))
        with open(os.path.join(sdk, "external", "pico_sdk_import.cmake")) as f, \
                open(os.path.join(app, "pico_sdk_import.cmake"), "w") as g:
            g.write(f.read())
        with open(os.path.join(CONSUMER, "pico_main.c")) as f, \
                open(os.path.join(app, "main.c"), "w") as g:
            g.write(f.read())
        b = os.path.join(app, "build")
        p = subprocess.run(["cmake", "-S", app, "-B", b, "-DPICO_BOARD=pico",
                            "-DPICO_NO_PICOTOOL=1",
                            "-DPORTREG_REGISTRY=" + REGISTRY],
                           capture_output=True, text=True,
                           env=dict(os.environ, PICO_SDK_PATH=sdk))
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        build(b)
        elf = os.path.join(b, "app.elf")
        head = run(["arm-none-eabi-readelf", "-h", elf]).stdout
        self.assertIn("ARM", head)
        syms = run(["arm-none-eabi-nm", elf]).stdout
        for sym in ("portreg_name", "portreg_port", "portreg__names"):
            self.assertRegex(syms, r" %s\n" % sym)
        with open(os.path.join(b, "portreg", "portreg-gen",
                               "portreg.h")) as f:
            self.assertIn('#define PORTREG_PORTS "0-1023"', f.read())

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

    def test_a_pinned_registry(self):
        with open(REGISTRY, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        p = configure(ROOT, os.path.join(self.dir, "pin"),
                      PORTREG_REGISTRY_SHA256=digest.upper())
        self.assertEqual(p.returncode, 0, p.stderr)
        p = configure(ROOT, os.path.join(self.dir, "other"),
                      PORTREG_REGISTRY_SHA256="0" * 64)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("has SHA-256 %s, not PORTREG_REGISTRY_SHA256 (%s)"
                      % (digest, "0" * 64), " ".join(p.stderr.split()))

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
        # the message names CMake's option, not make's
        p = configure(ROOT, os.path.join(self.dir, "rows"),
                      PORTREG_MIN_ROWS="100000")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("(-DPORTREG_MIN_ROWS=N for a small registry)",
                      p.stderr)

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


def files(path):
    """The files under PATH, relative, sorted."""
    return sorted(os.path.relpath(os.path.join(d, n), path)
                  for d, _, names in os.walk(path) for n in names)


def readme_block(name):
    """The code block of README.md that follows <!-- check-cmake: NAME -->:
    what the README shows is what the test runs."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- check-cmake: %s -->\n```cmake\n(.*?)```" % name,
                  text, re.S)
    assert m, "README.md has no check-cmake: %s block" % name
    return m.group(1)


def exported_by_make():
    """The functions portreg.h declares: what make's libportreg.so.1
    exports (tests/shared.sh checks that one)."""
    import re
    with open(os.path.join(ROOT, "templates", "portreg.h.in")) as f:
        return set(re.findall(r"^[a-z_0-9 ]*[ *](portreg_[a-z_]*)\(", f.read(),
                              re.M))


if __name__ == "__main__":
    unittest.main()
