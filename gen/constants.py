"""Every constant that the generator and the C code share, defined once.

The generator emits these into portreg.h (PUBLIC: the protocol bits and
entry flags) and into portreg_tables.c.h (gen/tables.py: the private bits of
the tables, beside the tables they describe), so the C code and the Python
that builds its tables cannot disagree.
"""

import os

# The registry's transport protocols, in the order of their bits.  A row with
# no protocol gets NOPROTO.  This is the one list of protocols in gen/.
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
PROTO_BIT = {p: 1 << i for i, p in enumerate(PROTOCOLS)}
NOPROTO = 1 << len(PROTOCOLS)
ANY = (NOPROTO << 1) - 1
# The bit of a validated row's protocol text ("" for none).
ROW_BIT = dict(PROTO_BIT, **{"": NOPROTO})
# A row with no protocol counts for every protocol: the protocols a
# record's mask answers a query for (portreg__selects in the C).
ALL_PROTOCOLS = NOPROTO - 1


def answered(mask):
    """The protocol bits for which a record with MASK answers."""
    return mask & ALL_PROTOCOLS | (ALL_PROTOCOLS if mask & NOPROTO else 0)


# Protocols that get PORTREG_FAST's per-port columns: those that carry most
# traffic, and whose query strings start with a letter no other one does.
FAST_PROTOCOLS = ("tcp", "udp")

# Entry flags (struct portreg_entry's flags).
F_NOPORT = 0x01
F_PREFERRED = 0x02
F_LOCAL = 0x04

# Bits of a record's mask above its protocol bits and NOPROTO (a protocol
# added to PROTOCOLS moves them up).
MASK_RANGE = NOPROTO << 1
MASK_MORE = NOPROTO << 2
MASK_NOPORT = NOPROTO << 3

# The registry's columns, in its CSV's order: (its header, the name portreg
# gives it: COLUMNS= words, portreg_record's fields, JSON keys).  This is the
# one list of columns in gen/.
CSV_COLUMNS = (
    ("Service Name", "name"),
    ("Port Number", "port"),
    ("Transport Protocol", "protocol"),
    ("Description", "description"),
    ("Assignee", "assignee"),
    ("Contact", "contact"),
    ("Registration Date", "registration_date"),
    ("Modification Date", "modification_date"),
    ("Reference", "reference"),
    ("Service Code", "service_code"),
    ("Unauthorized Use Reported", "unauthorized_use"),
    ("Assignment Notes", "assignment_notes"),
)
HEADER = tuple(h for h, _ in CSV_COLUMNS)
# The columns from Assignee on: portreg_record's text (PROFILE=full).
FIRST_DETAIL = [c for _, c in CSV_COLUMNS].index("assignee")
DETAIL_COLUMNS = tuple(c for _, c in CSV_COLUMNS[FIRST_DETAIL:])
# What PROFILE=full can hold, as COLUMNS= names it: the description, the
# detail columns, and what is read out of the Reference and the Notes.
COLUMNS = ("description",) + DETAIL_COLUMNS + ("rfcs", "txt_keys")

# Sentinels and flags of the 16-bit record columns.  Record indices stay
# below 0x7fff, so the top bit is free for a flag.
NONE = 0xffff
RANGE_WORD = 0x8000
WORD_FIRST = 0x7fff

# ABI limits, the same in every build: the longest name a registry or an
# overlay may hold (validate.py refuses longer), and a servent buffer that
# holds any answer (tables.py refuses a busier port).
NAME_MAX = 63
SERVENT_BUFSIZE = 1024

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
    ("PORTREG_NAME_MAX", "%d" % NAME_MAX,
     "no build holds a longer name, in bytes"),
]

def option(name, value):
    """How a user gives build option NAME the VALUE, in messages: make's
    `make NAME=VALUE`, or CMake's `-DPORTREG_NAME=VALUE` where the
    environment says PORTREG_OPTIONS=cmake (CMakeLists.txt runs the
    generator so)."""
    if os.environ.get("PORTREG_OPTIONS") == "cmake":
        return "-DPORTREG_%s=%s" % (name, value)
    return "make %s=%s" % (name, value)


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
