"""Build the tables portreg compiles in, from validated rows.

Input: the Rec list from validate and the registry's identity (file name,
bytes).  Output: a frozen Model holding every derived table: entries (the
named rows, in registry order), records (runs of entries that differ only in
protocol, merged), distinct names with their gperf buckets, the port index,
the reserved-port intervals and the description pool.  Everything is built
from lists in registry order or from sorted(), so equal input gives an equal
Model.  check() asserts the invariants the C code relies on.
"""

import dataclasses
import re
import hashlib

from . import validate as v

PROTO_BIT = {"tcp": 0x01, "udp": 0x02, "sctp": 0x04, "dccp": 0x08, "": 0x10}
ANY = 0x1f
F_NOPORT = 0x01
REC_NOPORT = 0x80           # in Record.mask: the row has no port
NAMES_PER_BUCKET = 500      # see README: measured table sizes per bucket size
RESERVED = "reserved"
PROFILES = ("minimal", "full")
PROTOCOL_WORDS = {p: bit for p, bit in PROTO_BIT.items() if p}  # PROTOCOLS=
ALL_PORTS = ((0, 65535),)


class SubsetError(Exception):
    """A PROTOCOLS= or PORTS= value that does not parse."""


@dataclasses.dataclass(frozen=True)
class Subset:
    """What a build holds: a profile, protocols, ports.

    An entry is kept when its protocol is in `protocols` (a row with no
    protocol counts for every protocol, as in the registry, and is always
    kept) and, where `ports` is given, when every port it covers is in
    `ports`; name-only rows have no port and are kept only when `ports` is
    None.  Reserved intervals are clipped the same way.
    """
    profile: str = "minimal"
    protocols: int = 0x0f           # PROTOCOL_WORDS bits
    ports: tuple = None             # disjoint sorted (lo, hi), or None: all

    @property
    def port_set(self):
        return self.ports if self.ports is not None else ALL_PORTS

    def keeps_port(self, lo, hi):
        return any(a <= lo and hi <= b for a, b in self.port_set)

    def keeps(self, rec):
        if rec.proto and not PROTOCOL_WORDS[rec.proto] & self.protocols:
            return False
        if not rec.has_port:
            return self.ports is None
        return self.keeps_port(rec.port_lo, rec.port_hi)

    def protocols_text(self):
        return ",".join(p for p, bit in PROTOCOL_WORDS.items()
                        if bit & self.protocols)

    def ports_text(self):
        return ",".join("%d" % a if a == b else "%d-%d" % (a, b)
                        for a, b in self.port_set)


def parse_subset(profile="minimal", protocols="", ports=""):
    """A Subset from the Makefile's PROFILE=, PROTOCOLS= and PORTS= text:
    PROTOCOLS=tcp,udp and PORTS=0-1023,8080 (empty: everything)."""
    if profile not in PROFILES:
        raise SubsetError("unknown profile (%s); use one of %s"
                          % (profile, ", ".join(PROFILES)))
    mask = 0
    for word in filter(None, (w.strip() for w in protocols.split(","))):
        if word.lower() not in PROTOCOL_WORDS:
            raise SubsetError("unknown protocol in PROTOCOLS (%s); use %s"
                              % (word, ",".join(PROTOCOL_WORDS)))
        mask |= PROTOCOL_WORDS[word.lower()]
    spans = []
    for word in filter(None, (w.strip() for w in ports.split(","))):
        lo, sep, hi = word.partition("-")
        if not (lo.isdigit() and (hi.isdigit() or not sep)):
            raise SubsetError("bad port range in PORTS (%s); write 0-1023"
                              % word)
        a, b = int(lo), int(hi) if sep else int(lo)
        if a > b or b > 65535:
            raise SubsetError("bad port range in PORTS (%s); ports run "
                              "0-65535, low first" % word)
        spans.append((a, b))
    merged = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return Subset(profile, mask or 0x0f, tuple(merged) if spans else None)


@dataclasses.dataclass(frozen=True)
class Entry:
    id: int
    name: str
    description: str
    port_lo: int            # 0 for a name-only row
    port_hi: int
    proto: int              # one PROTO_BIT value
    flags: int              # F_NOPORT
    line: int
    details: tuple = ()     # the row's columns from Assignee on (8)
    local: bool = False     # from the OVERLAY file


@dataclasses.dataclass(frozen=True)
class Record:
    """Consecutive entries equal but for protocol, ascending protocol bits."""
    first_id: int
    name: int               # index into Model.names
    description: str
    port_lo: int
    port_hi: int
    mask: int               # protocol bits, plus REC_NOPORT
    lines: tuple
    local: bool = False     # from the OVERLAY file

    @property
    def protos(self):
        return self.mask & ANY


@dataclasses.dataclass(frozen=True)
class Name:
    folded: str
    spelling: str           # registered spelling (the first one seen)
    bucket: int
    records: tuple          # record indices, registry order


