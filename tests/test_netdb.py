"""getservbyname/getservbyport from portreg (make check-netdb).

1. A program written for the C library's getservbyname()/getservbyport()
   (tests/c/netdb_prog.c) is linked against out/portreg_netdb.o and must
   answer, for every name and every used port of the registry, what this test
   computes from the CSV as a services(5) file (Servent): the line of the
   name's lowest port and first protocol there, its first name as s_name
   and the others as aliases.
2. Debian's /etc/services (package netbase) as a peer: for every name and
   port that it and the registry share for tcp or udp, portreg's
   getservbyname_r/getservbyport_r and glibc's must agree, except for the
   differences listed with a reason in tests/netbase-differences.tsv.

Environment: PORTREG_OUT (the build, default out), PORTREG_REGISTRY (its
CSV), CC.
"""

import os
import subprocess
import unittest

from tests.test_equiv import BIT, NOPORT, expected, for_protocol

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("PORTREG_OUT", os.path.join(ROOT, "out"))
REGISTRY = os.environ.get("PORTREG_REGISTRY", os.path.join(
    ROOT, "registry", "service-names-port-numbers.csv"))
DIFFERENCES = os.path.join(ROOT, "tests", "netbase-differences.tsv")
PROTO = {1: "tcp", 2: "udp", 4: "sctp", 8: "dccp"}


def build(exe, *sources):
    subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-O1", "-I", OUT,
                    "-o", exe, *sources], check=True)


def ask(exe, queries):
    p = subprocess.run([exe], input="".join(q + "\n" for q in queries),
                       capture_output=True, text=True, check=True)
    return p.stdout.splitlines()


def carried(name):
    """Whether a services(5) file can carry NAME: no white space, no '#',
    no control character (README.md)."""
    return all(c > " " and c not in "#\x7f" for c in name)


class Servent:
    """The answers the registry gives, from the CSV (entries as
    tests/test_equiv.py reads them), as glibc's files backend answers from
    a services(5) file with a line for each port and protocol: the names of
    its entries in registry order, each once (ASCII case ignored, the first
    spelling), those a line cannot carry left out, a row with no protocol
    on the line of every protocol; the first is s_name, the others aliases;
    lines by port, then tcp, udp, sctp, dccp."""

    def __init__(self, registry):
        _, self.entries = expected(registry)
        self.ported = [e for e in self.entries if not e[4] & NOPORT]
        self.at, self.named = {}, {}     # (port, bit) -> entries; name ->
        for e in self.ported:
            for p in range(e[2], e[3] + 1):
                for b in (1, 2, 4, 8):
                    if e[1] in (b, 16):
                        self.at.setdefault((p, b), []).append(e)
            self.named.setdefault(e[0].lower(), []).append(e)

    def line(self, port, bit):
        names = {}
        for e in self.at.get((port, bit), []):
            if carried(e[0]):
                names.setdefault(e[0].lower(), e[0])
        return list(names.values())

    def answer(self, port, bit):
        names = self.line(port, bit)
        if not names:
            return "-"
        return "\t".join([names[0], str(port), PROTO[bit]] + names[1:])

    def by_name(self, name, proto):
        """The first line holding NAME: its lowest port, then its first
        protocol there."""
        if not carried(name):
            return "-"
        found = [e for e in self.named.get(name.lower(), [])
                 if for_protocol(e[1], proto)]
        if not found:
            return "-"
        port = min(e[2] for e in found)
        # a row with no protocol: the protocol asked, or the first
        return self.answer(port, min(
            (BIT[proto] if proto else 1) if e[1] == 16 else e[1]
            for e in found if e[2] == port))

    def by_port(self, port, proto):
        for b in (1, 2, 4, 8):
            if proto is None or b == BIT[proto]:
                if self.line(port, b):
                    return self.answer(port, b)
        return "-"

    def enumeration(self):
        """Every line, as the getservent family lists them: by port, then
        protocol; a range gives a line for each of its ports."""
        keys = sorted({(p, b) for p, b in self.at}, key=lambda k: k)
        return [a for a in (self.answer(p, b) for p, b in keys) if a != "-"]


