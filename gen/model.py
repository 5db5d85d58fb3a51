"""The registry as portreg answers it: entries, records, names, buckets.

Input: a load.Registry (validated rows) and a subset.Subset.  Output: a
frozen Model, built from lists in registry order or sorted(), so equal input
gives an equal Model; check() asserts the invariants the tables rely on.

Three ideas, three names:
  Entry   one named registry row the build keeps, for one protocol: what
          portreg_get(id) answers.  Numbered in registry order: rows with a
          port by port (stable), then name-only rows.
  Record  a run of consecutive entries equal but for protocol (http's tcp,
          udp and sctp rows are one record); the C tables are columns over
          records, and lookups expand a record into its entries.
  Name    a distinct name, ASCII case folded, with its registered (first)
          spelling, its gperf bucket and its records.
The C tables built from these are gen/tables.py's.
"""

import dataclasses

from .constants import (ANY, F_NOPORT, RESERVED, ROW_BIT, Interner, fold,
                        port_text, protocol_names)
from .subset import Subset

NAMES_PER_BUCKET = 500      # see gen/README.md: table sizes per bucket size


@dataclasses.dataclass(frozen=True)
class Entry:
    id: int
    name: str               # the row's spelling
    description: str
    port_lo: int            # 0 for a name-only row
    port_hi: int
    proto: int              # one ROW_BIT value
    flags: int              # F_NOPORT
    line: int
    details: tuple = ()     # the row's columns from Assignee on (8)
    local: bool = False     # from the OVERLAY file


@dataclasses.dataclass(frozen=True)
class Record:
    """Consecutive entries equal but for protocol, ascending protocol
    bits."""
    first_id: int           # the first entry's id
    name_id: int            # index into Model.names
    name: str               # the name's registered spelling
    description: str
    port_lo: int
    port_hi: int
    protos: int             # protocol bits, ROW_BIT values or'ed
    has_port: bool
    local: bool = False     # from the OVERLAY file

    @property
    def is_range(self):
        return self.has_port and self.port_lo < self.port_hi

    def key(self):
        """How the record reads in a comment: "http 80/tcp,udp"."""
        port = port_text(self.port_lo, self.port_hi) if self.has_port \
            else "(no port)"
        return "%s %s/%s" % (self.name, port, protocol_names(self.protos))


@dataclasses.dataclass(frozen=True)
class Name:
    folded: str
    spelling: str           # registered spelling (the first one seen)
    bucket: int
    records: tuple          # record indices, registry order


@dataclasses.dataclass(frozen=True)
class Model:
    registry: object        # the load.Registry it was built from
    subset: Subset
    entries: tuple
    records: tuple
    names: tuple
    buckets: tuple          # per bucket, the name indices it holds
    class_bucket: tuple     # (bucket_class, bucket) for every used class
    singles: tuple          # (port, record) for one-port records, sorted
    ranges: tuple           # record indices of port ranges, registry order
    reserved: tuple         # disjoint (lo, hi, protocol mask), sorted
    descriptions: tuple     # distinct descriptions, "" first
    max_name_len: int
    warnings: tuple = ()    # names spelt two ways

    @property
    def ported(self):
        """The records with a port: they come first."""
        return self.records[:len(self.records) - sum(
            1 for r in self.records if not r.has_port)]


def bucket_class(name_bytes):
    """The class of a name: its first two bytes' low 5 bits (the same for
    both ASCII cases), the second NUL for a name of one byte.  A query's
    class needs no length, so portreg.c reads the class tables while it
    still looks for the query's NUL: class_bucket[32 * (first byte & 31) +
    (second byte & 31)]."""
    second = name_bytes[1] if len(name_bytes) > 1 else 0
    return 32 * (name_bytes[0] & 31) + (second & 31)


CLASSES = 32 * 32   # bucket_class's values


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


def _entries(rows, subset):
    """Named rows the subset keeps, in port order: rows with a port by
    (port, registry row), then name-only rows in registry order.  IANA keeps
    its file in that order, so for the registry this is its row order; a
    services(5) overlay puts its names first at their ports."""
    kept = [r for r in rows if r.name and subset.keeps(r)]
    # a services(5) overlay's names first at their ports, in its order
    kept.sort(key=lambda r: (0, r.port_lo, r.prefer == 0, r.prefer)
              if r.has_port else (1, 0, 0, 0))
    return [Entry(i, r.name, r.description,
                  r.port_lo if r.has_port else 0,
                  r.port_hi if r.has_port else 0,
                  ROW_BIT[r.proto], 0 if r.has_port else F_NOPORT,
                  r.line, r.details, r.local)
            for i, r in enumerate(kept)]


