"""What a build holds: the profile, and the protocols and ports kept.

Input: the Makefile's PROFILE=, PROTOCOLS= and PORTS= text.  Output: a frozen
Subset that model asks which rows to keep.  Bad text raises SubsetError with
a one-line reason.
"""

import dataclasses

from .constants import COLUMNS, PROTO_BIT, PROTOCOLS, port_text

PROFILES = ("minimal", "full")
ALL_PORTS = ((0, 65535),)
ALL_PROTOCOLS = sum(PROTO_BIT.values())


class SubsetError(Exception):
    """A PROFILE=, PROTOCOLS= or PORTS= value that does not parse."""


@dataclasses.dataclass(frozen=True)
class Subset:
    """A profile, protocols, ports.

    A row is kept when its protocol is in `protocols` (a row with no
    protocol counts for every protocol, as in the registry, and is always
    kept) and, where `ports` is given, when every port it covers is in
    `ports`; name-only rows have no port and are kept only when `ports` is
    None.  Reserved intervals are clipped the same way.
    """
    profile: str = "minimal"
    protocols: int = ALL_PROTOCOLS  # PROTO_BIT bits
    ports: tuple = None             # disjoint sorted (lo, hi), or None: all
    columns: tuple = None           # PROFILE=full's, COLUMNS order; None: all

    @property
    def full(self):
        return self.profile == "full"

    def has(self, column):
        """Whether the build holds COLUMN (one of COLUMNS)."""
        return self.full and (self.columns is None or column in self.columns)

    @property
    def records(self):
        """Whether portreg_record has any column to give."""
        return any(self.has(c) for c in COLUMNS[1:])

    def columns_text(self):
        return ",".join(c for c in COLUMNS if self.has(c))

    @property
    def port_set(self):
        return self.ports if self.ports is not None else ALL_PORTS

    def keeps_port(self, lo, hi):
        return any(a <= lo and hi <= b for a, b in self.port_set)

    def keeps(self, row):
        if row.proto and not PROTO_BIT[row.proto] & self.protocols:
            return False
        if not row.has_port:
            return self.ports is None
        return self.keeps_port(row.port_lo, row.port_hi)

    def protocols_text(self):
        return ",".join(p for p in PROTOCOLS if PROTO_BIT[p] & self.protocols)

    def ports_text(self):
        return ",".join(port_text(a, b) for a, b in self.port_set)

    def tag(self):
        """The build in a file name, "" for the default: the profile,
        columns, protocols and ports that differ from it
        ("-tcp,udp-0-1023", "-full-description")."""
        parts = [self.profile] if self.full else []
        if self.full and self.columns is not None:
            parts.append("+".join(self.columns))
        if self.protocols != ALL_PROTOCOLS:
            parts.append(self.protocols_text())
        if self.ports is not None:
            parts.append(self.ports_text())
        return "".join("-" + p for p in parts)

    def describe(self):
        """The profile and subset in one line of text."""
        text = "profile=%s protocols=%s ports=%s" % (
            self.profile, self.protocols_text(),
            self.ports_text() if self.ports is not None else "all")
        if self.full and self.columns is not None:
            text += " columns=%s" % self.columns_text()
        return text


def _protocols(text):
    mask = 0
    for word in filter(None, (w.strip() for w in text.split(","))):
        if word.lower() not in PROTO_BIT:
            raise SubsetError("unknown protocol in PROTOCOLS (%s); use %s"
                              % (word, ",".join(PROTOCOLS)))
        mask |= PROTO_BIT[word.lower()]
    return mask or ALL_PROTOCOLS


def _ports(text):
    spans = []
    for word in filter(None, (w.strip() for w in text.split(","))):
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
    return tuple(merged) if spans else None


def _columns(profile, text):
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    if not words:
        return None
    if profile != "full":
        raise SubsetError("COLUMNS (%s) needs PROFILE=full" % text)
    for w in words:
        if w not in COLUMNS:
            raise SubsetError("unknown column in COLUMNS (%s); use %s"
                              % (w, ",".join(COLUMNS)))
    return tuple(c for c in COLUMNS if c in words)


def parse_subset(profile="minimal", protocols="", ports="", columns=""):
    """A Subset from PROFILE=, PROTOCOLS=tcp,udp, PORTS=0-1023,8080 and
    COLUMNS=description,txt_keys (empty: everything)."""
    if profile not in PROFILES:
        raise SubsetError("unknown profile (%s); use one of %s"
                          % (profile, ", ".join(PROFILES)))
    return Subset(profile, _protocols(protocols), _ports(ports),
                  _columns(profile, columns))
