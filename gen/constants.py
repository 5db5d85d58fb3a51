"""Every constant that the generator and the C code share, defined once.

The generator emits these into portreg.h (the public protocol bits and entry
flags) and into portreg_tables.c.h (the private bits of the tables), so the C
code and the Python that builds its tables cannot disagree.  Each entry is
(C name, value, comment).
"""

# The registry's transport protocols, in the order of their bits.  A row with
# no protocol gets NOPROTO.  This is the one list of protocols in gen/.
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
PROTO_BIT = {p: 1 << i for i, p in enumerate(PROTOCOLS)}
NOPROTO = 1 << len(PROTOCOLS)
ANY = (NOPROTO << 1) - 1
# The bit of a validated row's protocol text ("" for none).
ROW_BIT = dict(PROTO_BIT, **{"": NOPROTO})
# Protocols that get PORTREG_FAST's per-port columns: those that carry most
# traffic, and whose query strings start with a letter no other one does.
FAST_PROTOCOLS = ("tcp", "udp")

# Entry flags (struct portreg_entry's flags).
F_NOPORT = 0x01
F_PREFERRED = 0x02
F_LOCAL = 0x04

# Bits of a record's mask above its protocol bits.
MASK_RANGE = 0x20
MASK_MORE = 0x40
MASK_NOPORT = 0x80

# Sentinels and flags of the 16-bit record columns.  Record indices stay
# below 0x7fff, so the top bit is free for a flag.
NONE = 0xffff
RANGE_WORD = 0x8000
WORD_FIRST = 0x7fff

# RFC 6335 section 6: ports 49152-65535 are the Dynamic and/or Private Ports.
DYNAMIC_FIRST = 49152
RESERVED = "reserved"   # the Description of an unnamed Reserved row, folded

PUBLIC = [
    ("PORTREG_%s" % p.upper(), "0x%02xu" % PROTO_BIT[p],
     "protocols are bits; a mask selects several" if i == 0 else "")
    for i, p in enumerate(PROTOCOLS)] + [
    ("PORTREG_NOPROTO", "0x%02xu" % NOPROTO,
     "a registry row that names no protocol"),
    ("PORTREG_ANY", "0x%02xu" % ANY, "every protocol bit"),
    ("PORTREG_F_NOPORT", "0x%02xu" % F_NOPORT,
     "name-only row: port_lo == port_hi == 0"),
    ("PORTREG_F_PREFERRED", "0x%02xu" % F_PREFERRED,
     "the first name of its port and protocol in registry order (RFC 6335: "
     "http, not www); never set on name-only rows"),
    ("PORTREG_F_LOCAL", "0x%02xu" % F_LOCAL,
     "from the OVERLAY file, not the registry"),
]

PRIVATE = [
    ("PORTREG__RANGE", "0x%02xu" % MASK_RANGE,
     "record mask: the record covers a port range"),
    ("PORTREG__MORE", "0x%02xu" % MASK_MORE,
     "record mask: the record's name has a later record"),
    ("PORTREG__NOPORT", "0x%02xu" % MASK_NOPORT,
     "record mask: a name-only record"),
    ("PORTREG__NONE", "0x%04xu" % NONE, "no record"),
    ("PORTREG__RANGE_WORD", "0x%04xu" % RANGE_WORD,
     "port_word_first: a port range touches the word"),
    ("PORTREG__WORD_FIRST", "0x%04xu" % WORD_FIRST,
     "port_word_first: the word's first record"),
    ("PORTREG__DYNAMIC_FIRST", "%du" % DYNAMIC_FIRST,
     "the first dynamic port (RFC 6335)"),
]


def protocol_names(mask):
    """The protocols of MASK as text, "-" for NOPROTO: "tcp,udp"."""
    words = [p for p in PROTOCOLS if mask & PROTO_BIT[p]]
    if mask & NOPROTO:
        words.append("-")
    return ",".join(words)


def port_text(lo, hi):
    """A port or a range as the registry writes it: "80", "6000-6063"."""
    return "%d" % lo if lo == hi else "%d-%d" % (lo, hi)


def fold(s):
    """ASCII case folding, as RFC 6335 compares names; other bytes stay."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


class Interner:
    """Strings (or any hashable values) numbered in order of first use:
    the one way tables here store each distinct value once."""

    def __init__(self, first=()):
        self.items, self.index = [], {}
        for v in first:
            self.add(v)

    def add(self, v):
        """The number of V, adding it where it is new."""
        i = self.index.get(v)
        if i is None:
            i = self.index[v] = len(self.items)
            self.items.append(v)
        return i

    def __len__(self):
        return len(self.items)
