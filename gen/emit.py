"""Format the tables as C and write the files of out/.

Input: a Model, its Tables and gperf Hashes, and the templates folder.
Output: render() gives {relative path: bytes}: portreg_tables.c.h (every
table, formatted here and decided in tables.py), portreg.h and README.dist
(templates filled with string.Template.substitute), the gperf inputs and a
stamp; write() puts them under out/.  write() stages every file in a
temporary folder inside out/ and only then renames the files whose bytes
changed into place: a run that fails before write() leaves out/ exactly as
it was.
"""

import os
import shutil
import string
import tempfile

from . import __version__, validate
from .constants import F_NOPORT, PUBLIC, SERVENT_BUFSIZE
from .ctext import c_comment, c_string
from .items import Code, Define, Pool, Table

TABLES_FILE = "portreg_tables.c.h"


def banner(model, gperf_version, what):
    reg = model.registry
    lines = [
        "/* GENERATED FILE - DO NOT EDIT.",
        " * %s" % what,
        " * Generator: portreg %s (gen/, templates/)." % __version__,
        " * Registry: %s, registry date %s, %d rows," % (
            c_comment(reg.filename), reg.date or "unknown",
            len(reg.registry_rows)),
        " *   SHA-256 %s." % reg.sha256,
        " * gperf: %s." % c_comment(gperf_version)]
    if reg.overlay:
        lines.append(" * Overlay: %s." % c_comment(reg.overlay))
    return "\n".join(lines + [
        " * Regenerate: make REGISTRY=path/to/%s" % c_comment(reg.filename),
        " * Edit templates/ or gen/ instead of this file.",
        " */"])


def _values(t):
    """The initializer lines of Table T: PER_LINE values a line, or one a
    line with its key comment."""
    def lit(x):     # a decimal past INT_MAX is unsigned: say so (2^63!)
        return t.fmt % x + ("u" if t.fmt == "%d" and x > 0x7fffffff else "")
    vals = [("{%s}" % ", ".join(lit(x) for x in v)) if t.row_width
            else lit(v) for v in t.values]
    if not vals:    # C has no empty arrays: one filler
        vals = ["{%s}" % ", ".join(["0"] * t.row_width)] if t.row_width \
            else ["0"]
    if t.keys:
        return ["    %s, /* %s */" % (v, c_comment(k))
                for v, k in zip(vals, t.keys)]
    n = t.per_line
    return ["    %s," % ", ".join(vals[i:i + n])
            for i in range(0, len(vals), n)]


def c_table(t):
    dims = "[%d]" % max(1, len(t.values)) + (
        "[%d]" % t.row_width if t.row_width else "")
    return "\n".join(["/* %s. */" % c_comment(t.comment[0].upper() +
                                              t.comment[1:]),
                      "static const %s %s%s = {" % (t.type, t.name, dims)]
                     + _values(t) + ["};"])


# MSVC's limits on string literals: a piece (one "...") of at most 16,380
# bytes, a concatenation of at most 65,535 (its NUL included).  Pieces stay
# far below (PIECE bytes of text before escaping, one string a line); a pool
# over CHUNK bytes becomes a struct of char arrays, each its own literal.
PIECE = 1000
CHUNK = 65535


def _chunks(p):
    """P's strings cut into runs of at most CHUNK bytes: [(strings, bytes,
    last)], the padding and the literal's own NUL counted in the last."""
    out, cur, size = [], [], 0
    for t in p.strings:
        n = len(t.encode("utf-8")) + 1
        if cur and size + n > CHUNK - p.padding - 1:
            out.append((cur, size, False))
            cur, size = [], 0
        cur.append(t)
        size += n
    out.append((cur, size + p.padding + 1, True))
    return out


def _pieces(t):
    """T cut into pieces of at most PIECE bytes of UTF-8, at characters."""
    out, cur, n = [], [], 0
    for c in t:
        b = len(c.encode("utf-8"))
        if cur and n + b > PIECE:
            out.append("".join(cur))
            cur, n = [], 0
        cur.append(c)
        n += b
    return out + ["".join(cur)]


