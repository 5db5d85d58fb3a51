"""The fast indexes (PORTREG_FAST), which templates/portreg_fast.c.h reads.

Input: the model and what tables.py derived from it (each record's name
offset, each name's hash slot, each class's first hash case).  Output: the
items of the fast indexes, each packed layout (field widths, shifts, masks)
defined here once and emitted as macros next to the array it governs.
gen/README.md explains the indexes; what they must hold is asserted here.

  PORT_WORD   a fast column's 32-bit entry: the port's first record, a
              range bit, a general bit, the record's name offset above.
  NAME_WORD   fast_name's 64-bit word: a name's offset, length, first
              record, and its answer to portreg_port(name, "tcp").
  slot tag    fast_slot_name: a name's index, its length's low bits above.
  class       fast_class: a class's first hash case, the lengths its names
              have above.
"""

from .constants import (ALL_PROTOCOLS, FAST_PROTOCOLS, NONE, NOPROTO,
                        PROTO_BIT, PROTOCOLS, WORD_FIRST, answered)
from .items import FAST, Define, Table, TablesError, bitmap, mask
from .model import CLASSES, bucket_class

FAST_NONE = 0xffffffff      # a fast column's entry: no record
# Each fast protocol's column, named whole (FAST_PROTOCOLS' order).
FAST_COLUMNS = {"tcp": "portreg__fast_tcp_first",
                "udp": "portreg__fast_udp_first"}
assert tuple(FAST_COLUMNS) == FAST_PROTOCOLS

# NAME_WORD: (field, shift, bits).  A name has at most 63 bytes; records
# fit WORD_FIRST; the tcp port is 16 bits.
NAME_OFFSET_BITS = 18
NAME_LENGTH_SHIFT, NAME_LENGTH_BITS = 18, 6
NAME_RECORD_SHIFT, NAME_RECORD_BITS = 24, 15
NAME_TCP = 39           # set where the name has a tcp port
NAME_UDP = 40           # set where its udp port is that one
NAME_PORT_SHIFT = 41
assert NAME_LENGTH_SHIFT == NAME_OFFSET_BITS
assert NAME_RECORD_SHIFT == NAME_LENGTH_SHIFT + NAME_LENGTH_BITS
assert WORD_FIRST < 1 << NAME_RECORD_BITS <= 1 << (NAME_TCP - NAME_RECORD_SHIFT)
assert NAME_PORT_SHIFT + 16 <= 64


def _covering(ported, bits):
    """{(port, protocol bit): (the first record of PORTED covering the port
    for that protocol, how many do)}: a record with no protocol covers it
    for every one.  Records are in entry order: the first is the lowest."""
    out = {}
    for k, r in enumerate(ported):
        for b in bits:
            if answered(r.protos) & b:
                for port in range(r.port_lo, r.port_hi + 1):
                    first, n = out.get((port, b), (k, 0))
                    out[port, b] = (first, n + 1)
    return out


def preferred_bits(ported):
    """Per record of PORTED, the protocol bits of its entries that are
    preferred (portreg__preferred's answer): a protocol's entry where the
    record is the first covering its low port for that protocol (rows with
    no protocol count for every one); the entry with no protocol where the
    record is the first for every protocol and has no other entry before
    it."""
    bits = list(PROTO_BIT.values())
    cover = _covering(ported, bits)
    out = []
    for k, r in enumerate(ported):
        m = sum(b for b in bits if r.protos & b and cover[r.port_lo, b][0] == k)
        if r.protos & NOPROTO and not r.protos & ALL_PROTOCOLS and all(
                cover[r.port_lo, b][0] == k for b in bits):
            m |= NOPROTO
        out.append(m)
    return out


def _first_records(ported, bits):
    """{(port, protocol bit): (the first record of PORTED covering the port
    for that protocol, whether a query for that protocol finds one entry
    there)}: no later record covers the port for that protocol, and the
    record has an entry of that protocol or one with none, not both."""
    cover = _covering(ported, bits)
    return {(port, b): (k, n == 1 and
                        bin(ported[k].protos & (b | NOPROTO)).count("1") == 1)
            for (port, b), (k, n) in cover.items()}


