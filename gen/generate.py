"""The generator's recipe: a loaded registry and a subset in, files out.

read -> validate (load.py) -> model -> gperf -> tables -> emit: each stage
takes the one before it and nothing else.
"""

from . import emit, gperf, model, tables


def build(registry, subset, gperf_cmd="gperf"):
    """(Model, Tables, Hashes) of a load.Registry for SUBSET."""
    mdl = model.build(registry, subset)
    hashes = gperf.hash_buckets(mdl.buckets, [n.spelling for n in mdl.names],
                                gperf_cmd)
    return mdl, tables.build(mdl, hashes), hashes


def files(registry, subset, templates, gperf_cmd="gperf"):
    """(Model, {relative path: bytes}) for out/."""
    mdl, tbl, hashes = build(registry, subset, gperf_cmd)
    return mdl, emit.render(mdl, tbl, hashes, templates)
