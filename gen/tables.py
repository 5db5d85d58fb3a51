"""Every C table portreg compiles in, as named arrays, from the model.

Input: a model.Model and the gperf.Hashes of its buckets.  Output: Tables,
an ordered list of items that emit.py formats into portreg_tables.c.h without
deciding anything: Define (a macro), Table (a static const array: its name,
C type, values and a one-line comment), Pool (NUL-terminated strings in one
char array) and Code (portreg__slot: gperf's hash functions as one switch).
Each array's C type is the smallest that fits its values unless the C code
needs a given one; every item names the part of the build it belongs to, which
make size reports.  build() asserts the invariants portreg.c relies on.

How the tables fit together, and why each exists, is gen/README.md's
subject; templates/portreg.c reads them.
"""

import dataclasses

from . import columns, txtkeys
from .constants import (FAST_PROTOCOLS, MASK_MORE, MASK_NOPORT,
                        MASK_RANGE, NONE, NOPROTO, PRIVATE, PROTO_BIT,
                        RANGE_WORD, WORD_FIRST, Interner)
from .ctext import ctype, width
from .gperf import LAST
from .model import CLASSES, bucket_class as model_class
from .subset import DETAIL_COLUMNS

NAME_GROUPS = (16, 8, 4, 2, 1)  # records per name-offset base, tried in turn
FAST = "PORTREG_FAST"
COMPACT = "!PORTREG_FAST"


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
    """static const TYPE portreg__NAME[N] (or [N][W] for tuple values)."""
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
    """static const char portreg__NAME[size]: STRINGS each NUL-terminated,
    one a line, then PADDING more NULs."""
    name: str
    comment: str
    strings: tuple          # with any leading NULs that align them
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
    """C text: portreg__slot, gperf's hash functions as one switch."""
    name: str
    text: str
    part: str = "code"
    when: str = ""


@dataclasses.dataclass(frozen=True)
class Tables:
    items: tuple
    servent_bufsize: int    # PORTREG_SERVENT_BUFSIZE
    max_port_entries: int   # PORTREG_MAX_PORT_ENTRIES
    max_txt_keys: int
    max_rfcs: int

    def of(self, name):
        return next(t for t in self.items if t.name == name)

    @property
    def fast_bytes(self):
        """What PORTREG_FAST adds to the data: its tables, less those it
        replaces."""
        return sum(t.nbytes for t in self.items if t.when == FAST
                   and not isinstance(t, (Define, Code))) - sum(
            t.nbytes for t in self.items if t.when == COMPACT
            and not isinstance(t, (Define, Code)))

    def parts(self):
        """{C symbol: part} for every table and pool (a pool over 64 KB is
        the struct portreg__NAME_chunks, see emit.py)."""
        out = {}
        for t in self.items:
            if isinstance(t, (Table, Pool)):
                out["portreg__" + t.name] = t.part
            if isinstance(t, Pool):
                out["portreg__%s_chunks" % t.name] = t.part
        return out


def _pool(strings):
    """(Pool strings, offsets, size): STRINGS NUL-terminated one after
    another."""
    offsets, off = [], 0
    for t in strings:
        offsets.append(off)
        off += len(t.encode("utf-8")) + 1
    return tuple(strings), offsets, off or 1


