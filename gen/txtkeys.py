"""The DNS-SD TXT keys that a row's Assignment Notes define.

Input: the notes' text.  Output: read() gives (form, keys), keys a tuple of
(key, description) pairs in the notes' order, each key once; the form says
how the text was read (README.md, "TXT keys", has an example of each):

  absent    the notes never say "Defined TXT keys" (any case, the words
            broken across lines, anywhere in the notes): no keys
  none      "None", "None.", "None at present", "Proprietary", "TBD", "0":
            no keys
  pairs     key=value and key=<description> items, separated by spaces,
            commas, semicolons or line breaks; a bare key among them;
            "key= description" with the description as prose, which goes
            on over the lines below it that hold no key
  colons    "key: description" items, one a line or separated by
            semicolons, the key perhaps in <> or quotes
  columns   "key  description" lines, the key and the description two or
            more spaces apart
  list      keys separated by commas, semicolons, line breaks or leading
            dashes (a key may hold spaces: "Machine ID"); "KEY (description)"
            items; a space-separated line of single-word keys; a list that
            ends in "..." (and perhaps a remark about the rest)
  quoted    keys quoted in a sentence: key "txtvers" for ..., and key
            "name" ...
  proprietary  "txtvers and proprietary keys": the keys named
  prose     anything else (sentences, references, URLs): no keys

A "None" line first, with keys in one of the forms after it, gives those
keys; with anything else after it, none.

Parenthetical and bracketed remarks are not keys; nor are trailing
references ("- http://...").  A text that none of the forms reads whole is
prose: where a row cannot be read with confidence, no keys is better than
wrong keys.  The notes themselves stay whole in assignment_notes.
"""

import re

PHRASE = re.compile(r"defined\s+txt\s+keys?\s*:?", re.I)
NONE_WORDS = re.compile(r"(none|n/?a|tbd|proprietary|0)\b[ .]*", re.I)
# a key: identifier-like words; a word may hold . _ - + * ? # and digits
_WORD = r"[A-Za-z_*][A-Za-z0-9_.*?+#-]*"
_KEY = re.compile(r"%s(?: %s){0,3}\Z" % (_WORD, _WORD))
_ONE = re.compile(r"[A-Za-z_*][A-Za-z0-9_.*?+#-]*\Z")
_URL = re.compile(r"://|^www\.|\.(?:html?|pdf|txt)\b|\._(?:tcp|udp)\b|"
                  r"\.local\b", re.I)
# words that make a phrase a sentence, not a key ("Defined in URL
# specification", "txtvers and proprietary keys")
_FUNCTION_WORDS = {"a", "an", "and", "are", "as", "at", "be", "by", "defined",
                   "for", "from", "in", "is", "it", "no", "not", "of", "on",
                   "or", "see", "the", "there", "this", "to", "will", "with"}
_PROSE_START = ("see", "the", "a", "an", "eg", "e.g.", "i.e.", "example",
                "examples", "and", "or", "if", "will", "is", "are", "there")
_VALUE = (r"(?:<[^>\n]*>|\{[^}\n]*\}|'[^'\n]*'|\"[^\"\n]*\"|"
          r"(?:[^\s,;\[]+|\[[^\]\n]*\])+)")
_PAIR = re.compile(r"(?:^|(?<=[\s,;]))(?:[a-z]\.\s+|-\s+)?"
                   r"(%s(?: %s){0,3})\s*==?(?:(?=\s)[ \t]*(?P<prose>[^\n]*)|"
                   r"(?P<value>%s)?)" % (_WORD, _WORD, _VALUE))
_COLON = re.compile(r"\s*(?:<(%s)>|\"(%s)\"|(%s))\s*:\s*(\S.*)\Z"
                    % (_WORD, _WORD, _WORD))
_COLUMN = re.compile(r"(\s*)(%s)(?: {2,}|\t+)(\S.*)\Z" % _WORD)


