"""Read a registry CSV file: bytes in, raw rows with line numbers out.

Input: the file's bytes (the caller reads the file).  Output: the header and a
list of CsvRow, each holding the fields exactly as the CSV gave them and the line
on which the row starts.  Nothing is interpreted here: no field is stripped,
converted or checked beyond what is needed to split the file into rows.  Any
problem that stops the split (bad UTF-8, a NUL byte, an unterminated quote) is
raised as ReadError with the line it was found on, so that validate can report
it in the same FILE:LINE form as everything else.
"""

import csv
import dataclasses
import io

MAX_BYTES = 64 * 1024 * 1024


class ReadError(Exception):
    """A problem that stops the file being split into rows."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclasses.dataclass(frozen=True)
class CsvRow:
    line: int               # line on which the row starts, 1 = header
    fields: tuple           # the fields as str, as many as the row had


def _line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def read(data):
    """Split registry bytes into (header CsvRow, [CsvRow]); raise ReadError."""
    if len(data) > MAX_BYTES:
        raise ReadError(1, "file is larger than 64 MB (%d bytes)" % len(data))
    if not data:
        raise ReadError(1, "file is empty")
    nul = data.find(b"\0")
    if nul >= 0:
        raise ReadError(_line_of(data, nul), "NUL byte in the file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 4]
        raise ReadError(_line_of(data, e.start),
                        "invalid UTF-8 (bytes %s)" % bad.hex(" ")) from None
    if text.startswith("\ufeff"):
        text = text[1:]     # a byte order mark is no part of the header

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    start = 1
    try:
        for fields in reader:
            rows.append(CsvRow(start, tuple(fields)))
            start = reader.line_num + 1
    except csv.Error as e:
        raise ReadError(start, "malformed CSV (%s)" % e) from None
    if not rows:
        raise ReadError(1, "file is empty")
    return rows[0], rows[1:]
