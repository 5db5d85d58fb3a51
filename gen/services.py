"""An OVERLAY that is a services(5) file (Debian's netbase /etc/services, or
a host's own): its names become the first names of their ports.

Input: the loaded registry and the file's bytes.  Output: the Registry with
the file's lines applied: for each line (NAME PORT/PROTO ALIASES...), its
names in order take the first places at that port and protocol (a row's
`prefer`, which model.py sorts by); a name the registry already has there
is moved, one it lacks is added as a local row.  Lines of a protocol
portreg does not know (netbase's ddp) are left out with a warning; a bad
port, or a name no services(5) line can carry, is a FILE:LINE error.
"""

import dataclasses
import hashlib

from .constants import HEADER, NAME_MAX, PROTOCOLS, fold
from .validate import Row, ValidationError, show


def is_services(data):
    """Whether DATA is a services(5) file rather than a registry CSV (whose
    first line is the registry's header)."""
    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    return first != ",".join(HEADER).encode()


def parse(filename, data):
    """[(line, port, proto, [names], comment)] and warnings, or raise
    ValidationError with every bad line."""
    lines, errors, warnings = [], [], []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValidationError(["%s:%d: not UTF-8 (byte 0x%02x)" % (
            filename, data[:e.start].count(b"\n") + 1, data[e.start])])
    for n, raw in enumerate(text.split("\n"), 1):
        body, _, comment = raw.partition("#")
        words = body.split()
        if not words:
            continue
        where = "%s:%d: " % (filename, n)
        port, slash, proto = words[1].partition("/") if len(words) > 1 \
            else ("", "", "")
        if not slash or not port.isdigit() or int(port) > 65535:
            errors.append(where + "not NAME PORT/PROTOCOL (%s)" % show(raw))
            continue
        if proto not in PROTOCOLS:
            warnings.append(where + "protocol %s is none of %s; line left "
                            "out" % (show(proto), ", ".join(PROTOCOLS)))
            continue
        names = [words[0]] + words[2:]
        bad = [w for w in names if len(w.encode("utf-8")) > NAME_MAX or
               not w.isprintable()]
        if bad:
            errors.append(where + "name longer than %d bytes or not "
                          "printable (%s)" % (NAME_MAX, show(bad[0])))
            continue
        lines.append((n, int(port), proto, names, comment.strip()))
    if errors:
        raise ValidationError(errors)
    return lines, warnings


def apply(reg, filename, data):
    """REG (a load.Registry) with the services(5) file's names first at
    their ports: the registry's rows there get their place (prefer), the
    names it lacks become local rows after its rows."""
    lines, warnings = parse(filename, data)
    place = {}      # (folded name, port, proto) -> (rank, line, comment)
    for line, port, proto, names, comment in lines:
        for i, name in enumerate(names):
            place.setdefault((fold(name), port, proto),
                             (i + 1, line, name, comment))
    rows, have = [], set()
    for r in reg.rows:
        key = (fold(r.name), r.port_lo, r.proto)
        if r.name and r.port_lo == r.port_hi and key in place:
            rows.append(dataclasses.replace(r, prefer=place[key][0]))
            have.add(key)
        else:
            rows.append(r)
    added = []
    for (_, port, proto), (rank, line, name, comment) in place.items():
        if (fold(name), port, proto) in have:
            continue
        fields = (name, str(port), proto, comment) + ("",) * (
            len(HEADER) - 4)
        added.append(Row(line, name, port, port, proto, comment, fields,
                         local=True, prefer=rank))
    return dataclasses.replace(
        reg, rows=tuple(rows) + tuple(added),
        local_warnings=tuple(warnings),
        overlay="%s (SHA-256 %s, services(5), %d lines)" % (
            filename, hashlib.sha256(data).hexdigest(), len(lines)))