def _displace(groups):
    """Row displacement of GROUPS, {g: bits of the group's ports present}:
    {g: base} such that the slots base + i of the present ports i are all
    distinct, first fit, fullest groups first."""
    free = bytearray(b"\x01") * (8 * len(groups) + 8)
    base, low = {}, 0
    for g in sorted(groups, key=lambda g: (-bin(groups[g]).count("1"), g)):
        bits = [i for i in range(8) if groups[g] >> i & 1]
        while not free[low]:
            low += 1
        b = max(low - bits[0], 0)
        while not all(free[b + i] for i in bits):
            b += 1
        for i in bits:
            free[b + i] = 0
        base[g] = b
    return base


def fast_ports(ported, offsets):
    """The fast port index over PORTED, the records with a port, whose
    names are at OFFSETS in the pool: {"base", "bits", "shift", "protos",
    and per FAST_PROTOCOLS bit its column, empty where no record answers
    that protocol}.  Bit p of bits (32 a word) is set where port p has a
    record for a FAST_PROTOCOLS protocol (a record with no protocol is one
    for each); such a port's slot is base[p >> 3] + (p & 7), the groups of 8
    ports sharing the slots by row displacement.  A column holds per slot
    the port's first record k for that protocol as a PORT_WORD: offset <<
    shift | general << (shift - 1) | odd << (shift - 2) | k, general where
    by_port finds several entries (_first_records), odd where it finds one
    that is a range record's or has no protocol (portreg__fast_odd writes
    it); or FAST_NONE (also in unused slots)."""
    bits = [PROTO_BIT[p] for p in FAST_PROTOCOLS
            if any(answered(r.protos) & PROTO_BIT[p] for r in ported)]
    first = _first_records(ported, bits)
    used = sorted({port for port, _ in first})
    groups = {}
    for port in used:
        groups[port >> 3] = groups.get(port >> 3, 0) | 1 << (port & 7)
    where = _displace(groups)
    ngroups = used[-1] // 8 + 1 if used else 0
    base = [where.get(g, 0) for g in range(ngroups)]
    nslots = max(base) + 8 if used else 0
    if nslots > 0xffff:
        raise TablesError("the fast port index needs %d slots, more than "
                          "65,535" % nslots)
    words = bitmap(used, 8 * ngroups // 32 + 1)    # and bit 8 * ngroups
    shift = 2 + max(len(ported) - 1, 1).bit_length()
    most = max([offsets[k] for k in range(len(ported))] or [0])
    if most >= (1 << (32 - shift)) - 1:
        raise TablesError("the fast port index cannot hold name offset %d "
                          "beside %d records in 32 bits" % (most, len(ported)))
    out = {"base": base, "bits": words, "shift": shift, "protos": sum(bits)}
    for p in FAST_PROTOCOLS:
        b = PROTO_BIT[p]
        col = [FAST_NONE] * nslots
        for port in used if b in bits else ():
            if (port, b) in first:
                k, one = first[port, b]
                odd = ported[k].is_range or not ported[k].protos & b
                col[base[port >> 3] + (port & 7)] = (
                    offsets[k] << shift | (not one) << (shift - 1) |
                    (one and odd) << (shift - 2) | k)
        out[b] = col if b in bits else []
    return out


def initial_test():
    """PORTREG__FAST_INITIAL(c)'s test, whether C is a fast protocol's
    initial: a string that starts with one is that protocol or none."""
    assert not {p[0] for p in FAST_PROTOCOLS} & {
        p[0] for p in PROTOCOLS if p not in FAST_PROTOCOLS}
    return "(%s)" % " || ".join("(c) == '%s'" % p[0] for p in FAST_PROTOCOLS)


def _port_items(model, name_offsets):
    ported = model.ported
    fast = fast_ports(ported, name_offsets)
    shift = fast["shift"]
    out = [
        Define("PORTREG__FAST_PROTOS", "0x%02xu" % fast["protos"],
               "the protocols the fast columns hold", FAST),
        Define("PORTREG__FAST_INITIAL(c)", initial_test(),
               "whether c is a fast protocol's initial", FAST),
        Define("PORTREG__FAST_PORTS", "%du" % (8 * len(fast["base"])),
               "ports that fast_port_base covers", FAST),
        Table("portreg__fast_port_bits", "bit i of word w set where port "
              "32w + i has a record for tcp or udp (or for none); bit "
              "PORTREG__FAST_PORTS, "
              "clear, is read for every port past the groups",
              tuple(fast["bits"]), "fast port index", ctype="uint32_t",
              when=FAST, fmt="0x%08xu", per_line=6),
        Table("portreg__fast_port_base", "per 8 ports, the slot of its first "
              "port: a port with a bit in fast_port_bits is in slot base + "
              "(p & 7)", tuple(fast["base"]) or (0,), "fast port index",
              ctype="uint16_t", when=FAST),
        Define("PORTREG__FAST_SHIFT", "%du" % shift,
               "PORT_WORD: the name offset's place", FAST),
        Define("PORTREG__FAST_GENERAL", "0x%xu" % (1 << (shift - 1)),
               "PORT_WORD: by_port takes its general path", FAST),
        Define("PORTREG__FAST_ODD", "0x%xu" % (1 << (shift - 2)),
               "PORT_WORD: the one entry is a range record's or has no "
               "protocol", FAST),
        Define("PORTREG__FAST_RECORD", mask(shift - 2),
               "PORT_WORD: the port's first record", FAST),
        Define("PORTREG__FAST_NONE", "0x%08xu" % FAST_NONE,
               "PORT_WORD: no record", FAST)]
    for p, column in FAST_COLUMNS.items():
        out.append(Table(
            column, "per slot, its port's first %s record as a PORT_WORD, "
            "or PORTREG__FAST_NONE" % p, tuple(fast[PROTO_BIT[p]]) or
            (FAST_NONE,), "fast port index", ctype="uint32_t", when=FAST,
            fmt="0x%08xu", per_line=6))
    return out


def _record_items(model):
    ported = model.ported
    return [
        Table("portreg__fast_preferred", "each record with a port: the "
              "protocol bits (PORTREG_NOPROTO too) whose entry is preferred "
              "(the first record of its low port with that protocol)",
              tuple(preferred_bits(ported)) or (0,), "fast port index",
              when=FAST),
        Table("portreg__fast_entry_id", "each record's first entry id",
              tuple(r.first_id for r in model.records), "fast port index",
              when=FAST),
        Table("portreg__fast_port", "each record's (low) port, 0 for a "
              "name-only record", tuple(r.port_lo for r in model.records)
              or (0,), "fast port index", ctype="uint16_t", when=FAST),
    ]


def slot_tag_shift(count):
    """fast_slot_name's index bits for COUNT names: the fewest that hold
    every index and leave NONE, xor any tag, at or above COUNT; the bits
    above hold the name's length's low bits (the tag)."""
    assert count < NONE
    return count.bit_length()


def fast_names(slot_of, lengths, offsets, records, nslots, answers):
    """The fast name index: per slot, the index of the name hashed there
    with its length's low bits above it (slot_tag_shift), or NONE; per
    name, its NAME_WORD: its first record's name offset in the pool, its
    length, its first record, and ANSWERS' (tcp port, udp port), each None
    where the name has none."""
    slot_name = [NONE] * (nslots + 1)      # and NO_NAME's
    shift = slot_tag_shift(len(slot_of))
    for i, g in enumerate(slot_of):
        slot_name[g] = i | (lengths[i] << shift & 0xffff)
    words = []
    for off, n, k, (tcp, udp) in zip(offsets, lengths, records, answers):
        if off >= 1 << NAME_OFFSET_BITS:
            raise TablesError("the names pool holds %d bytes, more than the "
                              "fast name index can address" % off)
        assert n < 1 << NAME_LENGTH_BITS and k <= WORD_FIRST
        w = off | n << NAME_LENGTH_SHIFT | k << NAME_RECORD_SHIFT
        if tcp is not None:
            w |= 1 << NAME_TCP | tcp << NAME_PORT_SHIFT
            if udp == tcp:
                w |= 1 << NAME_UDP
        words.append(w)
    return slot_name, words


def _answers(model, nm):
    """NM's (tcp port, udp port) as portreg_port answers: the port of the
    first of its records with a port and the protocol (or none), or
    None."""
    out = []
    for bit in (PROTO_BIT["tcp"], PROTO_BIT["udp"]):
        ports = [model.records[k].port_lo for k in nm.records
                 if answered(model.records[k].protos) & bit and
                 model.records[k].has_port]
        out.append(ports[0] if ports else None)
    return tuple(out)


def _name_items(model, name_offsets, slot_of, nslots):
    names = model.names
    slot_name, words = fast_names(
        slot_of, [len(nm.spelling.encode("utf-8")) for nm in names],
        [name_offsets[nm.records[0]] for nm in names],
        [nm.records[0] for nm in names], nslots,
        [_answers(model, nm) for nm in names])
    return [
        Define("PORTREG__NAME_COUNT", "%du" % len(names),
               "names: fast_name's and slot_record's entries"),
        Define("PORTREG__SLOT_TAG_SHIFT", "%du" % slot_tag_shift(len(names)),
               "fast_slot_name: the name's index bits, below the low bits "
               "of its length", FAST),
        Table("portreg__fast_slot_name", "each slot's name (an index into "
              "fast_name) with its length's low bits above "
              "PORTREG__SLOT_TAG_SHIFT, or PORTREG__NONE", tuple(slot_name),
              "fast name index", ctype="uint16_t", when=FAST),
        Define("PORTREG__NAME_OFFSET", mask(NAME_OFFSET_BITS),
               "NAME_WORD: the name's offset in the pool", FAST),
        Define("PORTREG__NAME_LENGTH_SHIFT", "%du" % NAME_LENGTH_SHIFT,
               "NAME_WORD: its length's place", FAST),
        Define("PORTREG__NAME_LENGTH", mask(NAME_LENGTH_BITS),
               "NAME_WORD: its length, shifted down", FAST),
        Define("PORTREG__NAME_RECORD_SHIFT", "%du" % NAME_RECORD_SHIFT,
               "NAME_WORD: its first record's place", FAST),
        Define("PORTREG__NAME_RECORD", mask(NAME_RECORD_BITS),
               "NAME_WORD: its first record, shifted down", FAST),
        Define("PORTREG__NAME_TCP", "%du" % NAME_TCP,
               "NAME_WORD: the bit set where the name has a tcp port", FAST),
        Define("PORTREG__NAME_UDP", "%du" % NAME_UDP,
               "NAME_WORD: the bit set where its udp port is that one",
               FAST),
        Define("PORTREG__NAME_PORT_SHIFT", "%du" % NAME_PORT_SHIFT,
               "NAME_WORD: that tcp port's place (16 bits)", FAST),
        Table("portreg__fast_name", "each name's NAME_WORD", tuple(words),
              "fast name index", ctype="uint64_t", when=FAST,
              fmt="UINT64_C(0x%x)", per_line=4),
    ]


def class_items(model, class_base, none):
    """fast_class: per class, CLASS_BASE's first hash case (NONE for a
    class no name has), with bit CLASS_SHIFT + length set for each length
    its names have, so that a query of another length stops before any
    hash: most queries the registry lacks.  Where the longest name's bit
    would not fit the 64-bit word (names of 50 bytes and more, which only
    an overlay brings), the lengths are a table of their own, bit length
    (PORTREG__CLASS_WIDE)."""
    lengths = [0] * CLASSES
    for nm in model.names:
        f = nm.folded.encode("utf-8")
        lengths[bucket_class(f)] |= 1 << len(f)
    shift = none.bit_length()
    comment = ("per class, 32 * (first byte & 31) + (second byte & 31) (NUL "
               "for a name of one byte), the first hash case of its bucket")
    if shift + model.max_name_len < 64:
        return [
            Define("PORTREG__CLASS_WIDE", "0",
                   "fast_class holds the lengths too", FAST),
            Define("PORTREG__CLASS_SHIFT", "%du" % shift,
                   "fast_class: the lengths' bits, above the case", FAST),
            Define("PORTREG__CLASS_CASE", mask(shift),
                   "fast_class: the first hash case", FAST),
            Table("portreg__fast_class", comment + ", with bit "
                  "PORTREG__CLASS_SHIFT + length set for each length its "
                  "names have", tuple(b | m << shift for b, m in
                                      zip(class_base, lengths)),
                  "fast name index", when=FAST, per_line=8)]
    return [
        Define("PORTREG__CLASS_WIDE", "1",
               "the lengths in fast_class_lengths", FAST),
        Table("portreg__fast_class", comment, tuple(class_base),
              "fast name index", when=FAST, per_line=8),
        Table("portreg__fast_class_lengths", "per class, bit length set for "
              "each length its names have", tuple(lengths),
              "fast name index", ctype="uint64_t", when=FAST,
              fmt="UINT64_C(0x%x)", per_line=4)]


def items(model, name_offsets, slot_of, nslots):
    """The fast port and name indexes of MODEL (fast_class aside: tables.py
    places it beside the compact class table)."""
    return _port_items(model, name_offsets) + _record_items(model) + \
        _name_items(model, name_offsets, slot_of, nslots)
