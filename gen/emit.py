"""Turn a Model into the files of out/: C sources, the gperf inputs, a stamp.

Input: a Model, the templates folder and the gperf command.  Output: a dict
{relative path: bytes} (render), then write() puts it under out/.  render runs
gperf once per name bucket in a private temporary folder, with LC_ALL=C,
relative paths and the fixed arguments in GPERF_ARGS, so the bytes depend on
nothing but the Model, the templates and gperf's version.  write() stages
every file in a temporary folder inside out/ and only then renames the files
whose bytes changed into place: a run that fails before write() leaves out/
exactly as it was.
"""

import os
import re
import shutil
import string
import subprocess
import tempfile

from . import model as m
from . import __version__

# Fixed gperf arguments: one definition, one order.  --pic keeps the keyword
# table free of pointers; --ignore-case hashes both cases alike (portreg.c
# supplies the comparison, see templates/portreg.c.in); -m 2 tries two
# starting points and keeps the smaller table (a quarter fewer slots than
# one try, for twice gperf's time; more tries gain little).
GPERF_ARGS = ("-t", "-T", "-C", "-G", "--ignore-case", "--pic", "-m", "2")
NAME_GROUPS = (16, 8, 4, 2, 1)  # records per name-offset base, tried in turn


class EmitError(Exception):
    """gperf failed or produced output this generator does not understand."""


def _escape(s, backslashed):
    """UTF-8 bytes of s as literal text: characters in BACKSLASHED as \\c;
    other quotes, backslashes, '?' (no trigraphs) and everything outside
    printable ASCII as three-digit octal (never \\x: hex escapes are
    greedy); the rest as it is."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in backslashed:
            out.append("\\" + c)
        elif c in '"\\?' or not 0x20 <= b < 0x7f:
            out.append("\\%03o" % b)
        else:
            out.append(c)
    return "".join(out)


def c_string(s):
    """s as the body of a C string literal."""
    return _escape(s, '"\\?')


def c_comment(s):
    """s made safe inside /* */: ASCII only, no comment end, no trigraph."""
    t = "".join(c if 0x20 <= ord(c) < 0x7f else "." for c in s)
    return t.replace("*/", "* /").replace("??", "?.").replace("\\", "/")


def ctype(maxval):
    """The smallest unsigned C type that holds maxval."""
    for bits in (8, 16, 32):
        if maxval < (1 << bits):
            return "uint%d_t" % bits
    raise EmitError("value too large for uint32_t (%d)" % maxval)


def _width(ctype_name):
    """Bytes in one of ctype()'s types."""
    return int(ctype_name[4:-2]) // 8


def protos_text(mask):
    return ",".join(n or "-" for n, bit in sorted(m.PROTO_BIT.items(),
                                                 key=lambda kv: kv[1])
                    if mask & bit)


def record_key(model, r):
    """The key comment of a record: name, port, protocols."""
    name = model.names[r.name].spelling
    if r.mask & m.REC_NOPORT:
        port = "(no port)"
    elif r.port_lo == r.port_hi:
        port = "%d" % r.port_lo
    else:
        port = "%d-%d" % (r.port_lo, r.port_hi)
    return c_comment("%s %s/%s" % (name, port, protos_text(r.protos)))


def gperf_version(gperf):
    try:
        out = subprocess.run([gperf, "--version"], capture_output=True,
                             check=True, env=_c_env()).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise EmitError("cannot run %s (%s); install it: apt-get install gperf"
                        % (gperf, e)) from None
    return out.decode("ascii", "replace").splitlines()[0].strip()


def _c_env():
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    return env


def gperf_key(s):
    """A name as a gperf keyword: quoted, every special byte in octal."""
    return '"%s"' % _escape(s, "")


