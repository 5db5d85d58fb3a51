"""Keeping the registry file: obtain a copy, update to a new version.

obtain() puts a registry CSV at its destination: the newest copy in the
mirror folder, else a download of IANA's file.  update() validates a new
version (a file, or a download), prints the change report against the
current one, records it in registry/versions.tsv, and only then replaces the
current file.  Both stage the new file beside its destination and rename it
into place: a failure changes nothing, and says why in one line
(RegistryError).
"""

import hashlib
import os
import subprocess
import sys
import tempfile

from . import diff, load, replace_text, validate
from .constants import option

OFFICIAL_URL = ("https://www.iana.org/assignments/service-names-port-numbers/"
                "service-names-port-numbers.csv")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERSIONS = os.path.join(ROOT, "registry", "versions.tsv")
MIRROR = os.path.join(ROOT, "..", "shared", "registry")


class RegistryError(Exception):
    """Why no registry could be obtained or updated, in one line."""


def download(url, dest):
    """Fetch URL into DEST with curl; raise RegistryError saying why not."""
    try:
        p = subprocess.run(["curl", "-fsSL", "--max-time", "60", "-o", dest,
                            url], capture_output=True)
    except FileNotFoundError:
        raise RegistryError("cannot download %s (curl is not installed)"
                            % url) from None
    if p.returncode != 0:
        raise RegistryError("cannot download %s (%s)" % (
            url, p.stderr.decode("utf-8", "replace").strip()
            or "curl exit %d" % p.returncode))


def newest_in(mirror):
    try:
        names = sorted(n for n in os.listdir(mirror)
                       if n.startswith("service-names-port-numbers")
                       and n.endswith(".csv"))
    except OSError:
        return None
    return os.path.join(mirror, names[-1]) if names else None


def known_version(digest, versions=VERSIONS):
    """Which version in versions.tsv has this SHA-256, in words."""
    try:
        with open(versions, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 4 and cols[3] == digest:
                    return "known registry version %s (%s rows)" % (
                        cols[0], cols[1])
    except OSError:
        pass
    return ("registry SHA-256 %s is not in registry/versions.tsv: a newer "
            "version? see README, updating the registry" % digest)


def recorded(path):
    """[(date, sha256)] of the versions in versions.tsv at PATH."""
    try:
        with open(path, encoding="utf-8") as f:
            rows = [ln.rstrip("\n").split("\t") for ln in f]
    except OSError:
        return []
    return [(c[0], c[3]) for c in rows if len(c) == 4 and c[0][:1].isdigit()]


def downgrade(new, current, versions):
    """Why installing the version NEW (a load.Registry) would go back, or
    "": its date is older than CURRENT's (the one in use, or None) or than
    the newest that VERSIONS records; or it has the same date as one of
    them with other bytes."""
    known = [(d, h, "recorded in %s" % os.path.basename(versions))
             for d, h in recorded(versions)]
    if current is not None:
        known.append((current.date, current.sha256, "in use"))
    for date, digest, where in sorted(known, reverse=True):
        if new.date < date:
            return "the %s version is older than the %s one %s" % (
                new.date, date, where)
        if new.date == date and new.sha256 != digest:
            return ("same date, different content: the %s version %s has "
                    "SHA-256 %s, this file %s" % (date, where, digest,
                                                  new.sha256))
    return ""


def record_version(path, date, rows, data):
    """Adds a version to versions.tsv at PATH unless its SHA-256 is there;
    rows stay sorted by date.  Written to a temporary file, then renamed."""
    digest = hashlib.sha256(data).hexdigest()
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = [ln for ln in lines if ln.startswith("#") or ln.startswith("date")]
    body = [ln for ln in lines if ln not in head and ln.strip()]
    if any(ln.split("\t")[-1] == digest for ln in body):
        return False
    ends = "CRLF" if b"\r\n" in data else "LF"
    body.append("\t".join((date, str(rows), ends, digest)))
    body.sort()
    replace_text(path, "\n".join(head + body) + "\n")
    return True


class _Staged:
    """A temporary file beside DEST, removed unless renamed into place."""

    def __init__(self, dest, prefix):
        self.dest = dest
        d = os.path.dirname(os.path.abspath(dest))
        os.makedirs(d, exist_ok=True)
        fd, self.path = tempfile.mkstemp(prefix=prefix, dir=d)
        os.close(fd)

    def __enter__(self):
        return self

    def commit(self):
        os.replace(self.path, self.dest)

    def __exit__(self, *exc):
        if os.path.exists(self.path):
            os.remove(self.path)


def _copy(src, dst):
    with open(src, "rb") as f, open(dst, "wb") as g:
        g.write(f.read())


def obtain(dest, mirror=MIRROR, url=OFFICIAL_URL):
    """Put a registry CSV at DEST: the newest copy in MIRROR, else URL."""
    src = newest_in(mirror)
    with _Staged(dest, ".obtain-") as tmp:
        if src:
            _copy(src, tmp.path)
            print("portreg: registry copied from %s" % src)
        else:
            try:
                download(url, tmp.path)
            except RegistryError as e:
                raise RegistryError(
                    "no registry: no service-names-port-numbers*.csv in %s; "
                    "%s. Give one with %s"
                    % (mirror, e, option("REGISTRY", "path.csv"))) from None
            print("portreg: registry downloaded from %s" % url)
        with open(tmp.path, "rb") as f:
            print("portreg: %s" % known_version(
                hashlib.sha256(f.read()).hexdigest()))
        tmp.commit()


def label(reg):
    """A registry's name in a report: its date, else its file name."""
    return reg.date or reg.filename


def update(dest, new=None, url=OFFICIAL_URL, min_rows=validate.
           DEFAULT_MIN_ROWS, versions=VERSIONS, force=False):
    """Replace DEST by the version NEW (a file) or downloaded from URL,
    after validating it and printing what changed; raises RegistryError or
    validate.ValidationError, changing nothing.  A version older than the
    one in use or the newest recorded, or of the same date with other
    bytes, is refused unless FORCE."""
    with _Staged(dest, ".update-") as tmp:
        if new:
            _copy(new, tmp.path)
        else:
            try:
                download(url, tmp.path)
            except RegistryError as e:
                raise RegistryError(
                    "%s; offline? nothing changed (give a file: make "
                    "update-registry NEW=path.csv)" % e) from None
        name = os.path.basename(new or url)
        reg = load.load_file(tmp.path, min_rows, name)
        new_label = reg.date or name
        old = None
        if os.path.exists(dest):
            try:
                old = load.load_file(dest, 0)
            except validate.ValidationError:
                old = None
        back = downgrade(reg, old, versions)
        if back and not force:
            raise RegistryError("%s: %s; nothing changed (make "
                                "update-registry FORCE=1 installs it anyway)"
                                % (name, back))
        if old is not None:
            changes = diff.diff(old.rows, reg.rows)
            sys.stdout.write(diff.report(label(old), new_label, changes))
            if old.data == reg.data:
                print("portreg: %s is already this version; nothing "
                      "changed" % dest)
                return
        if record_version(versions, reg.date, len(reg.rows), reg.data):
            print("portreg: added %s to %s" % (new_label, versions))
        tmp.commit()
        print("portreg: %s replaced by the %s version; make regenerates"
              % (dest, new_label))
