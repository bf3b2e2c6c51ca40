"""The graphs the benchmarks run on: the bundled data and synthetic catalogues, built once."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.ingest.sources import DATA_DIR, PROJECT_ROOT
from graph.ingest.synth import synth
from graph.store.cache import cached_store

BENCH_DIR = PROJECT_ROOT / "build" / "bench"
SEED = 2024
# name -> (standards, qualifications): about 100 k and 1 M triples
SIZES = {"100k": (70, 300), "1M": (700, 3000)}
SMOKE_SIZES = {"tiny": (3, 10)}


def data_dir(name: str, standards: int, qualifications: int, root: Path = BENCH_DIR) -> Path:
    """The tidy tables of a synthetic catalogue, written once per size and seed."""
    folder = root / f"{name}-{standards}-{qualifications}-{SEED}"
    if not (folder / "mappings.csv").is_file():
        synth(folder, standards, qualifications, SEED)
    return folder


def store_of(folder: Path = DATA_DIR) -> ox.Store:
    """The built store of ``folder``, built first when stale (read-only)."""
    return ox.Store.read_only(str(cached_store(folder)))


def first_qualification(store: ox.Store) -> str:
    """The key of a qualification with mappings: the analyses' example framework."""
    rows = store.query("""PREFIX cw: <https://w3id.org/ksb-crosswalk/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?key WHERE { ?q a cw:Qualification ; dcterms:identifier ?key .
          FILTER EXISTS { ?i skos:inScheme ?q ; cw:covers [] } } ORDER BY ?key LIMIT 1""")
    return next(iter(rows))[0].value