def _names(entries, filename):
    """The distinct names (folded, spelling) in entry order, each entry's
    name index, and a warning per later spelling of a name."""
    names, index, warnings = Interner(), [], []
    spelling = {}
    for e in entries:
        f = fold(e.name)
        index.append(names.add(f))
        first = spelling.setdefault(f, e.name)
        if first != e.name:
            warnings.append("%s:%d: %s differs only in case from an earlier "
                            "name; its entries answer with the first "
                            "spelling (%s)" % (filename, e.line, e.name,
                                               first))
    return [(f, spelling[f]) for f in names.items], index, warnings


def _records(entries, name_index, names):
    """Entries merged into records: an entry joins the record before it
    where it is that record's next protocol and all else, the row's
    spelling included, is equal."""
    out = []
    for e, n in zip(entries, name_index):
        has_port = not e.flags & F_NOPORT
        last = out[-1] if out else None
        if (last is not None and entries[last.first_id].name == e.name
                and (last.port_lo, last.port_hi) == (e.port_lo, e.port_hi)
                and last.description == e.description
                and last.has_port == has_port and last.local == e.local
                and last.protos < e.proto):
            out[-1] = dataclasses.replace(last, protos=last.protos | e.proto)
            continue
        out.append(Record(e.id, n, names[n][1], e.description, e.port_lo,
                          e.port_hi, e.proto, has_port, e.local))
    return out


def _reserved(rows, subset):
    """Disjoint intervals of ports an unnamed "Reserved" row covers, within
    the subset's ports and protocols."""
    marks = bytearray(65536)
    for r in rows:
        if r.name or r.description.strip().lower() != RESERVED:
            continue
        bit = ANY if r.proto == "" else ROW_BIT[r.proto]
        bit &= subset.protocols | ROW_BIT[""]
        for p in r.ports():
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


def _buckets(names, records):
    """(Name objects, buckets, class -> bucket): about NAMES_PER_BUCKET
    names a bucket, rounded to the nearest count (a second bucket costs a
    gperf association table and the class table)."""
    nbuckets = max(1, (len(names) + NAMES_PER_BUCKET // 2) // NAMES_PER_BUCKET)
    by_name = [[] for _ in names]
    for i, r in enumerate(records):
        by_name[r.name_id].append(i)
    name_class = [bucket_class(f.encode("utf-8")) for f, _ in names]
    sizes = {}
    for c in name_class:
        sizes[c] = sizes.get(c, 0) + 1
    class_bucket = assign_buckets(sizes, nbuckets)
    objs, buckets = [], [[] for _ in range(nbuckets)]
    for i, (f, spelling) in enumerate(names):
        b = class_bucket[name_class[i]]
        buckets[b].append(i)
        objs.append(Name(f, spelling, b, tuple(by_name[i])))
    return objs, buckets, class_bucket


def build(registry, subset=Subset()):
    """The Model of a load.Registry for SUBSET."""
    entries = _entries(registry.rows, subset)
    names, name_index, warnings = _names(entries, registry.filename)
    records = _records(entries, name_index, names)
    name_objs, buckets, class_bucket = _buckets(names, records)
    m = Model(
        registry=registry,
        subset=subset,
        entries=tuple(entries),
        records=tuple(records),
        names=tuple(name_objs),
        buckets=tuple(tuple(b) for b in buckets),
        class_bucket=tuple(sorted(class_bucket.items())),
        singles=tuple(sorted((r.port_lo, i) for i, r in enumerate(records)
                             if r.has_port and not r.is_range)),
        ranges=tuple(i for i, r in enumerate(records) if r.is_range),
        reserved=_reserved(registry.rows, subset),
        descriptions=tuple(Interner([""] + [r.description for r in records])
                           .items),
        max_name_len=max((len(f.encode("utf-8")) for f, _ in names),
                         default=1),
        warnings=tuple(warnings),
    )
    check(m)
    return m


def check(m):
    """Assert the invariants the tables rely on."""
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
    ported = m.ported
    assert all(r.has_port for r in ported), "name-only records last"
    assert not any(r.has_port for r in m.records[len(ported):])
    assert [r.port_lo for r in ported] == sorted(r.port_lo for r in ported)
    assert all(a[1] < b[0] for a, b in zip(m.reserved, m.reserved[1:]))
    assert len(set(m.descriptions)) == len(m.descriptions)
