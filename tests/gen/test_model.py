"""gen.model: entries, merged records, names and buckets, port index,
reserved intervals, description pool."""

import unittest

from gen import columns, constants, load, txtkeys, model, read, subset, validate

HEADER = ",".join(validate.HEADER)


def build(body):
    reg = registry(body)
    m = model.build(reg)
    return m, list(reg.warnings + m.warnings)


def registry(body):
    data = (HEADER + "\n" + body).encode("utf-8")
    head, rows = read.read(data)
    rows, warnings = validate.validate("t.csv", head, rows, 0)
    return load.Registry("t.csv", data, tuple(rows), tuple(warnings))


class Model(unittest.TestCase):

    def test_tcp_udp_rows_of_one_service_are_one_record(self):
        m, _ = build("http,80,tcp,Web,,,,,,,,\nhttp,80,udp,Web,,,,,,,,\n"
                     "http,80,sctp,HTTP,,,,,,,,\nwww,80,tcp,Web,,,,,,,,\n")
        self.assertEqual(len(m.entries), 4)
        self.assertEqual([(r.first_id, r.protos) for r in m.records],
                         [(0, 0x03), (2, 0x04), (3, 0x01)])
        self.assertEqual(m.singles, ((80, 0), (80, 1), (80, 2)))

    def test_out_of_order_protocols_stay_separate_records(self):
        m, _ = build("a,1,udp,A,,,,,,,,\na,1,tcp,A,,,,,,,,\n")
        self.assertEqual([r.protos for r in m.records], [0x02, 0x01])

    def test_names_fold_case_and_keep_first_spelling(self):
        m, warnings = build("CAIlic,216,tcp,CA,,,,,,,,\n"
                            "cailic,217,tcp,CA,,,,,,,,\n")
        self.assertEqual([(n.folded, n.spelling) for n in m.names],
                         [("cailic", "CAIlic")])
        self.assertEqual(m.names[0].records, (0, 1))
        self.assertEqual(warnings[-1], "t.csv:3: cailic differs only in case "
                         "from an earlier name; its entries answer with the "
                         "first spelling (CAIlic)")

    def test_name_only_rows_last_and_ranges(self):
        m, _ = build("ipp,,tcp,IPP,,,,,,,,\nx11,6000-6063,tcp,X,,,,,,,,\n"
                     "a,7,tcp,A,,,,,,,,\n")
        self.assertEqual([e.name for e in m.entries], ["a", "x11", "ipp"])
        self.assertEqual(m.entries[2].flags, constants.F_NOPORT)
        self.assertEqual((m.entries[2].port_lo, m.entries[2].port_hi), (0, 0))
        self.assertEqual(m.singles, ((7, 0),))
        self.assertEqual(m.ranges, (1,))

    def test_subset_keeps_protocols_and_ports(self):
        body = ("a,7,tcp,A,,,,,,,,\na,7,udp,A,,,,,,,,\nb,8,sctp,B,,,,,,,,\n"
                "c,9,,C,,,,,,,,\nd,1000-1030,tcp,D,,,,,,,,\n"
                "e,,tcp,E,,,,,,,,\n,5-6,,Reserved,,,,,,,,\n")
        reg = registry(body)
        sub = subset.parse_subset("minimal", "udp, TCP", "0-6,9,1000-1029")
        self.assertEqual(sub.ports, ((0, 6), (9, 9), (1000, 1029)))
        m = model.build(reg, sub)
        self.assertEqual([(e.name, e.proto) for e in m.entries],
                         [("c", 0x10)])
        self.assertEqual(m.reserved, ((5, 6, 0x13),))
        sub = subset.parse_subset("full", "tcp,udp", "")
        m = model.build(reg, sub)
        self.assertEqual([(e.name, e.proto) for e in m.entries],
                         [("a", 1), ("a", 2), ("c", 0x10), ("d", 1),
                          ("e", 1)])
        for bad in (("tiny", "", ""), ("minimal", "tcp,icmp", ""),
                    ("minimal", "", "80-"), ("minimal", "", "90-80"),
                    ("minimal", "", "65536")):
            with self.assertRaises(subset.SubsetError):
                subset.parse_subset(*bad)

    def test_reserved_intervals_are_disjoint_with_protocol_masks(self):
        m, _ = build(",0,tcp,Reserved,,,,,,,,\n,0,udp,Reserved,,,,,,,,\n"
                     ",1-3,,Reserved,,,,,,,,\n,4,tcp,Unassigned,,,,,,,,\n"
                     ",5,udp, reserved ,,,,,,,,\nweb,9,tcp,W,,,,,,,,\n")
        self.assertEqual(m.reserved, ((0, 0, 0x03), (1, 3, 0x1f),
                                      (5, 5, 0x02)))

    def test_description_pool_holds_each_text_once(self):
        m, _ = build("a,1,tcp,Same,,,,,,,,\nb,2,tcp,Same,,,,,,,,\n"
                     "c,3,tcp,,,,,,,,,\n")
        self.assertEqual(m.descriptions, ("", "Same"))

    def test_buckets_partition_the_names(self):
        body = "".join("svc%d,%d,tcp,S,,,,,,,,\n" % (i, i)
                       for i in range(1200))
        m, _ = build(body)
        self.assertEqual(len(m.buckets), 2)     # 1200 / 500, rounded
        self.assertEqual(sorted(i for b in m.buckets for i in b),
                         list(range(1200)))
        classes = dict(m.class_bucket)
        sizes = {}
        for n in m.names:   # the class, computed here: first two bytes & 31
            second = n.folded[1] if len(n.folded) > 1 else "\0"
            c = 32 * (ord(n.folded[0]) & 31) + (ord(second) & 31)
            self.assertEqual(n.bucket, classes[c])
            sizes[c] = sizes.get(c, 0) + 1
        lens = [len(b) for b in m.buckets]
        self.assertLessEqual(max(lens) - min(lens), max(sizes.values()))

    def test_bucket_class_reads_the_first_two_bytes_any_case(self):
        c = model.bucket_class
        self.assertEqual(c(b"Http"), c(b"hTTP"))
        self.assertEqual(c(b"http"), c(b"htxyz"))   # not the length
        self.assertNotEqual(c(b"http"), c(b"hxtp"))
        self.assertNotEqual(c(b"http"), c(b"ittp"))
        # 'h' & 31 = 8, 't' & 31 = 20; a name of one byte: the second NUL
        self.assertEqual(c(b"http"), 32 * 8 + 20)
        self.assertEqual(c(b"a"), 32 * 1)

    def test_assign_buckets_largest_class_first_into_the_emptiest(self):
        # 5 -> b0; 4 -> b1; 3 -> b1 (4 < 5); 3 -> b0 (5 < 7); ties by class
        self.assertEqual(model.assign_buckets({7: 3, 0: 5, 1: 4, 2: 3}, 2),
                         {0: 0, 1: 1, 2: 1, 7: 0})
        self.assertEqual(model.assign_buckets({3: 9, 4: 9}, 1), {3: 0, 4: 0})

    def test_txt_keys_and_rfc_numbers(self):
        t = txtkeys.keys
        self.assertEqual(t("Defined TXT keys: u=<username> p=<pass word>"),
                         (("u", "username"), ("p", "pass word")))
        self.assertEqual(t("Defined TXT keys:\n  auth     plain | md5\n"
                           "  userid   letters"),
                         (("auth", "plain | md5"), ("userid", "letters")))
        self.assertEqual(t("Defined TXT keys: path, version"),
                         (("path", ""), ("version", "")))
        self.assertEqual(t("Defined TXT keys: txtvers"), (("txtvers", ""),))
        self.assertEqual(t("Defined TXT keys: Varies; depends on the service"),
                         ())
        self.assertEqual(t("no keys here"), ())
        self.assertEqual(columns.rfc_numbers("[RFC6335][RFC 793] see RFC6335"),
                         (6335, 793))
        self.assertEqual(columns.rfc_numbers("[Jon_Postel]"), ())

    def test_fold_is_ascii_only(self):
        self.assertEqual(constants.fold("HTTP-\u00c4x"), "http-\u00c4x")


if __name__ == "__main__":
    unittest.main()
