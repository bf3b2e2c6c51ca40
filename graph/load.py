"""Getting the built graph: from the Turtle cache when it is fresh, else by building it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rdflib import Graph

from graph.build import build_graph
from graph.curation import accepted_mappings, check_curation, curation_path, read_curation
from graph.errors import ValidationError
from graph.fileio import atomic_write
from graph.sources import DATA_DIR, PROJECT_ROOT
from graph.tables import TABLES
from graph.tables_io import read_tables, table_path
from graph.validate import validate_graph
from graph.vocab import bind_prefixes

DEFAULT_GRAPH = PROJECT_ROOT / "build" / "crosswalk.ttl"


def build_and_validate(data_dir: Path = DATA_DIR) -> Graph:
    """Build the graph from the tidy tables and check it against the SHACL shapes.

    Raises :class:`ValidationError` with the first lines of the report when it does not
    conform.
    """
    tables = read_tables(data_dir)
    curation = read_curation(data_dir)
    check_curation(curation, tables["items"], curation_path(data_dir))
    tables["mappings"] = pd.concat([tables["mappings"], accepted_mappings(curation)],
                                   ignore_index=True)
    graph = build_graph(tables)
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
    from graph.analytics.equivalence import close_match_triples, unit_similarity
    from graph.network import to_networkx

    graph += close_match_triples(unit_similarity(to_networkx(graph)))
    return graph


def write_turtle(graph: Graph, out: Path) -> Path:
    """Serialise ``graph`` as Turtle to ``out``, all or nothing."""
    return atomic_write(out, lambda tmp: graph.serialize(destination=tmp, format="turtle"))


def is_fresh(turtle: Path, data_dir: Path = DATA_DIR) -> bool:
    """True when ``turtle`` exists and is newer than every input of the build."""
    if not turtle.is_file():
        return False
    built = turtle.stat().st_mtime
    inputs = [table_path(data_dir, name) for name in TABLES] + [curation_path(data_dir)]
    return all(path.stat().st_mtime <= built for path in inputs if path.is_file())


def load_graph(data_dir: Path = DATA_DIR, turtle: Path = DEFAULT_GRAPH) -> Graph:
    """The crosswalk graph: parsed from ``turtle`` when fresh, otherwise built and cached."""
    if data_dir == DATA_DIR and is_fresh(turtle, data_dir):
        graph = Graph()
        bind_prefixes(graph)
        return graph.parse(turtle, format="turtle")
    graph = build_and_validate(data_dir)
    if data_dir == DATA_DIR:
        write_turtle(graph, turtle)
    return graph