def _literal(strings, last, padding):
    """The literal lines of one chunk: each string NUL-terminated (the
    chunk's last by the literal's own NUL, unless it is the pool's last),
    long ones in pieces, then the padding."""
    lines = []
    for k, t in enumerate(strings):
        pieces = _pieces(t)
        end = "" if k == len(strings) - 1 and not last else "\\0"
        lines += ['    "%s"' % c_string(x) for x in pieces[:-1]]
        lines.append('    "%s%s"' % (c_string(pieces[-1]), end))
    if last and padding:
        lines.append("    /* padding */")
        lines += ['    "%s"' % ("\\0" * min(16, padding - i))
                  for i in range(0, padding, 16)]
    return lines or ['    ""']


def c_pool(p):
    head = "/* %s (%d bytes). */" % (
        c_comment(p.comment[0].upper() + p.comment[1:]), p.nbytes)
    what = p.name[len("portreg__"):] + "_size"
    check = "#define %s_BYTES %du\nPORTREG__CHECK(%s, sizeof(%s) == %d);" % (
        p.name.upper(), p.nbytes, what, p.name, p.nbytes)
    chunks = _chunks(p)
    if len(chunks) == 1:
        return "\n".join([head, "static const char %s[%d] =" % (
            p.name, p.nbytes)] + _literal(chunks[0][0], True, p.padding)) \
            + ";\n" + check
    lines = [head, "static const struct {"]
    lines += ["    char c%d[%d];" % (i, n) for i, (_, n, _) in
              enumerate(chunks)]
    lines.append("} %s_chunks = {" % p.name)
    for i, (strings, n, last) in enumerate(chunks):
        lines.append("    /* chunk %d */" % i)
        lines += _literal(strings, last, p.padding)
        lines[-1] += ","
    lines.append("};")
    lines.append("#define %s ((const char *)&%s_chunks)" % (p.name, p.name))
    return "\n".join(lines) + "\n" + check.replace(
        "sizeof(%s)" % p.name, "sizeof(%s_chunks)" % p.name)


def c_define(d):
    text = "#define %s %s" % (d.name, d.value)
    return text + ("  /* %s */" % c_comment(d.comment) if d.comment else "")


def _item(t):
    if isinstance(t, Define):
        return c_define(t)
    if isinstance(t, Table):
        return c_table(t)
    if isinstance(t, Pool):     # literals past C99's 4,095 bytes
        text, warnings = c_pool(t), ("-Woverlength-strings",)
    else:
        text, warnings = t.text, t.warnings
    if not warnings:
        return text
    return "\n".join(
        ["#if defined(__GNUC__)", "#pragma GCC diagnostic push"] +
        ['#pragma GCC diagnostic ignored "%s"' % w for w in warnings] +
        ["#endif", text, "#if defined(__GNUC__)",
         "#pragma GCC diagnostic pop", "#endif"])


def _condition(when):
    return "#if " + (("!(%s)" % when[1:]) if when.startswith("!") else when)


def tables_file(model, tables, gperf_version):
    """portreg_tables.c.h: the data, portreg__slot (gperf's hash functions
    as one switch) and the protocol parser, in tables.py's order (each
    layout's macros next to the array they describe), consecutive items of
    one condition in one #if; templates/portreg.c includes it."""
    out, when, prev = [], "", None
    for t in tables.items:
        if t.when != when:
            if when:
                out.append("\n#endif")
            if t.when:
                out.append("\n\n" + _condition(t.when))
            when, prev = t.when, None
        sep = "\n" if isinstance(t, Define) and isinstance(prev, Define) \
            else "\n\n"
        out.append((sep if prev is not None or not when else "\n") +
                   _item(t))
        prev = t
    if when:
        out.append("\n#endif")
    return "\n\n".join([
        banner(model, gperf_version, "portreg: the tables (gen/tables.py, "
               "gen/fast.py), #included by templates/portreg.c."),
        "/* Build: %s; PORTREG_FAST adds %s bytes of data. */" % (
            model.subset.describe(), "{:,}".format(tables.fast_bytes))]) + \
        "".join(out)


