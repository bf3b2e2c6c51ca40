"""SHACL validation of the built graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.ingest.sources import PROJECT_ROOT

if TYPE_CHECKING:  # pySHACL and rdflib load only when a graph is validated or parsed here
    from rdflib import Graph

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
VOCABULARY = ONTOLOGY_DIR / "crosswalk.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"


def load_vocabulary(path: Path = VOCABULARY) -> Graph:
    """The vocabulary (classes and properties) as a graph."""
    from rdflib import Graph

    return Graph().parse(path, format="turtle")


def validate_graph(data: Graph, shapes: Path = SHAPES) -> tuple[bool, str]:
    """Validate ``data`` against ``shapes``, with the vocabulary mixed in.

    Returns ``(conforms, report_text)``. No inference is run: SHACL's own notion of an instance
    follows ``rdfs:subClassOf`` through the vocabulary, so a ``cw:Criterion`` counts as a
    ``cw:StandardItem`` without it.
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    conforms, _, text = shacl_validate(
        data,
        shacl_graph=Graph().parse(shapes, format="turtle"),
        ont_graph=load_vocabulary(),
        inference="none",
    )
    return bool(conforms), str(text)
