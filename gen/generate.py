"""The generator's recipe: a loaded registry and a subset in, files out.

read -> validate (load.py) -> model -> gperf -> tables -> emit: each stage
takes the one before it and nothing else.  The command-line tool always
shows every column, whatever the library's profile: files() also renders
the full profile of the same subset into cli/, from the same gperf run (a
profile changes no name, so no bucket).
"""

import dataclasses

from . import emit, gperf, model, tables

CLI = "cli/"


def build(registry, subset, gperf_cmd="gperf"):
    """(Model, Tables, Hashes) of a load.Registry for SUBSET."""
    mdl = model.build(registry, subset)
    hashes = gperf.hash_buckets(mdl.buckets, [n.spelling for n in mdl.names],
                                gperf_cmd)
    return mdl, tables.build(mdl, hashes), hashes


def files(registry, subset, templates, gperf_cmd="gperf"):
    """(Model, {relative path: bytes}) for out/: the library's build, and
    the command's in cli/."""
    mdl, tbl, hashes = build(registry, subset, gperf_cmd)
    out = emit.render(mdl, tbl, hashes, templates)
    full = dataclasses.replace(subset, profile="full", columns=None)
    if full != subset:
        cli = model.build(registry, full)
        assert cli.buckets == mdl.buckets and cli.names == mdl.names
        cli_files = emit.render(cli, tables.build(cli, hashes), hashes,
                                templates)
    else:
        cli_files = out
    out.update({CLI + k: cli_files[k] for k in ("portreg.h",
                                                 emit.TABLES_FILE)})
    return mdl, out
