"""Writers for the built graph: RDF serialisations, SSSOM TSV and GraphML."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis.network import to_networkx
from graph.fileio import atomic_write
from graph.model.vocab import PREFIXES
from graph.store.queries import select


class ExportFormat(StrEnum):
    """Formats of ``crosswalk export``."""

    ttl = "ttl"
    jsonld = "jsonld"
    nt = "nt"
    sssom = "sssom"
    graphml = "graphml"


SSSOM_PREFIXES = {"cw": str(PREFIXES["cw"]), "id": str(PREFIXES["id"]),
                  "semapv": str(PREFIXES["semapv"]), "skos": str(PREFIXES["skos"])}


def mapping_table(graph: Graph) -> pd.DataFrame:
    """Every asserted coverage mapping record (``cw:covers``, ``cw:assesses``) as an SSSOM
    table (CURIEs with the ``id:`` prefix), the records ``crosswalk import`` reads back; the
    official KSBs' links are in the RDF exports."""
    frame = select(graph, """
        SELECT ?subject_id ?subject_label ?predicate_id ?object_id ?object_label
               ?mapping_justification ?source ?line ?raw ?comment WHERE {
          VALUES ?p { cw:covers cw:assesses }
          ?m a cw:Mapping ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
             owl:annotatedTarget ?o ; sssom:mapping_justification ?j ;
             dcterms:source/cw:fileName ?source ; cw:sourceLine ?line ; cw:rawText ?raw .
          OPTIONAL { ?s skos:prefLabel ?sl } OPTIONAL { ?o skos:prefLabel ?ol }
          OPTIONAL { ?m rdfs:comment ?comment }
          BIND(STR(?s) AS ?subject_id) BIND(STR(?o) AS ?object_id)
          BIND(STR(?p) AS ?predicate_id) BIND(STR(?j) AS ?mapping_justification)
          BIND(COALESCE(?sl, "") AS ?subject_label) BIND(COALESCE(?ol, "") AS ?object_label)
        }
    """)
    curie = _curie
    for col in ("subject_id", "object_id", "predicate_id", "mapping_justification"):
        frame[col] = frame[col].map(curie)
    frame["mapping_provider"] = frame["source"]
    frame["comment"] = frame.apply(
        lambda r: f"{r['source']} line {r['line']}: {r['raw']}"
        + (f" ({r['comment']})" if r["comment"] else ""), axis=1)
    out = frame[["subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "mapping_provider", "comment"]]
    return out.sort_values(["subject_id", "object_id", "comment"]).reset_index(drop=True)


def _curie(iri: str) -> str:
    for prefix, ns in SSSOM_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def write_sssom(graph: Graph, path: Path) -> None:
    """Write the mappings as SSSOM TSV with its YAML metadata block."""
    meta = ["#curie_map:"] + [f"#  {p}: {ns}" for p, ns in SSSOM_PREFIXES.items()]
    meta += ["#mapping_set_id: https://w3id.org/ksb-crosswalk/id/mappings",
             "#license: https://w3id.org/sssom/license/unspecified",
             "#mapping_set_description: Coverage of the Customer Service Practitioner "
             "standard asserted by the source documents"]
    table = mapping_table(graph)
    path.write_text("\n".join(meta) + "\n" + table.to_csv(sep="\t", index=False,
                                                           lineterminator="\n"),
                    encoding="utf-8")


def write_graphml(graph: Graph, path: Path) -> None:
    """Write the networkx view (items and typed edges) as GraphML."""
    nx.write_graphml(nx.DiGraph(to_networkx(graph)), path)


def _rdf_writer(fmt: str) -> Callable[[Graph, Path], None]:
    return lambda graph, path: graph.serialize(destination=path, format=fmt)


WRITERS: dict[ExportFormat, Callable[[Graph, Path], None]] = {
    ExportFormat.ttl: _rdf_writer("turtle"),
    ExportFormat.jsonld: _rdf_writer("json-ld"),
    ExportFormat.nt: _rdf_writer("nt"),
    ExportFormat.sssom: write_sssom,
    ExportFormat.graphml: write_graphml,
}


def export(graph: Graph, fmt: ExportFormat, out: Path) -> Path:
    """Write ``graph`` to ``out`` in format ``fmt``, all or nothing."""
    return atomic_write(out, lambda tmp: WRITERS[fmt](graph, tmp))
