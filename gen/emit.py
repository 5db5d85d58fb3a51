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
# supplies the comparison, see templates/portreg.c.in); -m 5 tries five
# starting points and keeps the smallest table (about 1.4 slots a name).
GPERF_ARGS = ("-t", "-T", "-C", "-G", "--ignore-case", "--readonly-tables",
              "--pic", "--compare-lengths", "-m", "5")
GPERF_UNDEFS = ("TOTAL_KEYWORDS", "MIN_WORD_LENGTH", "MAX_WORD_LENGTH",
                "MIN_HASH_VALUE", "MAX_HASH_VALUE")


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


def _gperf_key(s):
    """A name as a gperf keyword: quoted, every special byte in octal."""
    return '"%s"' % _escape(s, "")


def _name_lists(model):
    """name_recs rows, and for each name the index of its first record."""
    rows, first = [], []
    pos = 0
    for n in model.names:
        first.append(pos)
        items = ["%d" % r for r in n.records[:-1]]
        items.append("PORTREG__LAST | %d" % n.records[-1])
        rows.append("    %s, /* %s */" % (", ".join(items),
                                          c_comment(n.spelling)))
        pos += len(n.records)
    return rows, first


def run_gperf(model, gperf, first):
    """Run gperf on every non-empty bucket.

    Returns (gperf inputs {name: text}, fragments [text], offsets) where
    offsets[i] is name i's offset in its bucket's string pool, read from the
    order in which gperf laid the keywords out.
    """
    inputs, fragments = {}, []
    offsets = [None] * len(model.names)
    with tempfile.TemporaryDirectory(prefix="portreg-gperf-") as tmp:
        for b, members in enumerate(model.buckets):
            if not members:
                continue
            src = "names_%03d.gperf" % b
            text = ("struct portreg__word;\n%%\n" +
                    "".join("%s, %d\n" % (_gperf_key(model.names[i].spelling),
                                          first[i]) for i in members) +
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
                    "--length-table-name=%slengths" % pre,
                    src]
            p = subprocess.run(args, cwd=tmp, capture_output=True,
                               env=_c_env())
            if p.returncode != 0:
                raise EmitError("gperf failed on bucket %d: %s" % (
                    b, p.stderr.decode("utf-8", "replace").strip()))
            out = p.stdout.decode("utf-8")
            slots = {int(pay): int(slot) for slot, pay in re.findall(
                r"->%spool_str(\d+), (\d+)\}" % pre, out)}
            if sorted(slots) != sorted(first[i] for i in members):
                raise EmitError("gperf output for bucket %d does not list "
                                "every keyword once" % b)
            off = 0
            for i in sorted(members, key=lambda i: slots[first[i]]):
                offsets[i] = off
                off += len(model.names[i].spelling.encode("utf-8")) + 1
            fragments.append(
                "\n/* Bucket %d: %d names, pool of %d bytes. */\n"
                "static const struct portreg__word *%slookup(const char *, "
                "size_t);\n%s\n%s\n#define PORTREG__%03d_POOL_SIZE %d\n"
                % (b, len(members), off, pre, out.rstrip("\n"),
                   "\n".join("#undef " + u for u in GPERF_UNDEFS), b, off))
    return inputs, fragments, offsets


def banner(model, gver, what):
    return "\n".join([
        "/* GENERATED FILE - DO NOT EDIT.",
        " * %s" % what,
        " * Generator: portreg %s (gen/, templates/)." % __version__,
        " * Registry: %s, registry date %s, %d rows," % (
            c_comment(model.filename), model.date or "unknown",
            model.row_count),
        " *   SHA-256 %s." % model.sha256,
        " * gperf: %s." % c_comment(gver),
        " * Regenerate: make REGISTRY=path/to/%s" % c_comment(model.filename),
        " * Edit templates/ or gen/ instead of this file.",
        " */"])