def _names(model):
    """Each record's name, NUL-terminated, in record order; a record's
    offset is name_group_base[k / group] << shift plus name_offset[k]:
    where the pool is 64 KB or more, shift 1 keeps the bases 16-bit (a base
    then counts 2 bytes, and a group's first name may lie one byte past
    it), and group is the largest of NAME_GROUPS that keeps every
    name_offset within 8 bits."""
    spellings = [r.name for r in model.records]
    pad = max(model.max_name_len, 1)
    strings, offs, size = _pool(spellings)
    shift = 1 if size + pad + 1 >= 65536 else 0
    for group in NAME_GROUPS:
        base = [o >> shift for o in offs[::group]]
        rel = [o - (base[k // group] << shift) for k, o in enumerate(offs)]
        if all(r < 256 for r in rel):
            break
    else:
        raise TablesError("a name is longer than 255 bytes")
    # Lookups compare a word at a time and read up to the longest name's
    # length past a name's start: the pool ends in that many NUL bytes.
    pool = Pool("names", "each record's name, NUL-terminated, in record "
                "order, then NULs that no word load reads past",
                strings, "names", padding=pad)
    return offs, [
        Define("PORTREG__NAME_GROUP", "%du" % group,
               "records per name_group_base entry"),
        Define("PORTREG__NAME_SHIFT", "%d" % shift,
               "name_group_base counts 2^shift bytes"),
        pool,
        Table("name_group_base", "the name offset of record k, for k a "
              "multiple of PORTREG__NAME_GROUP, >> PORTREG__NAME_SHIFT",
              tuple(base), "records"),
        Table("name_offset", "each record's name offset from its group's "
              "base", tuple(rel), "records", ctype="uint8_t"),
    ]


def record_mask(model):
    """Each record's mask: its protocol bits, with MASK_RANGE for a port
    range, MASK_MORE where its name has a later record, MASK_NOPORT for a
    name-only record."""
    later = {a for n in model.names for a in n.records[:-1]}
    return tuple(r.protos | (MASK_RANGE if r.is_range else 0)
                 | (MASK_MORE if k in later else 0)
                 | (0 if r.has_port else MASK_NOPORT)
                 for k, r in enumerate(model.records))


def _records(model):
    recs, ported = model.records, len(model.ported)
    high_first = [0] * 257
    j = 0
    for h in range(257):
        while j < ported and recs[j].port_lo < 256 * h:
            j += 1
        high_first[h] = j
    out = [
        Table("port_low_byte", "each record's (low) port's low byte",
              tuple(r.port_lo & 0xff for r in recs), "records",
              ctype="uint8_t", per_line=16),
        Table("record_mask", "each record's protocol bits | PORTREG__RANGE "
              "| PORTREG__MORE | PORTREG__NOPORT", record_mask(model),
              "records", ctype="uint8_t", fmt="0x%02x",
              keys=tuple(r.key() for r in recs)),
    ]
    if model.subset.has("description"):
        strings, offs, size = _pool(model.descriptions)
        at = dict(zip(model.descriptions, offs))
        out[1:1] = [Pool("descriptions", "descriptions, each once, "
                         "NUL-terminated", strings, "descriptions")]
        out.append(Table("description_offset", "each record's description "
                         "in portreg__descriptions", tuple(
                             at[r.description] for r in recs),
                         "descriptions", ctype=ctype(size)))
    return out + [
        Table("group_first_entry", "the entry id of record 8j: the others' "
              "follow by counting", tuple(r.first_id for r in recs[::8]),
              "records"),
        Table("high_byte_first", "the first record whose port is >= 256h "
              "(h = 256: the number of records with a port)",
              tuple(high_first), "records", ctype="uint16_t", when=COMPACT),
        Table("high_byte_guess", "the port's high byte of record 32j, where "
              "the search for a record's high byte starts",
              tuple(recs[k].port_lo >> 8 if k < ported else 0
                    for k in range(0, len(recs), 32)), "records",
              ctype="uint8_t", per_line=16, when=COMPACT),
    ]


def _bitmap(bits, nwords):
    """32-bit words with bit i of word w set for every w * 32 + i in BITS."""
    words = [0] * nwords
    for b in bits:
        words[b >> 5] |= 1 << (b & 31)
    return words


def _port_index(model):
    recs, ported = model.records, len(model.ported)
    top = max((r.port_hi for r in model.ported), default=0)
    nwords = top // 32 + 1
    first = [0] * (nwords + 1)
    j = 0
    for w in range(nwords + 1):
        while j < ported and recs[j].port_lo < 32 * w:
            j += 1
        first[w] = j
    ranges = [(k, recs[k].port_lo, recs[k].port_hi) for k in model.ranges]
    for w in sorted({w for _, lo, hi in ranges
                     for w in range(lo >> 5, (hi >> 5) + 1)}):
        first[w] |= RANGE_WORD
    return [
        Define("PORTREG__PORT_WORDS", "%du" % nwords,
               "32-port words in port_used"),
        Table("port_used", "bit p set where a one-port record has port p",
              tuple(_bitmap({p for p, _ in model.singles}, nwords)),
              "port index", ctype="uint32_t", fmt="0x%08xu", per_line=6),
        Table("port_word_first", "the first record whose port is >= 32w "
              "(PORTREG__WORD_FIRST), and PORTREG__RANGE_WORD where a port "
              "range touches word w: only there do lookups read the ranges",
              tuple(first), "port index", ctype="uint16_t"),
        Define("PORTREG__RANGE_RECORD", "0", "ranges: the record"),
        Define("PORTREG__RANGE_LOW", "1", "ranges: its low port"),
        Define("PORTREG__RANGE_HIGH", "2", "ranges: its high port"),
        Table("ranges", "the records of port ranges, in record order, with "
              "their low and high ports", tuple(ranges) or ((0, 0, 0),),
              "port index", ctype="uint16_t", per_line=4),
    ]


FAST_NONE = 0xffffffff      # a fast column's entry: no record


def _covering(ported, bits):
    """{(port, protocol bit): (the first record of PORTED covering the port
    with that protocol, how many do)}.  Records are in entry order: the
    first is the lowest."""
    out = {}
    for k, r in enumerate(ported):
        for b in bits:
            if r.protos & b:
                for port in range(r.port_lo, r.port_hi + 1):
                    first, n = out.get((port, b), (k, 0))
                    out[port, b] = (first, n + 1)
    return out


def preferred_bits(ported):
    """Per record of PORTED, the protocol bits of its entries that are
    preferred: it is the first record covering its low port with that
    protocol (portreg__preferred's answer)."""
    bits = list(PROTO_BIT.values()) + [NOPROTO]
    cover = _covering(ported, bits)
    return [sum(b for b in bits if r.protos & b and cover[r.port_lo, b][0] == k)
            for k, r in enumerate(ported)]


def _first_records(ported, bits):
    """{(port, protocol bit): (the first record of PORTED covering the port
    with that protocol, whether by_port's one-entry path answers it)}.  That
    path writes the record's one entry as preferred: it answers where no
    later record covers the port with that protocol and the record has one
    port or is a range whose low port's first record it is too (what
    portreg__preferred finds).  Records are in entry order: the first is
    the lowest."""
    cover = _covering(ported, bits)
    return {(port, b): (k, n == 1 and (
        not ported[k].is_range or cover[ported[k].port_lo, b][0] == k))
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


def fast_ports(ported, protocols, offsets):
    """The fast port index over PORTED, the records with a port, whose
    names are at OFFSETS in the pool: {"base", "bits", "shift", "protos",
    and per FAST_PROTOCOLS bit its column}.  bit p of bits (32 a word) is
    set where port p has a record for a FAST_PROTOCOLS protocol the build
    holds; such a port's slot is base[p >> 3] + (p & 7), the groups of 8
    ports sharing the slots by row displacement.  A column holds per slot
    the port's first record k with that protocol as offset << shift |
    general << (shift - 1) | range << (shift - 2) | k, general where
    by_port takes its general path (_first_records), range where its one
    entry is a range record's (both send by_port out of line, so that its
    common path reads no record mask), or FAST_NONE (also in the slots no
    port uses)."""
    bits = [PROTO_BIT[p] for p in FAST_PROTOCOLS if PROTO_BIT[p] & protocols]
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
    words = _bitmap(used, 8 * ngroups // 32 + 1)   # and bit 8 * ngroups
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
                col[base[port >> 3] + (port & 7)] = (
                    offsets[k] << shift | (not one) << (shift - 1) |
                    (one and ported[k].is_range) << (shift - 2) | k)
        out[b] = col if b in bits else []
    return out


def _fast_port_index(model, name_offsets):
    ported = model.ported
    fast = fast_ports(ported, model.subset.protocols, name_offsets)
    out = [
        Define("PORTREG__FAST_PROTOS", "0x%02xu" % fast["protos"],
               "the protocols the fast columns hold", FAST),
        Define("PORTREG__FAST_PORTS", "%du" % (8 * len(fast["base"])),
               "ports that fast_port_base covers", FAST),
        Define("PORTREG__FAST_SHIFT", "%du" % fast["shift"],
               "fast columns: the name offset's place, above the general "
               "and range bits and the record", FAST),
        Define("PORTREG__FAST_NONE", "0x%08xu" % FAST_NONE,
               "fast columns: no record", FAST),
        Table("fast_port_bits", "bit i of word w set where port 32w + i "
              "has a tcp or udp record; bit PORTREG__FAST_PORTS, clear, is "
              "read for every port past the groups", tuple(fast["bits"]),
              "fast port index", ctype="uint32_t", when=FAST, fmt="0x%08xu",
              per_line=6),
        Table("fast_port_base", "per 8 ports, the slot of its first port: "
              "a port with a bit in fast_port_bits is in slot base + (p & 7)",
              tuple(fast["base"]) or (0,), "fast port index",
              ctype="uint16_t", when=FAST)]
    for p in FAST_PROTOCOLS:
        out.append(Table(
            "fast_%s_first" % p, "per slot, its port's first %s record k: "
            "name offset << PORTREG__FAST_SHIFT | k, with PORTREG__FAST_"
            "GENERAL where by_port takes its general path, PORTREG__FAST_"
            "RANGE where k is a range; or PORTREG__FAST_NONE" % p,
            tuple(fast[PROTO_BIT[p]]) or (FAST_NONE,), "fast port index",
            ctype="uint32_t", when=FAST, fmt="0x%08xu", per_line=6))
    return out + [
        Table("fast_preferred", "each record with a port: the protocol "
              "bits (PORTREG_NOPROTO too) whose entry is preferred (the first record of its low "
              "port with that protocol)", tuple(preferred_bits(ported))
              or (0,), "fast port index", ctype="uint8_t", when=FAST),
        Table("fast_entry_id", "each record's first entry id", tuple(
            r.first_id for r in model.records), "fast port index",
            when=FAST),
        Table("fast_port", "each record's (low) port, 0 for a name-only "
              "record", tuple(r.port_lo for r in model.records) or (0,),
              "fast port index", ctype="uint16_t", when=FAST),
    ]


def _links(model):
    links = sorted((a, b) for n in model.names
                   for a, b in zip(n.records, n.records[1:]))
    return [
        Table("same_name_from", "records whose name has a later record, "
              "sorted", tuple(a for a, _ in links), "records",
              ctype="uint16_t"),
        Table("same_name_next", "the next record of the same name",
              tuple(b for _, b in links), "records", ctype="uint16_t"),
    ]


def hash_case(model, bucket, length):
    """The case of portreg__slot's switch for names of LENGTH bytes in
    BUCKET; hash_cases(model) for none."""
    return bucket * model.max_name_len + length - 1


def hash_cases(model):
    return len(model.buckets) * model.max_name_len


def _class_table(model):
    """Each class's (bucket_class) bucket, as the first of the bucket's
    hash cases (bucket * longest name length: the case of a query of LEN
    bytes is that plus LEN - 1).  A class no name has gets
    hash_cases(model), whose cases have no slots.  With one bucket, a bitmap
    says which classes it holds.  PORTREG_FAST's table adds to each class
    the lengths its names have (bit CLASS_SHIFT + length), so that a query
    of another length stops there, before any hash: most queries the
    registry lacks."""
    nb, none = len(model.buckets), hash_cases(model)
    base = [none] * CLASSES
    for c, b in model.class_bucket:
        base[c] = hash_case(model, b, 1)
    lengths = [0] * CLASSES
    for nm in model.names:
        f = nm.folded.encode("utf-8")
        lengths[model_class(f)] |= 1 << len(f)
    shift = none.bit_length()
    fast = Table("fast_class", "PORTREG_FAST: per class, 32 * (first byte & "
                 "31) + (second byte & 31) (NUL for a name of one byte), the "
                 "first hash case of its bucket, with bit "
                 "PORTREG__CLASS_SHIFT + length set for each length its "
                 "names have", tuple(b | m << shift
                                     for b, m in zip(base, lengths)),
                 "fast name index", when=FAST, per_line=8)
    defines = [Define("PORTREG__HASH_CASES", "%du" % none,
                      "portreg__slot's cases: (bucket, length) pairs"),
               Define("PORTREG__CLASS_SHIFT", "%du" % shift,
                      "fast_class: the lengths' bits, above the case")]
    if nb == 1:
        return [fast] + defines + [
            Define("PORTREG__CLASS_BITS", "1", "one bucket: class_bits"),
            Table("class_bits", "bit (second byte & 31) of entry (first "
                  "byte & 31) set where the bucket holds a name with those "
                  "bytes", tuple(sum(1 << i for i in range(32)
                                     if base[32 * n + i] != none)
                                 for n in range(32)),
                  "name index", ctype="uint32_t", fmt="0x%08xu",
                  per_line=6, when=COMPACT)]
    return [fast] + defines + [
        Define("PORTREG__CLASS_BITS", "0", "one bucket: class_bits"),
        Table("class_bucket", "per class, 32 * (first byte & 31) + (second "
              "byte & 31), the first hash case of its bucket, or "
              "PORTREG__HASH_CASES: none", tuple(base), "name index",
              per_line=16, when=COMPACT)]


# fast_name's word: the name's offset in the pool (18 bits), its length (6:
# a name has at most 63 bytes), its first record (15), then its answer to
# portreg_port(name, "tcp"): NAME_TCP where it has one, that port from
# NAME_PORT_SHIFT (16 bits), and NAME_UDP where "udp" answers that port too.
NAME_OFFSET_BITS = 18
NAME_LENGTH_BITS = 6
NAME_TCP = 39
NAME_UDP = 40
NAME_PORT_SHIFT = 41


def slot_tag_shift(count):
    """fast_slot_name's index bits for COUNT names: the fewest that hold
    every index and leave NONE, xor any tag, at or above COUNT; the bits
    above hold the name's length's low bits (the tag), so that a query of
    another length is rejected by the slot, before the name's word is
    read."""
    assert count < NONE
    return count.bit_length()


def fast_names(slot_of, lengths, offsets, records, nslots, answers):
    """The fast name index: per slot, the index of the name hashed there
    with its length's low bits above it (slot_tag_shift), or NONE; per
    name, one word (NAME_OFFSET_BITS ...): its first record's name offset
    in the pool, its length, its first record, and ANSWERS' (tcp port, udp
    port), each None where the name has none."""
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
        w = off | n << NAME_OFFSET_BITS | k << (NAME_OFFSET_BITS +
                                                NAME_LENGTH_BITS)
        if tcp is not None:
            w |= 1 << NAME_TCP | tcp << NAME_PORT_SHIFT
            if udp == tcp:
                w |= 1 << NAME_UDP
        words.append(w)
    return slot_name, words


def _answers(model, nm):
    """NM's (tcp port, udp port) as portreg_port answers: the port of the
    first of its records with a port and the protocol, or None."""
    out = []
    for bit in (PROTO_BIT["tcp"], PROTO_BIT["udp"]):
        ports = [model.records[k].port_lo for k in nm.records
                 if model.records[k].protos & bit and
                 model.records[k].has_port]
        out.append(ports[0] if ports else None)
    return tuple(out)


def _chain(model, hashes, b, base, first_slot):
    """Bucket B's cases of portreg__slot: gperf's sum, entered at the case
    of each length where gperf's switch on the length would enter it."""
    fn, out = hashes.functions[b], []
    at = {p: i for p, i in fn.terms}
    for n in range(model.max_name_len, 0, -1):
        out.append("    case %du:%s" % (hash_case(model, b, n), (
            "    /* bucket %d, %d bytes */" % (b, n)
            if n == model.max_name_len else "")))
        if n - 1 in at:
            out.append("        v += a[%du + u[%d]];" % (base + at[n - 1],
                                                          n - 1))
            if n > 1:
                out.append("        /* FALLTHROUGH */")
    if LAST in at:
        out.append("        v += a[%du + u[len - 1u]];" % (base + at[LAST]))
    if fn.length:
        out.append("        v += (unsigned)len;")
    out.append("        return v < %du ? %du + v : PORTREG__NO_NAME;"
               % (hashes.slots[b], first_slot[b]))
    return out


def _dispatch(model, hashes, first_slot):
    """portreg__slot, gperf's hash functions as one switch over the (bucket,
    length) cases, and their association values in one table."""
    asso, chains = [], []
    for b, members in enumerate(model.buckets):
        if members:
            chains += _chain(model, hashes, b, len(asso), first_slot)
            asso += hashes.functions[b].asso
    # A query of no class gets the cases from HASH_CASES to HASH_CASES +
    # the longest length - 1 (without the fast indexes, which give
    # HASH_CASES).  Where those fit a byte, every byte value is a case,
    # those past the buckets' going to no name, and the default is
    # unreachable: the compiler's jump table then needs no range check, a
    # branch that queries of no class (half of all misses) mispredict.
    first_none = hash_cases(model)
    if first_none + model.max_name_len <= 256:
        labels = ["case %du:" % c for c in range(first_none, 256)]
        tail = ["    " + " ".join(labels[i:i + 6])
                for i in range(0, len(labels), 6)]
        tail[0] += "    /* PORTREG__HASH_CASES and on: no bucket's */"
        tail += ["        return PORTREG__NO_NAME;",
                 "    default:    /* no class table holds more */",
                 "        PORTREG__UNREACHABLE(PORTREG__NO_NAME);"]
    else:
        tail = ["    default:    /* PORTREG__HASH_CASES */",
                "        return PORTREG__NO_NAME;"]
    return [Table("hash_asso", "gperf's association values, bucket after "
                  "bucket (portreg__slot's sums)", tuple(asso) or (0,),
                  "name index", ctype="uint16_t", per_line=16),
            Code("slot", "\n".join([
        "/* The slot of the name S (LEN bytes) of hash case C (its bucket and",
        " * length, from the class table): the bucket's first slot plus",
        " * gperf's hash of S, or PORTREG__NO_NAME where that is past the",
        " * bucket's slots or C is PORTREG__HASH_CASES, no bucket's.  Each",
        " * bucket's gperf hash function is a chain of cases, as in gperf's",
        " * switch on the length: one switch over (bucket, length) enters",
        " * the bucket's sum at the name's last key position. */",
        "static PORTREG__HASH_INLINE unsigned portreg__slot(unsigned c, "
        "const char *s,",
        "                                                  size_t len)",
        "{",
        "    const unsigned char *u = (const unsigned char *)s;",
        "    const uint16_t *a = portreg__hash_asso;",
        "    unsigned v = 0;",
        "    (void)u;    /* a registry without names has no case to use "
        "them */",
        "    (void)a;",
        "    (void)len;",
        "    (void)v;",
        "    switch (c) {"] + chains + tail + [
        "    }",
        "}"]))]


def _name_index(model, hashes, name_offsets):
    first_slot = [0]
    for n in hashes.slots:
        first_slot.append(first_slot[-1] + n)
    nslots = first_slot[-1]
    if nslots >= 0xffff:    # a slot, and NO_NAME, fit any unsigned
        raise TablesError("the names need %d hash slots, more than 65,534"
                          % nslots)
    slot_of = [first_slot[nm.bucket] + hashes.name_slot[i]
               for i, nm in enumerate(model.names)]
    used = sorted(slot_of)
    record = dict(zip(slot_of, (nm.records[0] for nm in model.names)))
    bits = _bitmap(used, nslots // 32 + 1)
    rank, total = [], 0
    for w in bits:
        rank.append(total)
        total += bin(w).count("1")
    slot_name, name_words = fast_names(
        slot_of, [len(nm.spelling.encode("utf-8")) for nm in model.names],
        [name_offsets[nm.records[0]] for nm in model.names],
        [nm.records[0] for nm in model.names], nslots,
        [_answers(model, nm) for nm in model.names])
    return [Define("PORTREG__NO_NAME", "%du" % nslots,
                   "portreg__slot: none, a slot past the buckets' that no "
                   "name uses"),
            Define("PORTREG__NAME_OFFSET_BITS", "%du" % NAME_OFFSET_BITS,
                   "fast_name: the name's offset", FAST),
            Define("PORTREG__NAME_LENGTH_BITS", "%du" % NAME_LENGTH_BITS,
                   "fast_name: its length, then its first record", FAST),
            Define("PORTREG__NAME_TCP", "%du" % NAME_TCP,
                   "fast_name: the bit set where the name has a tcp port",
                   FAST),
            Define("PORTREG__NAME_UDP", "%du" % NAME_UDP,
                   "fast_name: the bit set where its udp port is that one",
                   FAST),
            Define("PORTREG__NAME_PORT_SHIFT", "%du" % NAME_PORT_SHIFT,
                   "fast_name: that port's place", FAST),
            Define("PORTREG__NAME_COUNT", "%du" % len(model.names),
                   "fast_name: its entries", FAST),
            Define("PORTREG__SLOT_TAG_SHIFT", "%du" %
                   slot_tag_shift(len(model.names)),
                   "fast_slot_name: the name's index bits, below the low "
                   "bits of its length", FAST),
            ] + _class_table(model) + [
        Table("fast_slot_name", "each slot's name (an index into fast_name) "
              "with its length's low bits above PORTREG__SLOT_TAG_SHIFT, or "
              "PORTREG__NONE", tuple(slot_name),
              "fast name index", ctype="uint16_t", when=FAST),
        Table("fast_name", "each name's first record's name offset, its "
              "length, its first record and its tcp port "
              "(PORTREG__NAME_OFFSET_BITS ...)",
              tuple(name_words), "fast name index", ctype="uint64_t",
              when=FAST, fmt="UINT64_C(0x%x)", per_line=4),
        Table("slot_used", "bit i of word w set where slot 32w + i is used",
              tuple(bits), "name index", ctype="uint32_t", when=COMPACT,
              fmt="0x%08xu", per_line=6),
        Table("slot_rank", "the used slots before word w of slot_used",
              tuple(rank), "name index", ctype="uint16_t", when=COMPACT),
        Table("slot_record", "each used slot's name's first record",
              tuple(record[g] for g in used), "name index",
              ctype="uint16_t", when=COMPACT),
    ] + _dispatch(model, hashes, first_slot)


def _reserved(model):
    res = model.reserved
    return [
        Table("reserved_low", "ports that unnamed Reserved rows cover, as "
              "disjoint sorted intervals: each one's low port",
              tuple(x[0] for x in res), "reserved", ctype="uint16_t"),
        Table("reserved_high", "each interval's high port",
              tuple(x[1] for x in res), "reserved", ctype="uint16_t"),
        Table("reserved_protocols", "the protocols each interval is "
              "reserved for (a row with no protocol: all)",
              tuple(x[2] for x in res), "reserved", ctype="uint8_t",
              fmt="0x%02x"),
        Table("local_records", "records from the OVERLAY file, sorted",
              tuple(k for k, r in enumerate(model.records) if r.local),
              "records", ctype="uint16_t"),
        Table("port_spans", "the ports this build holds (PORTS=), as "
              "disjoint sorted intervals", tuple(model.subset.port_set),
              "reserved", ctype="uint16_t", per_line=6),
    ]


def _columns(model):
    """PROFILE=full: every column of every entry's row, for portreg_record.
    Strings are stored once ("" first) and named by index; the distinct
    column tuples hold eight string indices, the start of their RFC list
    (0-terminated) and of their TXT key pairs ((0, 0)-terminated); each
    entry names its tuple.  Returns (most TXT keys of a row, most RFCs of a
    row, items)."""
    sub = model.subset
    strings = Interner([""])
    rows, row_of, entry_row = [], {}, []
    rfcs, rfc_at = [0], {(): 0}
    txt, txt_at = [(0, 0)], {(): 0}
    most_txt = most_rfc = 1
    for e in model.entries:
        # the columns COLUMNS= leaves out read "", and so collapse
        kept = tuple(t if sub.has(c) else "" for c, t in zip(
            DETAIL_COLUMNS, e.details))
        nums = columns.rfc_numbers(e.details[4]) if sub.has("rfcs") else ()
        pairs = txtkeys.keys(e.details[7]) if sub.has("txt_keys") else ()
        whole = (kept, nums, pairs)
        if whole not in row_of:
            if nums not in rfc_at:
                rfc_at[nums] = len(rfcs)
                rfcs.extend(nums + (0,))
            if pairs not in txt_at:
                txt_at[pairs] = len(txt)
                txt.extend([(strings.add(k), strings.add(v))
                            for k, v in pairs] + [(0, 0)])
            most_txt = max(most_txt, len(pairs))
            most_rfc = max(most_rfc, len(nums))
            row_of[whole] = len(rows)
            rows.append((tuple(strings.add(t) for t in kept),
                         rfc_at[nums], txt_at[pairs]))
        entry_row.append(row_of[whole])
    pool, offs, size = _pool(strings.items)
    return most_txt, most_rfc, [
        Pool("column_text", "PROFILE=full: the other columns' strings, each "
             "once, \"\" first", pool, "other columns"),
        Table("column_text_offset", "each string's offset in "
              "portreg__column_text", tuple(offs), "other columns",
              ctype=ctype(size)),
        Table("entry_columns", "each entry's column tuple", tuple(entry_row),
              "other columns"),
        Table("columns", "per tuple: assignee, contact, registration date, "
              "modification date, reference, service code, unauthorized "
              "use, notes", tuple(c for c, _, _ in rows) or ((0,) * 8,),
              "other columns", ctype=ctype(len(strings)), per_line=2),
        Table("columns_first_rfc", "per tuple, its first RFC number in "
              "portreg__rfc_numbers", tuple(r for _, r, _ in rows),
              "other columns", ctype=ctype(len(rfcs))),
        Table("columns_first_txt", "per tuple, its first TXT key pair in "
              "portreg__txt_keys", tuple(t for _, _, t in rows),
              "other columns", ctype=ctype(len(txt))),
        Table("rfc_numbers", "RFC numbers, each list ending in 0",
              tuple(rfcs), "other columns", ctype="uint16_t"),
        Table("txt_keys", "TXT key and description string pairs, each list "
              "ending in (0, 0)", tuple(txt), "other columns",
              ctype=ctype(len(strings)), per_line=6),
    ]


def _bit_counts():
    """Set bits in a value below 32: the entries of a record, the protocol
    bits of its mask."""
    return [Table("bit_count", "the set bits in i", tuple(
        bin(i).count("1") for i in range(32)), "records", ctype="uint8_t",
        per_line=16)]


def servent_sizes(model):
    """(Bytes a servent's buffer needs for any answer, with 8-byte pointers:
    alignment, the alias array and every name of the busiest port and
    protocol, and the protocol's name; the most entries of one port and
    protocol)."""
    cover = {}
    for r in model.ported:
        size = len(r.name.encode("utf-8")) + 1
        for bit in PROTO_BIT.values():
            if r.protos & bit:
                for p in range(r.port_lo, r.port_hi + 1):
                    n, total = cover.get((p, bit), (0, 0))
                    cover[(p, bit)] = (n + 1, total + size)
    return (7 + 5 + max([(n + 1) * 8 + total for n, total in cover.values()],
                        default=8),
            max([n for n, _ in cover.values()], default=1))


def _counts(model):
    sub, recs = model.subset, model.records
    return [Define(n, v, c) for n, v, c in PRIVATE] + [
        Define("PORTREG__RECORD_COUNT", "%du" % len(recs), "records"),
        Define("PORTREG__HAS_DESCRIPTIONS",
               "1" if sub.has("description") else "0",
               "PROFILE=full: portreg__descriptions"),
        Define("PORTREG__RECORDS", "1" if sub.records else "0",
               "PROFILE=full: portreg_record's tables"),
        Define("PORTREG__RANGE_COUNT", "%du" % len(model.ranges),
               "entries of ranges"),
        Define("PORTREG__LINK_COUNT", "%du" % sum(
            len(n.records) - 1 for n in model.names),
            "entries of same_name_from"),
        Define("PORTREG__RESERVED_COUNT", "%du" % len(model.reserved),
               "entries of reserved_low"),
        Define("PORTREG__SPAN_COUNT", "%du" % len(sub.port_set),
               "entries of port_spans"),
        Define("PORTREG__LOCAL_COUNT", "%du" % sum(1 for r in recs
                                                   if r.local),
               "entries of local_records"),
    ]


POOLS = ("names", "descriptions", "column_text")


def build(model, hashes):
    """The Tables of MODEL, whose buckets gperf hashed into HASHES: macros
    first, then the string pools, the arrays, and the code."""
    name_offsets, names = _names(model)
    most_txt = most_rfc = 1
    cols = []
    if model.subset.records:
        most_txt, most_rfc, cols = _columns(model)
    items = _counts(model) + cols + names + _records(model) \
        + _port_index(model) + _fast_port_index(model, name_offsets) \
        + _links(model) + _name_index(model, hashes, name_offsets) \
        + _reserved(model) \
        + _bit_counts()
    kinds = (Define, Pool, Table, Code)
    items.sort(key=lambda t: (kinds.index(type(t)), POOLS.index(t.name)
                              if isinstance(t, Pool) else 0))   # stable
    bufsize, most_entries = servent_sizes(model)
    tables = Tables(tuple(items), bufsize, most_entries, most_txt, most_rfc)
    check(model, tables)
    return tables


def check(model, tables):
    """Assert what portreg.c relies on."""
    names = [(t.name, t.when) for t in tables.items]
    assert len(names) == len(set(names)), "one item a name"
    assert len(tables.of("record_mask").values) == len(model.records)
    ranges = [r[0] for r in tables.of("ranges").values]
    mask = tables.of("record_mask").values
    assert [k for k, m in enumerate(mask) if m & MASK_RANGE] == \
        ranges[:len(model.ranges)], \
        "portreg__range_hi finds every range record"
    assert len(model.records) <= WORD_FIRST, "records fit 15 bits"
