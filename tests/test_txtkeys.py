"""DNS-SD TXT keys as the registry states them (gen/txtkeys.py).

The expected keys below were written by reading each row's Assignment Notes
in the registry, not taken from the reader's output: first every entry of
the seed document (../shared/registry/seed-excerpt-plain-text.txt), then
rows of the real registry, at least one per form and its variants.  The
notes are read from the newest mirrored CSV at run time (the registry is
third-party data, never copied here).  Then, over every row of every
mirrored version: no key is "None", empty, or a word of a sentence, and the
count of rows per form is printed.

Environment: PORTREG_MIRROR (default ../shared/registry).
"""

import csv
import os
import re
import sys
import unittest

from gen import txtkeys
from tests.test_equiv import MIRROR, versions

SEED = os.path.join(MIRROR, "seed-excerpt-plain-text.txt")

# (service name, protocol, [keys] or [(key, description)]); [] is no keys.
SEED_ROWS = [
    ("pgpkey-mailto", "", [("user", "user portion of the mail address")]),
    ("pkixrep", "", []),
    ("pres", "tcp", []),
    ("pres", "udp", []),
    ("rgb", "tcp", ["Keyboard", "Mouse", "Option1", "Option2", "Option3",
                    "Option4", "ModelName"]),
    ("robustirc", "tcp", []),
    ("rsmp-server", "", [("apiver", "major.minor")]),
    ("scpi-raw", "", []),
    ("scpi-telnet", "", []),
    ("sessionfs", "", []),      # prose about file extensions
    ("slimcli", "", []),
    ("slimhttp", "", []),
    ("slpda", "tcp", []),
    ("slpda", "udp", []),
    ("strobe-sync", "tcp", []),     # a sentence about Bonjour
    ("surveillus", "", []),
    ("timezone", "tcp", [("path", "context path")]),
    ("timezones", "tcp", [("path", "context path")]),
    ("touch-able", "", ["txtvers", "CtlN", "DbId", "Ver", "DvTy", "OSsi",
                        "DvSv"]),
    ("touch-remote", "", ["txtvers", "DvNm", "Pair", "RemV", "RemN",
                          "DvTy"]),
    ("voalte3", "tcp", ["txtvers", "name"]),
    ("wot", "tcp", ["td", "type", "scheme"]),
    ("wot", "udp", ["td", "type", "scheme"]),
]

