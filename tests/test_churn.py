"""How local a registry update's change to the generated C is.

Every pair of consecutive mirrored versions is generated; the diff of the
two portreg_tables.c.h files is counted line by line and attributed to the
table each line belongs to, and printed per changed row (the change report's
count).  Tables whose values belong to one row each (the names, the
descriptions, the record masks with their key comments) must change by a
few lines per changed row, not shift as a whole; a key comment names its
row ("http 80/tcp,udp"), never its index.  The rest (ranks, entry ids,
offsets, gperf's slots) is derived and moves with any insertion: the figure
is reported, not asserted.

Environment: PORTREG_MIRROR (default ../shared/registry), PORTREG_GPERF.
"""

import difflib
import os
import re
import subprocess
import sys
import tempfile
import unittest

from tests.test_equiv import MIRROR, versions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = re.compile(r"static const [^=]*? (portreg__\w+)\[")
ROW_LOCAL = ("portreg__names", "portreg__record_mask")


def generate(path, out):
    subprocess.run([sys.executable, "-m", "gen", "generate", "--registry",
                    path, "--out", out, "--gperf",
                    os.environ.get("PORTREG_GPERF", "gperf")],
                   cwd=ROOT, check=True, capture_output=True)
    with open(os.path.join(out, "portreg_tables.c.h"), encoding="utf-8") as f:
        return f.read().split("\n")


def owners(lines):
    """The table each line belongs to ("" outside tables)."""
    out, cur = [], ""
    for line in lines:
        m = TABLE.match(line)
        if m:
            cur = m.group(1)
        elif line.startswith(("static unsigned", "#")) or not line:
            cur = "" if not line.startswith("static unsigned") else "gperf"
        out.append(cur)
    return out


def changed_lines(old, new):
    """{table: lines added or removed} between two versions of the file."""
    got = {}
    own_old, own_new = owners(old), owners(new)
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        for i in range(i1, i2):
            got[own_old[i]] = got.get(own_old[i], 0) + 1
        for j in range(j1, j2):
            got[own_new[j]] = got.get(own_new[j], 0) + 1
    return got


def changed_rows(old, new):
    p = subprocess.run([sys.executable, "-m", "gen", "diff", "--summary",
                        old, new], cwd=ROOT, capture_output=True, text=True,
                       check=True)
    return sum(int(n) for n in re.findall(r"(\d+) [a-z]+", p.stdout)), \
        p.stdout.strip()


class Churn(unittest.TestCase):

    def test_key_comments_name_the_row_not_its_index(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(ROOT, "tests", "fixtures", "good.csv")
            subprocess.run([sys.executable, "-m", "gen", "generate",
                            "--registry", src, "--out", tmp, "--min-rows",
                            "0"], cwd=ROOT, check=True, capture_output=True)
            with open(os.path.join(tmp, "portreg_tables.c.h")) as f:
                text = f.read()
        keys = re.findall(r"^    0x[0-9a-f]{2}, /\* (.*) \*/$", text, re.M)
        self.assertIn("http 80/tcp,udp", keys)
        self.assertFalse([k for k in keys if re.match(r"\d+:", k)], keys)

    def test_each_update_changes_row_local_tables_locally(self):
        paths = versions()
        if len(paths) < 2:
            self.skipTest("fewer than two registry versions in " + MIRROR)
        with tempfile.TemporaryDirectory() as tmp:
            prev = None
            for i, path in enumerate(paths):
                lines = generate(path, os.path.join(tmp, str(i)))
                if prev is not None:
                    rows, summary = changed_rows(prev[0], path)
                    got = changed_lines(prev[1], lines)
                    total = sum(got.values())
                    print("\nchurn %s: %d lines of portreg_tables.c.h "
                          "(%d) for %d changes: %.0f a change; by table: %s"
                          % (summary, total, len(lines), rows, total / rows,
                             ", ".join("%s %d" % (k[9:] or "other", v)
                                       for k, v in sorted(
                                           got.items(),
                                           key=lambda kv: -kv[1])[:8])),
                          file=sys.stderr)
                    for t in ROW_LOCAL:
                        self.assertLessEqual(got.get(t, 0), 4 * rows, t)
                prev = (path, lines)


if __name__ == "__main__":
    unittest.main()
