"""Every C table portreg compiles in, as named items, from the model.

Input: a model.Model and the gperf.Hashes of its buckets.  Output: Tables,
the items (gen/items.py) in the order portreg_tables.c.h holds them: each
section's macros next to the arrays they describe.  Each array's C type is
the smallest that fits its values unless the C code needs a given one.
build() asserts the invariants portreg.c relies on.  The fast indexes are
gen/fast.py's; how the tables fit together, and why, is gen/README.md's
subject.
"""

import dataclasses

from . import columns, fast, txtkeys
from .constants import (ANY, DETAIL_COLUMNS, DYNAMIC_FIRST, MASK_MORE,
                        MASK_NOPORT, MASK_RANGE, NONE, NOPROTO, PROTO_BIT,
                        PROTOCOLS, RANGE_WORD, SERVENT_BUFSIZE, WORD_FIRST,
                        Interner)
from .ctext import c_string, ctype
from .gperf import LAST
from .items import (COMPACT, FAST, Code, Define, Pool, Table, TablesError,
                    bitmap)
from .model import CLASSES

NAME_GROUPS = (16, 8, 4, 2, 1)  # records per name-offset base, tried in turn


@dataclasses.dataclass(frozen=True)
class Tables:
    items: tuple
    servent_need: int       # the busiest servent's bytes (<= SERVENT_BUFSIZE)
    max_port_entries: int   # PORTREG_MAX_PORT_ENTRIES

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
        the struct NAME_chunks, see emit.py)."""
        out = {}
        for t in self.items:
            if isinstance(t, (Table, Pool)):
                out[t.name] = t.part
            if isinstance(t, Pool):
                out[t.name + "_chunks"] = t.part
        return out


def _pool(strings):
    """(Pool strings, offsets, size): STRINGS NUL-terminated one after
    another."""
    offsets, off = [], 0
    for t in strings:
        offsets.append(off)
        off += len(t.encode("utf-8")) + 1
    return tuple(strings), offsets, off or 1


def _constants(model):
    """What portreg.c tests about the build as a whole."""
    sub = model.subset
    return [
        Define("PORTREG__NONE", "0x%04xu" % NONE, "no record"),
        Define("PORTREG__RECORD_COUNT", "%du" % len(model.records),
               "records"),
        Define("PORTREG__HAS_DESCRIPTIONS",
               "1" if sub.has("description") else "0",
               "PROFILE=full: portreg__descriptions"),
        Define("PORTREG__RECORDS", "1" if sub.records else "0",
               "PROFILE=full: portreg_record's tables"),
    ]


def proto_parser():
    """portreg__proto: a protocol string's bit, from PROTOCOLS.  The first
    byte picks the one candidate (the names' first letters differ), whose
    other bytes and NUL are compared one by one."""
    assert len({p[0] for p in PROTOCOLS}) == len(PROTOCOLS)
    lines = [
        "/* The protocol bit of the protocol string P (gen/constants.py's",
        " * PROTOCOLS), PORTREG_ANY for NULL, 0 for anything else: the first",
        " * byte picks the one candidate. */",
        "static inline unsigned portreg__proto(const char *p)",
        "{",
        "    if (p == NULL) {",
        "        return PORTREG_ANY;",
        "    }",
        "    switch (p[0]) {"]
    for p in PROTOCOLS:
        test = " && ".join("(p[%d] == '%s')" % (i, c) for i, c in
                           enumerate(p) if i > 0)
        lines += ["    case '%s':" % p[0],
                  "        return (%s && (p[%d] == '\\0'))" % (test, len(p)),
                  "                   ? PORTREG_%s : 0u;" % p.upper()]
    return Code("portreg__proto", "\n".join(lines + [
        "    default:", "        return 0u;", "    }", "}"]))


def _protocols():
    width = max(len(p) for p in PROTOCOLS) + 1
    names = ", ".join('"%s"' % c_string(p) for p in PROTOCOLS)
    return [
        Define("PORTREG__PROTOCOL_COUNT", "%du" % len(PROTOCOLS),
               "protocols; bit i is protocol_names[i]"),
        Code("portreg__protocol_names",
             "/* Each protocol's name, in the order of its bit. */\n"
             "static const char portreg__protocol_names[%d][%d] = {%s};"
             % (len(PROTOCOLS), width, names)),
        proto_parser(),
    ]


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
    pool = Pool("portreg__names", "each record's name, NUL-terminated, in "
                "record order, then NULs that no word load reads past",
                strings, "names", padding=pad)
    return offs, [
        pool,
        Define("PORTREG__NAME_GROUP", "%du" % group,
               "records per name_group_base entry"),
        Define("PORTREG__NAME_SHIFT", "%d" % shift,
               "name_group_base counts 2^shift bytes"),
        Table("portreg__name_group_base", "the name offset of record k, for "
              "k a multiple of PORTREG__NAME_GROUP, >> PORTREG__NAME_SHIFT",
              tuple(base), "records"),
        Table("portreg__name_offset", "each record's name offset from its "
              "group's base", tuple(rel), "records", ctype="uint8_t"),
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


def _descriptions(model):
    if not model.subset.has("description"):
        return []
    strings, offs, size = _pool(model.descriptions)
    at = dict(zip(model.descriptions, offs))
    return [
        Pool("portreg__descriptions", "descriptions, each once, "
             "NUL-terminated", strings, "descriptions"),
        Table("portreg__description_offset", "each record's description in "
              "portreg__descriptions", tuple(at[r.description]
                                             for r in model.records),
              "descriptions", ctype=ctype(size))]


def _records(model):
    recs, ported = model.records, len(model.ported)
    high_first = [0] * 257
    j = 0
    for h in range(257):
        while j < ported and recs[j].port_lo < 256 * h:
            j += 1
        high_first[h] = j
    return [
        Table("portreg__port_low_byte", "each record's (low) port's low "
              "byte", tuple(r.port_lo & 0xff for r in recs), "records",
              ctype="uint8_t", per_line=16),
        Define("PORTREG__RANGE", "0x%02xu" % MASK_RANGE,
               "record_mask: the record covers a port range"),
        Define("PORTREG__MORE", "0x%02xu" % MASK_MORE,
               "record_mask: the record's name has a later record"),
        Define("PORTREG__NOPORT", "0x%02xu" % MASK_NOPORT,
               "record_mask: a name-only record"),
        Table("portreg__record_mask", "each record's protocol bits | "
              "PORTREG__RANGE | PORTREG__MORE | PORTREG__NOPORT",
              record_mask(model), "records", fmt="0x%02x",
              keys=tuple(r.key() for r in recs)),
    ] + _descriptions(model) + [
        Table("portreg__group_first_entry", "the entry id of record 8j: the "
              "others' follow by counting",
              tuple(r.first_id for r in recs[::8]), "records"),
        Table("portreg__high_byte_first", "the first record whose port is "
              ">= 256h (h = 256: the number of records with a port)",
              tuple(high_first), "records", ctype="uint16_t", when=COMPACT),
        Table("portreg__high_byte_guess", "the port's high byte of record "
              "32j, where the search for a record's high byte starts",
              tuple(recs[k].port_lo >> 8 if k < ported else 0
                    for k in range(0, len(recs), 32)), "records",
              ctype="uint8_t", per_line=16, when=COMPACT),
        Table("portreg__bit_count", "the set bits in i: the entries of a "
              "record, the protocol bits of a mask", tuple(
                  bin(i).count("1") for i in range(ANY + 1)), "records",
              ctype="uint8_t", per_line=16),
    ]


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
        Table("portreg__port_used", "bit p set where a one-port record has "
              "port p", tuple(bitmap({p for p, _ in model.singles}, nwords)),
              "port index", ctype="uint32_t", fmt="0x%08xu", per_line=6),
        Define("PORTREG__RANGE_WORD", "0x%04xu" % RANGE_WORD,
               "port_word_first: a port range touches the word"),
        Define("PORTREG__WORD_FIRST", "0x%04xu" % WORD_FIRST,
               "port_word_first: the word's first record"),
        Table("portreg__port_word_first", "the first record whose port is >= "
              "32w (PORTREG__WORD_FIRST), and PORTREG__RANGE_WORD where a "
              "port range touches word w: only there do lookups read the "
              "ranges", tuple(first), "port index", ctype="uint16_t"),
        Define("PORTREG__RANGE_COUNT", "%du" % len(model.ranges),
               "entries of ranges"),
        Define("PORTREG__RANGE_FIELDS", "3", "ranges: a row's values"),
        Define("PORTREG__RANGE_RECORD", "0", "ranges: the record"),
        Define("PORTREG__RANGE_LOW", "1", "ranges: its low port"),
        Define("PORTREG__RANGE_HIGH", "2", "ranges: its high port"),
        Table("portreg__ranges", "the records of port ranges, in record "
              "order, with their low and high ports; then PORTREG__NONE, "
              "where range_hi's walk ends", tuple(ranges) + ((NONE, 0, 0),),
              "port index", ctype="uint16_t", per_line=4),
    ]


def _links(model):
    links = sorted((a, b) for n in model.names
                   for a, b in zip(n.records, n.records[1:]))
    return [
        Define("PORTREG__LINK_COUNT", "%du" % len(links),
               "entries of same_name_from"),
        Table("portreg__same_name_from", "records whose name has a later "
              "record, sorted", tuple(a for a, _ in links), "records",
              ctype="uint16_t"),
        Table("portreg__same_name_next", "the next record of the same name, "
              "then PORTREG__NONE: a record missing from same_name_from "
              "reads the end", tuple(b for _, b in links) + (NONE,),
              "records", ctype="uint16_t"),
    ]


def hash_case(model, bucket, length):
    """The case of portreg__slot's switch for names of LENGTH bytes in
    BUCKET; hash_cases(model) for none."""
    return bucket * model.max_name_len + length - 1


def hash_cases(model):
    return len(model.buckets) * model.max_name_len


def _class_table(model):
    """Each class's (model.bucket_class) bucket, as the first of the
    bucket's hash cases (bucket * longest name length: the case of a query
    of LEN bytes is that plus LEN - 1).  A class no name has gets
    hash_cases(model), whose cases have no slots.  With one bucket, a
    bitmap says which classes it holds.  fast_class (gen/fast.py) adds the
    lengths."""
    none = hash_cases(model)
    base = [none] * CLASSES
    for c, b in model.class_bucket:
        base[c] = hash_case(model, b, 1)
    out = [Define("PORTREG__HASH_CASES", "%du" % none,
                  "portreg__slot's cases: (bucket, length) pairs")]
    out += fast.class_items(model, base, none)
    if len(model.buckets) == 1:
        return out + [
            Define("PORTREG__CLASS_BITS", "1", "one bucket: class_bits"),
            Table("portreg__class_bits", "bit (second byte & 31) of entry "
                  "(first byte & 31) set where the bucket holds a name with "
                  "those bytes", tuple(sum(1 << i for i in range(32)
                                           if base[32 * n + i] != none)
                                       for n in range(32)),
                  "name index", ctype="uint32_t", fmt="0x%08xu",
                  per_line=6, when=COMPACT)]
    return out + [
        Define("PORTREG__CLASS_BITS", "0", "one bucket: class_bits"),
        Table("portreg__class_bucket", "per class, 32 * (first byte & 31) + "
              "(second byte & 31), the first hash case of its bucket, or "
              "PORTREG__HASH_CASES: none", tuple(base), "name index",
              per_line=16, when=COMPACT)]


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
                out.append("        PORTREG__FALLTHROUGH;")
    if LAST in at:
        out.append("        v += a[%du + u[len - 1u]];" % (base + at[LAST]))
    if fn.length:
        out.append("        v += (unsigned)len;")
    out.append("        if (v < %du) {" % hashes.slots[b])
    out.append("            return %du + v;" % first_slot[b])
    out.append("        }")
    out.append("        return PORTREG__NO_NAME;")
    return out


def _no_class_cases(model):
    """The switch's cases past the buckets'.  A query of no class gets the
    cases from HASH_CASES to HASH_CASES + the longest length - 1 (without
    the fast indexes, HASH_CASES).  Where those fit a byte, every byte
    value is a case and the default is unreachable: the compiler's jump
    table then needs no range check, a branch that queries of no class
    (half of all misses) mispredict."""
    first_none = hash_cases(model)
    if first_none + model.max_name_len > 256:
        return ["    default:    /* PORTREG__HASH_CASES */",
                "        return PORTREG__NO_NAME;"]
    labels = ["case %du:" % c for c in range(first_none, 256)]
    tail = ["    " + " ".join(labels[i:i + 6])
            for i in range(0, len(labels), 6)]
    tail[0] += "    /* PORTREG__HASH_CASES and on: no bucket's */"
    return tail + ["        return PORTREG__NO_NAME;",
                   "    default:    /* no class table holds more */",
                   "        PORTREG__UNREACHABLE(PORTREG__NO_NAME);"]


def _hash(model, hashes, first_slot):
    """portreg__slot, gperf's hash functions as one switch over the (bucket,
    length) cases, and their association values in one table."""
    asso, chains = [], []
    for b, members in enumerate(model.buckets):
        if members:
            chains += _chain(model, hashes, b, len(asso), first_slot)
            asso += hashes.functions[b].asso
    return [Table("portreg__hash_asso", "gperf's association values, bucket "
                  "after bucket (portreg__slot's sums)", tuple(asso) or (0,),
                  "name index", ctype="uint16_t", per_line=16),
            Code("portreg__slot", "\n".join([
        "/* The slot of the name S (LEN bytes) of hash case C (its bucket and",
        " * length, from the class table): the bucket's first slot plus",
        " * gperf's hash of S, or PORTREG__NO_NAME where that is past the",
        " * bucket's slots or C is no bucket's.  Each bucket's gperf hash",
        " * function is a chain of cases, as in gperf's switch on the length:",
        " * one switch over (bucket, length) enters the bucket's sum at the",
        " * name's last key position. */",
        "static unsigned portreg__slot(unsigned c, const char *s, size_t len)",
        "{",
        "    const unsigned char *u = (const unsigned char *)s;",
        "    const uint16_t *a = portreg__hash_asso;",
        "    unsigned v = 0;",
        "    (void)u;    /* a registry without names has no case to use "
        "them */",
        "    (void)a;",
        "    (void)len;",
        "    (void)v;"] + ([
        "    /*@ assert hash_case_in_switch: c <= 255u; */   /* Frama-C "
        "proves it */"] if hash_cases(model) + model.max_name_len <= 256
        else []) + [
        "    switch (c) {"] + chains + _no_class_cases(model) + [
        "    }",
        "}"]), warnings=("-Wconversion", "-Wsign-conversion",
                          "-Wunused-parameter"))]


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
    bits = bitmap(used, nslots // 32 + 1)
    rank, total = [], 0
    for w in bits:
        rank.append(total)
        total += bin(w).count("1")
    return [Define("PORTREG__NO_NAME", "%du" % nslots,
                   "portreg__slot: none, a slot past the buckets' that no "
                   "name uses")] + _class_table(model) + [
        Table("portreg__slot_used", "bit i of word w set where slot 32w + i "
              "is used", tuple(bits), "name index", ctype="uint32_t",
              when=COMPACT, fmt="0x%08xu", per_line=6),
        Table("portreg__slot_rank", "the used slots before word w of "
              "slot_used", tuple(rank), "name index", ctype="uint16_t",
              when=COMPACT),
        Table("portreg__slot_record", "each used slot's name's first record",
              tuple(record[g] for g in used), "name index",
              ctype="uint16_t", when=COMPACT),
    ] + _hash(model, hashes, first_slot) + fast.items(
        model, name_offsets, slot_of, nslots)


def _status(model):
    res, sub = model.reserved, model.subset
    local = tuple(k for k, r in enumerate(model.records) if r.local)
    return [
        Define("PORTREG__DYNAMIC_FIRST", "%du" % DYNAMIC_FIRST,
               "the first dynamic port (RFC 6335)"),
        Define("PORTREG__RESERVED_COUNT", "%du" % len(res),
               "entries of reserved_low"),
        Table("portreg__reserved_low", "ports that unnamed Reserved rows "
              "cover, as disjoint sorted intervals: each one's low port",
              tuple(x[0] for x in res), "reserved", ctype="uint16_t"),
        Table("portreg__reserved_high", "each interval's high port",
              tuple(x[1] for x in res), "reserved", ctype="uint16_t"),
        Table("portreg__reserved_protocols", "the protocols each interval "
              "is reserved for (a row with no protocol: all)",
              tuple(x[2] for x in res), "reserved", fmt="0x%02x"),
        Define("PORTREG__LOCAL_COUNT", "%du" % len(local),
               "entries of local_records"),
        Table("portreg__local_records", "records from the OVERLAY file, "
              "sorted", local, "records", ctype="uint16_t"),
        Define("PORTREG__SPAN_COUNT", "%du" % len(sub.port_set),
               "entries of port_spans"),
        Table("portreg__port_spans", "the ports this build holds (PORTS=), "
              "as disjoint sorted intervals", tuple(sub.port_set),
              "reserved", ctype="uint16_t", per_line=6),
    ]


def _column_rows(model):
    """PROFILE=full: (strings, rows, entry_row, rfcs, txt).  Strings are stored once ("" first) and named by index; a
    row is a distinct tuple of DETAIL_COLUMNS' string indices with the
    start of its RFC list (0-terminated) and of its TXT key pairs ((0,
    0)-terminated); each entry names its row."""
    sub = model.subset
    strings = Interner([""])
    rows, row_of, entry_row = [], {}, []
    rfcs, rfc_at = [0], {(): 0}
    txt, txt_at = [(0, 0)], {(): 0}
    for e in model.entries:
        # the columns COLUMNS= leaves out read "", and so collapse
        text = dict(zip(DETAIL_COLUMNS, e.details))
        kept = tuple(text[c] if sub.has(c) else "" for c in DETAIL_COLUMNS)
        nums = columns.rfc_numbers(text["reference"]) \
            if sub.has("rfcs") else ()
        pairs = txtkeys.keys(text["assignment_notes"]) \
            if sub.has("txt_keys") else ()
        whole = (kept, nums, pairs)
        if whole not in row_of:
            if nums not in rfc_at:
                rfc_at[nums] = len(rfcs)
                rfcs.extend(nums + (0,))
            if pairs not in txt_at:
                txt_at[pairs] = len(txt)
                txt.extend([(strings.add(k), strings.add(v))
                            for k, v in pairs] + [(0, 0)])
            row_of[whole] = len(rows)
            rows.append((tuple(strings.add(t) for t in kept),
                         rfc_at[nums], txt_at[pairs]))
        entry_row.append(row_of[whole])
    return strings, rows, entry_row, rfcs, txt


def _columns(model):
    """PROFILE=full: every column of every entry's row, for portreg_record
    (_column_rows)."""
    strings, rows, entry_row, rfcs, txt = _column_rows(model)
    pool, offs, size = _pool(strings.items)
    return [
        Pool("portreg__column_text", "PROFILE=full: the other columns' "
             "strings, each once, \"\" first", pool, "other columns"),
        Table("portreg__column_text_offset", "each string's offset in "
              "portreg__column_text", tuple(offs), "other columns",
              ctype=ctype(size)),
        Table("portreg__entry_columns", "each entry's column tuple",
              tuple(entry_row), "other columns"),
    ] + [Define("PORTREG__COL_" + c.upper(), "%d" % i, "columns: %s" % c)
         for i, c in enumerate(DETAIL_COLUMNS)] + [
        Table("portreg__columns", "per tuple, its strings (PORTREG__COL_*)",
              tuple(c for c, _, _ in rows) or ((0,) * len(DETAIL_COLUMNS),),
              "other columns", ctype=ctype(len(strings)), per_line=2),
        Table("portreg__columns_first_rfc", "per tuple, its first RFC number "
              "in portreg__rfc_numbers", tuple(r for _, r, _ in rows),
              "other columns", ctype=ctype(len(rfcs))),
        Table("portreg__columns_first_txt", "per tuple, its first TXT key "
              "pair in portreg__txt_keys", tuple(t for _, _, t in rows),
              "other columns", ctype=ctype(len(txt))),
        Table("portreg__rfc_numbers", "RFC numbers, each list ending in 0",
              tuple(rfcs), "other columns", ctype="uint16_t"),
        Table("portreg__txt_keys", "TXT key and description string pairs, "
              "each list ending in (0, 0)", tuple(txt), "other columns",
              ctype=ctype(len(strings)), per_line=6),
    ]


def servent_sizes(model):
    """(Bytes a servent's buffer needs for the busiest port and protocol,
    with 8-byte pointers: alignment, the alias array, every name and the
    protocol's name; the most entries of one port and protocol).  Past
    SERVENT_BUFSIZE, the ABI's, a TablesError names the port."""
    cover = {}
    for r in model.ported:
        size = len(r.name.encode("utf-8")) + 1
        for bit in PROTO_BIT.values():
            # its entries a query for BIT selects: BIT's, and the one with
            # no protocol, which counts for every protocol
            count = bin(r.protos & (bit | NOPROTO)).count("1")
            if count:
                for p in range(r.port_lo, r.port_hi + 1):
                    n, total = cover.get((p, bit), (0, 0))
                    cover[(p, bit)] = (n + count, total + count * size)
    need = {k: 7 + 5 + (n + 1) * 8 + total for k, (n, total) in cover.items()}
    for (port, bit), size in sorted(need.items()):
        if size > SERVENT_BUFSIZE:
            raise TablesError(
                "port %d/%s has %d names, whose servent needs %d bytes, more "
                "than PORTREG_SERVENT_BUFSIZE (%d)" % (
                    port, PROTOCOLS[bit.bit_length() - 1], cover[port, bit][0],
                    size, SERVENT_BUFSIZE))
    return (max(need.values(), default=20),
            max([n for n, _ in cover.values()], default=1))


def build(model, hashes):
    """The Tables of MODEL, whose buckets gperf hashed into HASHES, in the
    order portreg_tables.c.h holds them."""
    name_offsets, names = _names(model)
    cols = _columns(model) if model.subset.records else []
    items = _constants(model) + _protocols() + names + _records(model) \
        + _port_index(model) + _links(model) \
        + _name_index(model, hashes, name_offsets) + _status(model) + cols
    bufsize, most_entries = servent_sizes(model)
    tables = Tables(tuple(items), bufsize, most_entries)
    check(model, tables)
    return tables


def check(model, tables):
    """Assert what portreg.c relies on."""
    names = [(t.name, t.when) for t in tables.items]
    assert len(names) == len(set(names)), "one item a name"
    assert len(tables.of("portreg__record_mask").values) == \
        len(model.records)
    ranges = [r[0] for r in tables.of("portreg__ranges").values]
    mask = tables.of("portreg__record_mask").values
    assert [k for k, m in enumerate(mask) if m & MASK_RANGE] == \
        ranges[:len(model.ranges)], \
        "portreg__range_hi finds every range record"
    assert len(model.records) <= WORD_FIRST, "records fit 15 bits"
    assert MASK_RANGE > NOPROTO, "record_mask's flags above the protocols"
    proof_invariants(model, tables)


def _value(tables, name):
    """The values of table NAME, or None where this build has none."""
    found = [t for t in tables.items if t.name == name]
    return found[0].values if found else None


def proof_invariants(model, tables):
    """The facts about the tables that the C states as ACSL `admit`s, for
    Frama-C's proof (tests/proof/README.md), each checked here on the
    tables written: a TablesError names the one that fails, and nothing is
    written."""
    count = len(model.records)
    mask = _value(tables, "portreg__record_mask")

    def need(ok, label, what):
        if not ok:
            raise TablesError("tables break the proof's invariant %s: %s"
                              % (label, what))

    # name_in_pool: every record's name, read with the longest name's
    # length past its offset, stays in the pool
    pool = next(t for t in tables.items if t.name == "portreg__names")
    base = _value(tables, "portreg__name_group_base")
    offset = _value(tables, "portreg__name_offset")
    shift = int(next(t.value for t in tables.items
                     if t.name == "PORTREG__NAME_SHIFT"))
    group = int(next(t.value for t in tables.items
                     if t.name == "PORTREG__NAME_GROUP").rstrip("u"))
    pool_bytes = pool.nbytes
    for k in range(count):
        at = (base[k // group] << shift) + offset[k]
        need(at + model.max_name_len < pool_bytes, "name_in_pool",
             "record %d's name at %d" % (k, at))
    # word_first_record: each word's first record is a record or the end
    words = _value(tables, "portreg__port_word_first")
    need(all(w & WORD_FIRST <= count for w in words), "word_first_record",
         "a word's first record past %d" % count)
    # port_in_run: a port whose bit is set has a record with its low byte
    # between its rank's record and the end of the records
    used = _value(tables, "portreg__port_used")
    low = _value(tables, "portreg__port_low_byte")
    for w, bits in enumerate(used):
        for i in range(32):
            if bits >> i & 1:
                k = (words[w] & WORD_FIRST) + bin(bits & ((1 << i) - 1)
                                                 ).count("1")
                while k < count and low[k] != (32 * w + i) & 0xff:
                    k += 1
                need(k < count, "port_in_run", "port %d" % (32 * w + i))
    # entry_in_group: each group of 8 records starts at the entry count
    # before it, so portreg_get's walk ends on a record
    first = _value(tables, "portreg__group_first_entry")
    bit_count = [bin(m & ANY).count("1") for m in mask]
    need(all(first[j] == sum(bit_count[:8 * j]) for j in range(len(first)))
         and sum(bit_count) == len(model.entries), "entry_in_group",
         "group_first_entry")
    # record_index: the records that tables name are records
    for name in ("portreg__slot_record", "portreg__same_name_next",
                 "portreg__local_records"):
        values = _value(tables, name) or ()
        need(all(v < count or v == NONE for v in values), "record_index",
             name)
    ranges = _value(tables, "portreg__ranges")
    need(all(r[0] < count for r in ranges[:len(model.ranges)]) and
         ranges[len(model.ranges)][0] == NONE, "record_index",
         "portreg__ranges and its last row")
    # used_slot_rank: a used slot's rank is below the name count
    slot_used = _value(tables, "portreg__slot_used")
    if slot_used is not None:
        rank = _value(tables, "portreg__slot_rank")
        for w, bits in enumerate(slot_used):
            for i in range(32):
                if bits >> i & 1:
                    need(rank[w] + bin(bits & ((1 << i) - 1)).count("1") <
                         len(model.names), "used_slot_rank",
                         "slot %d" % (32 * w + i))
    # high_byte_guess, high_byte_sentinel: the walk from each record's
    # guess reaches its high byte below 256, the sentinel past every
    # record with a port (the only ones portreg__port_of is given);
    # port_in_words: every record's port is in the port words
    hb_first = _value(tables, "portreg__high_byte_first")
    if hb_first is not None:
        guess = _value(tables, "portreg__high_byte_guess")
        need(len(hb_first) == 257 and hb_first[256] >= len(model.ported),
             "high_byte_sentinel", "high_byte_first[256]")
        for k in range(len(model.ported)):
            h = guess[k >> 5]
            while h < 256 and hb_first[h + 1] <= k:
                h += 1
            need(h < 256, "high_byte_guess", "record %d" % k)
    for k, r in enumerate(model.ported):
        need(r.port_lo < 32 * len(used), "port_in_words",
             "record %d's port %d" % (k, r.port_lo))
