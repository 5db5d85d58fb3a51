"""make's build configuration: the options of the last generation, kept in
out/config.mk, which the Makefile includes, so that every later target
(make install, nss, dist ...) builds what was configured unless an option
is given again; make clean forgets it.

Input: the options as make passes them in the environment
(PORTREG_CONFIG_NAME, and PORTREG_CONFIG_ORIGINS: NAME:origin ..., make's
$(origin NAME)), never through a shell's quoting, so that any path works.
Output: one line saying what a regeneration builds where that is not the
default, and the file.
"""

import hashlib
import os

from . import replace_text

# make's options and their defaults, in the order the line gives them.
DEFAULTS = (("PROFILE", "minimal"), ("PROTOCOLS", ""), ("PORTS", ""),
            ("COLUMNS", ""), ("OVERLAY", ""), ("REGISTRY", ""),
            ("MIN_ROWS", "10000"))


def options(env=os.environ):
    return {name: env.get("PORTREG_CONFIG_" + name, default)
            for name, default in DEFAULTS}


def describe(opts, origins):
    """"portreg: building PROFILE=full OVERLAY=local.csv (as configured)",
    or "" for the default build.  ORIGINS: {name: make's origin}."""
    changed = [name for name, default in DEFAULTS if opts[name] != default]
    if not changed:
        return ""
    kept = [n for n in changed if origins.get(n) == "file"]
    return "portreg: building %s%s" % (
        " ".join("%s=%s" % (n, opts[n]) for n in changed),
        " (as configured)" if kept == changed else
        " (%s as configured)" % ", ".join(kept) if kept else "")


def make_value(text):
    """TEXT as the right-hand side of a make assignment."""
    return text.replace("$", "$$").replace("#", "\\#")


def render(opts):
    lines = ["# portreg's build configuration, from the last generation: "
             "every target",
             "# uses it unless an option is given again (make clean "
             "forgets it)."]
    lines += ["%s = %s" % (n, make_value(opts[n])) for n, _ in DEFAULTS]
    if opts["OVERLAY"] and os.path.isfile(opts["OVERLAY"]):
        with open(opts["OVERLAY"], "rb") as f:
            lines.append("# OVERLAY's SHA-256: %s"
                         % hashlib.sha256(f.read()).hexdigest())
    return "\n".join(lines) + "\n"


def announce(env=os.environ):
    """Print the line for a regeneration that is not the default build."""
    origins = dict(w.split(":", 1) for w in
                   env.get("PORTREG_CONFIG_ORIGINS", "").split())
    line = describe(options(env), origins)
    if line:
        print(line, flush=True)


def record(path, env=os.environ):
    """Write PATH (out/config.mk) where its bytes change: after a
    generation that worked, so that a failed one changes nothing."""
    text = render(options(env))
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    replace_text(path, text)