def run_gperf(model, gperf):
    """Run gperf on every non-empty bucket.

    Returns (gperf inputs {name: text}, hash functions [text], slots) where
    slots[b] is bucket b's slot count (MAX_HASH_VALUE + 1) and
    name_slot[i] is name i's hash value in its bucket, read from where gperf
    placed the keyword (gperf --pic names the string of slot N pool_strN).
    Only gperf's hash functions go into portreg.c.
    """
    inputs, functions = {}, []
    slots = [0] * len(model.buckets)
    name_slot = [None] * len(model.names)
    with tempfile.TemporaryDirectory(prefix="portreg-gperf-") as tmp:
        for b, members in enumerate(model.buckets):
            if not members:
                continue
            src = "names_%03d.gperf" % b
            text = ("struct portreg__word;\n%%\n" +
                    "".join("%s, %d\n" % (gperf_key(model.names[i].spelling),
                                          i) for i in members) +
                    "%%\n")
            inputs[src] = text
            with open(os.path.join(tmp, src), "w", encoding="utf-8",
                      newline="\n") as f:
                f.write(text)
            pre = "portreg__%03d_" % b
            args = [gperf, *GPERF_ARGS,
                    "--hash-function-name=%shash" % pre,
                    "--lookup-function-name=%slookup" % pre,
                    "--string-pool-name=%spool" % pre,
                    "--word-array-name=%swords" % pre,
                    src]
            p = subprocess.run(args, cwd=tmp, capture_output=True,
                               env=_c_env())
            if p.returncode != 0:
                raise EmitError("gperf failed on bucket %d: %s" % (
                    b, p.stderr.decode("utf-8", "replace").strip()))
            out = p.stdout.decode("utf-8")
            found = re.findall(r"->%spool_str(\d+), (\d+)\}" % pre, out)
            if sorted(int(i) for _, i in found) != sorted(members):
                raise EmitError("gperf output for bucket %d does not list "
                                "every keyword once" % b)
            fn = re.search(r"^static unsigned int\n%shash \(.*?^}\n" % pre,
                           out, re.S | re.M)
            top = re.search(r"^#define MAX_HASH_VALUE (\d+)$", out, re.M)
            if not fn or not top:
                raise EmitError("gperf output for bucket %d has no hash "
                                "function or MAX_HASH_VALUE this generator "
                                "recognizes" % b)
            slots[b] = int(top.group(1)) + 1
            for slot, i in found:
                if int(slot) >= slots[b]:
                    raise EmitError("gperf put a keyword of bucket %d past "
                                    "MAX_HASH_VALUE" % b)
                name_slot[int(i)] = int(slot)
            functions.append("\n/* Bucket %d: %d names, %d slots. */\n%s"
                             % (b, len(members), slots[b],
                                fn.group(0).rstrip("\n")))
    return inputs, functions, slots, name_slot


def _rows(values, per_line=12, fmt="%d", empty="0"):
    """Array initializer lines, PER_LINE values a line."""
    vals = [fmt % v for v in values] or [empty]
    return "\n".join("    %s," % ", ".join(vals[i:i + per_line])
                     for i in range(0, len(vals), per_line))


def _bitmap(bits, nwords):
    """32-bit words with bit i of word w set for every w * 32 + i in BITS."""
    words = [0] * nwords
    for b in bits:
        words[b >> 5] |= 1 << (b & 31)
    return words


def _pool(strings, even=()):
    """A NUL-separated pool literal of STRINGS, one a line; (text, offsets,
    size including the final NUL of the last string).  The strings whose
    indices are in EVEN start at an even offset (a NUL before one where
    needed, as a literal of its own: "\\03" would be octal)."""
    lines, offsets, off = [], [], 0
    for k, t in enumerate(strings):
        lead = ""
        if off % 2 and k in even:
            lead, off = '\\0" "', off + 1
        offsets.append(off)
        lines.append('    "%s%s\\0"' % (lead, c_string(t)))
        off += len(t.encode("utf-8")) + 1
    if not lines:
        lines.append('    ""')
        off = 1
    return "\n".join(lines), offsets, off


FAST_PROTOS = (m.PROTO_BIT["tcp"], m.PROTO_BIT["udp"])
FAST_GENERAL = 0x8000   # PORTREG__FAST_GENERAL: records are below 0x8000


