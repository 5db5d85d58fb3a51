"""What PROFILE=full reads out of a row's free-text columns.

Input: the text of one column.  Output: the RFC numbers a Reference names,
and the DNS-SD TXT keys that Assignment Notes define, as tuples; gen/tables.py
stores them beside the columns for portreg_record.
"""

import re

_TXT_PAIR = re.compile(r"([A-Za-z0-9_.*?+-]+)=(<[^>]*>|[^\s,]+)")
_TXT_LINE = re.compile(r"^\s*([A-Za-z0-9_.*?+-]+)\s{2,}(\S.*?)\s*$", re.M)
_TXT_KEY = re.compile(r"[A-Za-z0-9_.*?+-]{1,40}\Z")
_RFC = re.compile(r"RFC\s?([0-9]{1,5})")


def txt_keys(notes):
    """The DNS-SD TXT keys that Assignment Notes define, as (key,
    description) pairs: the text after "Defined TXT keys:" read as key=value
    items, else as a table of "key  description" lines, else as a comma- or
    space-separated list of keys (every item one word); prose gives none."""
    at = notes.find("Defined TXT keys:")
    if at < 0:
        return ()
    text = notes[at + len("Defined TXT keys:"):]
    pairs = _TXT_PAIR.findall(text)
    if pairs:
        return tuple((k, v[1:-1] if v.startswith("<") else v)
                     for k, v in pairs)
    lines = _TXT_LINE.findall(text)
    if lines:
        return tuple(lines)
    items = [w.strip() for w in text.replace(",", " ").split()]
    if items and all(_TXT_KEY.match(w) for w in items) and "," in text \
            or len(items) == 1 and _TXT_KEY.match(items[0]):
        return tuple((w, "") for w in items)
    return ()


def rfc_numbers(reference):
    """The RFC numbers a Reference names ([RFC6335], [RFC 793]), in order,
    each once."""
    out = []
    for n in _RFC.findall(reference):
        n = int(n)
        if 0 < n < 65536 and n not in out:
            out.append(n)
    return tuple(out)