# Rows of the registry, one or more per form.  The comment says the form.
TABLE = [
    # pairs: key=<description> separated by spaces
    ("ftp", "tcp", [("u", "username"), ("p", "password"), ("path", "path")]),
    ("http", "tcp", [("u", "username"), ("p", "password"),
                     ("path", "path to document")]),
    ("nfs", "tcp", [("path", "path to mount point")]),
    ("izira", "tcp", ["u", "p", "m", "o", "s"]),
    ("sleeptracker", "tcp", ["serial", "hostname", "osVer", "appVer", "unit",
                          "environment"]),
    # pairs separated by commas, keys with spaces
    ("fairview", "tcp", [("DevID", "device id"), ("DevType", "device type"),
                      ("DevStat", "device status")]),
    ("irmc", "", [("RMC Client Version", "version"),
                  ("MAC Address", "address")]),
    # pairs separated by semicolons, values bare
    ("ncpu", "tcp", [("u", "username"), ("k", "keypattern"), ("f", "fstabFILE"),
                  ("n", "namespace"), ("h", "hostkey"), ("r", "root")]),
    # pairs one a line, with a bare key first
    ("lanrevagent", "tcp", ["txtvers", "server", "vers", "build", "id"]),
    ("airprojector", "", ["mac", "ip", "note", "use", "mainprog",
                          "bootprog"]),
    ("dbaudio", "tcp", ["txtvers", "protovers", "guid", "name", "sn", "device",
                     "fwver"]),
    # pairs with bare keys after them in a comma list
    ("adobe-vc", "", [("txtvers", "1"), "name", "version", "build"]),
    ("tbricks", "", ["txtvers", "sesna", "seid", "setype", "cosna", "coid",
                     "cotype", "sysna", "syna", "syid", "subsyid", "venid",
                     "protocols", "pid"]),
    ("acs-ctl-ds", "tcp", ["MAC", "GW-MAC"]),
    ("lxi", "", ["txtvers", "*IDN?"]),
    # pairs followed by remarks: parenthetical, bracketed, prose
    ("timezone", "tcp", ["path"]),
    ("astnotify", "udp", [("prefix", "country code prefix")]),
    ("sparql", "", ["txtvers", "path", "protovers", "binding", "vocabs",
                    "metadata"]),
    ("pblr", "tcp", [("enabled", "true|false"), ("accmode", "read|readwrite"),
                     ("version", "x.y"), ("sn", "sn")]),
    ("aeroflex", "", ["orb_server", "product_id", "txtvers"]),
    ("rfbc", "", [("server", "dns-name/ip-address:port")]),
    ("lsys-appserver", "", [("path", "value"), ("engname", "value")]),
    ("qttp", "", ["u", "p", "path"]),
    # pairs whose examples follow ("Example:", "eg ...", "normally: ...")
    ("jnx-kcsync", "tcp", ["hash", "salt", "uuid"]),
    ("mqtt", "", [("topics", "open topic to subscribe to for information")]),
    ("pgpkey-http", "", ["path"]),
    ("xmcp", "tcp", ["txtvers", "protovers"]),
    # "key= description" as prose, wrapped: an indented line continues
    # the key above it
    ("spx-hmp", "tcp", [("txtvers", "1"),
                        ("cport", "the port for the content HTTP server"),
                        ("mode", "the mode in which the HMP device is "
                                 "currently operating, one of \"normal\", "
                                 "\"safe\" or \"recovery\""),
                        ("serial", "serial number of the HMP device"),
                        ("firmware", "firmware version string"),
                        ("model", "model string")]),
    ("nasunifiler", "tcp", [("companyfullname", "The name of the company "
                                             "hosting the Nasuni Filer")]),
    # pairs after list markers, values in braces and brackets
    ("soda", "tcp", ["ssid", "bssid"]),
    ("objective", "", [("txtvers", "1"),
                       ("type", "{'production'|'standby'|'test'|'demo'}"),
                       "protocol", "transport"]),
    # pairs after prose lines (the keys are the key= lines)
    ("fix", "", ["txtvers", "fix", "fix supported", "fixt"]),
    # colons: "key: description" lines, keys in <> or quotes
    ("iot", "tcp", [("type", "application specific kind of protocol"),
                    ("vers", "version of the 'type'"),
                    ("device", "device descriptor")]),
    ("bootstrap", "tcp", ["url", "namespace"]),
    # columns: "key  description"
    ("iax", "tcp", ["auth", "userid", "secret", "domain", "extension",
                    "context", "trunk", "welcome", "voicemail", "reception",
                    "echotest", "ivrtest"]),
    ("shifter", "", [("username", "The login username to use (optional)"),
                     "ssh_tunnel", "iface", "version", "ID"]),
    # list: comma-separated, keys with spaces
    ("daap", "tcp", ["txtvers", "Version", "iTSh Version", "Machine ID",
                  "Database ID", "Machine Name", "Password"]),
    ("booked-sync", "tcp", ["Edition", "Version", "Public Shares", "Machine ID",
                         "Machine Name"]),
    ("airplay", "tcp", ["am", "cn", "et", "ft", "fv", "md", "pk", "pw", "sf",
                     "tp", "vn", "vs"]),
    ("iqp", "tcp", ["txtvers", "mk", "md", "us", "un", "ss", "auth"]),
    ("found", "tcp", ["id", "key"]),
    # list: one key
    ("owserver", "tcp", ["txtvers"]),
    ("bookworm", "", ["flavors"]),
    ("atlassianapp", "", ["app.url"]),
    # list: a trailing semicolon, a trailing parenthetical remark
    ("airport", "", ["waMA"]),
    ("voalte2", "tcp", ["txtvers", "name"]),
    # list: leading dashes, one a line
    ("enphase-envoy", "tcp", ["txtvers", "protovers", "serialnum"]),
    # list: separated by spaces
    ("duckrace", "tcp", ["txtvers", "uuid", "devicename"]),
    ("bender", "", ["product", "version", "bus", "id", "featuremask"]),
    # list: KEY (description)
    ("wdp", "tcp", [("D", "device type"), ("S", "https port"),
                    ("A", "architecture"), ("T", "tags")]),
    ("ims-ni", "tcp", [("SN", "serial number"), ("SVER", "software version"),
                    ("HVER", "hardware version"),
                    ("PVER", "protocol version")]),
    # "None", then key lines: the lines are the keys
    ("hg", "", [("path", "file system pathname to repository"),
                ("description", "descriptive name of repository")]),
    ("mxs", "", [("mxs.system.id", "system id"),
                 ("mxs.system.version", "system layer version"),
                 ("mxs.cluster.id", "cluster id the system belongs to")]),
    # keys quoted inside a sentence
    ("pochi", "tcp", [("txtvers", "for specification versioning"),
                      ("name", "representing the advertising presentation "
                       "string value name for the audience application to "
                       "retrieve and display")]),
    # one named key beside "proprietary keys"
    ("mieleacs", "tcp", ["txtvers"]),
    # a list that ends in an ellipsis: the keys it names
    ("ptp-req", "", ["txtvers", "guid", "c0", "c1", "c2"]),
    # list followed by a reference
    ("bidib", "tcp", ["bidib", "node", "interface", "uid", "prod", "user"]),
    # none, in its spellings
    ("robustirc", "tcp", []),           # None
    ("slimcli", "", []),
    ("busycal", "tcp", []),                # Proprietary
    ("uddi", "", []),                   # TBD
    ("mavlink", "tcp", []),                # 0
    ("msrps", "tcp", []),                  # nothing after the colon
    # prose, references, URLs
    ("ipp", "tcp", []),                 # See BonjourPrinting.pdf.
    ("presence", "tcp", []),            # See http://...
    ("ciao", "tcp", []),                   # see www...
    ("ditrios", "", []),                # a URL
    ("recipe-sharing", "tcp", []),         # [a URL]
    ("guid", "", []),                   # Varies; Depends on ...
    ("sipuri", "", []),                 # Defined in URL specification
    ("tsbiis", "tcp", []),                 # there is no TXT keys defined ...
    ("test-ok", "tcp", []),                # a title
    ("av-chat-ring-01", "tcp", []),        # keys described in sentences
    ("psap", "udp", []),                   # c0, c1, ..., cn: a pattern
    ("display", "tcp", []),                # _display.tcp. Display Protocol
    ("hub-open-net", "tcp", []),           # a service instance name
    ("payload-app", "tcp", []),            # service types
    ("vhusb", "tcp", []),                  # <serial number of server>
]


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def expand(keys):
    return [(k, None) if isinstance(k, str) else k for k in keys]


