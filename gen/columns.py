"""What PROFILE=full reads out of a row's Reference column.

Input: the column's text.  Output: the RFC numbers it names, as a tuple;
gen/tables.py stores them beside the columns for portreg_record.  The
Assignment Notes' DNS-SD TXT keys are gen/txtkeys.py's.
"""

import re

_RFC = re.compile(r"RFC\s?([0-9]{1,5})")


def rfc_numbers(reference):
    """The RFC numbers a Reference names ([RFC6335], [RFC 793]), in order,
    each once."""
    out = []
    for n in _RFC.findall(reference):
        n = int(n)
        if 0 < n < 65536 and n not in out:
            out.append(n)
    return tuple(out)
