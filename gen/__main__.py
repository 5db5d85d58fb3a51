"""portreg's generator, as a command.

  python3 -m gen generate --registry FILE [--out out] [--min-rows N]
          [--profile minimal|full] [--protocols tcp,udp] [--ports 0-1023]
          [--columns description,txt_keys,...] [--overlay local.csv]
      read, validate, model, gperf, tables, emit: writes out/ or nothing
      (exit 2 on bad input)
  python3 -m gen check [--registry FILE] [--profile P] [--protocols ...]
      [--ports ...] [--columns ...] [--overlay FILE] [--min-rows N]
      generate's options and files checked, nothing written (CMake's
      configure step)
  python3 -m gen obtain --dest FILE [--mirror DIR] [--url URL]
      puts a registry CSV at FILE: the newest copy in DIR, else a download
  python3 -m gen diff OLD.csv NEW.csv [--json | --summary] [--exit-code]
      what changed between two registry versions (--exit-code: 1 if any)
  python3 -m gen update --dest FILE [--new NEW.csv | --url URL]
      validate a new version, report what changed, then replace FILE
  python3 -m gen size --registry FILE [--out out] [--cc CC]
      bytes of each build profile, host and Cortex-M4 (make size)
  python3 -m gen dist [--out out]
      the tarball a firmware project vendors (make dist)
  python3 -m gen figures DOC...
      make size's and make bench's Markdown into the docs' figure blocks
  python3 -m gen install-data --out DIR --prefix P --libdir L
          --includedir I --bindir B
      portreg.pc and the CMake package for make install, as CMake's own
  python3 -m gen config (--announce | --record out/config.mk)
      make's build configuration, from the environment (gen/config.py)
"""

import argparse
import os
import sys

from . import (config, diff, dist, emit, figures, generate, gperf, install,
               load, registry, size, subset, tables, validate)

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(HERE, "templates")


class Failure(Exception):
    """A one-line reason to stop with exit status 2."""


def warn(warnings):
    for w in warnings:
        print("portreg: warning: " + w, file=sys.stderr)


def seen(path, sha256):
    """Whether PATH names the registry of SHA256: its warnings were
    shown."""
    try:
        with open(path or "", encoding="utf-8") as f:
            return f.read().strip() == sha256
    except OSError:
        return False


def cmd_generate(args):
    what = "nothing written to %s" % args.out
    try:
        sub = subset.parse_subset(args.profile, args.protocols, args.ports,
                                  args.columns)
    except subset.SubsetError as e:
        raise Failure("%s; %s" % (e, what)) from None
    reg = load.load(args.registry, args.min_rows, args.overlay)
    warn(reg.local_warnings)    # the user's own input: always
    try:
        mdl, files = generate.files(reg, sub, args.templates, args.gperf)
    except (gperf.GperfError, tables.TablesError) as e:
        raise Failure("%s; %s" % (e, what)) from None
    # about IANA's own data: once a registry version (--seen-warnings)
    if not seen(args.seen_warnings, reg.sha256):
        warn(reg.warnings + tuple(mdl.warnings))
    changed = emit.write(files, args.out)
    if args.seen_warnings:
        with open(args.seen_warnings, "w") as f:
            f.write(reg.sha256 + "\n")
    print("portreg: %s (%s), %s: %d entries, %d names in %d gperf "
          "buckets; %d file(s) changed in %s" % (
              reg.filename, reg.date, sub.describe(), len(mdl.entries),
              len(mdl.names), len(mdl.buckets), len(changed), args.out))


def cmd_check(args):
    """The options alone, as generate would take them: for a build system
    to stop at configure time with the generator's own message."""
    try:
        subset.parse_subset(args.profile, args.protocols, args.ports,
                            args.columns)
    except subset.SubsetError as e:
        raise Failure(str(e)) from None
    for path, what in ((args.registry, "the registry"),
                       (args.overlay, "the overlay")):
        if path and not os.path.isfile(path):
            raise Failure("cannot read %s: no such file (%s)" % (what, path))
    if args.registry:   # every problem now, not at the build step
        load.load(args.registry, args.min_rows, args.overlay)


def cmd_size(args):
    reg = load.load_file(args.registry, 0)
    return size.main(args, reg)


def cmd_obtain(args):
    registry.obtain(args.dest, args.mirror, args.url)


def cmd_update(args):
    registry.update(args.dest, args.new, args.url, args.min_rows,
                    args.versions, args.force)


def cmd_diff(args):
    old = load.load_file(args.old, args.min_rows)
    new = load.load_file(args.new, args.min_rows)
    changes = diff.diff(old.rows, new.rows)
    if args.json:
        sys.stdout.write(diff.as_json(
            changes if args.all else [c for c in changes
                                      if c.kind != "reformatted"]))
    elif args.summary:
        print(diff.summary(registry.label(old), registry.label(new),
                           changes))
    else:
        sys.stdout.write(diff.report(registry.label(old),
                                     registry.label(new), changes, args.all))
    same = not changes and diff.equivalent(old.rows, new.rows)
    return 1 if args.exit_code and not same else 0


def cmd_dist(args):
    path = dist.tarball(args.out, args.templates)
    print("dist: %s" % path)
    with open(os.path.join(args.out, "dist.name"), "w") as f:
        f.write(path + "\n")


def cmd_figures(args):
    return figures.main(args.docs, HERE)


def cmd_config(args):
    if args.record:
        config.record(args.record)
    else:
        config.announce()