class NetdbObject(unittest.TestCase):

    def test_libc_names_answer_from_the_registry(self):
        exe = os.path.join(OUT, "netdb_prog")
        build(exe, os.path.join(ROOT, "tests", "c", "netdb_prog.c"),
              os.path.join(OUT, "portreg_netdb.o"),
              os.path.join(OUT, "libportreg.a"))
        reg = Servent(REGISTRY)
        names = list(dict.fromkeys(e[0] for e in reg.entries))
        ports = sorted({p for e in reg.ported for p in range(e[2], e[3] + 1)})
        cases = [("N %s %s" % (n, p or "-"), reg.by_name(n, p))
                 for n in names if " " not in n
                 for p in (None, "tcp", "udp")]
        cases += [("P %d %s" % (port, p or "-"), reg.by_port(port, p))
                  for port in ports + [65535, 0]
                  for p in (None, "tcp", "udp", "sctp")]
        cases += [("N no-such-service-xyz tcp", "-"), ("N http xyz", "-")]
        got = ask(exe, [q for q, _ in cases])
        self.assertEqual(len(got), len(cases))
        for (q, want), line in zip(cases, got):
            self.assertEqual(line, want, q)

    def test_each_function_keeps_its_own_result(self):
        """getservbyname's result stays as it was after getservbyport and
        getservent, as glibc keeps one for each (code written against
        glibc relies on it)."""
        exe = os.path.join(OUT, "netdb_prog")
        build(exe, os.path.join(ROOT, "tests", "c", "netdb_prog.c"),
              os.path.join(OUT, "portreg_netdb.o"),
              os.path.join(OUT, "libportreg.a"))
        reg = Servent(REGISTRY)
        first = reg.enumeration()[0]
        for name, port in (("http", 443), ("ssh", 6400), ("x11", 80)):
            got = ask(exe, ["B %s %d" % (name, port)])
            self.assertEqual(got, [reg.by_name(name, None),
                                   reg.by_port(port, None), first])
            self.assertTrue(got[0].startswith(name + "\t"), got)

    def test_getservent_lists_every_servent_once(self):
        """setservent/getservent/endservent, and getservent_r from a buffer
        that starts too small (ERANGE, then twice as large), list every
        servent getservbyport answers, ranges port by port."""
        exe = os.path.join(OUT, "netdb_prog")
        build(exe, os.path.join(ROOT, "tests", "c", "netdb_prog.c"),
              os.path.join(OUT, "portreg_netdb.o"),
              os.path.join(OUT, "libportreg.a"))
        want = Servent(REGISTRY).enumeration()
        got = ask(exe, ["E - -", "R - -", "E - -"])
        self.assertEqual(got, (want + ["."]) * 3)
        x11 = [ln for ln in want if ln.startswith("x11\t")]
        self.assertEqual(len(x11), 128)     # 6000-6063, tcp and udp


def netbase():
    """(name, port, proto) of every name and alias in /etc/services."""
    rows = []
    with open("/etc/services", encoding="utf-8") as f:
        for line in f:
            words = line.split("#")[0].split()
            if len(words) >= 2:
                port, proto = words[1].split("/")
                rows += [(n, int(port), proto) for n in [words[0]] + words[2:]]
    return rows


class NetbasePeer(unittest.TestCase):

    def test_shared_entries_answer_as_glibc_or_are_listed(self):
        self.assertTrue(os.path.exists("/etc/services"),
                        "no /etc/services: apt-get install netbase")
        exe = os.path.join(OUT, "netbase_peer")
        build(exe, os.path.join(ROOT, "tests", "c", "netbase_peer.c"),
              os.path.join(OUT, "libportreg.a"))
        reg = Servent(REGISTRY)
        named = {(e[0].lower(), proto) for e in reg.ported
                 for proto in ("tcp", "udp") if for_protocol(e[1], proto)}
        covered = {(p, proto) for e in reg.ported
                   for proto in ("tcp", "udp") if for_protocol(e[1], proto)
                   for p in range(e[2], e[3] + 1)}
        queries = []
        for name, port, proto in netbase():
            if proto in ("tcp", "udp") and (name.lower(), proto) in named:
                queries.append("N %s %s" % (name, proto))
            if proto in ("tcp", "udp") and (port, proto) in covered:
                queries.append("P %d %s" % (port, proto))
        queries = list(dict.fromkeys(queries))
        self.assertGreater(len(queries), 300)
        found = {}
        for q, line in zip(queries, ask(exe, queries)):
            ours, glibc = line.split("\t")
            self.assertNotEqual(ours, "-", q)
            # by name: the same port (the spelling is the registry's);
            # by port: the same preferred name
            kind = q[0]
            a, b = ours.split("/"), glibc.split("/")
            same = (a[1:] == b[1:]) if kind == "N" else (a[0] == b[0])
            if not same:
                found[q] = (ours, glibc)
        listed = {}
        with open(DIFFERENCES, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                q, ours, glibc, reason = line.rstrip("\n").split("\t")
                self.assertTrue(reason.strip(), q)
                listed[q] = (ours, glibc)
        self.assertEqual(found, listed)


if __name__ == "__main__":
    unittest.main()