@dataclasses.dataclass(frozen=True)
class Model:
    filename: str
    sha256: str
    date: str
    row_count: int
    entries: tuple
    records: tuple
    names: tuple
    buckets: tuple          # per bucket, the name indices it holds
    class_bucket: tuple     # (bucket_class, bucket) for every used class
    singles: tuple          # (port, record) for one-port records, sorted
    ranges: tuple           # record indices of port ranges, registry order
    reserved: tuple         # disjoint (lo, hi, protocol mask), sorted
    pool: tuple             # distinct descriptions, "" first
    max_name_len: int
    subset: Subset
    overlay: str = ""       # the OVERLAY file, its SHA-256 and rows, or ""


_TXT_PAIR = re.compile(r"([A-Za-z0-9_.*?+-]+)=(<[^>]*>|[^\s,]+)")
_TXT_LINE = re.compile(r"^\s*([A-Za-z0-9_.*?+-]+)\s{2,}(\S.*?)\s*$", re.M)
_TXT_KEY = re.compile(r"[A-Za-z0-9_.*?+-]{1,40}\Z")
_RFC = re.compile(r"RFC\s?([0-9]{1,5})")


def txt_keys(notes):
    """The DNS-SD TXT keys that Assignment Notes define, as (key,
    description) pairs: the text after "Defined TXT keys:" read as key=value
    items, else as a table of "key  description" lines, else as a comma- or
    space-separated list of keys (every item one word); prose gives none."""
    at = notes.find("Defined TXT keys:")
    if at < 0:
        return ()
    text = notes[at + len("Defined TXT keys:"):]
    pairs = _TXT_PAIR.findall(text)
    if pairs:
        return tuple((k, v[1:-1] if v.startswith("<") else v)
                     for k, v in pairs)
    lines = _TXT_LINE.findall(text)
    if lines:
        return tuple(lines)
    items = [w.strip() for w in text.replace(",", " ").split()]
    if items and all(_TXT_KEY.match(w) for w in items) and "," in text \
            or len(items) == 1 and _TXT_KEY.match(items[0]):
        return tuple((w, "") for w in items)
    return ()


def rfc_numbers(reference):
    """The RFC numbers a Reference names ([RFC6335], [RFC 793]), in order,
    each once."""
    out = []
    for n in _RFC.findall(reference):
        n = int(n)
        if 0 < n < 65536 and n not in out:
            out.append(n)
    return tuple(out)


def fold(s):
    """ASCII case folding, as RFC 6335 compares names; other bytes stay."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def bucket_class(name_bytes):
    """The class of a name: its length and its first byte's low 5 bits
    (the same for both ASCII cases).  portreg.c reads it from a table of
    32 classes per length: class_bucket[32 * length + (first byte & 31)]."""
    return 32 * len(name_bytes) + (name_bytes[0] & 31)


def assign_buckets(class_sizes, nbuckets):
    """Each class's bucket: largest class first, into the bucket with the
    fewest names so far (the lowest index on a tie), so buckets come out
    even without splitting a class.  Deterministic: ties between classes
    go by class number."""
    fill = [0] * nbuckets
    out = {}
    for c, n in sorted(class_sizes.items(), key=lambda x: (-x[1], x[0])):
        b = min(range(nbuckets), key=lambda i: (fill[i], i))
        out[c] = b
        fill[b] += n
    return out


def _entries(recs, subset):
    """Named rows the subset keeps, in port order: rows with a port by
    (port, registry row), then name-only rows in registry order.  IANA keeps
    its file in that order, so for the registry this is its row order."""
    out = []
    kept = [r for r in recs if r.name and subset.keeps(r)]
    kept.sort(key=lambda r: (0, r.port_lo) if r.has_port else (1, 0))
    for r in kept:
        lo, hi = (r.port_lo, r.port_hi) if r.has_port else (0, 0)
        out.append(Entry(len(out), r.name, r.description, lo, hi,
                         PROTO_BIT[r.proto], 0 if r.has_port else F_NOPORT,
                         r.line, tuple(r.fields[4:12]), r.local))
    return out


def _records(entries, name_index):
    out = []
    for e in entries:
        noport = REC_NOPORT if e.flags & F_NOPORT else 0
        if out:
            last = out[-1]
            if (entries[last.first_id].name == e.name
                    and last.port_lo == e.port_lo
                    and last.port_hi == e.port_hi
                    and last.description == e.description
                    and last.mask & REC_NOPORT == noport
                    and last.local == e.local
                    and last.protos < e.proto):
                out[-1] = dataclasses.replace(
                    last, mask=last.mask | e.proto,
                    lines=last.lines + (e.line,))
                continue
        out.append(Record(e.id, name_index[fold(e.name)], e.description,
                          e.port_lo, e.port_hi, e.proto | noport, (e.line,),
                          e.local))
    return out


def _reserved(recs, subset):
    """Disjoint intervals of ports an unnamed "Reserved" row covers, within
    the subset's ports and protocols."""
    marks = bytearray(65536)
    for r in recs:
        if r.name or not r.has_port:
            continue
        if r.description.strip().lower() != RESERVED:
            continue
        bit = ANY if r.proto == "" else PROTO_BIT[r.proto]
        bit &= subset.protocols | PROTO_BIT[""]
        for p in range(r.port_lo, r.port_hi + 1):
            if subset.keeps_port(p, p):
                marks[p] |= bit
    out = []
    for p, m in enumerate(marks):
        if not m:
            continue
        if out and out[-1][1] == p - 1 and out[-1][2] == m:
            out[-1] = (out[-1][0], p, m)
        else:
            out.append((p, p, m))
    return tuple(out)


