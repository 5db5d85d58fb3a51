"""The items of portreg_tables.c.h, as data: what tables.py and fast.py build
and emit.py formats without deciding anything.

Define (a macro), Table (a static const array: its name, C type, values and
a one-line comment), Pool (NUL-terminated strings in one char array) and
Code (C text that the generator writes whole).  Every name is the C
identifier as written, so that grep finds where each is built; every item
names the part of the build it belongs to, which make size reports.
"""

import dataclasses

from .ctext import ctype, width

FAST = "PORTREG_FAST"       # an item's condition: the fast indexes only
COMPACT = "!PORTREG_FAST"   # the compact indexes only


class TablesError(Exception):
    """The model holds something the tables cannot represent."""


@dataclasses.dataclass(frozen=True)
class Define:
    name: str
    value: str
    comment: str = ""
    when: str = ""          # a preprocessor condition, or "" for always


@dataclasses.dataclass(frozen=True)
class Table:
    """static const TYPE NAME[N] (or [N][W] for tuple values)."""
    name: str
    comment: str
    values: tuple           # ints, or equal-length tuples of ints
    part: str               # the part of the build, for make size
    ctype: str = ""         # "" : the smallest unsigned type that fits
    when: str = ""
    fmt: str = "%d"
    per_line: int = 12
    keys: tuple = ()        # a comment per value: then one value a line

    @property
    def type(self):
        if self.ctype:
            return self.ctype
        flat = [x for v in self.values for x in
                (v if isinstance(v, tuple) else (v,))]
        return ctype(max(flat, default=0))

    @property
    def row_width(self):
        v = self.values[0] if self.values else 0
        return len(v) if isinstance(v, tuple) else 0

    @property
    def nbytes(self):
        return width(self.type) * max(1, len(self.values)) * max(
            1, self.row_width)


@dataclasses.dataclass(frozen=True)
class Pool:
    """static const char NAME[size]: STRINGS each NUL-terminated, one a
    line, then PADDING more NULs.  Past 64 KB, emit.py writes it as the
    struct NAME_chunks of char arrays, and NAME as a macro."""
    name: str
    comment: str
    strings: tuple
    part: str
    padding: int = 0
    when: str = ""

    @property
    def nbytes(self):
        # the literal's own terminating NUL is part of the array
        return sum(len(s.encode("utf-8")) + 1 for s in self.strings) \
            + self.padding + 1


@dataclasses.dataclass(frozen=True)
class Code:
    """C text, written whole: a function the generator derives from data
    (gperf's hash functions as one switch, the protocol parser)."""
    name: str
    text: str
    part: str = "code"
    when: str = ""
    warnings: tuple = ()    # GCC warnings the text raises by its nature


def bitmap(bits, nwords):
    """32-bit words with bit i of word w set for every w * 32 + i in BITS."""
    words = [0] * nwords
    for b in bits:
        words[b >> 5] |= 1 << (b & 31)
    return words


def mask(bits):
    """The C literal of a mask of BITS ones."""
    return "0x%xu" % ((1 << bits) - 1)
