"""C source text: string literals, comments and integer types.

Shared by gperf.py (its keywords) and emit.py (every table); nothing here
knows the registry.
"""


class CTextError(Exception):
    """A value that no table type here can hold."""


def escape(s, backslashed):
    """UTF-8 bytes of S as literal text: characters in BACKSLASHED as \\c;
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
    """S as the body of a C string literal."""
    return escape(s, '"\\?')


def c_comment(s):
    """S made safe inside /* */: ASCII only, no comment end, no trigraph."""
    t = "".join(c if 0x20 <= ord(c) < 0x7f else "." for c in s)
    return t.replace("*/", "* /").replace("??", "?.").replace("\\", "/")


def ctype(maxval):
    """The smallest unsigned C type that holds MAXVAL."""
    for bits in (8, 16, 32, 64):
        if maxval < (1 << bits):
            return "uint%d_t" % bits
    raise CTextError("value too large for uint64_t (%d)" % maxval)


def width(ctype_name):
    """Bytes in one of ctype()'s types (or "char")."""
    return 1 if ctype_name == "char" else int(ctype_name[4:-2]) // 8
