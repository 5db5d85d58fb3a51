"""gen.read: bytes -> rows with the line each starts on."""

import unittest

from gen import read

HEADER = b"a,b,c\n"


class Read(unittest.TestCase):

    def test_lf_and_crlf_give_the_same_rows(self):
        lf = HEADER + b"x,1,tcp\ny,2,udp\n"
        crlf = lf.replace(b"\n", b"\r\n")
        self.assertEqual(read.read(lf), read.read(crlf))

    def test_quoted_newlines_and_commas_stay_in_the_field(self):
        _, rows = read.read(HEADER + b'x,"one\ntwo, three",tcp\ny,2,udp\n')
        self.assertEqual(rows[0].fields, ("x", "one\ntwo, three", "tcp"))
        self.assertEqual(rows[0].line, 2)
        self.assertEqual(rows[1].line, 4)   # the row after a two-line row

    def test_utf8_is_decoded_and_bom_dropped(self):
        head, rows = read.read(b"\xef\xbb\xbf" + HEADER +
                               "x,M\u00fcnster,tcp\n".encode())
        self.assertEqual(head.fields, ("a", "b", "c"))
        self.assertEqual(rows[0].fields[1], "M\u00fcnster")

    def test_problems_carry_their_line(self):
        cases = [
            (b"", 1, "file is empty"),
            (HEADER + b"x,1,tcp\ny,\xff,udp\n", 3, "invalid UTF-8 (bytes ff 2c 75 64)"),
            (HEADER + b"x,1\0,tcp\n", 2, "NUL byte in the file"),
            (HEADER + b'x,"1,tcp\ny,2,udp\n', 2,
             "malformed CSV (unexpected end of data)"),
        ]
        for data, line, message in cases:
            with self.assertRaises(read.ReadError) as cm:
                read.read(data)
            self.assertEqual((cm.exception.line, cm.exception.message),
                             (line, message))

    def test_oversized_file_is_refused_before_parsing(self):
        with self.assertRaises(read.ReadError) as cm:
            read.read(b"x" * (read.MAX_BYTES + 1))
        self.assertIn("larger than 64 MB", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
