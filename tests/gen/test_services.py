"""gen.services: an OVERLAY that is a services(5) file, on registries and
files written here by hand; gen.install: make install's data files."""

import os
import tempfile
import unittest

from gen import install, model, services, validate
from tests.gen.test_model import registry

REGISTRY = ("shilp,2049,tcp,Shilp,,,,,,,,\n"
            "nfs,2049,tcp,NFS,,,,,,,,\n"
            "urd,465,tcp,URL Rendezvous,,,,,,,,\n"
            "submissions,465,tcp,Submission over TLS,,,,,,,,\n"
            "http,80,tcp,Web,,,,,,,,\nwww,80,tcp,Web,,,,,,,,\n")
SERVICES = (b"# a host's own file\n"
            b"http\t\t80/tcp\t\twww\t# WorldWideWeb HTTP\n"
            b"submissions\t465/tcp\t\tssmtp smtps\t# Submission over TLS\n"
            b"nfs\t\t2049/tcp\n"
            b"at-rtmp\t\t201/ddp\n")


def names_at(m, port):
    return [e.name for e in m.entries if e.port_lo == port]


class Services(unittest.TestCase):

    def test_its_names_come_first_and_new_ones_are_local(self):
        reg = services.apply(registry(REGISTRY), "services", SERVICES)
        m = model.build(reg)
        self.assertEqual(names_at(m, 2049), ["nfs", "shilp"])
        self.assertEqual(names_at(m, 465), ["submissions", "ssmtp", "smtps",
                                            "urd"])
        self.assertEqual(names_at(m, 80), ["http", "www"])
        local = [e.name for e in m.entries if e.local]
        self.assertEqual(local, ["ssmtp", "smtps"])
        self.assertEqual([e.description for e in m.entries
                          if e.name == "smtps"], ["Submission over TLS"])
        self.assertIn("services, SHA-256", reg.overlay.replace(" (", ", "))
        self.assertEqual([w for w in reg.local_warnings if "ddp" in w], [
            "services:5: protocol ddp is none of tcp, udp, sctp, dccp; "
            "line left out"])

    def test_a_csv_is_not_a_services_file(self):
        self.assertFalse(services.is_services(
            (",".join(validate.HEADER) + "\r\na,1,tcp,,,,,,,,,\n").encode()))
        self.assertTrue(services.is_services(SERVICES))

    def test_bad_lines_are_file_line_errors(self):
        with self.assertRaises(validate.ValidationError) as e:
            services.parse("s", b"ok 1/tcp\nbad 70000/tcp\nnoport\n"
                                b"long " + b"x" * 64 + b" 5/tcp\n"
                                b"x 6/tcp " + b"y" * 64 + b"\n")
        self.assertEqual(e.exception.messages, [
            "s:2: not NAME PORT/PROTOCOL (bad 70000/tcp)",
            "s:3: not NAME PORT/PROTOCOL (noport)",
            "s:4: not NAME PORT/PROTOCOL (long %s 5/tcp)" % ("x" * 64),
            "s:5: name longer than 63 bytes or not printable (%s)"
            % ("y" * 64)])


class InstallData(unittest.TestCase):

    def test_directories_relative_to_the_package_and_escaped_for_pc(self):
        v = install.values("/opt/a b", "/opt/a b/lib64", "/opt/a b/include",
                           "/opt/a b/bin")
        self.assertEqual(v["LIBDIR"], "/opt/a\\ b/lib64")
        self.assertEqual(v["FROM_CMAKEDIR_TO_LIBDIR"], "../..")
        self.assertEqual(v["FROM_CMAKEDIR_TO_INCLUDEDIR"], "../../../include")
        with tempfile.TemporaryDirectory() as tmp:
            install.write(tmp, os.path.join(os.path.dirname(os.path.dirname(
                os.path.dirname(os.path.abspath(__file__)))), "templates"), v)
            with open(os.path.join(tmp, "portreg.pc")) as f:
                self.assertIn("libdir=/opt/a\\ b/lib64\n", f.read())
        with self.assertRaises(KeyError):
            install.fill("@NOPE@", v)


if __name__ == "__main__":
    unittest.main()
