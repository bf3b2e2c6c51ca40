"""Getting the built graph: from the build cache when it is fresh, else by building it.

The cache is an Oxigraph store on disk (``build/store`` for the bundled data, ``.crosswalk-
build/store`` inside any other data folder) holding the built graph with its computed
equivalences, and a key of the inputs it was built from: every tidy table, the curation file
and the code that shapes the graph (name, size and modification time). A command opens the
store in milliseconds instead of parsing Turtle; when any input changes the store is rebuilt
into a new folder and swapped in, so a reader never sees half a store.

The build (:func:`build_store`) writes the tables' triples straight into an Oxigraph store
(:func:`graph.model.build.build_store`), adds the computed equivalences and checks the SHACL
shapes as SPARQL (:mod:`graph.model.shape_check`). :func:`build_and_validate` is the reference
route, rdflib and pySHACL throughout, for ``crosswalk validate`` and tests. A rebuild empties
the stored answers (:mod:`graph.store.answers`).

This module imports only the standard library at first: the stored answers check their key
without pandas, rdflib or pyoxigraph, which load inside the functions that need them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import ValidationError
from graph.fileio import atomic_write, locked
from graph.ingest.sources import DATA_DIR, PROJECT_ROOT

if TYPE_CHECKING:  # the heavy libraries load only on the paths that build or open the graph
    import pandas as pd
    import pyoxigraph as ox
    from rdflib import Graph

DEFAULT_GRAPH = PROJECT_ROOT / "build" / "crosswalk.ttl"
CACHE_FOLDER = ".crosswalk-build"  # inside a data folder other than the bundled one
STORE_NAME = "store"
KEY_FILE = "inputs.key"
# The code whose change changes the built graph, so a cached store built before it is stale.
BUILD_CODE = ("model/build.py", "store/cache.py", "model/shape_check.py", "model/vocab.py",
              "model/tables.py", "model/curation.py", "ingest/sources.py",
              "analysis/equivalence.py", "analysis/text.py", "analysis/network.py")


def read_build_tables(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """The tidy tables of ``data_dir`` with the accepted curation decisions as mappings."""
    import pandas as pd

    from graph.model.curation import (
        accepted_mappings,
        check_curation,
        curation_path,
        read_curation,
    )
    from graph.model.tables_io import read_tables

    tables = read_tables(data_dir)
    curation = read_curation(data_dir)
    check_curation(curation, tables["items"], curation_path(data_dir))
    tables["mappings"] = pd.concat([tables["mappings"], accepted_mappings(curation)],
                                   ignore_index=True)
    return tables


def build_and_validate(data_dir: Path = DATA_DIR) -> Graph:
    """Build the graph in rdflib and check it with pySHACL against the SHACL shapes.

    The reference route (``crosswalk validate``). Raises :class:`ValidationError` with the
    first lines of the report when it does not conform.
    """
    from graph.model.build import build_graph
    from graph.model.validate import validate_graph

    graph = build_graph(read_build_tables(data_dir))
    add_computed_equivalences(graph)
    conforms, report = validate_graph(graph)
    if not conforms:
        first = " ".join(line.strip() for line in report.splitlines()[:12])
        raise ValidationError(f"the graph does not conform to ontology/shapes.ttl: {first}")
    return graph


def add_computed_equivalences(graph: Graph) -> Graph:
    """Write the computed unit equivalences into ``graph`` as ``skos:closeMatch`` records.

    They are ``cw:ComputedMapping`` records with a confidence, never ``cw:Mapping``, so they
    cannot be mistaken for coverage a source asserts.
    """
    from graph.analysis.equivalence import DEFAULT_MIN_SCORE, close_match_triples, unit_similarity
    from graph.analysis.network import to_networkx

    graph += close_match_triples(unit_similarity(to_networkx(graph), min_score=DEFAULT_MIN_SCORE))
    return graph


def build_store(data_dir: Path = DATA_DIR) -> ox.Store:
    """Build the graph of ``data_dir`` into an in-memory Oxigraph store.

    The computed equivalences are added; the SHACL shapes are checked as SPARQL, raising
    :class:`ValidationError` with the violated constraints when the graph does not conform.
    """
    import pyoxigraph as ox

    from graph.analysis.equivalence import DEFAULT_MIN_SCORE, close_match_triples, unit_similarity
    from graph.analysis.network import to_networkx
    from graph.model.build import build_store as build_tables_store
    from graph.model.shape_check import check_shapes
    from graph.store.backends import select_graph

    native = build_tables_store(read_build_tables(data_dir))
    view = to_networkx(select_graph(native))
    matches = close_match_triples(unit_similarity(view, min_score=DEFAULT_MIN_SCORE))
    native.bulk_load(matches.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    violations = check_shapes(native)
    if violations:
        raise ValidationError("the graph does not conform to ontology/shapes.ttl: "
                              + "; ".join(violations[:5]))
    return native


def cache_dir(data_dir: Path = DATA_DIR) -> Path:
    """Where the build cache of ``data_dir`` lives."""
    if data_dir.resolve() == DATA_DIR.resolve():
        return DEFAULT_GRAPH.parent
    return data_dir / CACHE_FOLDER


def turtle_path(data_dir: Path = DATA_DIR) -> Path:
    """The Turtle file written with ``data_dir``'s cache (``build/crosswalk.ttl`` for the
    bundled data)."""
    return cache_dir(data_dir) / DEFAULT_GRAPH.name


def input_key(data_dir: Path = DATA_DIR) -> str:
    """A digest of every input of the build: the data folder's tables and curation file
    (its CSV files) and the build code."""
    paths = sorted(data_dir.glob("*.csv"))
    paths += [Path(__file__).parent.parent / name for name in BUILD_CODE]
    stamp = "\n".join(f"{p.name} {s.st_size} {s.st_mtime_ns}" if p.is_file() else f"{p.name} -"
                      for p in paths for s in [p.stat() if p.is_file() else None])
    return hashlib.sha1(stamp.encode("utf-8")).hexdigest()


def cached_store(data_dir: Path = DATA_DIR) -> Path:
    """The cache's store folder for ``data_dir``, built first when missing or stale."""
    target = cache_dir(data_dir) / STORE_NAME
    key = input_key(data_dir)
    stamp = target / KEY_FILE
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent):  # two processes finding it stale build it once
        if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
            return target
        return _write_cache(data_dir, key)


