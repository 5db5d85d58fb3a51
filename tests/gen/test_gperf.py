"""gen.gperf: gperf's hash functions read back as data.  The reference is
gperf's own C, compiled and run: its hash of each keyword and of strings
it never saw must be what gen.gperf.Function computes."""

import os
import random
import subprocess
import tempfile
import unittest

from gen import gperf

# Registry-like names of two to fifteen bytes, several sharing prefixes,
# suffixes and letters in other orders, so that gperf needs many key
# positions and increments.
NAMES = ("http", "https", "http-alt", "http-mgmt", "ftp", "ftp-data", "ftps",
         "tftp", "sftp", "ssh", "sshell", "shell", "telnet", "smtp", "smtps",
         "submission", "pop2", "pop3", "pop3s", "imap", "imaps", "imap3",
         "ldap", "ldaps", "dap", "pad", "apd", "domain", "mdns", "dns-llq",
         "kerberos", "kerberos-adm", "kpasswd", "ntp", "tnp", "pnt", "snmp",
         "snmptrap", "x11", "xdmcp", "nfs", "sunrpc", "rsync", "iscsi-target",
         "a", "ab", "ba", "abc", "cab", "bca", "acb", "wsdapi-s", "zz")


def gperf_c(names, tmp):
    """gperf's output for NAMES (portreg's arguments, bucket 0) and the
    generator's reading of it."""
    text = "struct portreg__word;\n%%\n" + "".join(
        "%s, %d\n" % (gperf.keyword(n), i) for i, n in enumerate(names)) + \
        "%%\n"
    _, out = gperf._run(tmp, "gperf", 0, text)
    return out, gperf._parse(0, list(range(len(names))), names, out)


def compiled_hashes(out, queries, tmp):
    """gperf's hash function, compiled from OUT, on each of QUERIES."""
    src = os.path.join(tmp, "h.c")
    with open(src, "w", encoding="utf-8") as f:
        f.write("#include <stdio.h>\n#include <string.h>\n"
                "struct portreg__word { int name; int index; };\n" + out +
                "\nint main(void)\n{\n    char s[64];\n"
                "    while (fgets(s, sizeof s, stdin)) {\n"
                "        s[strcspn(s, \"\\n\")] = 0;\n"
                "        printf(\"%u\\n\", portreg__000_hash(s, strlen(s)));\n"
                "    }\n    return 0;\n}\n")
    exe = os.path.join(tmp, "h")
    subprocess.run(["cc", "-w", "-o", exe, src], check=True)
    got = subprocess.run([exe], input="".join(q + "\n" for q in queries),
                         capture_output=True, text=True, check=True).stdout
    return [int(v) for v in got.split()]


class Function(unittest.TestCase):

    def test_the_data_computes_gperfs_hash(self):
        rng = random.Random(6763)
        with tempfile.TemporaryDirectory() as tmp:
            out, (slots, slot_of, fn) = gperf_c(NAMES, tmp)
            self.assertTrue(any(i for _, i in fn.terms),
                            "the names should need an increment")
            self.assertIn(gperf.LAST, [p for p, _ in fn.terms])
            # strings gperf never saw, of every length its switch covers,
            # in both cases and with bytes no name has
            others = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz-0123"
                                         "456789ABCXYZ_.") for _ in range(n))
                      for n in range(max(map(len, NAMES)), 0, -1)
                      for _ in range(20)]
            want = compiled_hashes(out, NAMES + tuple(others), tmp)
        got = [fn.value(q.encode()) for q in NAMES + tuple(others)]
        self.assertEqual(got, want)
        self.assertEqual([slot_of[i] for i in range(len(NAMES))],
                         want[:len(NAMES)])
        self.assertTrue(all(s < slots for s in slot_of.values()))

    def test_one_name_and_two(self):
        with tempfile.TemporaryDirectory() as tmp:
            for names in (("ipp",), ("ab", "abc")):
                out, (_, slot_of, fn) = gperf_c(names, tmp)
                self.assertEqual([slot_of[i] for i in range(len(names))],
                                 compiled_hashes(out, names, tmp))
                self.assertEqual(fn.terms, ())

    def test_a_form_it_does_not_read_stops_generation(self):
        fn = ("static unsigned int\nportreg__000_hash (register const char "
              "*str, register size_t len)\n{\n  return str[0] * 31;\n}\n")
        with self.assertRaisesRegex(gperf.GperfError, "bucket 0 is not of "
                                    "the form"):
            gperf._function(0, fn)


if __name__ == "__main__":
    unittest.main()