def cmd_install_data(args):
    install.write(args.out, args.templates, install.values(
        args.prefix, args.libdir, args.includedir, args.bindir))


def parser():
    p = argparse.ArgumentParser(prog="python3 -m gen",
                                description="portreg's generator")
    sub = p.add_subparsers(dest="command", required=True)
    _generate_parser(sub)
    _maintenance_parsers(sub)
    z = sub.add_parser("size", help="bytes per profile, host and Cortex-M4")
    z.add_argument("--registry", required=True)
    z.add_argument("--out", default="out")
    z.add_argument("--gperf", default="gperf")
    z.add_argument("--cc", default=os.environ.get("CC", "cc"))
    z.add_argument("--templates", default=TEMPLATES)
    z.set_defaults(func=cmd_size)
    t = sub.add_parser("dist", help="the tarball for firmware projects")
    t.add_argument("--out", default="out")
    t.add_argument("--templates", default=TEMPLATES)
    t.set_defaults(func=cmd_dist)
    f = sub.add_parser("figures", help="make size's and make bench's tables "
                       "into the docs")
    f.add_argument("docs", nargs="+")
    f.set_defaults(func=cmd_figures)
    i = sub.add_parser("install-data", help="portreg.pc and the CMake "
                       "package, for make install")
    for opt in ("--out", "--prefix", "--libdir", "--includedir", "--bindir"):
        i.add_argument(opt, required=True)
    i.add_argument("--templates", default=TEMPLATES)
    i.set_defaults(func=cmd_install_data)
    k = sub.add_parser("config", help="make's build configuration")
    how = k.add_mutually_exclusive_group(required=True)
    how.add_argument("--announce", action="store_true")
    how.add_argument("--record", metavar="FILE")
    k.set_defaults(func=cmd_config)
    return p


def _generate_parser(sub):
    """generate, and check (its options alone)."""
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
    g.add_argument("--columns", default="",
                   help="PROFILE=full: only these columns, e.g. "
                        "description,txt_keys (default: every one)")
    g.add_argument("--overlay", default="",
                   help="a CSV of local rows (same columns), kept after the "
                        "registry's and flagged PORTREG_F_LOCAL")
    g.add_argument("--templates", default=TEMPLATES)
    g.add_argument("--gperf", default="gperf")
    g.add_argument("--seen-warnings", metavar="FILE", default="",
                   help="the registry's own warnings only where FILE does "
                        "not name its SHA-256 (then written to it)")
    g.set_defaults(func=cmd_generate)
    c = sub.add_parser("check", help="generate's options and files, "
                       "checked")
    for opt in ("--registry", "--profile", "--protocols", "--ports",
                "--columns", "--overlay"):
        c.add_argument(opt, default="minimal" if opt == "--profile" else "")
    c.add_argument("--min-rows", type=int, default=validate.DEFAULT_MIN_ROWS)
    c.set_defaults(func=cmd_check)


def _maintenance_parsers(sub):
    """obtain, diff and update: the registry's versions."""
    o = sub.add_parser("obtain", help="put a registry CSV at --dest")
    o.add_argument("--dest", required=True)
    o.add_argument("--mirror", default=registry.MIRROR)
    o.add_argument("--url", default=registry.OFFICIAL_URL)
    o.set_defaults(func=cmd_obtain)
    d = sub.add_parser("diff", help="what changed between two versions",
                       epilog=diff.HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("old")
    d.add_argument("new")
    fmt = d.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="one JSON array, one object per change")
    fmt.add_argument("--summary", action="store_true",
                     help="one line, for a commit message")
    d.add_argument("--all", "-v", action="store_true",
                   help="list the changes of white space alone too")
    d.add_argument("--exit-code", action="store_true",
                   help="exit 1 when the files differ in any row's "
                        "content, 0 only when they hold the same rows (as "
                        "git diff --exit-code)")
    d.add_argument("--min-rows", type=int, default=validate.DEFAULT_MIN_ROWS,
                   help="fewest rows accepted in each file (a truncated "
                        "file fails)")
    d.set_defaults(func=cmd_diff)
    u = sub.add_parser("update", help="validate, report, replace --dest")
    u.add_argument("--dest", required=True)
    u.add_argument("--new", help="the new registry file (else download)")
    u.add_argument("--url", default=registry.OFFICIAL_URL)
    u.add_argument("--min-rows", type=int,
                   default=validate.DEFAULT_MIN_ROWS)
    u.add_argument("--versions", default=registry.VERSIONS,
                   help="the list of known versions to add the new one to")
    u.add_argument("--force", action="store_true",
                   help="install an older version, or one of the same date "
                        "with other bytes")
    u.set_defaults(func=cmd_update)


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except validate.ValidationError as e:
        for msg in e.messages:
            print(msg, file=sys.stderr)
        what = {"generate": "nothing written to %s" % getattr(args, "out",
                                                              ""),
                "update": "%s left as it was" % getattr(args, "dest", "")}
        reason = "%d problem(s); %s" % (len(e.messages), what.get(
            args.command, "no " + {"diff": "report", "size": "sizes"}.get(
                args.command, "result")))
    except OSError as e:
        reason = "cannot read %s: %s" % (
            "the registry" if args.command in ("generate", "size")
            else "a registry", e)
    except (Failure, registry.RegistryError) as e:
        reason = str(e)
    print("portreg: " + reason, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
