"""gen.tables.proof_invariants: each fact that the C admits for Frama-C's
proof (tests/proof/README.md) is checked on the tables the generator
writes.  The fixture's tables pass; each one, broken by hand in the way
its invariant forbids, is refused with the invariant's name."""

import dataclasses
import os
import unittest

from gen import generate, load, subset
from gen.items import Table, TablesError
from gen.tables import proof_invariants

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
GOOD = os.path.join(ROOT, "tests", "fixtures", "good.csv")


def broken(tables, name, change):
    """TABLES with table NAME's values passed through CHANGE."""
    items = tuple(dataclasses.replace(t, values=change(list(t.values)))
                  if isinstance(t, Table) and t.name == name else t
                  for t in tables.items)
    return dataclasses.replace(tables, items=items)


class ProofInvariants(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        registry = load.load_file(GOOD, min_rows=0)
        cls.model, cls.tables, _ = generate.build(
            registry, subset.parse_subset("full", "", ""),
            os.environ.get("PORTREG_GPERF", "gperf"))

    def refused(self, label, name, change):
        with self.assertRaises(TablesError) as cm:
            proof_invariants(self.model, broken(self.tables, name, change))
        self.assertIn("invariant %s:" % label, str(cm.exception))

    def test_the_written_tables_hold_every_invariant(self):
        proof_invariants(self.model, self.tables)

    def test_each_broken_invariant_is_refused(self):
        count = len(self.model.records)

        def last(value):
            return lambda v: v[:-1] + [value]

        # a name whose offset leaves less than the longest name's bytes
        self.refused("name_in_pool", "portreg__name_offset", last(250))
        # a word whose first record lies past the records
        self.refused("word_first_record", "portreg__port_word_first",
                     lambda v: [count + 1] + v[1:])
        # a port bit with no record of that low byte in its run
        self.refused("port_in_run", "portreg__port_low_byte",
                     lambda v: [(x + 1) & 0xff for x in v])
        # a group of 8 that does not start at the entries before it
        self.refused("entry_in_group", "portreg__group_first_entry",
                     lambda v: v[:1] + [x + 1 for x in v[1:]])
        # a table naming a record that does not exist
        self.refused("record_index", "portreg__same_name_next",
                     lambda v: [count] + v[1:])
        self.refused("record_index", "portreg__ranges",
                     lambda v: v[:-1] + [(0, 0, 0)])
        # a used slot whose rank reaches the name count
        self.refused("used_slot_rank", "portreg__slot_rank",
                     lambda v: [x + len(self.model.names) for x in v])
        # the walk to a record's high byte passing byte 255
        self.refused("high_byte_sentinel", "portreg__high_byte_first",
                     last(0))
        self.refused("high_byte_guess", "portreg__high_byte_guess",
                     lambda v: [256] * len(v))
        # a record's port past the port words
        self.refused("port_in_words", "portreg__port_used", lambda v: v[:1])


if __name__ == "__main__":
    unittest.main()
