"""Check registry rows and turn them into typed rows, or list every problem.

Input: the header and CsvRows from read, the file name used in messages, and
the row floor.  Output: a list of Row in registry order, and a list of
warnings.  Every problem in the file is collected and raised at once as
ValidationError; each message reads "FILE:LINE: what is wrong (the value)".

Guarantees for what it returns: every port is an int in 0..65535 with
lo <= hi; every protocol is one of constants.PROTOCOLS or ""; every name is
at most MAX_NAME_BYTES bytes of UTF-8, all printable; no two named rows with
a port share (folded name, port, protocol) unless they are identical (the
repeat is dropped, with a warning); every row has a name or a port.
"""

import dataclasses
import datetime
import re

from .constants import (FIRST_DETAIL, HEADER, NAME_MAX, PROTOCOLS, fold,
                        option, port_text)
MAX_NAME_BYTES = NAME_MAX
DEFAULT_MIN_ROWS = 10000

# RFC 6335 section 5.1: 1-15 characters, letters, digits and hyphens, at least
# one letter, no leading, trailing or doubled hyphen.
_RFC6335 = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9](?:-?[A-Za-z0-9])*\Z")
_PORT = re.compile(r"([0-9]{1,5})(?:-([0-9]{1,5}))?\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?\Z")
DATE_COLUMNS = ((6, "Registration Date"), (7, "Modification Date"))


