"""String literals in C source, measured as MSVC counts them.

    python3 tests/literals.py FILE.c...

MSVC refuses a string literal piece (one "...") longer than 16,380 bytes
(error C2026) and a concatenation of adjacent pieces longer than 65,535
bytes, its terminating NUL included (error C1091).  literals() reads C text
on its own (comments, character constants and escapes included) and gives
each concatenation as the byte lengths of its pieces; check() lists every
one over a limit.  Used by tests/test_equiv.py on every generated build.
"""

import re
import sys

PIECE_MAX = 16380
CONCAT_MAX = 65535

_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+)|(.))", re.S)


def _decoded_length(body):
    """Bytes of a literal's body (between the quotes), escapes decoded."""
    n, i = 0, 0
    for m in _ESCAPE.finditer(body):
        n += len(body[i:m.start()].encode("utf-8")) + 1
        i = m.end()
    return n + len(body[i:].encode("utf-8"))


def literals(text):
    """[(line, [piece lengths])] for every run of adjacent string
    literals in TEXT (separated by nothing but white space and comments)."""
    runs, cur, line = [], None, 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.index("*/", i + 2) + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c == '"' or c == "'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j += 1
            if c == '"':
                if cur is None:
                    cur = (line, [])
                    runs.append(cur)
                cur[1].append(_decoded_length(text[i + 1:j - 1]))
            else:
                cur = None
        elif c.isspace():
            j = i + 1
        else:
            j = i + 1
            cur = None
        line += text.count("\n", i, j)
        i = j
    return runs


def check(text):
    """Every literal over MSVC's limits, as "LINE: what" lines."""
    out = []
    for line, pieces in literals(text):
        big = [p for p in pieces if p > PIECE_MAX]
        if big:
            out.append("%d: a piece of %d bytes (over %d)"
                       % (line, max(big), PIECE_MAX))
        if sum(pieces) + 1 > CONCAT_MAX:
            out.append("%d: %d pieces concatenate to %d bytes (over %d)"
                       % (line, len(pieces), sum(pieces) + 1, CONCAT_MAX))
    return out


def largest(text):
    """(largest piece, largest concatenation with its NUL) in TEXT."""
    runs = literals(text)
    return (max((p for _, ps in runs for p in ps), default=0),
            max((sum(ps) + 1 for _, ps in runs), default=0))


def main(paths):
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for msg in check(text):
            print("%s:%s" % (path, msg))
            bad += 1
        piece, concat = largest(text)
        print("%s: largest piece %d bytes, largest concatenation %d bytes"
              % (path, piece, concat))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