def _strip_remarks(text):
    """TEXT without its (parenthetical) and [bracketed] remarks: a group
    opening at the start or after white space, nested, perhaps across
    lines, one left open running to the end; but not inside <>, {} or
    quotes, where brackets belong to a value.  Also a stray closing paren
    at the end, and a trailing reference ("- http://...")."""
    out, depth, close = [], 0, None
    for i, c in enumerate(text):
        if depth:
            depth += (c in "([") - (c in ")]")
            continue
        if close:
            close = None if c == close else close
        elif c in "<{\"":
            close = {"<": ">", "{": "}"}.get(c, c)
        elif c in "([" and (i == 0 or text[i - 1].isspace()):
            depth = 1
            continue
        out.append(c)
    text = "".join(out).rstrip().rstrip(")").rstrip()
    return re.sub(r"\s+-\s+\S*://\S*\Z", "", text)


def _is_key(k, one_word=False):
    """Whether K reads as a key: identifier-like words (up to four, with
    ONE_WORD one), no URL, file or DNS name, no sentence."""
    k = k.strip()
    words = k.split()
    return bool((_ONE if one_word else _KEY).match(k)) and len(k) <= 40 \
        and not _URL.search(k) and not any(w.endswith(".") for w in words) \
        and (len(words) == 1 or not any(w.lower() in _FUNCTION_WORDS
                                        for w in words))


def _items(text, seps=",;\n"):
    """TEXT split at SEPS outside <>, quotes and braces; blank items and
    leading list dashes dropped."""
    out, cur, close = [], [], None
    for c in text:
        if close:
            close = None if c == close else close
        elif c in "<\"'{":
            close = {"<": ">", "{": "}"}.get(c, c)
        elif c in seps:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    out.append("".join(cur))
    return [re.sub(r"^-\s+", "", i.strip()) for i in out if i.strip()]


def _desc(value):
    if value is None:
        return ""
    if value[:1] in "<\"'" and len(value) > 1 and value[-1] in ">\"'":
        return value[1:-1].strip()
    return value


_ELLIPSIS = re.compile(r"(\.\.\.|\u2026)\Z")
_QUOTED = re.compile(r'(?:^|,?\s*(?:and\s+)?)keys?\s+"(%s)"\s*(.*?)'
                     r'(?=,?\s*(?:and\s+)?keys?\s+"|\.?\s*\Z)' % _WORD,
                     re.S)
_PROPRIETARY = re.compile(r"(%s(?:\s*,\s*%s)*)\s+(?:and|plus)\s+"
                          r"proprietary\s+keys\.?\Z" % (_WORD, _WORD),
                          re.I)


def _bare(text, skip_first):
    """The single-word keys among TEXT's comma- or semicolon-separated
    items; with SKIP_FIRST the first item (what follows a value on its
    line: a remark) is not one."""
    items = re.split(r"[,;]", text)
    return [(i.strip(), "") for i in items[1 if skip_first else 0:]
            if _is_key(i, one_word=True)]


def _pairs(text):
    """key=value items, with bare single-word keys among them (the items
    of a comma-separated list, a key alone on its line); None where there
    is no pair or a pair's key does not read as one."""
    if not _PAIR.search(text):
        return None
    out, prose = [], False
    for line in text.split("\n"):
        if re.match(r"\s*(e\.g\.|examples?\b)", line, re.I):
            break   # what follows are examples of values, not keys
        found = list(_PAIR.finditer(line))
        if not found:
            if not prose:
                out += _bare(line, False)
            elif out and line.strip():  # a "key= description" goes on
                k, d = out[-1]
                out[-1] = (k, (d + " " + line.strip()).strip())
            continue
        out += _bare(line[:found[0].start()], False)
        for j, m in enumerate(found):
            if m.group(1).split()[0].lower() in _PROSE_START:
                break       # "eg topic=/info": an example
            value = m.group("prose") if m.group("prose") is not None \
                else m.group("value")
            out.append((m.group(1), _desc(value)))
            end = found[j + 1].start() if j + 1 < len(found) else len(line)
            if m.group("prose") is None:
                out += _bare(line[m.end():end], True)
        prose = found[-1].group("prose") is not None
    return out if all(_is_key(k) for k, _ in out) else None


def _colons(text):
    """"key: description" items (a wrapped description continues on the
    lines after its key), at least two or the key in <> or quotes."""
    out, marked = [], False
    for item in _items(text, ";\n"):
        m = _COLON.match(item)
        if m:
            key = m.group(1) or m.group(2) or m.group(3)
            marked |= m.group(3) is None
            out.append((key, m.group(4).strip()))
        elif not out:
            return None     # text before the first key: not this form
        else:               # the description goes on
            out[-1] = (out[-1][0], out[-1][1] + " " + item.strip())
    return out if out and (len(out) >= 2 or marked) else None