class ValidationError(Exception):
    """Every problem found in one file, each a FILE:LINE message."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclasses.dataclass(frozen=True)
class Row:
    """One registry row, checked and typed."""
    line: int
    name: str           # "" for a status row
    port_lo: int        # -1 where the row has no port
    port_hi: int
    proto: str          # one of PROTOCOLS, or ""
    description: str
    fields: tuple       # all twelve columns as read
    local: bool = False  # from the OVERLAY file, not the registry
    prefer: int = 0     # its place among the first names of its port, from
                        # a services(5) overlay (1 first); 0: registry order

    @property
    def has_port(self):
        return self.port_lo >= 0

    @property
    def port_text(self):
        """The port as the registry writes it: "80", "6000-6063", or ""."""
        return port_text(self.port_lo, self.port_hi) if self.has_port else ""

    def ports(self):
        """Every port the row covers: none where it has no port."""
        return range(self.port_lo, self.port_hi + 1) if self.has_port else ()

    @property
    def details(self):
        """The columns from Assignee on (constants.DETAIL_COLUMNS)."""
        return self.fields[FIRST_DETAIL:]


def carried(name):
    """Whether a services(5) line can carry NAME: no white space, no '#',
    no control character (the servents leave out those that cannot)."""
    return all(c > " " and c not in "#\x7f" for c in name)


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


def registry_date(rows):
    """The newest Registration or Modification Date in the rows, or ""."""
    dates = [r.fields[i] for r in rows for i, _ in DATE_COLUMNS
             if _DATE.match(r.fields[i])]
    return max(dates, default="")


def today():
    """Today's date by the machine's clock: read for the future-date check
    alone, never written anywhere."""
    return datetime.date.today()


def date_problem(column, text, now):
    """What is wrong with a date column's TEXT: not YYYY-MM or YYYY-MM-DD,
    not a real date, or later than the day after NOW (a datetime.date: a
    day's slack for clocks and time zones); "" where it is fine or
    empty."""
    if text == "":
        return ""
    m = _DATE.match(text)
    try:
        when = datetime.date(int(m.group(1)), int(m.group(2)),
                             int(m.group(3) or 1)) if m else None
    except ValueError:
        when = None
    if when is None:
        return "bad %s (%s)" % (column, show(text, 40))
    if when > now + datetime.timedelta(days=1):
        return "%s in the future (%s; today is %s)" % (column, text,
                                                      now.isoformat())
    return ""


def _problems(fields, now, local):
    """What is wrong with one row of twelve fields, as messages without
    FILE:LINE, and its ports when they parse.  NOW: today's date;
    LOCAL: an OVERLAY's row, whose name
    a services(5) line must be able to carry."""
    name, port, proto = fields[0], fields[1], fields[2]
    out = []
    ports = _port(port)
    if ports is None:
        out.append("port is not a number or range in 0-65535 (%s)"
                   % show(port, 40))
    if proto != "" and proto not in PROTOCOLS:
        out.append("unknown transport protocol (%s)" % show(proto, 40))
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        out.append("service name is longer than %d bytes (%s)"
                   % (MAX_NAME_BYTES, show(name)))
    elif not name.isprintable():    # C0, C1, DEL, U+2028, format chars
        out.append("service name has an unprintable character (%s)"
                   % show(repr(name)))
    elif name != name.strip():
        out.append("service name has leading or trailing space (%s)"
                   % show(repr(name)))
    elif local and not carried(name):
        out.append("an OVERLAY name has white space or '#', which no "
                   "services(5) line can carry (%s)" % show(name))
    for i, column in DATE_COLUMNS:
        problem = date_problem(column, fields[i], now)
        if problem:
            out.append(problem)
    if name == "" and port == "":
        out.append("row has neither a service name nor a port")
    return out, ports


class _Notes:
    """The problems of one file, and the rows its warnings summarize."""

    def __init__(self, filename):
        self.filename = filename
        self.errors = []
        self.legacy, self.noproto, self.repeats = [], [], []
        self.uncarried = []

    def error(self, line, what):
        self.errors.append("%s:%d: %s" % (self.filename, line, what))

    def summary(self, what, rows):
        shown = ", ".join("%s:%d %s" % (self.filename, r.line, show(r.name))
                          for r in rows[:3])
        return "%d %s (%s%s)" % (len(rows), what, shown,
                                 " ..." if len(rows) > 3 else "")

    def warnings(self):
        return [self.summary(what, rows) for what, rows in (
            ("named rows outside RFC 6335 name syntax, kept as registered",
             self.legacy),
            ("named rows with a port and no protocol, kept as registered",
             self.noproto),
            ("named rows whose name no services(5) line can carry, left "
             "out of the servents, --services and the NSS module",
             self.uncarried),
            ("rows repeating an earlier identical row, dropped",
             self.repeats)) if rows]


def _check_named(row, seen, notes):
    """Whether the named ROW is kept: a repeat of an earlier identical row
    is not (noted), a conflicting one is an error."""
    if not rfc6335_name(row.name):
        notes.legacy.append(row)
    if row.proto == "" and row.has_port:
        notes.noproto.append(row)
    if not row.has_port:
        return True
    key = (fold(row.name), row.port_lo, row.port_hi, row.proto)
    first = seen.setdefault(key, row)
    if first is row:
        if not carried(row.name):
            notes.uncarried.append(row)
        return True
    if first.fields != row.fields:
        notes.error(row.line, "same name, port and protocol as line %d with "
                    "other data (%s,%s,%s)" % (first.line, show(row.name),
                                               row.fields[1], row.proto))
    else:
        notes.repeats.append(row)
    return False


def validate(filename, header, rows, min_rows=DEFAULT_MIN_ROWS,
             local=False):
    """Return (rows, warnings) or raise ValidationError listing all
    problems.  LOCAL: the rows of an OVERLAY (the user's own)."""
    notes = _Notes(filename)
    now = today()
    if tuple(header.fields) != HEADER:
        notes.error(header.line, "header is not the registry's twelve "
                    "columns (%s)" % show(",".join(header.fields), 200))
        raise ValidationError(notes.errors)
    out, seen = [], {}
    for csv_row in rows:
        f = csv_row.fields
        if len(f) == 0:
            continue        # a blank line carries nothing
        if len(f) != len(HEADER):
            notes.error(csv_row.line, "row has %d fields, expected %d (%s)"
                        % (len(f), len(HEADER), show(",".join(f))))
            continue
        problems, ports = _problems(f, now, local)
        for p in problems:
            notes.error(csv_row.line, p)
        if problems:
            continue
        row = Row(csv_row.line, f[0], ports[0], ports[1], f[2], f[3], f)
        if not row.name or _check_named(row, seen, notes):
            out.append(row)
    if not notes.errors and not any(r.fields for r in rows):
        notes.error(header.line, "file has a header and no rows")
    if not notes.errors and len(out) < min_rows:
        notes.error(rows[-1].line if rows else header.line,
                    "only %d rows, fewer than the floor of %d: a truncated "
                    "file? (%s for a small registry)"
                    % (len(out), min_rows, option("MIN_ROWS", "N")))
    if notes.errors:
        raise ValidationError(notes.errors)
    return out, notes.warnings()


def overlay_conflicts(reg_file, rows, local_file, local):
    """Warnings for overlay rows that use a registry name, or a port and
    protocol a registry name holds: one per row, FILE:LINE first."""
    names, ports = {}, {}
    for r in rows:
        if r.name:
            names.setdefault(fold(r.name), r)
            for p in r.ports():
                ports.setdefault((p, r.proto), r)
    out = []
    for r in local:
        if not r.name:
            continue
        hit = names.get(fold(r.name))
        if hit is not None:
            out.append("%s:%d: %s is also a registry name (%s:%d)" % (
                local_file, r.line, show(r.name), reg_file, hit.line))
            continue
        for p in r.ports():
            hit = ports.get((p, r.proto)) or (
                ports.get((p, "")) if r.proto else None)
            if hit is not None:
                out.append("%s:%d: %s uses %d/%s, the registry's %s (%s:%d)"
                           % (local_file, r.line, show(r.name), p,
                              r.proto or "-", show(hit.name), reg_file,
                              hit.line))
                break
    return out
