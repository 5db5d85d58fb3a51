"""make install's data files, filled as CMake's configure_file(@ONLY) fills
them, so that make and CMake install the same bytes.

Input: the install directories and the templates folder.  Output: portreg.pc
(pkg-config: the directories actually used), portregConfig.cmake and
portregConfigVersion.cmake (find_package; relocatable: its directories are
found from its own place) in OUT.
"""

import os
import re

from . import __version__

TEMPLATES = ("portreg.pc", "portregConfig.cmake",
             "portregConfigVersion.cmake")


def values(prefix, libdir, includedir, bindir):
    """The @NAME@ values, as CMakeLists.txt sets them."""
    cmakedir = os.path.join(libdir, "cmake", "portreg")
    # portreg.pc's: pkg-config splits its values at unescaped spaces
    out = {"PREFIX": pc_path(prefix), "LIBDIR": pc_path(libdir),
           "INCLUDEDIR": pc_path(includedir), "VERSION": __version__}
    for name, path in (("LIBDIR", libdir), ("INCLUDEDIR", includedir),
                       ("BINDIR", bindir)):
        out["FROM_CMAKEDIR_TO_" + name] = os.path.relpath(path, cmakedir)
    return out


def pc_path(path):
    """PATH as a pkg-config value: spaces escaped."""
    return path.replace(" ", "\\ ")


def fill(text, vals):
    """TEXT with each @NAME@ replaced; a name without a value is an
    error, as a template's placeholder must be supplied."""
    def one(m):
        if m.group(1) not in vals:
            raise KeyError("no value for @%s@" % m.group(1))
        return vals[m.group(1)]
    return re.sub(r"@([A-Z_]+)@", one, text)


def write(out, templates, vals):
    os.makedirs(out, exist_ok=True)
    for name in TEMPLATES:
        with open(os.path.join(templates, name + ".in"),
                  encoding="utf-8") as f:
            text = fill(f.read(), vals)
        with open(os.path.join(out, name), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(text)
