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
from graph.model.tables import MANUAL_CURATION
from graph.model.vocab import PREFIXES
from graph.store.backends import queryable
from graph.store.queries import select


class ExportFormat(StrEnum):
    """Formats of ``crosswalk export``."""

    ttl = "ttl"
    jsonld = "jsonld"
    nt = "nt"
    sssom = "sssom"
    graphml = "graphml"


SSSOM_PREFIXES = {"cw": str(PREFIXES["cw"]), "id": str(PREFIXES["id"]),
                  "semapv": str(PREFIXES["semapv"]), "skos": str(PREFIXES["skos"]),
                  "sssom": str(PREFIXES["sssom"])}
NO_TERM_FOUND = "sssom:NoTermFound"
SSSOM_COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "subject_source", "object_source", "mapping_provider",
                 "comment", "other"]
SSSOM_METADATA = {
    "mapping_set_id": f"{PREFIXES['id']}mappings",
    "license": "https://w3id.org/sssom/license/unspecified",
    "mapping_set_description": "Coverage of the Customer Service Practitioner standard "
                               "asserted by the source documents",
}


def mapping_table(graph: Graph) -> pd.DataFrame:
    """Every asserted coverage mapping record (``cw:covers``, ``cw:assesses``), and every
    "No mapping" row, as an SSSOM table: the records ``crosswalk import`` reads back (the
    official KSBs' links are in the RDF exports).

    Identifiers are CURIEs (``id:``, ``cw:``, ``semapv:``). ``subject_source`` and
    ``object_source`` are the frameworks of subject and object; ``mapping_provider`` is the
    IRI of the document (or imported file) the mapping comes from; ``comment`` is its raw
    text as the document states it (with the mapping's note in brackets); ``other`` holds the
    document's line (``source_line=N``). A "No mapping" row maps ``sssom:NoTermFound``, as
    the SSSOM specification writes a term with no match, to the standard item that the
    framework's mapping document says nothing covers.
    """
    frame = select(queryable(graph), f"""
        SELECT ?subject_id ?subject_label ?subject_source ?predicate_id ?object_id
               ?object_label ?object_source ?mapping_justification ?mapping_provider ?line
               ?raw ?note WHERE {{
          {{
            VALUES ?p {{ cw:covers cw:assesses }}
            ?m a cw:Mapping ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
               owl:annotatedTarget ?o ; sssom:mapping_justification ?j .
            ?s skos:inScheme ?ss .
            OPTIONAL {{ ?s skos:prefLabel ?sl }}
            BIND(STR(?s) AS ?subject_id) BIND(STR(?p) AS ?predicate_id)
            BIND(STR(?j) AS ?mapping_justification)
          }} UNION {{
            ?m a cw:NoMapping ; cw:framework ?ss ; cw:standardItem ?o .
            BIND("{NO_TERM_FOUND}" AS ?subject_id) BIND(STR(cw:covers) AS ?predicate_id)
            BIND("{MANUAL_CURATION}" AS ?mapping_justification)
          }}
          ?m dcterms:source ?source ; cw:sourceLine ?line ; cw:rawText ?raw .
          ?o skos:inScheme ?os .
          OPTIONAL {{ ?o skos:prefLabel ?ol }}
          OPTIONAL {{ ?m rdfs:comment ?note }}
          BIND(STR(?o) AS ?object_id) BIND(STR(?source) AS ?mapping_provider)
          BIND(STR(?ss) AS ?subject_source) BIND(STR(?os) AS ?object_source)
          BIND(COALESCE(?sl, "") AS ?subject_label) BIND(COALESCE(?ol, "") AS ?object_label)
        }}
    """)
    for col in ("subject_id", "object_id", "predicate_id", "mapping_justification",
                "subject_source", "object_source"):
        frame[col] = frame[col].map(_curie)
    frame["comment"] = [raw + (f" ({note})" if note else "")
                        for raw, note in zip(frame["raw"], frame["note"], strict=True)]
    frame["other"] = "source_line=" + frame["line"].astype(str)
    out = frame[SSSOM_COLUMNS]
    return out.sort_values(["subject_id", "object_id", "comment", "mapping_provider",
                            "other"]).reset_index(drop=True)


def _curie(iri: str) -> str:
    for prefix, ns in SSSOM_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def write_sssom(graph: Graph, path: Path) -> None:
    """Write the mappings (:func:`mapping_table`) as SSSOM TSV with its YAML metadata block.

    Text is written as the documents state it (no spreadsheet escaping: SSSOM is data).
    """
    meta = ["#curie_map:"] + [f"#  {p}: {ns}" for p, ns in SSSOM_PREFIXES.items()]
    meta += [f"#{key}: {value}" for key, value in SSSOM_METADATA.items()]
    table = mapping_table(graph)
    path.write_text("\n".join(meta) + "\n" + table.to_csv(sep="\t", index=False,
                                                           lineterminator="\n"),
                    encoding="utf-8")


def graphml_view(graph: Graph) -> nx.MultiDiGraph:
    """The networkx view in GraphML's types (text, numbers, booleans only).

    Every item and typed edge is kept (parallel edges too). The "No mapping" rows become the
    node attribute ``no_mapping`` of the standard items they name: the keys of the
    frameworks whose mapping says "No mapping" for it, comma-separated. The graph attribute
    ``standards`` lists the standards' keys the same way.
    """
    view = to_networkx(graph).copy()
    no_mapping = view.graph.pop("no_mapping", {})
    for item in set().union(*no_mapping.values()) if no_mapping else ():
        if item in view:
            view.nodes[item]["no_mapping"] = ", ".join(
                sorted(f for f, items in no_mapping.items() if item in items))
    view.graph = {"standards": ", ".join(sorted(view.graph.get("standards", ())))}
    return view


def write_graphml(graph: Graph, path: Path) -> None:
    """Write :func:`graphml_view` as GraphML."""
    nx.write_graphml(graphml_view(graph), path)


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
