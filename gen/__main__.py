"""portreg's generator, as a command.

  python3 -m gen generate --registry FILE [--out out] [--min-rows N]
          [--profile minimal|full] [--protocols tcp,udp] [--ports 0-1023]
          [--overlay local.csv]
      read, validate, model, emit: writes out/ or nothing (exit 2 on bad input)
  python3 -m gen obtain --dest FILE [--mirror DIR] [--url URL]
      puts a registry CSV at FILE: the newest copy in DIR, else a download
  python3 -m gen diff OLD.csv NEW.csv [--json | --summary]
      what changed between two registry versions
  python3 -m gen update --dest FILE [--new NEW.csv | --url URL]
      validate a new version, report what changed, then replace FILE
  python3 -m gen size --registry FILE [--out out] [--cc CC]
      bytes of each build profile, host and Cortex-M4 (make size)
"""

import argparse
import dataclasses
import hashlib
import os
import subprocess
import sys
import tempfile

from . import diff, emit, model, read, size, validate

OFFICIAL_URL = ("https://www.iana.org/assignments/service-names-port-numbers/"
                "service-names-port-numbers.csv")
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print("portreg: " + message, file=sys.stderr)
    return 2


def load_recs(path, min_rows):
    """Read and validate one registry file: (name, bytes, recs, warnings),
    or raise ValidationError."""
    name = os.path.basename(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > read.MAX_BYTES:   # say so before reading it all
            raise validate.ValidationError([
                "%s:1: file is larger than 64 MB (%d bytes)" % (name, size)])
        data = f.read(read.MAX_BYTES + 1)
    try:
        header, rows = read.read(data)
    except read.ReadError as e:
        raise validate.ValidationError(["%s:%d: %s" % (name, e.line,
                                                       e.message)]) from None
    recs, warnings = validate.validate(name, header, rows, min_rows)
    return name, data, recs, warnings


def load(path, min_rows, subset=model.Subset(), overlay=""):
    """Read and validate a registry file and, if OVERLAY names one, a file of
    local rows after it: (Model, warnings), or raise."""
    name, data, recs, warnings = load_recs(path, min_rows)
    described = ""
    if overlay:
        oname, odata, local, owarn = load_recs(overlay, 0)
        warnings += owarn + validate.overlay_conflicts(name, recs, oname,
                                                       local)
        recs = recs + [dataclasses.replace(r, local=True) for r in local]
        described = "%s (SHA-256 %s, %d rows)" % (
            oname, hashlib.sha256(odata).hexdigest(), len(local))
    return model.build(name, data, recs, warnings, subset,
                       described), warnings


def report_invalid(e, what):
    for msg in e.messages:
        print(msg, file=sys.stderr)
    return fail("%d problem(s); %s" % (len(e.messages), what))


def label(name, recs):
    return validate.registry_date(recs) or name


def cmd_generate(args):
    try:
        subset = model.parse_subset(args.profile, args.protocols, args.ports)
    except model.SubsetError as e:
        return fail("%s; nothing written to %s" % (e, args.out))
    try:
        mdl, warnings = load(args.registry, args.min_rows, subset,
                             args.overlay)
    except OSError as e:
        return fail("cannot read the registry: %s" % e)
    except validate.ValidationError as e:
        return report_invalid(e, "nothing written to %s" % args.out)
    for w in warnings:
        print("portreg: warning: " + w, file=sys.stderr)
    try:
        files = emit.render(mdl, args.templates, args.gperf)
    except emit.EmitError as e:
        return fail("%s; nothing written to %s" % (e, args.out))
    changed = emit.write(files, args.out)
    print("portreg: %s (%s), %s: %d entries, %d names in %d gperf "
          "buckets; %d file(s) changed in %s" % (
              mdl.filename, mdl.date, emit.describe(subset),
              len(mdl.entries), len(mdl.names), len(mdl.buckets),
              len(changed), args.out))
    return 0


def cmd_size(args):
    try:
        name, data, recs, _ = load_recs(args.registry, 0)
    except OSError as e:
        return fail("cannot read the registry: %s" % e)
    except validate.ValidationError as e:
        return report_invalid(e, "no sizes")
    return size.main(args, name, data, recs)


def newest_in(mirror):
    try:
        names = sorted(n for n in os.listdir(mirror)
                       if n.startswith("service-names-port-numbers")
                       and n.endswith(".csv"))
    except OSError:
        return None
    return os.path.join(mirror, names[-1]) if names else None


def known_version(digest):
    """Which version in registry/versions.tsv has this SHA-256, in words."""
    try:
        with open(versions_file(), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 4 and cols[3] == digest:
                    return "known registry version %s (%s rows)" % (
                        cols[0], cols[1])
    except OSError:
        pass
    return ("registry SHA-256 %s is not in registry/versions.tsv: a newer "
            "version? see README, updating the registry" % digest)


def cmd_obtain(args):
    tried = []
    src = newest_in(args.mirror)
    dest_dir = os.path.dirname(os.path.abspath(args.dest))
    os.makedirs(dest_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".obtain-", dir=dest_dir)
    os.close(fd)
    try:
        if src:
            with open(src, "rb") as f, open(tmp, "wb") as g:
                g.write(f.read())
            print("portreg: registry copied from %s" % src)
        else:
            tried.append("no service-names-port-numbers*.csv in %s"
                         % args.mirror)
            p = subprocess.run(["curl", "-fsSL", "--max-time", "60", "-o",
                                tmp, args.url], capture_output=True)
            if p.returncode != 0:
                tried.append("curl %s: %s" % (
                    args.url, p.stderr.decode("utf-8", "replace").strip()
                    or "exit %d" % p.returncode))
                return fail("no registry: " + "; ".join(tried) +
                            ". Give one with make REGISTRY=path.csv")
            print("portreg: registry downloaded from %s" % args.url)
        with open(tmp, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        print("portreg: %s" % known_version(digest))
        os.replace(tmp, args.dest)
    except FileNotFoundError as e:
        return fail("no registry: %s; curl is missing (%s)"
                    % ("; ".join(tried), e))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return 0


def cmd_diff(args):
    try:
        a = load_recs(args.old, args.min_rows)
        b = load_recs(args.new, args.min_rows)
    except OSError as e:
        return fail("cannot read: %s" % e)
    except validate.ValidationError as e:
        return report_invalid(e, "no report")
    changes = diff.diff(a[2], b[2])
    old, new = label(a[0], a[2]), label(b[0], b[2])
    if args.json:
        sys.stdout.write(diff.as_json(changes))
    elif args.summary:
        print(diff.summary(old, new, changes))
    else:
        sys.stdout.write(diff.report(old, new, changes))
    return 0


def versions_file():
    return os.path.join(HERE, "registry", "versions.tsv")


def record_version(path, date, rows, data):
    """Adds a version to registry/versions.tsv unless its SHA-256 is there;
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
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(head + body) + "\n")
    os.replace(tmp, path)
    return True


def cmd_update(args):
    dest_dir = os.path.dirname(os.path.abspath(args.dest))
    os.makedirs(dest_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".update-", dir=dest_dir)
    os.close(fd)
    try:
        if args.new:
            with open(args.new, "rb") as f, open(tmp, "wb") as g:
                g.write(f.read())
        else:
            try:
                p = subprocess.run(["curl", "-fsSL", "--max-time", "60",
                                    "-o", tmp, args.url],
                                   capture_output=True)
                why = p.stderr.decode("utf-8", "replace").strip()
                ok = p.returncode == 0
            except FileNotFoundError:
                ok, why = False, "curl is not installed"
            if not ok:
                return fail("cannot download %s (%s); offline? nothing "
                            "changed (give a file: make update-registry "
                            "NEW=path.csv)" % (args.url, why or "curl failed"))
        try:
            _, data, recs, _ = load_recs(tmp, args.min_rows)
        except validate.ValidationError as e:
            return report_invalid(e, "%s left as it was" % args.dest)
        new_label = label(os.path.basename(args.new or args.url), recs)
        if os.path.exists(args.dest):
            try:
                oname, _, orecs, _ = load_recs(args.dest, 0)
            except validate.ValidationError:
                orecs, oname = None, None
            if orecs is not None:
                changes = diff.diff(orecs, recs)
                sys.stdout.write(diff.report(label(oname, orecs), new_label,
                                             changes))
                if not changes and open(args.dest, "rb").read() == data:
                    print("portreg: %s is already this version; nothing "
                          "changed" % args.dest)
                    return 0
        if record_version(args.versions, validate.registry_date(recs),
                          len(recs), data):
            print("portreg: added %s to %s" % (new_label, args.versions))
        os.replace(tmp, args.dest)
        print("portreg: %s replaced by the %s version; make regenerates"
              % (args.dest, new_label))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m gen",
                                description="portreg's generator")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="registry CSV -> out/")
    g.add_argument("--registry", required=True, help="the registry CSV")
    g.add_argument("--out", default="out", help="output folder")
    g.add_argument("--min-rows", type=int, default=validate.DEFAULT_MIN_ROWS,
                   help="fewest rows accepted (a truncated file fails)")
    g.add_argument("--profile", default="minimal", help="minimal or full")
    g.add_argument("--protocols", default="",
                   help="keep only these protocols, e.g. tcp,udp")
    g.add_argument("--ports", default="",
                   help="keep only entries within these ports, e.g. 0-1023")
    g.add_argument("--overlay", default="",
                   help="a CSV of local rows (same columns), kept after the "
                        "registry's and flagged PORTREG_F_LOCAL")
    g.add_argument("--templates", default=os.path.join(HERE, "templates"))
    g.add_argument("--gperf", default="gperf")
    g.set_defaults(func=cmd_generate)
    o = sub.add_parser("obtain", help="put a registry CSV at --dest")
    o.add_argument("--dest", required=True)
    o.add_argument("--mirror", default=os.path.join(HERE, "..", "shared",
                                                    "registry"))
    o.add_argument("--url", default=OFFICIAL_URL)
    o.set_defaults(func=cmd_obtain)
    d = sub.add_parser("diff", help="what changed between two versions")
    d.add_argument("old")
    d.add_argument("new")
    fmt = d.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="one JSON array, one object per change")
    fmt.add_argument("--summary", action="store_true",
                     help="one line, for a commit message")
    d.add_argument("--min-rows", type=int, default=0)
    d.set_defaults(func=cmd_diff)
    u = sub.add_parser("update", help="validate, report, replace --dest")
    u.add_argument("--dest", required=True)
    u.add_argument("--new", help="the new registry file (else download)")
    u.add_argument("--url", default=OFFICIAL_URL)
    u.add_argument("--min-rows", type=int,
                   default=validate.DEFAULT_MIN_ROWS)
    u.add_argument("--versions", default=versions_file(),
                   help="the list of known versions to add the new one to")
    u.set_defaults(func=cmd_update)
    z = sub.add_parser("size", help="bytes per profile, host and Cortex-M4")
    z.add_argument("--registry", required=True)
    z.add_argument("--out", default="out")
    z.add_argument("--gperf", default="gperf")
    z.add_argument("--cc", default=os.environ.get("CC", "cc"))
    z.add_argument("--templates", default=os.path.join(HERE, "templates"))
    z.set_defaults(func=cmd_size)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
