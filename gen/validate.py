"""Check registry rows and turn them into typed rows, or list every problem.

Input: the header and rows from read, the file name used in messages, and the
row floor.  Output: a list of Entry-ready Rec values in registry order, and a
list of warnings.  Every problem in the file is collected and raised at once as
ValidationError; each message reads "FILE:LINE: what is wrong (the value)".

Guarantees for what it returns: every port is an int in 0..65535 with
lo <= hi; every protocol is one of PROTOCOLS or ""; every name is at most
MAX_NAME_BYTES bytes of UTF-8, all printable; no two named rows
with a port share (folded name, port, protocol) unless they are identical
(the repeat is dropped, with a warning); every row has a name or a port.
"""

import dataclasses
import re

HEADER = ("Service Name", "Port Number", "Transport Protocol", "Description",
          "Assignee", "Contact", "Registration Date", "Modification Date",
          "Reference", "Service Code", "Unauthorized Use Reported",
          "Assignment Notes")
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
MAX_NAME_BYTES = 63
DEFAULT_MIN_ROWS = 10000

# RFC 6335 section 5.1: 1-15 characters, letters, digits and hyphens, at least
# one letter, no leading, trailing or doubled hyphen.
_RFC6335 = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9](?:-?[A-Za-z0-9])*\Z")
_PORT = re.compile(r"([0-9]{1,5})(?:-([0-9]{1,5}))?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class ValidationError(Exception):
    """Every problem found in one file, each a FILE:LINE message."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclasses.dataclass(frozen=True)
class Rec:
    """One registry row, checked and typed."""
    line: int
    name: str           # "" for a status row
    port_lo: int        # -1 where the row has no port
    port_hi: int
    proto: str          # one of PROTOCOLS, or ""
    description: str
    fields: tuple       # all twelve columns as read
    local: bool = False  # from the OVERLAY file, not the registry

    @property
    def has_port(self):
        return self.port_lo >= 0


def rfc6335_name(name):
    """True where name follows RFC 6335's syntax for new service names."""
    return len(name) <= 15 and _RFC6335.match(name) is not None


def _port(text):
    """(lo, hi) for "80" or "6000-6063", (-1, -1) for "", None if invalid."""
    if text == "":
        return (-1, -1)
    m = _PORT.match(text)
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) is not None else lo
    if hi > 65535 or lo > hi:
        return None
    return (lo, hi)


def show(text, limit=80):
    """TEXT as it goes into a one-line message: at most LIMIT characters
    (then "..."), anything unprintable (line breaks among it) escaped."""
    cut = text[:limit]
    out = "".join(c if c.isprintable() else
                  "\\x%02x" % ord(c) if ord(c) < 0x100 else
                  "\\u%04x" % ord(c) if ord(c) < 0x10000 else
                  "\\U%08x" % ord(c) for c in cut)
    return out + ("..." if len(text) > limit else "")


def registry_date(recs):
    """The newest Registration or Modification Date in the rows, or ""."""
    dates = [d for r in recs for d in (r.fields[6], r.fields[7])
             if _DATE.match(d)]
    return max(dates, default="")