def _fast_index(ported, protocols):
    """The fast port index (PORTREG_FAST) over PORTED, the records
    with a port: {"groups": one word per 8 ports, bit i set where port
    8g + i has a tcp or udp record and the count of such ports before 8g
    above the low 8 bits; "protos": the protocol bits it holds; and for
    PORTREG_TCP and PORTREG_UDP, per counted port, the first record
    covering it with that protocol (range records included), or 0xffff,
    with FAST_GENERAL set where that record is a range or a later one
    covers the port with that protocol too}.  Records are in entry order,
    so the first is the lowest index."""
    bits = [b for b in FAST_PROTOS if b & protocols]
    first = {}
    for k, r in enumerate(ported):
        for b in bits:
            if r.mask & b:
                for port in range(r.port_lo, r.port_hi + 1):
                    if (port, b) in first:
                        first[port, b] |= FAST_GENERAL
                    else:
                        first[port, b] = k | (
                            FAST_GENERAL if r.port_lo < r.port_hi else 0)
    used = sorted({port for port, _ in first})
    groups = [0] * (used[-1] // 8 + 1 if used else 0)
    for port in used:
        groups[port >> 3] |= 1 << (port & 7)
    out = {"groups": _ranked(groups), "protos": sum(bits)}
    for b in FAST_PROTOS:
        out[b] = [first.get((port, b), 0xffff) for port in used] \
            if b in bits else []
    return out


def _fast_slots(used, lengths, nslots):
    """The fast name index (PORTREG_FAST): per 8 slots, bit i set where slot
    8j + i is USED, the used slots before 8j in bits 8-31 (their rank), and
    in bits 32 + 4i the length (mod 16) of slot 8j + i's name (LENGTHS)."""
    words = [0] * ((nslots + 7) // 8)
    for g in used:
        i = g & 7
        words[g >> 3] |= 1 << i | (lengths[g] & 15) << (32 + 4 * i)
    return _ranked(words)


def _ranked(words):
    """WORDS, each with the count of bits set in the low 8 bits of the
    words before it added above those 8 bits: a group of 8's rank."""
    out, rank = [], 0
    for w in words:
        out.append(w | rank << 8)
        rank += bin(w & 0xff).count("1")
    return out


def banner(model, gver, what):
    return "\n".join([
        "/* GENERATED FILE - DO NOT EDIT.",
        " * %s" % what,
        " * Generator: portreg %s (gen/, templates/)." % __version__,
        " * Registry: %s, registry date %s, %d rows," % (
            c_comment(model.filename), model.date or "unknown",
            model.row_count),
        " *   SHA-256 %s." % model.sha256,
        " * gperf: %s." % c_comment(gver)] + (
        [" * Overlay: %s." % c_comment(model.overlay)] if model.overlay
        else []) + [
        " * Regenerate: make REGISTRY=path/to/%s" % c_comment(model.filename),
        " * Edit templates/ or gen/ instead of this file.",
        " */"])


def _names_pool(spellings, pad):
    """The record names' pool: (C text, offsets, size, group, shift).

    Each name is NUL-terminated, in record order, followed by PAD NULs.  A
    record's offset is name_base[k / group] << shift plus an 8-bit offset:
    group is the largest of NAME_GROUPS that keeps those within 8 bits, and
    where the pool is 64 KB or more, shift 1 keeps the bases 16-bit, the
    first name of each group starting at an even offset.
    """
    total = sum(len(t.encode("utf-8")) + 2 for t in spellings) + pad + 1
    shift = 1 if 65536 <= total < 131072 else 0     # with every NUL added
    for group in NAME_GROUPS:
        text, offs, size = _pool(spellings, range(0, len(spellings), group)
                                 if shift else ())
        if all(o - offs[k - k % group] < 256 for k, o in enumerate(offs)):
            break
    else:
        raise EmitError("a name is longer than 255 bytes")
    # Lookups compare a word at a time and read up to the longest name's
    # length past a name's start: the pool ends in that many NUL bytes.
    text += "\n    /* padding */\n" + "\n".join(
        '    "%s"' % ("\\0" * min(16, pad - i)) for i in range(0, pad, 16))
    return text, offs, size + 1 + pad, group, shift


def render(model, templates, gperf="gperf"):
    """Return {relative path: bytes} for every file the generator writes."""
    gver = gperf_version(gperf)
    inputs, functions, slots, name_slot = run_gperf(model, gperf)
    recs = model.records
    nrec = len(recs)
    ported = sum(1 for r in recs if not r.mask & m.REC_NOPORT)
    full = model.subset.profile == "full"

    # Names: every record's name in the pool, in record order.
    names_pool, name_offs, names_size, group, name_shift = _names_pool(
        [model.names[r.name].spelling for r in recs],
        max(model.max_name_len, 1))
    name_base = [o >> name_shift for o in name_offs[::group]]

    # Columns: low byte, mask with RANGE / MORE / NOPORT, entry id per 8.
    later = {}
    for n in model.names:
        for a, b in zip(n.records, n.records[1:]):
            later[a] = b
    masks, in_ranges = [], set(model.ranges)    # portreg__range_hi
    for k, r in enumerate(recs):                # finds every RANGE record
        mk = r.mask
        if k in in_ranges:
            mk |= 0x20
        if k in later:
            mk |= 0x40
        masks.append(mk)
    mask_rows = "\n".join("    0x%02x, /* %d: %s */" % (mk, k, record_key(
        model, r)) for k, (mk, r) in enumerate(zip(masks, recs))) or "    0"
    first = [r.first_id for r in recs[::8]]

    # Port index.
    top = max((r.port_hi for r in recs[:ported]), default=0)
    pwords = top // 32 + 1
    pbits = _bitmap({port for port, _ in model.singles}, pwords)
    pbase = [0] * (pwords + 1)
    j = 0
    for w in range(pwords + 1):
        while j < ported and recs[j].port_lo < 32 * w:
            j += 1
        pbase[w] = j
    hfirst = [0] * 257
    j = 0
    for h in range(257):
        while j < ported and recs[j].port_lo < 256 * h:
            j += 1
        hfirst[h] = j
    hguess = [recs[k].port_lo >> 8 if k < ported else 0
              for k in range(0, nrec, 32)]
    ranges = [(k, recs[k].port_lo, recs[k].port_hi) for k in model.ranges]
    for w in {w for _, lo, hi in ranges for w in range(lo >> 5, (hi >> 5) + 1)}:
        pbase[w] |= 0x8000      # PORTREG__RANGE_WORD
    links = sorted(later.items())
    fast = _fast_index(recs[:ported], model.subset.protocols)
    noff_type = ctype(max(name_offs[:ported], default=0))
    fid_type = ctype(max((r.first_id for r in recs), default=0))

    # Name index: slot bitmap over all buckets, rank, first record.
    sbase = [0]
    for n in slots:
        sbase.append(sbase[-1] + n)
    swords = sbase[-1] // 32 + 1
    slot_of = [sbase[nm.bucket] + name_slot[i]
               for i, nm in enumerate(model.names)]
    used = {g: nm.records[0] for g, nm in zip(slot_of, model.names)}
    sbits = _bitmap(used, swords)
    srank, total = [], 0
    for w in sbits:
        srank.append(total)
        total += bin(w).count("1")
    slot_rec = [used[g] for g in sorted(used)]
    fslot = _fast_slots(sorted(used), {
        g: len(nm.spelling.encode("utf-8"))
        for g, nm in zip(slot_of, model.names)}, sbase[-1])

    hash_cases = ["    case %d:\n        v = portreg__%03d_hash(s, len);\n"
                  "        return v < %du ? %du + v : PORTREG__NO_SLOT;"
                  % (b, b, slots[b], sbase[b])
                  for b, members in enumerate(model.buckets) if members]
    # Bucket of each class (length, first byte & 31); a class no name has
    # goes to bucket_count, whose slot count is 0, so gperf's hash (which
    # reads key positions chosen for its names' lengths) only ever sees a
    # length its bucket holds.  With one bucket, a bitmap per length says
    # which classes it holds.
    nb = len(model.buckets)
    class_bucket = [nb] * (32 * (model.max_name_len + 1))
    for c, b in model.class_bucket:
        class_bucket[c] = b
    if nb == 1:
        class_table = ("static const uint32_t portreg__class_bits[%d] = {\n"
                       "%s\n};" % (model.max_name_len + 1, _rows(
                           (sum(1 << i for i in range(32)
                                if class_bucket[32 * n + i] == 0)
                            for n in range(model.max_name_len + 1)),
                           6, "0x%08xu")))
    else:
        class_table = ("static const %s portreg__class_bucket[%d] = {\n"
                       "%s\n};" % (ctype(nb), len(class_bucket),
                                    _rows(class_bucket, 16)))

    desc = {"desc_pool": "", "desc_column": "", "desc_expr": '""'}
    if full:
        text, offs, size = _pool(model.pool)
        at = dict(zip(model.pool, offs))
        desc = {
            "desc_pool": ("/* Descriptions, each once, NUL-terminated. */\n"
                          "static const char portreg__text[%d] =\n%s;"
                          % (size + 1, text)),
            "desc_column": ("/* Each record's description offset. */\n"
                            "static const %s portreg__desc[%d] = {\n%s\n};"
                            % (ctype(size), max(1, nrec), _rows(
                                at[r.description] for r in recs))),
            "desc_expr": "portreg__text + portreg__desc[k]",
        }

    local = [k for k, r in enumerate(recs) if r.local]
    servent_buf, port_entries = servent_sizes(model)
    records = record_tables(model) if full else {
        "record_tables": "", "records_on": "0", "max_txt_keys": "1",
        "max_rfcs": "1"}

    sub = model.subset
    values = {
        **records,
        "banner_c": banner(model, gver, "portreg: lookups and tables."),
        "banner_h": banner(model, gver, "portreg: the API."),
        "banner_cli": banner(model, gver, "portreg: the command-line tool."),
        "banner_netdb": banner(model, gver, "portreg: getservbyname and "
                               "getservbyport (make netdb)."),
        "banner_servent": banner(model, gver, "portreg: getservbyname_r and "
                                 "getservbyport_r."),
        "registry_date": model.date or "unknown",
        "registry_sha256": model.sha256,
        "profile": sub.profile,
        "has_descriptions": "1" if full else "0",
        "protocols": "0x%02xu" % sub.protocols,
        "protocols_text": sub.protocols_text(),
        "ports_text": sub.ports_text(),
        "entry_count": str(len(model.entries)),
        "local_len": str(max(1, len(local))),
        "local_count": str(len(local)),
        "local_rows": _rows(local),
        "overlay": c_string(model.overlay),
        "servent_bufsize": str(servent_buf),
        "max_port_entries": str(port_entries),
        "record_count": str(nrec),
        "record_len": str(max(1, nrec)),
        "bucket_count": str(len(model.buckets)),
        "class_table": class_table,
        "class_bits": "1" if nb == 1 else "0",
        "max_name_len": str(model.max_name_len),
        "names_size": str(names_size),
        "names_pool": names_pool,
        "name_group": str(group),
        "name_base_type": ctype(max(name_base, default=0)),
        "name_shift": str(name_shift),
        "name_base_len": str(max(1, len(name_base))),
        "name_base_rows": _rows(name_base),
        "name_off_rows": _rows(o - name_offs[k - k % group]
                               for k, o in enumerate(name_offs)),
        "lo8_rows": _rows((r.port_lo & 0xff for r in recs), 16),
        "mask_rows": mask_rows,
        "first_type": ctype(max(first, default=0)),
        "first_len": str(max(1, len(first))),
        "first_rows": _rows(first),
        "hfirst_rows": _rows(hfirst),
        "hguess_len": str(max(1, len(hguess))),
        "hguess_rows": _rows(hguess, 16),
        "port_words": str(pwords),
        "port_words1": str(pwords + 1),
        "pbits_rows": _rows(pbits, 6, "0x%08xu"),
        "pbase_rows": _rows(pbase),
        "range_count": str(len(ranges)),
        "range_len": str(max(1, len(ranges))),
        "range_rows": _rows(("{%d, %d, %d}" % x for x in ranges), 4, "%s",
                            "{0, 0, 0}"),
        # what PORTREG_FAST adds: its tables, nbits' 96 more bytes, fslot
        # in place of sbits and srank
        "fast_bytes": "{:,}".format(
            4 * len(fast["groups"]) + 2 * sum(len(fast[b])
                                              for b in FAST_PROTOS)
            + _width(noff_type) * ported + _width(fid_type) * nrec + 96
            + 8 * len(fslot) - 6 * swords),
        "fast_groups": str(len(fast["groups"])),
        "fast_groups_len": str(max(1, len(fast["groups"]))),
        "fast_rows": _rows(fast["groups"], 6, "0x%08xu"),
        "fast_protos": "0x%02xu" % fast["protos"],
        "fast_tcp_len": str(max(1, len(fast[m.PROTO_BIT["tcp"]]))),
        "fast_tcp_rows": _rows(fast[m.PROTO_BIT["tcp"]], 12, "%d", "0xffff"),
        "fast_udp_len": str(max(1, len(fast[m.PROTO_BIT["udp"]]))),
        "fast_udp_rows": _rows(fast[m.PROTO_BIT["udp"]], 12, "%d", "0xffff"),
        "noff_type": noff_type,
        "noff_len": str(max(1, ported)),
        "noff_rows": _rows(name_offs[:ported]),
        "fid_type": fid_type,
        "fid_rows": _rows(r.first_id for r in recs),
        "link_count": str(len(links)),
        "link_len": str(max(1, len(links))),
        "link_rec_rows": _rows(a for a, _ in links),
        "link_next_rows": _rows(b for _, b in links),
        "slot_words": str(swords),
        "fslot_len": str(max(1, len(fslot))),
        "fslot_rows": _rows(fslot, 3, "UINT64_C(0x%016x)"),
        "sbits_rows": _rows(sbits, 6, "0x%08xu"),
        "srank_rows": _rows(srank),
        "slot_rec_len": str(max(1, len(slot_rec))),
        "slot_rec_rows": _rows(slot_rec),
        "reserved_count": str(len(model.reserved)),
        "reserved_len": str(max(1, len(model.reserved))),
        "res_lo_rows": _rows(x[0] for x in model.reserved),
        "res_hi_rows": _rows(x[1] for x in model.reserved),
        "res_mask_rows": _rows((x[2] for x in model.reserved), 12, "0x%02x"),
        "span_count": str(len(sub.port_set)),
        "span_rows": _rows(("{%d, %d}" % x for x in sub.port_set), 6, "%s"),
        "hash_cases": "\n".join(hash_cases),
        "gperf_fragments": "\n".join(functions),
    }
    values.update(desc)
    values.update({"version": __version__, "registry_file": model.filename,
                   "subset": describe(sub)})
    files = {}
    for tname, out in (("portreg.h.in", "portreg.h"),
                       ("portreg.c.in", "portreg.c"),
                       ("portreg_cli.c.in", "portreg_cli.c"),
                       ("portreg_servent.c.in", "portreg_servent.c"),
                       ("portreg_netdb.c.in", "portreg_netdb.c"),
                       ("dist-README.in", "README.dist")):
        files[out] = fill(os.path.join(templates, tname), values)
    for src, text in inputs.items():
        files["gperf/" + src] = text.encode("utf-8")
    files["registry.stamp"] = ("%s  %s  %s%s\n" % (
        model.sha256, model.filename, describe(sub),
        "  overlay " + model.overlay if model.overlay else "")).encode("utf-8")
    return files


def record_tables(model):
    """PROFILE=full: every column of every entry's row, for portreg_record.
    Strings are stored once ("" first) and named by index; the distinct
    column tuples ("details") hold eight string indices, the start of their
    RFC list (0-terminated) and of their TXT key pairs ((0, 0)-terminated);
    each entry names its detail."""
    strings, index = [""], {"": 0}

    def sid(t):
        if t not in index:
            index[t] = len(strings)
            strings.append(t)
        return index[t]

    details, dindex, entry_detail = [], {}, []
    rfcs, rfc_at = [0], {(): 0}
    txt, txt_at = [(0, 0)], {(): 0}
    max_txt, max_rfc = 1, 1
    for e in model.entries:
        if e.details not in dindex:
            cols = [sid(t) for t in e.details]
            nums = m.rfc_numbers(e.details[4])
            if nums not in rfc_at:
                rfc_at[nums] = len(rfcs)
                rfcs.extend(nums + (0,))
            pairs = m.txt_keys(e.details[7])
            if pairs not in txt_at:
                txt_at[pairs] = len(txt)
                txt.extend([(sid(k), sid(v)) for k, v in pairs] + [(0, 0)])
            max_txt = max(max_txt, len(pairs))
            max_rfc = max(max_rfc, len(nums))
            dindex[e.details] = len(details)
            details.append((cols, rfc_at[nums], txt_at[pairs]))
        entry_detail.append(dindex[e.details])
    text, offs, size = _pool(strings)
    st = ctype(len(strings))
    parts = [
        "/* PROFILE=full: every column (portreg_record).  Strings once, \"\""
        " first. */",
        "static const char portreg__rstr[%d] =\n%s;" % (size + 1, text),
        "static const %s portreg__rstr_off[%d] = {\n%s\n};" % (
            ctype(size), len(offs), _rows(offs)),
        "/* Each entry's detail: a distinct tuple of the row's columns. */",
        "static const %s portreg__entry_detail[%d] = {\n%s\n};" % (
            ctype(len(details)), max(1, len(entry_detail)),
            _rows(entry_detail)),
        "/* Per detail: assignee, contact, registration date, modification"
        " date,\n * reference, service code, unauthorized use, notes. */",
        "static const %s portreg__detail[%d][8] = {\n%s\n};" % (
            st, max(1, len(details)),
            _rows(("{%s}" % ", ".join(map(str, c)) for c, _, _ in details),
                  2, "%s", "{0}")),
        "/* Per detail: its first RFC number in portreg__rfcs, its first TXT"
        " key\n * pair in portreg__txt (lists end in 0). */",
        "static const %s portreg__detail_rfc[%d] = {\n%s\n};" % (
            ctype(len(rfcs)), max(1, len(details)),
            _rows(r for _, r, _ in details)),
        "static const %s portreg__detail_txt[%d] = {\n%s\n};" % (
            ctype(len(txt)), max(1, len(details)),
            _rows(t for _, _, t in details)),
        "static const uint16_t portreg__rfcs[%d] = {\n%s\n};" % (
            len(rfcs), _rows(rfcs)),
        "static const %s portreg__txt[%d][2] = {\n%s\n};" % (
            st, len(txt), _rows(("{%d, %d}" % kv for kv in txt), 6, "%s")),
    ]
    return {"record_tables": "\n".join(parts), "records_on": "1",
            "max_txt_keys": str(max_txt), "max_rfcs": str(max_rfc)}


def servent_sizes(model):
    """(Bytes a servent's buffer needs for any answer, with 8-byte pointers:
    alignment, the alias array and every name of the busiest port and
    protocol, and the protocol's name; the most entries of one port and
    protocol)."""
    cover = {}
    for r in model.records:
        if r.mask & m.REC_NOPORT:
            continue
        size = len(model.names[r.name].spelling.encode("utf-8")) + 1
        for bit in (1, 2, 4, 8):
            if r.mask & bit:
                for p in range(r.port_lo, r.port_hi + 1):
                    n, total = cover.get((p, bit), (0, 0))
                    cover[(p, bit)] = (n + 1, total + size)
    return (7 + 5 + max([(n + 1) * 8 + total for n, total in cover.values()],
                        default=8),
            max([n for n, _ in cover.values()], default=1))


def describe(subset):
    """The build's profile and subset in one line of text."""
    return "profile=%s protocols=%s ports=%s" % (
        subset.profile, subset.protocols_text(),
        subset.ports_text() if subset.ports is not None else "all")


def placeholders(text):
    """The placeholder names a template uses."""
    return {mo.group("named") or mo.group("braced")
            for mo in string.Template.pattern.finditer(text)
            if mo.group("named") or mo.group("braced")}


def fill(path, values):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    used = placeholders(text)
    out = string.Template(text).substitute(
        {k: v for k, v in values.items() if k in used})
    out = "\n".join(line.rstrip() for line in out.split("\n"))
    return (out.rstrip("\n") + "\n").encode("utf-8")


def write(files, outdir):
    """Write files under outdir; replace only those whose bytes changed.

    Files that an earlier run wrote and this one does not (a bucket that
    vanished) are removed.  Returns the list of paths that changed.
    """
    os.makedirs(outdir, exist_ok=True)
    stage = tempfile.mkdtemp(prefix=".stage-", dir=outdir)
    changed = []
    try:
        for rel, data in sorted(files.items()):
            dst = os.path.join(outdir, rel)
            try:
                with open(dst, "rb") as f:
                    if f.read() == data:
                        continue
            except OSError:
                pass
            tmp = os.path.join(stage, rel.replace("/", "__"))
            with open(tmp, "wb") as f:
                f.write(data)
            changed.append(rel)
        for rel in changed:
            dst = os.path.join(outdir, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.replace(os.path.join(stage, rel.replace("/", "__")), dst)
        gdir = os.path.join(outdir, "gperf")
        if os.path.isdir(gdir):
            for name in sorted(os.listdir(gdir)):
                if "gperf/" + name not in files:
                    os.remove(os.path.join(gdir, name))
                    changed.append("gperf/" + name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return changed