def _columns(text):
    """"key  description" lines at one indentation (the first line's own
    may differ, it follows the phrase); a line indented less ends the
    table."""
    out, indent = [], None
    for n, line in enumerate(l for l in text.split("\n") if l.strip()):
        m = _COLUMN.match(line)
        lead = len(line) - len(line.lstrip())
        if m and (indent is None or n == 1 or lead == indent):
            if n >= 1:
                indent = lead
            out.append((m.group(2), m.group(3).strip()))
        elif out and indent is not None and lead < indent:
            break           # the table's end: a remark about the keys
        else:
            return None
    return out if len(out) >= 2 else None


def _list(text):
    """Keys separated by commas, semicolons, line breaks or dashes; or one
    line of single-word keys separated by spaces, lower case first (a line
    of capitalized words is a title, one with a function word a
    sentence).  An ellipsis ends the list where nothing but a remark
    follows it (where a key does, "c0, c1, ..., cn", it is a pattern)."""
    items = _items(text)
    ends = [n for n, i in enumerate(items) if _ELLIPSIS.match(i)]
    if ends:
        after = items[ends[0] + 1:]
        if after and (len(after) > 1 or _is_key(after[0])):
            return None
        items = items[:ends[0]]
    words = items[0].split() if len(items) == 1 else []
    if len(words) > 1 and all(_is_key(w, one_word=True) and w[0].islower()
                              and w not in _FUNCTION_WORDS for w in words):
        items = words
    out = []
    for i in items:
        m = re.match(r"(.*?)\s*\((.*)\)\Z", i)     # KEY (description)
        out.append((m.group(1), m.group(2)) if m else (i, ""))
    if any(re.match(r"\s*\(", i) for i in re.split(r"[,;\n]", text)):
        return None
    return out if out and all(_is_key(k) for k, _ in out) else None


def _quoted(text):
    """key "K" DESCRIPTION items, and nothing else: the whole text."""
    found = list(_QUOTED.finditer(text))
    rest = _QUOTED.sub("", text).strip(" ,.\n")
    if not found or rest:
        return None
    return [(m.group(1), m.group(2).strip(" ,.")) for m in found]


def _proprietary(text):
    """"txtvers and proprietary keys": the keys named."""
    m = _PROPRIETARY.match(text.strip())
    if not m:
        return None
    return [(k.strip(), "") for k in m.group(1).split(",")]


FORMS = (("pairs", _pairs), ("colons", _colons), ("columns", _columns),
         ("list", _list), ("quoted", _quoted), ("proprietary", _proprietary))


def read(notes):
    """(form, ((key, description), ...)) for an Assignment Notes text."""
    m = PHRASE.search(notes)
    if m is None:
        return "absent", ()
    raw = notes[m.end():].strip()
    if not raw or NONE_WORDS.fullmatch(raw):
        return "none", ()
    first, _, after = raw.partition("\n")
    if re.match(r"none\b", raw, re.I):
        # "None", then perhaps the keys after all (on the lines below)
        form, found = read("Defined TXT keys:\n" + after) \
            if NONE_WORDS.fullmatch(first.strip()) and after.strip() \
            else ("none", ())
        return (form, found) if form in ("pairs", "colons", "columns") \
            else ("none", ())
    text = _strip_remarks(raw)
    for form, reader in FORMS:
        # keys are found with the remarks taken out; descriptions that run
        # on (colons, columns) keep theirs
        got = reader({"pairs": text, "list": _list_text(raw, text)}.get(
            form, raw.rstrip()))
        if got:
            seen, keys = set(), []
            for k, d in got:
                k = k.strip()
                if k.lower() not in seen:
                    seen.add(k.lower())
                    keys.append((k, d.strip()))
            return form, tuple(keys)
    return "prose", ()


def _list_text(raw, text):
    """The list form keeps "KEY (description)" items: remarks are only
    stripped from the end."""
    if re.search(r"\w \([^()]*\)\s*(,|$)", raw, re.M):
        return re.sub(r"\)\)\s*\Z", ")", raw.strip())
    return text


def keys(notes):
    """The TXT keys of an Assignment Notes text, as (key, description)
    pairs."""
    return read(notes)[1]