def validate(filename, header, rows, min_rows=DEFAULT_MIN_ROWS):
    """Return (recs, warnings) or raise ValidationError listing all problems."""
    errors = []

    def err(line, what):
        errors.append("%s:%d: %s" % (filename, line, what))

    if tuple(header.fields) != HEADER:
        err(header.line, "header is not the registry's twelve columns (%s)"
            % show(",".join(header.fields), 200))
        raise ValidationError(errors)

    recs = []
    seen = {}           # (folded name, lo, hi, proto) -> first Rec
    legacy = []
    noproto = []
    repeats = []
    for row in rows:
        f = row.fields
        if len(f) == 0:
            continue        # a blank line carries nothing
        if len(f) != len(HEADER):
            err(row.line, "row has %d fields, expected %d (%s)"
                % (len(f), len(HEADER), show(",".join(f))))
            continue
        name, port, proto, desc = f[0], f[1], f[2], f[3]
        bad = False
        ports = _port(port)
        if ports is None:
            err(row.line, "port is not a number or range in 0-65535 (%s)"
                % show(port, 40))
            bad = True
        if proto != "" and proto not in PROTOCOLS:
            err(row.line, "unknown transport protocol (%s)" % show(proto, 40))
            bad = True
        if len(name.encode("utf-8")) > MAX_NAME_BYTES:
            err(row.line, "service name is longer than %d bytes (%s)"
                % (MAX_NAME_BYTES, show(name)))
            bad = True
        elif not name.isprintable():    # C0, C1, DEL, U+2028, format chars
            err(row.line, "service name has an unprintable character (%s)"
                % show(repr(name)))
            bad = True
        elif name != name.strip():
            err(row.line, "service name has leading or trailing space (%s)"
                % show(repr(name)))
            bad = True
        if name == "" and port == "":
            err(row.line, "row has neither a service name nor a port")
            bad = True
        if bad:
            continue
        rec = Rec(row.line, name, ports[0], ports[1], proto, desc, f)
        if name:
            if not rfc6335_name(name):
                legacy.append(rec)
            if proto == "" and rec.has_port:
                noproto.append(rec)
            if rec.has_port:
                key = (name.lower(), rec.port_lo, rec.port_hi, proto)
                first = seen.get(key)
                if first is not None:
                    if first.fields != f:
                        err(row.line, "same name, port and protocol as line "
                            "%d with other data (%s,%s,%s)"
                            % (first.line, show(name), port, proto))
                    else:
                        repeats.append(rec)
                    continue
                seen[key] = rec
        recs.append(rec)

    if not errors and not any(row.fields for row in rows):
        err(header.line, "file has a header and no rows")
    if not errors and len(recs) < min_rows:
        err(rows[-1].line if rows else header.line,
            "only %d rows, fewer than the floor of %d: a truncated file? "
            "(set MIN_ROWS for a small registry)" % (len(recs), min_rows))
    if errors:
        raise ValidationError(errors)

    warnings = []

    def summary(what, items):
        if items:
            shown = ", ".join("%s:%d %s" % (filename, r.line, show(r.name))
                              for r in items[:3])
            more = " ..." if len(items) > 3 else ""
            warnings.append("%d %s (%s%s)" % (len(items), what, shown, more))

    summary("named rows outside RFC 6335 name syntax, kept as registered",
            legacy)
    summary("named rows with a port and no protocol, kept as registered",
            noproto)
    summary("rows repeating an earlier identical row, dropped", repeats)
    return recs, warnings


def overlay_conflicts(reg_file, recs, local_file, local):
    """Warnings for overlay rows that use a registry name, or a port and
    protocol a registry name holds: one per row, FILE:LINE first."""
    names, ports = {}, {}
    for r in recs:
        if r.name:
            names.setdefault(r.name.lower(), r)
            if r.has_port:
                for p in range(r.port_lo, r.port_hi + 1):
                    ports.setdefault((p, r.proto), r)
    out = []
    for r in local:
        if not r.name:
            continue
        hit = names.get(r.name.lower())
        if hit is not None:
            out.append("%s:%d: %s is also a registry name (%s:%d)" % (
                local_file, r.line, show(r.name), reg_file, hit.line))
            continue
        if r.has_port:
            for p in range(r.port_lo, r.port_hi + 1):
                hit = ports.get((p, r.proto)) or (
                    ports.get((p, "")) if r.proto else None)
                if hit is not None:
                    out.append("%s:%d: %s uses %d/%s, the registry's %s "
                               "(%s:%d)" % (local_file, r.line, show(r.name),
                                            p, r.proto or "-", show(hit.name),
                                            reg_file, hit.line))
                    break
    return out
