"""gen.fast: the fast port and name indexes on records and names worked out
by hand."""

import unittest

from gen import fast
from gen import model as m


class FastIndex(unittest.TestCase):
    """fast.fast_ports on records worked out by hand."""

    def test_displaced_groups_bits_and_columns(self):

        def rec(lo, hi, mask):
            return m.Record(first_id=0, name_id=0, name="a", description="",
                            port_lo=lo, port_hi=hi, protos=mask,
                            has_port=True)
        tcp, udp, sctp = 1, 2, 4
        recs = [rec(3, 3, tcp | udp),       # 0
                rec(3, 3, tcp),             # 1: 3/tcp's second
                rec(9, 11, udp),            # 2: a range, 9-11/udp
                rec(10, 10, udp | sctp),    # 3: 10/udp after the range
                rec(12, 12, sctp)]          # 4: sctp alone: not indexed
        offsets = [0, 10, 20, 30, 40]
        f = fast.fast_ports(recs, offsets)
        # group 1 (ports 9, 10, 11) is the fullest: slots 1-3 from base 0;
        # group 0 (port 3) cannot take slot 3, so base 1 puts it in slot 4
        self.assertEqual(f["base"], [1, 0])
        self.assertEqual(f["bits"], [1 << 3 | 1 << 9 | 1 << 10 | 1 << 11])
        self.assertEqual(f["protos"], tcp | udp)
        # 5 records: 3 bits of record, the range bit 8, the general bit 16,
        # offsets from 32
        self.assertEqual(f["shift"], 5)
        none = fast.FAST_NONE
        # 3/tcp has two records: general
        self.assertEqual(f[tcp], [none] * 4 + [16] + [none] * 4)
        # 9/udp and 11/udp: the range alone (its low port's first record),
        # so the range bit; 10/udp: the range and record 3, general (not
        # range: that bit is for one entry); 3/udp: record 0 alone
        self.assertEqual(f[udp], [none, 20 << 5 | 8 | 2, 20 << 5 | 16 | 2,
                                  20 << 5 | 8 | 2, 0] + [none] * 4)
        # no udp record (PROTOCOLS=tcp): port 3 alone, in slot 3 of base 0,
        # two records (shift 3, the general bit 4)
        f = fast.fast_ports([rec(3, 3, tcp), rec(3, 3, tcp)], offsets)
        self.assertEqual((f["base"], f["bits"], f[tcp][3], f[udp],
                          f["protos"]), ([0], [1 << 3], 4, [], tcp))
        # nothing with tcp or udp: no slots at all, and the one bit that
        # every port reads past the groups (here port 0's), clear
        f = fast.fast_ports(recs[4:], offsets)
        self.assertEqual((f["base"], f["bits"], f["protos"]), ([], [0], 0))
        # a record with no protocol (16) is one for tcp and for udp: its
        # one entry, written by fast_odd (bit 2 with one record, shift 3)
        f = fast.fast_ports([rec(5, 5, 16)], [7])
        self.assertEqual((f["base"], f["bits"], f["protos"]),
                         ([0], [1 << 5], tcp | udp))
        self.assertEqual(f[tcp], [none] * 5 + [7 << 3 | 2] + [none] * 2)
        self.assertEqual(f[udp], f[tcp])
        # beside a tcp record at its port: two entries for tcp, general
        # (bit 4 with two records); for udp its one, odd
        f = fast.fast_ports([rec(5, 5, tcp), rec(5, 5, 16)], [7, 9])
        self.assertEqual((f[tcp][5], f[udp][5]), (7 << 3 | 4, 9 << 3 | 2 | 1))

    def test_too_many_records_for_the_offsets(self):
        r = m.Record(first_id=0, name_id=0, name="a", description="",
                     port_lo=1, port_hi=1, protos=1, has_port=True)
        # one record: shift 3, so offsets need fewer than 29 bits
        with self.assertRaises(fast.TablesError):
            fast.fast_ports([r], [(1 << 29) - 1])
        # the largest that fits: port 1 in slot 1 of the group at base 0
        none = fast.FAST_NONE
        self.assertEqual(fast.fast_ports([r], [(1 << 29) - 2])[1],
                         [none, ((1 << 29) - 2) << 3] + [none] * 6)


class FastNames(unittest.TestCase):
    """fast.fast_names worked out by hand."""

    def test_slots_and_words(self):
        # two names in slots 1 and 4 of 6: "abc" at offset 5, first record
        # 0, 80/tcp and 80/udp; a 17-byte name at 100, first record 7, no
        # tcp port, 9/udp; slot 6 is NO_NAME's, empty.  Two names take
        # index bits 0-1; each slot has its name's length above them.
        slot_name, words = fast.fast_names(
            [1, 4], [3, 17], [5, 100], [0, 7], 6, [(80, 80), (None, 9)])
        self.assertEqual(slot_name, [0xffff, 0 | 3 << 2, 0xffff, 0xffff,
                                     1 | 17 << 2, 0xffff, 0xffff])
        self.assertEqual(words, [
            5 | 3 << 18 | 1 << 39 | 1 << 40 | 80 << 41,
            100 | 17 << 18 | 7 << 24])


if __name__ == "__main__":
    unittest.main()
