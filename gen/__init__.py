"""portreg's generator: IANA's port registry CSV in, C tables out."""

import os

__version__ = "0.1.0"


def replace_text(path, text):
    """Write TEXT to PATH whole or not at all (a file beside it, renamed
    over it), with LF line ends."""
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