class TxtKeys(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        paths = versions()
        if not paths:
            raise unittest.SkipTest("no registry in " + MIRROR)
        cls.rows = rows_of(paths[-1])
        cls.notes = {}
        for r in cls.rows:
            cls.notes.setdefault((r[0], r[2]), r[11])

    def check(self, table):
        for name, proto, want in table:
            with self.subTest(name=name, proto=proto):
                self.assertTrue((name, proto) in self.notes,
                                "no row %s/%s" % (name, proto or "-"))
                got = txtkeys.keys(self.notes[(name, proto)])
                self.assertEqual([k for k, _ in got],
                                 [k for k, _ in expand(want)])
                for (k, d), (_, wd) in zip(got, expand(want)):
                    if wd is not None:
                        self.assertEqual(d, wd, k)

    def test_seed_excerpt_entries(self):
        with open(SEED, encoding="utf-8") as f:
            seed = f.read()
        # the table above covers every entry of the seed document
        listed = {n for n, _, _ in SEED_ROWS}
        entries = set(re.findall(r"^([a-z][a-z0-9-]*) ", seed.split(
            "Plain text")[1].split("Contact Information")[0], re.M))
        entries -= {"service"}
        self.assertEqual(entries - listed, set())
        self.check(SEED_ROWS)

    def test_hand_read_rows(self):
        self.assertGreaterEqual(len(TABLE), 60)
        self.check(TABLE)

    def test_no_key_is_none_empty_or_a_word_of_a_sentence(self):
        forms = {}
        for path in versions():
            for r in rows_of(path):
                form, keys = txtkeys.read(r[11])
                forms[form] = forms.get(form, 0) + 1
                for k, _ in keys:
                    where = "%s %s: %r" % (os.path.basename(path), r[0], k)
                    self.assertNotEqual(k.strip(), "", where)
                    self.assertNotEqual(k.lower(), "none", where)
                    self.assertFalse(set(k.lower().split()) & {
                        "the", "is", "are", "of", "see", "and", "will",
                        "not", "for", "this"}, where)
                    self.assertNotRegex(k, r"://|\.$|^www\.", where)
                if form == "prose":
                    self.assertEqual(keys, (), r[0])
        print("\nTXT keys, rows per form over %d versions: %s" % (
            len(versions()), ", ".join("%s %d" % kv for kv in sorted(
                forms.items()))), file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
