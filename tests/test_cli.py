"""The command-line tool, built from the fixture: what it prints for each
kind of argument, its exit status, and a one-line error for every bad one.
Expected lines are read off tests/fixtures/good.csv (also read here).

Environment: PORTREG_CLI (the built tool), PORTREG_FIXTURE (its registry).
"""

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the command's sources, as the Makefile builds it
CLI_SOURCES = [os.path.join(ROOT, "templates", f) for f in
               ("portreg_cli.c", "portreg.c", "portreg_servent.c")]
CLI = os.environ.get("PORTREG_CLI", os.path.join(ROOT, "out", "fixture",
                                                 "portreg"))
FIXTURE = os.environ.get("PORTREG_FIXTURE", os.path.join(
    ROOT, "tests", "fixtures", "good.csv"))


def run(*args):
    p = subprocess.run([CLI, *args], capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def fixture_rows():
    with open(FIXTURE, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def line(r):
    port = r[1] or "-"
    desc = "".join(" " if ord(c) < 0x20 else c for c in r[3])
    return "%s\t%s/%s\t%s" % (r[0], port, r[2] or "-", desc)


class Lookups(unittest.TestCase):

    def expect(self, args, rows):
        rc, out, err = run(*args)
        self.assertEqual((rc, err), (0, ""), args)
        self.assertEqual(out.splitlines(), [line(r) for r in rows], args)

    def test_name_lists_every_entry_in_registry_order(self):
        rows = fixture_rows()
        self.expect(["http"], [r for r in rows if r[0] == "http"])
        self.expect(["HTTP/tcp"], [r for r in rows
                                   if r[0] == "http" and r[2] == "tcp"])

    def test_port_lists_every_name(self):
        rows = fixture_rows()
        self.expect(["80"], [r for r in rows if r[0] and r[1] == "80"])
        self.expect(["80/udp"], [r for r in rows if r[0] and r[1] == "80"
                                 and r[2] == "udp"])
        self.expect(["6010/tcp"], [r for r in rows if r[0] == "x11"
                                   and r[2] == "tcp"])
        # a row with no protocol counts for every protocol (boe-cms 6400,
        # active-net 3322-3325 in the fixture); its own stays "-"
        for arg in ("6400/tcp", "6400/sctp", "boe-cms/udp", "_boe-cms._tcp"):
            self.expect([arg], [r for r in rows if r[0] == "boe-cms"])
        self.expect(["3324/dccp"], [r for r in rows if r[0] == "active-net"])
        self.expect(["_rdp._udp"], [r for r in rows if r[0] == "rdp"])

    def test_legacy_name_with_slash(self):
        self.expect(["914c/g"], [r for r in fixture_rows()
                                 if r[0] == "914c/g"])

    def test_several_arguments(self):
        rows = fixture_rows()
        self.expect(["msp/tcp", "443/sctp"],
                    [r for r in rows if r[0] == "msp" and r[2] == "tcp"] +
                    [r for r in rows if r[1] == "443" and r[2] == "sctp"])

    def test_status(self):
        rc, out, _ = run("--status", "49200/tcp")
        self.assertEqual((rc, out), (0, "49200/tcp\tdynamic\n"))
        rc, out, _ = run("--status", "2")
        self.assertEqual(out.splitlines(), [
            "2/tcp\treserved", "2/udp\tunassigned", "2/sctp\tunassigned",
            "2/dccp\tunassigned"])

    def test_status_in_a_subset_build_says_unknown(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "gen", "generate",
                            "--registry", FIXTURE, "--out", tmp,
                            "--min-rows", "0", "--protocols", "tcp",
                            "--ports", "0-1023"], cwd=ROOT, check=True,
                           capture_output=True)
            exe = os.path.join(tmp, "portreg")
            subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-I", tmp,
                            "-o", exe,
                            *CLI_SOURCES], check=True)
            p = subprocess.run([exe, "--status", "80"], capture_output=True,
                               text=True)
            self.assertEqual(p.stdout.splitlines(), [
                "80/tcp\tassigned", "80/udp\tunknown", "80/sctp\tunknown",
                "80/dccp\tunknown"])
            p = subprocess.run([exe, "--status", "6000/tcp"],
                               capture_output=True, text=True)
            self.assertEqual(p.stdout, "6000/tcp\tunknown\n")
            p = subprocess.run([exe, "--full", "http"], capture_output=True,
                               text=True)     # a minimal build
            self.assertEqual((p.returncode, p.stdout), (2, ""))
            self.assertEqual(p.stderr, "portreg: --full needs a PROFILE=full "
                             "build\n")

    def test_full_shows_every_column_and_txt_keys(self):
        rows = [r for r in fixture_rows() if r[0] == "http" and r[2] == "tcp"]
        rc, out, _ = run("--full", "http/tcp")
        self.assertEqual(rc, 0)
        self.assertEqual(out.splitlines(), [
            line(rows[0]), "  notes: " + rows[0][11],
            # read off the fixture's notes by hand
            "  txt key: u = username", "  txt key: p = password",
            "  txt key: path = path to document"])
        rows = [r for r in fixture_rows() if r[0] == "https" and r[2] == "sctp"]
        rc, out, _ = run("--full", "https/sctp")
        self.assertEqual(out.splitlines(), [
            line(rows[0]), "  assignee: " + rows[0][4],
            "  contact: " + rows[0][5], "  reference: " + rows[0][8],
            "  rfc: 9260"])
        rc, out, err = run("--full")
        self.assertEqual(rc, 2)

    def test_nothing_found_exits_1_and_says_which(self):
        for arg in ("no-such-name", "5/tcp", "6401/tcp", "_http._sctp"):
            rc, out, err = run(arg)
            self.assertEqual((rc, out, err),
                             (1, "", "portreg: %s: no match\n" % arg), arg)
        # 0 only when every argument matched
        rows = fixture_rows()
        rc, out, err = run("http/tcp", "nosuch", "msp/udp", "5")
        self.assertEqual(rc, 1)
        self.assertEqual(out.splitlines(), [
            line(r) for r in rows if r[0] == "http" and r[2] == "tcp"] + [
            line(r) for r in rows if r[0] == "msp" and r[2] == "udp"])
        self.assertEqual(err, "portreg: nosuch: no match\n"
                              "portreg: 5: no match\n")
        rc, out, err = run("--json", "http/tcp", "nosuch")
        self.assertEqual((rc, len(json.loads(out))), (1, 1))
        self.assertEqual(err, "portreg: nosuch: no match\n")

    def test_options_anywhere_and_double_dash(self):
        rows = fixture_rows()
        http = [r for r in rows if r[0] == "http" and r[2] == "tcp"]
        for args in (["http/tcp", "--json"], ["--json", "http/tcp"]):
            rc, out, _ = run(*args)
            self.assertEqual((rc, [g["name"] for g in json.loads(out)]),
                             (0, ["http"]), args)
        rc, out, _ = run("http/tcp", "--full")
        self.assertEqual(out.splitlines()[0], line(http[0]))
        self.assertIn("  txt key: u = username", out.splitlines())
        # "--" ends the options: what follows is a query, even "--json"
        rc, out, err = run("--", "--json")
        self.assertEqual((rc, out, err),
                         (1, "", "portreg: --json: no match\n"))
        rc, out, err = run("--json", "--", "http/tcp", "-1")
        self.assertEqual(rc, 1)
        self.assertEqual([g["query"] for g in json.loads(out)], ["http/tcp"])
        self.assertEqual(err, "portreg: -1: no match\n")
        rc, out, err = run("--search=WEB")
        self.assertEqual(rc, 0)
        self.assertIn(line(http[0]), out.splitlines())

    def test_unknown_option_lists_the_options(self):
        rc, out, err = run("http", "--jsn")
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "portreg: unknown option (--jsn); the options "
                         "are --full, --json, --all, --search TEXT, --status, "
                         "--services, --version, --help\n")

    def test_options_that_do_not_go_together_are_refused(self):
        for args, msg in (
                (["--full", "--json", "http"], "--full and --json do not go "
                 "together (--json always holds every column)"),
                (["--json", "--full", "http"], "--full and --json do not go "
                 "together (--json always holds every column)"),
                (["--status", "80", "--full"], "--full does not go with "
                 "--status"),
                (["--services", "--json"], "--json does not go with "
                 "--services"),
                (["--all", "--status", "80"], "--all and --status do not go "
                 "together"),
                (["--all", "http"], "--all takes no argument (http)"),
                (["--version", "x"], "--version takes no argument (x)")):
            rc, out, err = run(*args)
            self.assertEqual((rc, out, err), (2, "", "portreg: %s\n" % msg),
                             args)

    def test_version_as_json(self):
        rc, out, _ = run("--version", "--json")
        self.assertEqual(rc, 0)
        self.assertEqual(json.loads(out), {
            "registry_date": "2026-01-05",
            "registry_sha256": sha256(FIXTURE),
            "entries": len([r for r in fixture_rows() if r[0]])})

    def test_all_lists_every_entry(self):
        named = [r for r in fixture_rows() if r[0]]
        rc, out, _ = run("--all")
        self.assertEqual(rc, 0)
        self.assertEqual(sorted(out.splitlines()),
                         sorted(line(r) for r in named))
        rc, out, _ = run("--json", "--all")
        got = json.loads(out)
        self.assertEqual([g["id"] for g in got], list(range(len(named))))
        self.assertEqual(sorted((g["name"], g["description"]) for g in got),
                         sorted((r[0], r[3]) for r in named))
        self.assertTrue(all("query" not in g for g in got))

    def test_status_of_several_ports(self):
        rc, out, _ = run("--status", "49200/tcp", "2/udp", "6400/sctp")
        self.assertEqual((rc, out.splitlines()), (0, [
            "49200/tcp\tdynamic", "2/udp\tunassigned", "6400/sctp\tassigned"]))
        rc, out, _ = run("--status", "--json", "80/tcp", "2/tcp")
        self.assertEqual(json.loads(out), [
            {"query": "80/tcp", "port": 80, "protocol": "tcp",
             "status": "assigned"},
            {"query": "2/tcp", "port": 2, "protocol": "tcp",
             "status": "reserved"}])
        rc, out, err = run("--status", "80", "http")
        self.assertEqual((rc, out), (2, ""))

    def test_a_failed_write_is_exit_2(self):
        for args in (["--services"], ["--all"], ["http"], ["--json", "80"],
                     ["--version"], ["--help"], ["--status", "80"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([CLI, *args], stdout=full,
                                   stderr=subprocess.PIPE, text=True)
            self.assertEqual(p.returncode, 2, args)
            self.assertEqual(p.stderr, "portreg: write error: No space left "
                             "on device\n", args)

    def test_services_file(self):
        """services(5) as netbase writes it: a line per port and protocol,
        its first name, the others as aliases (each once, none with white
        space or '#'; a row with no protocol on the line of every
        protocol), and the description of the first name that has one as a
        comment, shortened with "..." to end within 79 columns; right after
        the port where the line has no aliases."""
        rc, out, _ = run("--services")
        self.assertEqual(rc, 0)
        lines = [ln for ln in out.splitlines() if not ln.startswith("#")]
        body = [ln.split("\t#")[0].split() for ln in lines]
        named = [r for r in fixture_rows() if r[0] and r[1]]
        named.sort(key=lambda r: int(r[1].partition("-")[0]))  # entry order
        want, texts = [], []
        for port in range(65536):
            for proto in ("tcp", "udp", "sctp", "dccp"):
                names, text = [], ""
                for r in named:
                    lo, _, hi = r[1].partition("-")
                    if r[2] in (proto, "") and \
                            int(lo) <= port <= int(hi or lo) \
                            and not set(r[0]) & set(" \t#"):
                        if r[0].lower() not in [n.lower() for n in names]:
                            names.append(r[0])
                        text = text or r[3]
                if names:
                    want.append([names[0], "%d/%s" % (port, proto)] +
                                names[1:])
                    texts.append("".join(" " if ord(c) < 0x20 or c == "\x7f"
                                         else c for c in text))
        self.assertEqual(body, want)
        self.assertIn(["boe-cms", "6400/sctp"], body)
        self.assertIn("http\t\t80/tcp\t\twww www-http\t# World Wide Web "
                      "HTTP", lines)
        for ln, names, text in zip(lines, body, texts):
            self.assertLessEqual(len(ln.expandtabs()), 79, ln)
            comment = ln.partition("\t# ")[2]
            if not text:
                self.assertEqual(comment, "", ln)
            elif comment != text:     # shortened, within 79 columns
                self.assertTrue(comment.endswith("...") and
                                text.startswith(comment[:-3]), ln)
                self.assertGreater(len(ln.expandtabs()), 79 - 4, ln)
            if len(names) == 2 and text:     # no aliases: right after
                self.assertRegex(ln, r"\A[^\t]+\t+[0-9]+/[a-z]+\t# ")
        # the fixture's long description, cut to fit
        self.assertTrue(any(ln.endswith("...") for ln in lines))
        # the rows left out, counted once at the top; the command itself
        # still answers them
        left = [r for r in named if set(r[0]) & set(" \t#")]
        self.assertTrue(left)
        self.assertEqual(out.splitlines()[2], "# %d entries left out: a name "
                         "with white space, '#' or a control character"
                         % len(left))
        rc, found, _ = run(left[0][1])
        self.assertEqual(rc, 0)
        self.assertIn(left[0][0] + "\t", found)

    def test_json_has_every_field(self):
        import json
        rc, out, _ = run("--json", "http/tcp", "https/sctp", "boe-cms")
        self.assertEqual(rc, 0)
        got = json.loads(out)
        rows = fixture_rows()
        want = [r for r in rows if r[0] == "http" and r[2] == "tcp"] + \
            [r for r in rows if r[0] == "https" and r[2] == "sctp"] + \
            [r for r in rows if r[0] == "boe-cms"]
        keys = ("assignee", "contact", "registration_date",
                "modification_date", "reference", "service_code",
                "unauthorized_use", "assignment_notes")
        self.assertEqual(len(got), len(want))
        for g, r in zip(got, want):
            lo, _, hi = r[1].partition("-")
            self.assertEqual(
                (g["name"], g["port"], g["port_hi"], g["protocol"],
                 g["description"]) + tuple(g[k] for k in keys),
                (r[0], int(lo), int(hi or lo), r[2] or None, r[3]) +
                tuple(r[4:12]))
        # read off the fixture by hand: http/tcp is 80's first name and
        # defines three TXT keys; https/sctp names RFC 9260
        self.assertEqual(got[0]["flags"], ["preferred"])
        self.assertEqual(got[0]["txt_keys"], [
            {"key": "u", "description": "username"},
            {"key": "p", "description": "password"},
            {"key": "path", "description": "path to document"}])
        self.assertEqual(got[1]["rfcs"], [9260])
        self.assertEqual(got[2]["protocol"], None)
        rc, out, _ = run("--json", "airplay")
        self.assertEqual(json.loads(out)[0]["flags"], ["noport"])
        self.assertEqual((json.loads(out)[0]["port"],
                          json.loads(out)[0]["port_hi"]), (None, None))
        rc, out, _ = run("--json", "no-such-name")
        self.assertEqual((rc, json.loads(out)), (1, []))
        # each entry says which argument it answers
        self.assertEqual([g["query"] for g in got],
                         ["http/tcp", "https/sctp", "boe-cms"])

    def test_json_escapes_any_registry_text(self):
        """The hostile fixture (quotes, backslashes, line breaks, UTF-8,
        C and template syntax) as JSON: valid, and every name and
        description back byte for byte."""
        import json
        hostile = os.path.join(ROOT, "tests", "fixtures", "hostile.csv")
        with open(hostile, newline="", encoding="utf-8") as f:
            rows = [r for r in list(csv.reader(f))[1:] if r and r[0]]
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "gen", "generate",
                            "--registry", hostile, "--out", tmp, "--min-rows",
                            "0"], cwd=ROOT, check=True, capture_output=True)
            exe = os.path.join(tmp, "portreg")
            subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-I",
                            os.path.join(tmp, "cli"), "-o", exe,
                            *CLI_SOURCES], check=True)
            p = subprocess.run([exe, "--json"] + [r[0] for r in rows],
                               capture_output=True)
        got = json.loads(p.stdout.decode("utf-8"))
        self.assertEqual([(g["name"], g["description"]) for g in got],
                         [(r[0], r[3]) for r in rows])

    def test_search_finds_names_and_descriptions(self):
        rows = fixture_rows()
        self.expect(["--search", "wide WEB"],
                    [r for r in rows if r[0] and "wide web" in r[3].lower()])
        self.expect(["--search", "msp"],
                    [r for r in rows if r[0] and ("msp" in r[0].lower() or
                                                  "msp" in r[3].lower())])
        rc, out, err = run("--search", "no such text anywhere")
        self.assertEqual((rc, out, err), (
            1, "", "portreg: no such text anywhere: no match\n"))

    def test_help_and_the_man_page_say_the_same(self):
        import re
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        with open(os.path.join(ROOT, "man", "portreg.1"),
                  encoding="utf-8") as f:
            page = f.read()
        synopsis = page.split(".Sh SYNOPSIS")[1].split(".Sh")[0]
        self.assertEqual(set(re.findall(r"--([a-z]+)", out)),
                         set(re.findall(r"Fl -([a-z]+)", synopsis)))
        self.assertEqual(len([ln for ln in out.splitlines()
                              if "portreg " in ln]),
                         synopsis.count(".Nm\n"))

    def test_version_names_the_registry(self):
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertIn("2026-01-05", out)


class BadArguments(unittest.TestCase):

    def test_each_bad_argument_gets_one_line_and_exit_2(self):
        for arg in ("", "80/", "/tcp", "99999", "65536", "http/xyz",
                    "a" * 10240, "--bogus"):
            rc, out, err = run(arg)
            self.assertEqual(rc, 2, arg[:20])
            self.assertEqual(out, "", arg[:20])
            self.assertEqual(len(err.splitlines()), 1, (arg[:20], err))
            self.assertTrue(err.startswith("portreg: "), err)

    def test_usage_errors(self):
        for args in ([], ["--status"], ["--status", "http"],
                     ["--services", "x"], ["--search"], ["--search", ""],
                     ["--search", "a", "b"], ["--json"], ["--full", "--json"],
                     ["--json", "http", "80/", "x11"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 2, args)
            self.assertNotEqual(err, "")
            self.assertEqual(out, "", args)  # not even half a JSON array


if __name__ == "__main__":
    unittest.main()
