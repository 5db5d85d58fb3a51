"""Run gperf on each name bucket and read back what portreg needs.

Input: the model's buckets of names and the gperf command.  Output: Hashes:
per bucket its slot count (gperf's MAX_HASH_VALUE + 1) and its hash function
as data (the association values and the key positions it reads), per name
its slot in its bucket, and the gperf inputs (written to out/gperf/ for
reference).  gperf runs in a private temporary folder with
LC_ALL=C, relative paths and the one argument list GPERF_ARGS, so its output
depends on nothing but the names and gperf's version.  Only the hash
functions' data goes into the C, where one function computes every
bucket's hash (tables.py); gperf's keyword tables and lookup functions are
left out (tables.py's slot tables replace them).  Each function is read
back as gperf writes it: the length plus asso_values[str[P] + INC] for each
key position P the name is longer than, plus asso_values[str[len - 1]]
where the last byte is a key position; the values so computed must be
gperf's slots for every name, or generation stops.
"""

import dataclasses
import os
import re
import subprocess
import tempfile

from .ctext import escape

# Fixed gperf arguments: one definition, one order.  --pic keeps the keyword
# table free of pointers; --ignore-case hashes both cases alike (portreg.c
# supplies the comparison); -m 2 tries two starting points and keeps the
# smaller table (a quarter fewer slots than one try, for twice gperf's time;
# more tries gain little).
GPERF_ARGS = ("-t", "-T", "-C", "-G", "--ignore-case", "--pic", "-m", "2")


class GperfError(Exception):
    """gperf failed or produced output this generator does not understand."""


@dataclasses.dataclass(frozen=True)
class Hashes:
    version: str        # gperf --version's first line
    inputs: tuple       # (file name, text) of each bucket's gperf input
    slots: tuple        # per bucket, its slot count; 0 for an empty one
    name_slot: tuple    # per name, its slot in its bucket
    functions: tuple    # per bucket, its Function; None for an empty one


def _env():
    return dict(os.environ, LC_ALL="C")


def version(gperf):
    try:
        out = subprocess.run([gperf, "--version"], capture_output=True,
                             check=True, env=_env()).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise GperfError("cannot run %s (%s); install it: apt-get install "
                         "gperf" % (gperf, e)) from None
    return out.decode("ascii", "replace").splitlines()[0].strip()


LAST = -1      # a key position: the name's last byte (gperf's $)

_TERM = re.compile(r"asso_values\[\(unsigned char\)str\[(\d+|len - 1)\]"
                   r"(?:\+(\d+))?\]")
_ASSO = re.compile(r"static const unsigned (?:char|short|int) "
                   r"asso_values\[\] =\s*\{([^}]*)\}")


def keyword(s):
    """A name as a gperf keyword: quoted, every special byte in octal."""
    return '"%s"' % escape(s, "")


def prefix(bucket):
    """The prefix of bucket B's gperf identifiers: portreg__007_."""
    return "portreg__%03d_" % bucket


@dataclasses.dataclass(frozen=True)
class Function:
    """A bucket's gperf hash function as data."""
    asso: tuple         # asso_values, () where it reads no byte
    terms: tuple        # (key position or LAST, increment), highest first
    length: bool        # whether it adds the name's length

    def value(self, name):
        """The hash of NAME (bytes), as gperf and portreg.c compute it."""
        h = len(name) if self.length else 0
        for pos, inc in self.terms:
            if pos == LAST:
                h += self.asso[name[-1] + inc]
            elif pos < len(name):
                h += self.asso[name[pos] + inc]
        return h


def _function(bucket, fn):
    """gperf's hash function FN (C text) as a Function."""
    table = _ASSO.search(fn)
    body = fn[table.end():] if table else fn
    terms = tuple(sorted(((LAST if p == "len - 1" else int(p), int(i or 0))
                          for p, i in _TERM.findall(body)), reverse=True))
    asso = tuple(int(v) for v in table.group(1).replace(",", " ").split()) \
        if table else ()
    length = re.search(r"hval = len;|return len\b", body) is not None
    readable = length or re.search(r"return 0;", body)
    positions_once = len({p for p, _ in terms}) == len(terms)
    asso_enough = all(len(asso) >= 256 + i for _, i in terms)
    if not (readable and positions_once and asso_enough):
        raise GperfError("gperf's hash function for bucket %d is not of the "
                         "form this generator reads" % bucket)
    return Function(asso, terms, length)


def _parse(bucket, members, spellings, out):
    """(slot count, {name index: slot}, Function) from gperf's output OUT
    for BUCKET; gperf --pic names the string of slot N pool_strN."""
    pre = prefix(bucket)
    found = re.findall(r"->%spool_str(\d+), (\d+)\}" % pre, out)
    if sorted(int(i) for _, i in found) != sorted(members):
        raise GperfError("gperf output for bucket %d does not list every "
                         "keyword once" % bucket)
    fn = re.search(r"^static unsigned int\n%shash \(.*?^}\n" % pre, out,
                   re.S | re.M)
    top = re.search(r"^#define MAX_HASH_VALUE (\d+)$", out, re.M)
    if not fn or not top:
        raise GperfError("gperf output for bucket %d has no hash function or "
                         "MAX_HASH_VALUE this generator recognizes" % bucket)
    slots = int(top.group(1)) + 1
    slot_of = {int(i): int(s) for s, i in found}
    if any(s >= slots for s in slot_of.values()):
        raise GperfError("gperf put a keyword of bucket %d past "
                         "MAX_HASH_VALUE" % bucket)
    function = _function(bucket, fn.group(0))
    for i, s in slot_of.items():
        if function.value(spellings[i].encode("utf-8")) != s:
            raise GperfError("gperf's hash function for bucket %d, read as "
                             "data, puts %r in another slot than gperf's "
                             "table" % (bucket, spellings[i]))
    return slots, slot_of, function


def _run(tmp, gperf, bucket, text):
    src = "names_%03d.gperf" % bucket
    with open(os.path.join(tmp, src), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(text)
    pre = prefix(bucket)
    p = subprocess.run([gperf, *GPERF_ARGS,
                        "--hash-function-name=%shash" % pre,
                        "--lookup-function-name=%slookup" % pre,
                        "--string-pool-name=%spool" % pre,
                        "--word-array-name=%swords" % pre, src],
                       cwd=tmp, capture_output=True, env=_env())
    if p.returncode != 0:
        raise GperfError("gperf failed on bucket %d: %s" % (
            bucket, p.stderr.decode("utf-8", "replace").strip()))
    return src, p.stdout.decode("utf-8")


def hash_buckets(buckets, spellings, gperf="gperf"):
    """Hashes for BUCKETS (per bucket, the indices into SPELLINGS of its
    names)."""
    ver = version(gperf)
    inputs = []
    slots = [0] * len(buckets)
    functions = [None] * len(buckets)
    name_slot = [None] * len(spellings)
    with tempfile.TemporaryDirectory(prefix="portreg-gperf-") as tmp:
        for b, members in enumerate(buckets):
            if not members:
                continue
            text = ("struct portreg__word;\n%%\n" +
                    "".join("%s, %d\n" % (keyword(spellings[i]), i)
                            for i in members) + "%%\n")
            src, out = _run(tmp, gperf, b, text)
            inputs.append((src, text))
            slots[b], slot_of, functions[b] = _parse(
                b, members, spellings, out)
            for i, s in slot_of.items():
                name_slot[i] = s
    return Hashes(ver, tuple(inputs), tuple(slots), tuple(name_slot),
                  tuple(functions))