def render(model, templates, gperf="gperf"):
    """Return {relative path: bytes} for every file the generator writes."""
    gver = gperf_version(gperf)
    name_rows, first = _name_lists(model)
    inputs, fragments, offsets = run_gperf(model, gperf, first)

    recs = model.records
    pool_offsets = {}
    pool_rows = []
    off = 1
    for text in model.pool[1:]:
        pool_offsets[text] = off
        pool_rows.append('    "%s\\0"' % c_string(text))
        off += len(text.encode("utf-8")) + 1
    pool_offsets[""] = 0
    pool_size = off + 1

    rec_rows = []
    for r in recs:
        n = model.names[r.name]
        rec_rows.append("    {%d, %d, %d, %d, %d, %d, 0x%02x}, /* %s */" % (
            pool_offsets[r.description], r.first_id, offsets[r.name],
            r.port_lo, r.port_hi, n.bucket, r.mask, record_key(model, r)))

    port_first = []
    j = 0
    for h in range(257):
        while j < len(model.singles) and model.singles[j][0] >> 8 < h:
            j += 1
        port_first.append(j)
    single_rows = ["    {%d, %d}, /* %s */" % (
        ri, port & 0xff, record_key(model, recs[ri]))
        for port, ri in model.singles]
    range_rows = ["    %d, /* %s */" % (ri, record_key(model, recs[ri]))
                  for ri in model.ranges]
    reserved_rows = ["    {%d, %d, 0x%02x}," % x for x in model.reserved]

    lookup_cases = []
    name_cases = []
    pool_checks = []
    for b, members in enumerate(model.buckets):
        if not members:
            continue
        lookup_cases.append("    case %d: return portreg__%03d_lookup(s, len);"
                            % (b, b))
        name_cases.append("    case %d: return portreg__%03d_pool + off;"
                          % (b, b))
        pool_checks.append(
            "PORTREG__CHECK(pool_%03d, sizeof(struct portreg__%03d_pool_t) "
            "== PORTREG__%03d_POOL_SIZE);" % (b, b, b))

    def rows(items, empty):
        return "\n".join(items) if items else empty

    values = {
        "banner_c": banner(model, gver, "portreg: lookups and tables."),
        "banner_h": banner(model, gver, "portreg: the API."),
        "banner_names": banner(model, gver,
                               "portreg: gperf name tables, one per bucket."),
        "banner_cli": banner(model, gver, "portreg: the command-line tool."),
        "registry_date": model.date or "unknown",
        "registry_sha256": model.sha256,
        "entry_count": str(len(model.entries)),
        "record_count": str(len(recs)),
        "bucket_count": str(len(model.buckets)),
        "name_count": str(len(model.names)),
        "bucket_hash_bytes": str(m.BUCKET_HASH_BYTES),
        "max_name_len": str(model.max_name_len),
        "desc_type": ctype(pool_size),
        "text_size": str(pool_size),
        "text_pool": "\n".join(['    "\\0" /* offset 0: "" */'] + pool_rows),
        "record_rows": rows(rec_rows, "    {0, 0, 0, 0, 0, 0, 0}"),
        "name_rec_count": str(sum(len(n.records) for n in model.names)),
        "name_rec_rows": rows(name_rows, "    0"),
        "port_first_rows": "\n".join(
            "    %s," % ", ".join("%d" % x for x in port_first[i:i + 8])
            for i in range(0, 257, 8)),
        "single_count": str(len(model.singles)),
        "single_rows": rows(single_rows, "    {0, 0}"),
        "range_count": str(len(model.ranges)),
        "range_rows": rows(range_rows, "    0"),
        "reserved_count": str(len(model.reserved)),
        "reserved_rows": rows(reserved_rows, "    {0, 0, 0}"),
        "lookup_cases": "\n".join(lookup_cases),
        "name_cases": "\n".join(name_cases),
        "pool_checks": "\n".join(pool_checks),
        "gperf_fragments": "".join(fragments),
    }
    files = {}
    for tname, out in (("portreg.h.in", "portreg.h"),
                       ("portreg.c.in", "portreg.c"),
                       ("portreg_names.c.h.in", "portreg_names.c.h"),
                       ("portreg_cli.c.in", "portreg_cli.c")):
        files[out] = fill(os.path.join(templates, tname), values)
    for src, text in inputs.items():
        files["gperf/" + src] = text.encode("utf-8")
    files["registry.stamp"] = ("%s  %s\n" % (
        model.sha256, model.filename)).encode("utf-8")
    return files


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
