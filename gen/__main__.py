"""portreg's generator, as a command.

  python3 -m gen generate --registry FILE [--out out] [--min-rows N]
      read, validate, model, emit: writes out/ or nothing (exit 2 on bad input)
  python3 -m gen obtain --dest FILE [--mirror DIR] [--url URL]
      puts a registry CSV at FILE: the newest copy in DIR, else a download
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

from . import emit, model, read, validate

OFFICIAL_URL = ("https://www.iana.org/assignments/service-names-port-numbers/"
                "service-names-port-numbers.csv")
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print("portreg: " + message, file=sys.stderr)
    return 2


def load(path, min_rows):
    """Read and validate one registry file: (Model, warnings), or raise."""
    with open(path, "rb") as f:
        data = f.read()
    name = os.path.basename(path)
    try:
        header, rows = read.read(data)
    except read.ReadError as e:
        raise validate.ValidationError(["%s:%d: %s" % (name, e.line,
                                                       e.message)]) from None
    recs, warnings = validate.validate(name, header, rows, min_rows)
    return model.build(name, data, recs, warnings), warnings


def cmd_generate(args):
    try:
        mdl, warnings = load(args.registry, args.min_rows)
    except OSError as e:
        return fail("cannot read the registry: %s" % e)
    except validate.ValidationError as e:
        for msg in e.messages:
            print(msg, file=sys.stderr)
        return fail("%d problem(s); nothing written to %s"
                    % (len(e.messages), args.out))
    for w in warnings:
        print("portreg: warning: " + w, file=sys.stderr)
    try:
        files = emit.render(mdl, args.templates, args.gperf)
    except emit.EmitError as e:
        return fail("%s; nothing written to %s" % (e, args.out))
    changed = emit.write(files, args.out)
    print("portreg: %s (%s): %d entries, %d names in %d gperf buckets; "
          "%d file(s) changed in %s" % (mdl.filename, mdl.date,
                                        len(mdl.entries), len(mdl.names),
                                        len(mdl.buckets), len(changed),
                                        args.out))
    return 0


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
        with open(os.path.join(HERE, "registry", "versions.tsv"),
                  encoding="utf-8") as f:
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


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m gen",
                                description="portreg's generator")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="registry CSV -> out/")
    g.add_argument("--registry", required=True, help="the registry CSV")
    g.add_argument("--out", default="out", help="output folder")
    g.add_argument("--min-rows", type=int, default=validate.DEFAULT_MIN_ROWS,
                   help="fewest rows accepted (a truncated file fails)")
    g.add_argument("--templates", default=os.path.join(HERE, "templates"))
    g.add_argument("--gperf", default="gperf")
    g.set_defaults(func=cmd_generate)
    o = sub.add_parser("obtain", help="put a registry CSV at --dest")
    o.add_argument("--dest", required=True)
    o.add_argument("--mirror", default=os.path.join(HERE, "..", "shared",
                                                    "registry"))
    o.add_argument("--url", default=OFFICIAL_URL)
    o.set_defaults(func=cmd_obtain)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