def build(filename, data, recs, warnings=None, subset=Subset(), overlay=""):
    """Return the Model for validated recs read from data (bytes); recs may
    end in an overlay's rows (Rec.local), which OVERLAY describes."""
    entries = _entries(recs, subset)
    names = []              # (folded, spelling)
    name_index = {}
    for e in entries:
        f = fold(e.name)
        if f not in name_index:
            name_index[f] = len(names)
            names.append((f, e.name))
        elif names[name_index[f]][1] != e.name and warnings is not None:
            warnings.append("%s:%d: %s differs only in case from an earlier "
                            "name; its entries answer with the first "
                            "spelling (%s)" % (filename, e.line, e.name,
                                               names[name_index[f]][1]))
    records = _records(entries, name_index)

    # About NAMES_PER_BUCKET names a bucket, rounded to the nearest count:
    # a second bucket costs a 512-byte hash table and the class table.
    nbuckets = max(1, (len(names) + NAMES_PER_BUCKET // 2) // NAMES_PER_BUCKET)
    by_name = [[] for _ in names]
    for i, r in enumerate(records):
        by_name[r.name].append(i)
    name_class = [bucket_class(f.encode("utf-8")) for f, _ in names]
    classes = {}
    for c in name_class:
        classes[c] = classes.get(c, 0) + 1
    class_bucket = assign_buckets(classes, nbuckets)
    name_objs = []
    buckets = [[] for _ in range(nbuckets)]
    for i, (f, spelling) in enumerate(names):
        b = class_bucket[name_class[i]]
        buckets[b].append(i)
        name_objs.append(Name(f, spelling, b, tuple(by_name[i])))

    singles = sorted((r.port_lo, i) for i, r in enumerate(records)
                     if not r.mask & REC_NOPORT and r.port_lo == r.port_hi)
    ranges = tuple(i for i, r in enumerate(records)
                   if not r.mask & REC_NOPORT and r.port_lo < r.port_hi)

    pool = [""]
    seen = {"": 0}
    for r in records:
        if r.description not in seen:
            seen[r.description] = len(pool)
            pool.append(r.description)

    m = Model(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        date=v.registry_date([r for r in recs if not r.local]),
        row_count=sum(1 for r in recs if not r.local),
        overlay=overlay,
        entries=tuple(entries),
        records=tuple(records),
        names=tuple(name_objs),
        buckets=tuple(tuple(b) for b in buckets),
        class_bucket=tuple(sorted(class_bucket.items())),
        singles=tuple(singles),
        ranges=ranges,
        reserved=_reserved(recs, subset),
        pool=tuple(pool),
        max_name_len=max((len(f.encode("utf-8")) for f, _ in names),
                         default=1),
        subset=subset,
    )
    check(m)
    return m


def check(m):
    """Assert the invariants the generated C relies on."""
    assert len(m.entries) <= 0xffff, "entry ids must fit uint16_t"
    assert len(m.records) < 0x8000, "record indices must fit 15 bits"
    ids = [e for r in m.records for e in
           range(r.first_id, r.first_id + bin(r.protos).count("1"))]
    assert ids == list(range(len(m.entries))), "records cover the entries"
    assert sorted(i for b in m.buckets for i in b) == list(range(len(m.names)))
    cb = dict(m.class_bucket)
    for b, members in enumerate(m.buckets):
        for i in members:
            assert m.names[i].bucket == b
            assert cb[bucket_class(m.names[i].folded.encode("utf-8"))] == b
    assert list(m.singles) == sorted(m.singles)
    ported = [r for r in m.records if not r.mask & REC_NOPORT]
    assert m.records[:len(ported)] == tuple(ported), "name-only rows last"
    assert [r.port_lo for r in ported] == sorted(r.port_lo for r in ported)
    assert all(a[1] < b[0] for a, b in zip(m.reserved, m.reserved[1:]))
    assert len(set(m.pool)) == len(m.pool)
