"""make figures: put make size's and make bench's own tables into the docs.

A doc holds a block per figure file:

    <!-- figures: out/size.md -->
    ...
    <!-- /figures -->

and this replaces what is between the markers with the file's text, so the
figures a reader sees are what the tools printed, never copied by hand.  A
missing figure file leaves its block as it was and is named; the docs are
rewritten only where a block changed.
"""

import os
import re
import sys

from . import replace_text

BLOCK = re.compile(r"(<!-- figures: (\S+) -->\n)(.*?)(<!-- /figures -->)",
                   re.S)


def update(doc, root):
    """Rewrite DOC's figure blocks from the files they name (relative to
    ROOT); returns the names of the files that were missing."""
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    missing = []

    def fill(m):
        path = os.path.join(root, m.group(2))
        try:
            with open(path, encoding="utf-8") as f:
                body = f.read()
        except OSError:
            missing.append(m.group(2))
            return m.group(0)
        return m.group(1) + body.rstrip("\n") + "\n" + m.group(4)
    new = BLOCK.sub(fill, text)
    if new != text:
        replace_text(doc, new)
    return missing


def main(docs, root):
    missing = sorted({m for d in docs for m in update(d, root)})
    for m in missing:
        print("portreg: figures: %s is missing (run make size / make bench "
              "first); its block is unchanged" % m, file=sys.stderr)
    return 1 if missing else 0
