"""Load a registry file, and an overlay of local rows after it.

Input: paths.  Output: a Registry (the file's name and bytes, its validated
rows, the warnings), read -> validate for each file, the overlay's rows
marked local and appended.  Problems raise validate.ValidationError with
FILE:LINE messages; a file over read.MAX_BYTES is refused before it is read.
"""

import dataclasses
import hashlib
import os
import re

from . import read, services, validate


@dataclasses.dataclass(frozen=True)
class Registry:
    filename: str       # the file's base name, as messages and banners give it
    data: bytes
    rows: tuple         # validate.Row: the registry's, then the overlay's
    warnings: tuple     # about the registry's own data
    overlay: str = ""   # "local.csv (SHA-256 ..., N rows)", or ""
    local_warnings: tuple = ()  # about the overlay: the user's own input

    @property
    def sha256(self):
        return hashlib.sha256(self.data).hexdigest()

    @property
    def overlay_sha256(self):
        """The overlay's SHA-256, "" without one."""
        m = re.search(r"SHA-256 ([0-9a-f]{64})", self.overlay)
        return m.group(1) if m else ""

    @property
    def registry_rows(self):
        return [r for r in self.rows if not r.local]

    @property
    def date(self):
        """The registry's date: its newest registration or modification."""
        return validate.registry_date(self.registry_rows)


def load_file(path, min_rows=validate.DEFAULT_MIN_ROWS, name=None,
              local=False):
    """Read and validate one registry file: a Registry, or raise
    ValidationError (or OSError where it cannot be read).  NAME is the file
    name messages give (default: PATH's); LOCAL: an OVERLAY's."""
    name = name or os.path.basename(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > read.MAX_BYTES:   # say so before reading it all
            raise validate.ValidationError([
                "%s:1: file is larger than 64 MB (%d bytes)" % (name, size)])
        data = f.read(read.MAX_BYTES + 1)
    try:
        header, rows = read.read(data)
    except read.ReadError as e:
        raise validate.ValidationError(["%s:%d: %s" % (name, e.line,
                                                       e.message)]) from None
    rows, warnings = validate.validate(name, header, rows, min_rows, local)
    return Registry(name, data, tuple(rows), tuple(warnings))


def load(path, min_rows=validate.DEFAULT_MIN_ROWS, overlay=""):
    """The registry at PATH and, where OVERLAY names one, a file of local
    rows (the same columns, no floor) after its rows, each conflict with a
    registry row a warning; or a services(5) file, whose names become the
    first of their ports (gen/services.py)."""
    reg = load_file(path, min_rows)
    if not overlay:
        return reg
    with open(overlay, "rb") as f:
        data = f.read(read.MAX_BYTES + 1)
    if services.is_services(data):
        return services.apply(reg, os.path.basename(overlay), data)
    local = load_file(overlay, 0, local=True)
    conflicts = validate.overlay_conflicts(reg.filename, reg.rows,
                                           local.filename, local.rows)
    return dataclasses.replace(
        reg,
        rows=reg.rows + tuple(dataclasses.replace(r, local=True)
                              for r in local.rows),
        local_warnings=local.warnings + tuple(conflicts),
        overlay="%s (SHA-256 %s, %d rows)" % (local.filename, local.sha256,
                                              len(local.rows)))