def write_cache(data_dir: Path = DATA_DIR, key: str | None = None) -> Path:
    """Build ``data_dir`` into a new store folder and swap it in as the cache; return it.

    Its Turtle file (:func:`turtle_path`) is written too. One process at a time writes a
    cache; the others wait for it.
    """
    folder = cache_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        return _write_cache(data_dir, key)


def _write_cache(data_dir: Path, key: str | None) -> Path:
    import pyoxigraph as ox

    from graph.store.answers import clear_answers

    target = cache_dir(data_dir) / STORE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    native = build_store(data_dir)  # checks run in memory: several times faster than on disk
    write_native_turtle(native, turtle_path(data_dir))
    fresh = Path(tempfile.mkdtemp(prefix=f".{STORE_NAME}.", dir=target.parent))
    try:
        disk = ox.Store(str(fresh))
        disk.bulk_extend(native.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        disk.optimize()  # compacted once here, queried many times: about 1.7× faster reads
        del disk
        (fresh / KEY_FILE).write_text(key or input_key(data_dir), encoding="utf-8")
        _swap(fresh, target)
        clear_answers(data_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return target


def _swap(fresh: Path, target: Path) -> None:
    """Put folder ``fresh`` in place of ``target``; readers of the old one keep their files."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def load_graph(data_dir: Path = DATA_DIR, backend: str | None = None,
               endpoint: str | None = None, named_graph: str | None = None,
               timeout_s: float | None = None) -> Graph:
    """The crosswalk graph on the chosen store (:mod:`graph.store.backends`).

    With an endpoint (argument or ``CROSSWALK_ENDPOINT``) the graph is that endpoint's (its
    named graph ``named_graph`` or ``CROSSWALK_GRAPH`` when given; each request allowed
    ``timeout_s`` seconds to answer) and nothing is built here.
    Otherwise the cached store of ``data_dir`` is opened (built first when stale): as Oxigraph,
    or copied into rdflib's memory store for the ``rdflib`` backend.
    """
    import pyoxigraph as ox

    from graph.model.vocab import bind_prefixes
    from graph.store.backends import (
        chosen_backend,
        chosen_endpoint,
        oxigraph_graph,
        rdflib_graph,
        remote_graph,
    )

    if (url := chosen_endpoint(endpoint, named_graph)) is not None:
        return remote_graph(url, timeout_s)
    native = ox.Store.read_only(str(cached_store(data_dir)))
    graph = rdflib_graph(native) if chosen_backend(backend) == "rdflib" else \
        oxigraph_graph(native)
    bind_prefixes(graph)
    return graph


def write_native_turtle(native: ox.Store, out: Path) -> Path:
    """Serialise the default graph of ``native`` as Turtle with the project's prefixes."""
    import pyoxigraph as ox

    from graph.model.vocab import PREFIXES

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return atomic_write(out, lambda tmp: native.dump(
        str(tmp), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes))


def write_turtle(graph: Graph, out: Path) -> Path:
    """Serialise ``graph`` as Turtle to ``out``, all or nothing (natively on Oxigraph)."""
    from graph.store.backends import native_store

    if (native := native_store(graph)) is not None:
        return write_native_turtle(native, out)
    return atomic_write(out, lambda tmp: graph.serialize(destination=tmp, format="turtle"))


def build(data_dir: Path = DATA_DIR, out: Path | None = None) -> tuple[Path, int]:
    """``crosswalk build``: rebuild the cache of ``data_dir``, write Turtle to ``out``.

    Returns the Turtle file written and the number of triples. By default the Turtle goes
    beside the data folder's cache: ``build/crosswalk.ttl`` for the bundled data,
    ``DIR/.crosswalk-build/crosswalk.ttl`` for another folder (never over the bundled one).
    """
    import pyoxigraph as ox

    store = ox.Store.read_only(str(write_cache(data_dir)))
    if out is None:
        return turtle_path(data_dir), len(store)  # written with the cache
    write_native_turtle(store, out)
    return out, len(store)
