"""libnss_portreg.so.2 as the system's services database (make check-nss).

Every check runs programs nobody here wrote, in a private mount namespace
(unshare -m) where an nsswitch.conf saying "services: portreg" is bind-mounted
over /etc/nsswitch.conf and LD_LIBRARY_PATH points at out/; the machine's own
files never change.  The expected answers come from the CSV, read by this
test (tests/test_netdb.py's Servent):

- getent services NAME for every name, PORT/PROTO for every used tcp and udp
  port, and the whole enumeration (getent services);
- Python's socket.getservbyname, getservbyport and getaddrinfo(host, NAME);
- tests/c/nss_getaddrinfo.c, a plain program calling getaddrinfo;
- tcpdump reading a capture this test writes, to ports Debian's netbase
  does not name: numbers with the system's file, the registry's names with
  portreg (tcpdump builds its table from getservent);
- tests/c/nss_module.c, the module's glibc conventions on odd arguments
  and two threads enumerating at once.

Where mount namespaces are not allowed, the suite says so, writes
out/nss.skipped, and counts as skipped, never as passed.

Environment: PORTREG_OUT (default out), PORTREG_REGISTRY, CC.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

from tests.test_netdb import OUT, REGISTRY, Servent

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(OUT, "libnss_portreg.so.2")
SKIPPED = os.path.join(OUT, "nss.skipped")


def namespaces():
    return subprocess.run(["unshare", "-m", "true"],
                          capture_output=True).returncode == 0


class NSS(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.path.exists(SKIPPED):
            os.remove(SKIPPED)
        if not namespaces():
            with open(SKIPPED, "w") as f:
                f.write("unshare -m is not allowed here\n")
            raise unittest.SkipTest("unshare -m is not allowed here")
        cls.tmp = tempfile.TemporaryDirectory(prefix="portreg-nss-")
        # hosts from files alone: tcpdump names hosts too, and DNS would
        # wait for a network there is none of
        cls.nsswitch = os.path.join(cls.tmp.name, "nsswitch.conf")
        with open(cls.nsswitch, "w") as f:
            f.write("services: portreg\nhosts: files\n")
        cls.files = os.path.join(cls.tmp.name, "nsswitch.files")
        with open(cls.files, "w") as f:
            f.write("services: files\nhosts: files\n")
        cls.reg = Servent(REGISTRY)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_ns(self, cmd, stdin="", portreg=True):
        """CMD in a private mount namespace whose nsswitch.conf says
        "services: portreg", with the module on LD_LIBRARY_PATH (or, for
        PORTREG false, "services: files": the system's /etc/services)."""
        env = dict(os.environ)
        if portreg:
            env["LD_LIBRARY_PATH"] = os.path.abspath(OUT)
        prefix = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" '
                  '/etc/nsswitch.conf && exec "$@"',
                  self.nsswitch if portreg else self.files]
        p = subprocess.run(prefix + cmd, input=stdin, capture_output=True,
                           text=True, env=env)
        return p

    def names(self):
        """Every name with a servent that getent can be given (getent
        splits a key at '/', and a number is a port)."""
        return [n for n in dict.fromkeys(e[0] for e in self.reg.ported)
                if "/" not in n and not n[0].isdigit()
                and " " not in n]

    def test_getent_names_ports_and_enumeration(self):
        names = self.names()
        p = self.run_ns(["getent", "services"] + names)
        self.assertEqual(p.returncode, 0, p.stderr)
        got = [ln.split() for ln in p.stdout.splitlines()]
        want = [self.reg.by_name(n, None).split("\t") for n in names]
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertEqual(g, [w[0], "%s/%s" % (w[1], w[2])] + w[3:], w[0])
        ports = sorted({(p, b) for e in self.reg.ported if e[1] in (1, 2)
                        for p in range(e[2], e[3] + 1) for b in [e[1]]})
        keys = ["%d/%s" % (port, "tcp" if b == 1 else "udp")
                for port, b in ports]
        p = self.run_ns(["getent", "services"] + keys)
        self.assertEqual(p.returncode, 0, p.stderr)
        got = [ln.split() for ln in p.stdout.splitlines()]
        self.assertEqual(len(got), len(keys))
        for g, key in zip(got, keys):
            port, proto = key.split("/")
            w = self.reg.by_port(int(port), proto).split("\t")
            self.assertEqual(g, [w[0], key] + w[3:], key)
        p = self.run_ns(["getent", "services"])
        self.assertEqual(p.returncode, 0, p.stderr)
        got = [ln.split() for ln in p.stdout.splitlines()]
        want = [w.split("\t") for w in self.reg.enumeration()]
        self.assertEqual(got, [[w[0], "%s/%s" % (w[1], w[2])] + w[3:]
                               for w in want])

    def run_files(self, services, cmd, line="files"):
        """CMD with SERVICES bind-mounted over /etc/services and
        "services: LINE" (the module on LD_LIBRARY_PATH)."""
        conf = os.path.join(self.tmp.name, "nsswitch." + line.replace(" ",
                                                                      "-"))
        with open(conf, "w") as f:
            f.write("services: %s\nhosts: files\n" % line)
        env = dict(os.environ, LD_LIBRARY_PATH=os.path.abspath(OUT))
        prefix = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" '
                  '/etc/nsswitch.conf && mount --bind "$1" /etc/services && '
                  'shift && exec "$@"', conf, services]
        return subprocess.run(prefix + cmd, capture_output=True, text=True,
                              env=env)

    def test_module_answers_as_files_reading_portreg_services(self):
        """One canonical servent: glibc's files backend reading
        `portreg --services` and the module answer every name and every
        used tcp and udp port alike (name, port, protocol, aliases)."""
        services = os.path.join(self.tmp.name, "services")
        with open(services, "w") as f:
            subprocess.run([os.path.join(OUT, "portreg"), "--services"],
                           stdout=f, check=True)
        os.chmod(self.tmp.name, 0o755)
        os.chmod(services, 0o644)
        keys = self.names() + ["%d/%s" % (port, proto) for port, proto in
                               sorted({(p, "tcp" if e[1] == 1 else "udp")
                                       for e in self.reg.ported
                                       if e[1] in (1, 2)
                                       for p in range(e[2], e[3] + 1)})]
        files = self.run_files(services, ["getent", "services"] + keys)
        module = self.run_ns(["getent", "services"] + keys)
        self.assertEqual((files.returncode, module.returncode), (0, 0),
                         files.stderr + module.stderr)
        got, want = module.stdout.splitlines(), files.stdout.splitlines()
        self.assertEqual(len(want), len(keys))
        self.assertEqual([ln.split() for ln in got],
                         [ln.split() for ln in want])

    def test_files_then_portreg_with_netbase(self):
        """The README's line for a host with Debian's netbase, "services:
        files portreg": netbase's names and first names win, the registry
        answers what netbase lacks, and a name in another case than
        netbase's falls through to the module."""
        netbase = set()
        with open("/etc/services", encoding="utf-8") as f:
            for line in f:
                netbase.update(w.lower() for w in line.split("#")[0].split())
        only = next(n for n in self.names() if n.lower() not in netbase)
        p = self.run_files("/etc/services", ["getent", "services",
                                             "2049/tcp", "nfs", only,
                                             "HTTP"], "files portreg")
        self.assertEqual(p.returncode, 0, p.stderr)
        got = [ln.split()[:2] for ln in p.stdout.splitlines()]
        reg = self.reg.by_name(only, None).split("\t")
        self.assertEqual(got, [["nfs", "2049/tcp"], ["nfs", "2049/tcp"],
                               [reg[0], "%s/%s" % (reg[1], reg[2])],
                               ["http", "80/tcp"]])

    def test_python_socket(self):
        cases = {
            "byname": [(n, proto, int(self.reg.by_name(n, proto)
                                       .split("\t")[1]))
                       for n in dict.fromkeys(e[0] for e in self.reg.ported)
                       for proto in ("tcp", "udp")
                       if self.reg.by_name(n, proto) != "-"],
            "byport": [(port, proto, self.reg.by_port(port, proto)
                        .split("\t")[0])
                       for port in sorted({p for e in self.reg.ported
                                           for p in range(e[2], e[3] + 1)})
                       for proto in ("tcp", "udp")
                       if self.reg.by_port(port, proto) != "-"],
        }
        cases["addrinfo"] = [(n, port) for n, proto, port in cases["byname"]
                             if proto == "tcp"]
        script = (
            "import json, socket, sys\n"
            "c = json.load(sys.stdin)\n"
            "bad = [x for x in c['byname'] if socket.getservbyname(x[0], "
            "x[1]) != x[2]]\n"
            "bad += [x for x in c['byport'] if socket.getservbyport(x[0], "
            "x[1]) != x[2]]\n"
            "bad += [x for x in c['addrinfo'] if socket.getaddrinfo("
            "'127.0.0.1', x[0], socket.AF_INET, socket.SOCK_STREAM)[0][4][1]"
            " != x[1]]\n"
            "print(json.dumps([len(c[k]) for k in c] + [bad[:5], len(bad)]))\n")
        p = self.run_ns([sys.executable, "-c", script],
                        stdin=json.dumps(cases))
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        *counts, bad, nbad = json.loads(p.stdout)
        self.assertEqual((nbad, bad), (0, []))
        self.assertGreater(min(counts), 5000)

    def test_getaddrinfo_in_c(self):
        exe = os.path.join(OUT, "nss_getaddrinfo")
        subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-O1", "-o",
                        exe, os.path.join(ROOT, "tests", "c",
                                          "nss_getaddrinfo.c")], check=True)
        names = [n for n in dict.fromkeys(e[0] for e in self.reg.ported)
                 if self.reg.by_name(n, "tcp") != "-"]
        p = self.run_ns([exe], stdin="".join(n + "\n" for n in names))
        self.assertEqual(p.returncode, 0, p.stderr)
        want = ["%s\t%s" % (n, self.reg.by_name(n, "tcp").split("\t")[1])
                for n in names]
        self.assertEqual(p.stdout.splitlines(), want)

    def test_tcpdump_names_ports_netbase_does_not(self):
        if not shutil.which("tcpdump"):
            self.fail("tcpdump is missing: apt-get install tcpdump")
        netbase = set()
        with open("/etc/services", encoding="utf-8") as f:
            for line in f:
                w = line.split("#")[0].split()
                if len(w) >= 2:
                    netbase.add(w[1])
        ports = []
        for port in range(1024, 65536):
            for proto in ("tcp", "udp"):
                name = self.reg.by_port(port, proto).split("\t")[0]
                if name != "-" and "%d/%s" % (port, proto) not in netbase \
                        and name.isascii() and " " not in name:
                    ports.append((port, proto, name))
        ports = ports[::max(1, len(ports) // 40)][:40]
        pcap = os.path.join(self.tmp.name, "flows.pcap")
        with open(pcap, "wb") as f:
            f.write(capture(ports))
        os.chmod(self.tmp.name, 0o755)
        os.chmod(pcap, 0o644)
        cmd = ["tcpdump", "-r", pcap]
        plain = self.run_ns(cmd, portreg=False)
        named = self.run_ns(cmd)
        self.assertEqual((plain.returncode, named.returncode), (0, 0),
                         named.stderr)
        self.assertEqual(len(named.stdout.splitlines()), len(ports))
        for (port, proto, name), a, b in zip(ports, plain.stdout.splitlines(),
                                             named.stdout.splitlines()):
            self.assertIn("10.0.0.2.%d:" % port, a, a)     # netbase: a number
            self.assertIn("10.0.0.2.%s:" % name, b, b)     # portreg: a name

    def test_module_conventions_and_two_threads(self):
        exe = os.path.join(OUT, "nss_module")
        subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-O1", "-o",
                        exe, os.path.join(ROOT, "tests", "c", "nss_module.c"),
                        "-ldl", "-lpthread"], check=True)
        p = subprocess.run([exe, os.path.abspath(MODULE)],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        lines = p.stdout.splitlines()
        self.assertIn(" 0 failed", lines[0])
        print("\nnss module: " + lines[0], file=sys.stderr)
        # two threads on the one cursor: every servent exactly once
        self.assertEqual(sorted(lines[1:]), sorted(self.reg.enumeration()))


def capture(ports):
    """A pcap file (LINKTYPE_RAW: IPv4 packets) with one packet from
    10.0.0.1 to 10.0.0.2 on each (port, protocol): a TCP SYN or a UDP
    datagram, from the unassigned port 65001."""
    out = [struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101)]
    for i, (port, proto, _) in enumerate(ports):
        if proto == "tcp":
            l4 = struct.pack(">HHIIBBHHH", 65001, port, 1, 0, 5 << 4, 0x02,
                             65535, 0, 0)
            number = 6
        else:
            l4 = struct.pack(">HHHH", 65001, port, 8, 0)
            number = 17
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), i, 0, 64,
                         number, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        ip = ip[:10] + struct.pack(">H", checksum(ip)) + ip[12:]
        packet = ip + l4
        out.append(struct.pack("<IIII", 1767225600 + i, 0, len(packet),
                               len(packet)) + packet)
    return b"".join(out)


def checksum(header):
    total = sum(struct.unpack(">%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


if __name__ == "__main__":
    unittest.main()