def header_values(model, tables, gperf_version):
    """The values portreg.h.in and dist-README.in take."""
    sub, reg = model.subset, model.registry
    width = max(len(n) for n, _, _ in PUBLIC)
    return {
        "banner": banner(model, gperf_version, "portreg: the API."),
        "version": __version__,
        "registry_file": reg.filename,
        "registry_date": reg.date or "unknown",
        "registry_sha256": reg.sha256,
        "entry_count": str(len(model.entries)),
        "max_name_len": str(model.max_name_len),
        "profile": sub.profile,
        "has_descriptions": "1" if sub.has("description") else "0",
        "columns_text": sub.columns_text(),
        "protocols": "0x%02xu" % sub.protocols,
        "protocols_text": sub.protocols_text(),
        "ports_text": sub.ports_text(),
        "subset": sub.describe(),
        "overlay": c_string(reg.overlay),
        "constants": "\n".join(
            "#define %-*s %s%s" % (width, n, v, "  /* %s */" % c if c else "")
            for n, v, c in PUBLIC),
        "servent_bufsize": str(SERVENT_BUFSIZE),
        "servent_left_out": str(sum(
            1 for e in model.entries
            if not e.flags & F_NOPORT and not validate.carried(e.name))),
        "max_port_entries": str(tables.max_port_entries),
        "fast_bytes": "{:,}".format(tables.fast_bytes),
    }


def placeholders(text):
    """The placeholder names a template uses."""
    return {mo.group("named") or mo.group("braced")
            for mo in string.Template.pattern.finditer(text)
            if mo.group("named") or mo.group("braced")}


def normalize(text):
    """LF line ends, no trailing spaces, one final newline, UTF-8."""
    out = "\n".join(line.rstrip() for line in text.split("\n"))
    return (out.rstrip("\n") + "\n").encode("utf-8")


def fill(path, values):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    used = placeholders(text)
    return normalize(string.Template(text).substitute(
        {k: v for k, v in values.items() if k in used}))


TEMPLATES = (("portreg.h.in", "portreg.h"), ("dist-README.in", "README.dist"))


def render(model, tables, hashes, templates):
    """{relative path: bytes} for every file the generator writes."""
    values = header_values(model, tables, hashes.version)
    files = {out: fill(os.path.join(templates, name), values)
             for name, out in TEMPLATES}
    files[TABLES_FILE] = normalize(tables_file(model, tables,
                                               hashes.version))
    for src, text in hashes.inputs:
        files["gperf/" + src] = text.encode("utf-8")
    reg = model.registry
    files["registry.stamp"] = ("%s  %s  %s%s\n" % (
        reg.sha256, reg.filename, model.subset.describe(),
        "  overlay " + reg.overlay if reg.overlay else "")).encode("utf-8")
    # make dist's name: the registry's date and what the build holds
    files["dist.tag"] = ("portreg-%s%s%s\n" % (
        reg.date or "unknown", model.subset.tag(),
        "-overlay-" + reg.overlay_sha256[:12] if reg.overlay else "")
    ).encode("utf-8")
    return files


MANIFEST = "generated.list"


def write(files, outdir):
    """Write FILES under OUTDIR; replace only those whose bytes changed.

    OUTDIR/generated.list names what the last run wrote: a file it wrote
    that this run does not (a bucket that vanished) is removed.  Returns the
    list of paths that changed.
    """
    os.makedirs(outdir, exist_ok=True)
    files = dict(files)
    files[MANIFEST] = "".join(p + "\n" for p in sorted(files)).encode()
    try:
        with open(os.path.join(outdir, MANIFEST), encoding="utf-8") as f:
            before = f.read().split()
    except OSError:
        before = []
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
        for rel in before:
            if rel not in files and os.path.isfile(os.path.join(outdir, rel)):
                os.remove(os.path.join(outdir, rel))
                changed.append(rel)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [c for c in changed if c != MANIFEST]
