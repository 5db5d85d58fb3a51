"""gen.validate: one FILE:LINE message per problem, every problem at once;
each malformed fixture in tests/fixtures/bad gives exactly its message."""

import os
import unittest

from gen import __main__ as cli
from gen import read, validate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BAD = os.path.join(ROOT, "tests", "fixtures", "bad")
HEADER = ",".join(validate.HEADER)

EXPECTED = {
    "conflicting-repeat.csv": ["conflicting-repeat.csv:3: same name, port and "
                               "protocol as line 2 with other data "
                               "(WEB,80,tcp)"],
    "empty.csv": ["empty.csv:1: file is empty"],
    "fields-few.csv": ["fields-few.csv:2: row has 4 fields, expected 12 "
                       "(web,80,tcp,Too few)"],
    "fields-many.csv": ["fields-many.csv:2: row has 13 fields, expected 12 "
                        "(web,80,tcp,Too many,,,,,,,,,extra)"],
    "header-only.csv": ["header-only.csv:1: file has a header and no rows"],
    "header-reordered.csv": [
        "header-reordered.csv:1: header is not the registry's twelve columns "
        "(Port Number,Service Name,Transport Protocol,Description,Assignee,"
        "Contact,Registration Date,Modification Date,Reference,Service Code,"
        "Unauthorized Use Reported,Assignment Notes)"],
    "name-64-bytes.csv": ["name-64-bytes.csv:2: service name is longer than "
                          "63 bytes (" + "n" * 64 + ")"],
    "name-control.csv": ["name-control.csv:2: service name has a control "
                         "character ('we\\tb')"],
    "no-name-no-port.csv": ["no-name-no-port.csv:2: row has neither a service "
                            "name nor a port"],
    "nul-byte.csv": ["nul-byte.csv:2: NUL byte in the file"],
    "port-65536.csv": ["port-65536.csv:3: port is not a number or range in "
                       "0-65535 (65536)"],
    "port-backwards.csv": ["port-backwards.csv:2: port is not a number or "
                           "range in 0-65535 (90-80)"],
    "port-letters.csv": ["port-letters.csv:2: port is not a number or range "
                         "in 0-65535 (80a)"],
    "port-negative.csv": ["port-negative.csv:2: port is not a number or range "
                          "in 0-65535 (-1)"],
    "proto-unknown.csv": ["proto-unknown.csv:2: unknown transport protocol "
                          "(tcpx)"],
    "quote-unterminated.csv": ["quote-unterminated.csv:2: malformed CSV "
                               "(unexpected end of data)"],
    "several-problems.csv": [
        "several-problems.csv:3: port is not a number or range in 0-65535 (x)",
        "several-problems.csv:4: unknown transport protocol (foo)"],
    "utf8-invalid.csv": ["utf8-invalid.csv:3: invalid UTF-8 (bytes e9 2c 38 "
                         "31)"],
}


def check(text, min_rows=0):
    head, rows = read.read(text.encode("utf-8"))
    return validate.validate("t.csv", head, rows, min_rows)


class BadFixtures(unittest.TestCase):

    def test_every_bad_fixture_has_an_expected_message(self):
        self.assertEqual(sorted(os.listdir(BAD)), sorted(EXPECTED))

    def test_each_gives_exactly_its_messages(self):
        for name, messages in sorted(EXPECTED.items()):
            with self.assertRaises(validate.ValidationError, msg=name) as cm:
                cli.load(os.path.join(BAD, name), 0)
            self.assertEqual(cm.exception.messages, messages, name)


class Rules(unittest.TestCase):

    def test_floor_rejects_a_short_file(self):
        text = HEADER + "\nhttp,80,tcp,Web,,,,,,,,\n"
        with self.assertRaises(validate.ValidationError) as cm:
            check(text, min_rows=10000)
        self.assertEqual(cm.exception.messages, [
            "t.csv:2: only 1 rows, fewer than the floor of 10000: a "
            "truncated file? (set MIN_ROWS for a small registry)"])
        recs, _ = check(text, min_rows=1)
        self.assertEqual(len(recs), 1)

    def test_ports_and_protocols_are_typed(self):
        recs, _ = check(HEADER + "\nx11,6000-6063,tcp,X,,,,,,,,\n"
                                 "ipp,,tcp,IPP,,,,,,,,\n"
                                 ",0,,Reserved,,,,,,,,\n")
        self.assertEqual([(r.name, r.port_lo, r.port_hi, r.proto)
                          for r in recs],
                         [("x11", 6000, 6063, "tcp"), ("ipp", -1, -1, "tcp"),
                          ("", 0, 0, "")])

    def test_legacy_names_and_blank_protocols_warn_not_fail(self):
        recs, warnings = check(HEADER + "\nsql*net,66,tcp,SQL,,,,,,,,\n"
                                        "boe-cms,6400,,BOE,,,,,,,,\n")
        self.assertEqual(len(recs), 2)
        self.assertEqual(warnings, [
            "1 named rows outside RFC 6335 name syntax, kept as registered "
            "(t.csv:2 sql*net)",
            "1 named rows with a port and no protocol, kept as registered "
            "(t.csv:3 boe-cms)"])

    def test_identical_repeat_is_dropped_name_only_repeat_kept(self):
        recs, warnings = check(HEADER + "\nweb,80,tcp,W,,,,,,,,\n"
                                        "web,80,tcp,W,,,,,,,,\n"
                                        "rdp,,,One,,,,,,,,\n"
                                        "rdp,,,Two,,,,,,,,\n")
        self.assertEqual([r.line for r in recs], [2, 4, 5])
        self.assertIn("1 rows repeating an earlier identical row, dropped "
                      "(t.csv:3 web)", warnings)

    def test_rfc6335_syntax(self):
        for good in ("http", "x11", "a", "www-http", "123a"):
            self.assertTrue(validate.rfc6335_name(good), good)
        for bad in ("sql*net", "-a", "a-", "a--b", "123", "z39.50",
                    "sixteen-chars-xx", ""):
            self.assertFalse(validate.rfc6335_name(bad), bad)

    def test_registry_date_is_the_newest_date_column(self):
        recs, _ = check(HEADER + "\na,1,tcp,A,,,2001-02-03,2020-01-01,,,,\n"
                                 "b,2,tcp,B,,,2021-05-06,,,,,\n")
        self.assertEqual(validate.registry_date(recs), "2021-05-06")


if __name__ == "__main__":
    unittest.main()
