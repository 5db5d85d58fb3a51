"""make dist: what a firmware project vendors, as one deterministic tarball.

Input: a generated out/ and the templates.  Output: out/portreg-DATE.tar.gz
(with the profile and subset after the date where they are not the
default: portreg-DATE-tcp,udp-0-1023.tar.gz) holding portreg.h, portreg.c (templates/portreg.c with portreg_tables.c.h
and the variant files put in place of their #include lines: one file to
compile), portreg_servent.c, portreg_netdb.c and a README; the same bytes for the same input (sorted
names, time 0, owner 0, gzip without a name or time).
"""

import gzip
import io
import os
import tarfile

from .emit import TABLES_FILE

INCLUDE = '#include "%s"\n'
VARIANTS = ("portreg_fast.c.h", "portreg_compact.c.h")
SOURCES = ("portreg_servent.c", "portreg_netdb.c")


def amalgamate(source, tables, variants):
    """SOURCE (templates/portreg.c's text) with TABLES (the generated file)
    and VARIANTS ({name: text} of the variant files) in place of their
    #include lines; the tables' banner, amended, first."""
    for name in (TABLES_FILE,) + tuple(variants):
        if source.count(INCLUDE % name) != 1:
            raise ValueError("templates/portreg.c must include %s once"
                             % name)
    end = tables.index(" */\n") + 4
    head = tables[:end].replace(
        " * Edit templates/ or gen/ instead of this file.",
        " * templates/portreg.c with %s and its variants (%s) in place of\n"
        " * their #include lines.\n"
        " * Edit templates/ or gen/ instead of this file." % (
            TABLES_FILE, ", ".join(variants)))
    for name, text in variants.items():
        source = source.replace(INCLUDE % name, text)
    return head + "\n" + source.replace(INCLUDE % TABLES_FILE,
                                        tables[end:].lstrip("\n"))


def tarball_name(out):
    """The tarball's name (and its folder's): the registry's date and what
    the build holds, as the generator wrote it (out/dist.tag)."""
    with open(os.path.join(out, "dist.tag"), encoding="utf-8") as f:
        return f.read().strip()


def files(out, templates):
    """{name: bytes} of the tarball's folder."""
    def text(*path):
        with open(os.path.join(*path), encoding="utf-8") as f:
            return f.read()
    got = {
        "portreg.h": text(out, "portreg.h"),
        "portreg.c": amalgamate(text(templates, "portreg.c"),
                                text(out, TABLES_FILE),
                                {v: text(templates, v) for v in VARIANTS}),
        "README": text(out, "README.dist"),
    }
    for name in SOURCES:
        got[name] = text(templates, name)
    return {k: v.encode("utf-8") for k, v in got.items()}


def tarball(out, templates):
    """Write out/portreg-DATE.tar.gz; return its path."""
    contents = files(out, templates)
    top = tarball_name(out)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name in [None] + sorted(contents):
            info = tarfile.TarInfo(top + ("/" + name if name else ""))
            info.mtime, info.uid, info.gid = 0, 0, 0
            info.uname = info.gname = ""
            if name is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                t.addfile(info)
            else:
                info.size, info.mode = len(contents[name]), 0o644
                t.addfile(info, io.BytesIO(contents[name]))
    path = os.path.join(out, top + ".tar.gz")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0,
                           compresslevel=9) as z:
            z.write(raw.getvalue())
    os.replace(tmp, path)
    return path
