"""Build the RDF graph from the tidy tables (``data/*.csv``), the only input of the build.

Rules:

* every framework is a ``skos:ConceptScheme`` typed with its ``cw:`` kind, with
  ``dcterms:identifier`` its key and ``dcterms:publisher`` an organisation with a label;
* every item is a ``skos:Concept`` of its ``cw:`` class, ``skos:inScheme`` its framework, with
  ``skos:notation``, ``skos:prefLabel``, ``skos:broader`` its parent, ``dcterms:source`` and
  ``cw:sourceLine``;
* every asserted mapping is a direct edge (``cw:covers`` or ``cw:assesses``) plus a reified
  ``cw:Mapping`` record (``owl:Axiom`` style, as SSSOM's RDF form) with its justification, the
  document, the line and the raw cell;
* a "No mapping" row is ``[] a cw:NoMapping ; cw:framework ... ; cw:standardItem ...``;
* every wording is a ``cw:Wording``; a cut-off wording that differs from the label is also the
  item's ``cw:truncatedLabel``;
* every source defect is a ``cw:Defect``.

A row that names an item no table defines is an :class:`~graph.errors.InputError` naming the
table, row and column.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import InputError
from graph.ingest.sources import SOURCES
from graph.model.tables import PROPERTIES
from graph.model.vocab import (
    CW,
    SEMAPV,
    SSSOM,
    bind_prefixes,
    framework_iri,
    item_iri,
    organisation_iri,
    record_iri,
    source_iri,
)

PROPERTY_PREDICATES = {
    "ksb_type": CW.ksbType,
    "distinction": CW.distinction,
    "unit_reference": CW.unitReference,
    "glh": CW.glh,
    "mandatory": CW.mandatory,
    "level": CW.level,
    "weighting": CW.weighting,
    "distinction_required": CW.distinctionRequired,
    "distinction_available": CW.distinctionAvailable,
    "pass_rule": CW.passRule,
    "duration": CW.duration,
    "range": CW.range,
    "aim": CW.aim,
    "title": CW.title,
    "tqt": CW.tqt,
    "structure_rule": CW.structureRule,
}
EDGE_PREDICATES = {"covers": CW.covers, "assesses": CW.assesses}
KSB_TYPES = {"Knowledge": CW.Knowledge, "Skill": CW.Skill, "Behaviour": CW.Behaviour}


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict]]:
    """Rows of a table with their CSV row number (the header is row 1)."""
    for index, row in enumerate(frame.to_dict("records")):
        yield index + 2, row


def _typed(value: str, kind: str, table: str, row: int, column: str) -> Literal | URIRef:
    """The RDF term for a property value of type ``kind`` (see ``PROPERTIES``)."""
    if kind == "boolean":
        if value not in ("true", "false"):
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not "
                             "true or false")
        return Literal(value == "true", datatype=XSD.boolean)
    if kind == "integer":
        if not value.isdigit():
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not a "
                             "whole number")
        return Literal(int(value), datatype=XSD.integer)
    if kind == "ksb":
        if value not in KSB_TYPES:
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not "
                             f"one of {sorted(KSB_TYPES)}")
        return KSB_TYPES[value]
    return Literal(value)


def build_graph(tables: dict[str, pd.DataFrame]) -> Graph:
    """Return the crosswalk graph for ``tables`` (see the module docstring for the rules)."""
    g = Graph()
    bind_prefixes(g)
    _add_sources(g)
    known = _add_frameworks(g, tables["frameworks"])
    items = _add_items(g, tables["items"], known)
    _add_properties(g, tables["properties"], items)
    _add_texts(g, tables["texts"], items)
    _add_mappings(g, tables["mappings"], items, known)
    _add_defects(g, tables["defects"], items)
    _add_other_sources(g, tables)
    return g


def mapping_graph(mappings: pd.DataFrame, items: set[tuple[str, str]],
                  frameworks: set[str]) -> Graph:
    """The triples :func:`build_graph` makes for the rows of ``mappings`` alone (edges, their
    records and the declaration of a cited file other than the five documents): what an
    incremental update of a built graph adds or removes. ``items`` are (framework, item id)
    pairs and ``frameworks`` the keys the rows may name."""
    g = Graph()
    _add_mappings(g, mappings, items, frameworks)
    _add_other_sources(g, {"mappings": mappings})
    return g


def _add_sources(g: Graph) -> None:
    for doc in SOURCES.values():
        iri = source_iri(doc.file_name)
        g.add((iri, RDF.type, CW.SourceDocument))
        g.add((iri, RDFS.label, Literal(doc.title)))
        g.add((iri, CW.fileName, Literal(doc.file_name)))
        g.add((iri, DCTERMS.publisher, organisation_iri(doc.publisher)))
        _add_organisation(g, doc.publisher)


def _add_other_sources(g: Graph, tables: dict[str, pd.DataFrame]) -> None:
    """Declare files other than the five documents that rows cite (the curation file)."""
    documents = {doc.file_name for doc in SOURCES.values()}
    cited = set().union(*(set(frame["source_file"]) for frame in tables.values()))
    for file_name in sorted(cited - documents):
        iri = source_iri(file_name)
        g.add((iri, RDF.type, CW.SourceDocument))
        g.add((iri, RDFS.label, Literal(f"{file_name} (data folder)")))
        g.add((iri, CW.fileName, Literal(file_name)))


def _add_organisation(g: Graph, name: str) -> URIRef:
    iri = organisation_iri(name)
    g.add((iri, RDF.type, PROV.Organization))
    g.add((iri, RDFS.label, Literal(name)))
    return iri


def _provenance(g: Graph, subject: URIRef | BNode, row: dict) -> None:
    g.add((subject, DCTERMS.source, source_iri(row["source_file"])))
    g.add((subject, CW.sourceLine, Literal(int(row["source_line"]), datatype=XSD.integer)))


def _add_frameworks(g: Graph, frame: pd.DataFrame) -> set[str]:
    known: set[str] = set()
    for row_number, row in _rows(frame):
        key = row["framework"]
        if key in known:
            raise InputError(f"frameworks.csv: row {row_number}, column framework: "
                             f"{key!r} is defined twice")
        known.add(key)
        iri = framework_iri(key)
        g.add((iri, RDF.type, SKOS.ConceptScheme))
        g.add((iri, RDF.type, CW[row["kind"]]))
        g.add((iri, DCTERMS.identifier, Literal(key)))
        g.add((iri, DCTERMS.title, Literal(row["title"])))
        g.add((iri, SKOS.prefLabel, Literal(row["title"])))
        if row["publisher"]:
            g.add((iri, DCTERMS.publisher, _add_organisation(g, row["publisher"])))
        if row["reference"]:
            g.add((iri, CW.reference, Literal(row["reference"])))
        _provenance(g, iri, row)
    return known


def _add_items(g: Graph, frame: pd.DataFrame, frameworks: set[str]) -> set[tuple[str, str]]:
    items: set[tuple[str, str]] = set()
    for row_number, row in _rows(frame):
        key = (row["framework"], row["item_id"])
        if row["framework"] not in frameworks:
            raise InputError(f"items.csv: row {row_number}, column framework: unknown "
                             f"framework {row['framework']!r}")
        if key in items:
            raise InputError(f"items.csv: row {row_number}, column item_id: "
                             f"{row['framework']}:{row['item_id']} is defined twice")
        items.add(key)
    for row_number, row in _rows(frame):
        iri = item_iri(row["framework"], row["item_id"])
        scheme = framework_iri(row["framework"])
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, CW[row["kind"]]))
        g.add((iri, SKOS.inScheme, scheme))
        if row["notation"]:
            g.add((iri, SKOS.notation, Literal(row["notation"])))
        g.add((iri, SKOS.prefLabel, Literal(row["label"])))
        if row["parent_id"]:
            parent = (row["parent_framework"], row["parent_id"])
            if parent not in items:
                raise InputError(f"items.csv: row {row_number}, column parent_id: unknown "
                                 f"item {parent[0]}:{parent[1]}")
            g.add((iri, SKOS.broader, item_iri(*parent)))
            g.add((item_iri(*parent), SKOS.narrower, iri))
        else:
            g.add((iri, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, iri))
        _provenance(g, iri, row)
    return items


def _check_item(items: set[tuple[str, str]], framework: str, item_id: str, table: str,
                row: int, column: str) -> URIRef:
    if (framework, item_id) not in items:
        raise InputError(f"{table}.csv: row {row}, column {column}: unknown item "
                         f"{framework}:{item_id}")
    return item_iri(framework, item_id)


def _add_properties(g: Graph, frame: pd.DataFrame, items: set[tuple[str, str]]) -> None:
    frameworks = {framework for framework, _ in items}
    for row_number, row in _rows(frame):
        if not row["item_id"] and row["framework"] in frameworks:
            iri = framework_iri(row["framework"])  # a fact about the framework itself
        else:
            iri = _check_item(items, row["framework"], row["item_id"], "properties",
                              row_number, "item_id")
        kind = PROPERTIES.get(row["property"])
        if kind is None:
            raise InputError(f"properties.csv: row {row_number}, column property: unknown "
                             f"property {row['property']!r}")
        value = _typed(row["value"], kind, "properties", row_number, "value")
        g.add((iri, PROPERTY_PREDICATES[row["property"]], value))


def _add_texts(g: Graph, frame: pd.DataFrame, items: set[tuple[str, str]]) -> None:
    for row_number, row in _rows(frame):
        about = _check_item(items, row["framework"], row["item_id"], "texts", row_number,
                            "item_id")
        node = record_iri("wording", row["framework"], row["item_id"], row["role"],
                          row["source_file"], row["source_line"], row["text"])
        g.add((node, RDF.type, CW.Wording))
        g.add((node, CW.about, about))
        g.add((node, CW.role, Literal(row["role"])))
        g.add((node, CW.text, Literal(row["text"])))
        if row["truncated"]:
            truncated = _typed(row["truncated"], "boolean", "texts", row_number, "truncated")
            g.add((node, CW.truncated, truncated))
            if row["truncated"] == "true" and (about, SKOS.prefLabel, Literal(row["text"])) \
                    not in g:
                g.add((about, CW.truncatedLabel, Literal(row["text"])))
        _provenance(g, node, row)


def _add_mappings(g: Graph, frame: pd.DataFrame, items: set[tuple[str, str]],
                  frameworks: set[str]) -> None:
    for row_number, row in _rows(frame):
        obj = _check_item(items, row["object_framework"], row["object_id"], "mappings",
                          row_number, "object_id")
        predicate = row["predicate"]
        if predicate == "no-mapping":
            if row["subject_framework"] not in frameworks:
                raise InputError(f"mappings.csv: row {row_number}, column subject_framework: "
                                 f"unknown framework {row['subject_framework']!r}")
            node = record_iri("nomapping", row["subject_framework"], row["object_framework"],
                              row["object_id"], row["source_file"], row["source_line"])
            g.add((node, RDF.type, CW.NoMapping))
            g.add((node, CW.framework, framework_iri(row["subject_framework"])))
            g.add((node, CW.standardItem, obj))
            g.add((node, CW.rawText, Literal(row["raw_text"])))
            _provenance(g, node, row)
            continue
        if predicate not in EDGE_PREDICATES:
            raise InputError(f"mappings.csv: row {row_number}, column predicate: unknown "
                             f"predicate {predicate!r}")
        subject = _check_item(items, row["subject_framework"], row["subject_id"], "mappings",
                              row_number, "subject_id")
        edge = EDGE_PREDICATES[predicate]
        g.add((subject, edge, obj))
        node = record_iri("mapping", row["subject_framework"], row["subject_id"], predicate,
                          row["object_framework"], row["object_id"], row["source_file"],
                          row["source_line"])
        g.add((node, RDF.type, CW.Mapping))
        g.add((node, RDF.type, OWL.Axiom))
        g.add((node, OWL.annotatedSource, subject))
        g.add((node, OWL.annotatedProperty, edge))
        g.add((node, OWL.annotatedTarget, obj))
        g.add((node, CW.framework, framework_iri(row["subject_framework"])))
        justification = row["justification"].removeprefix("semapv:")
        g.add((node, SSSOM.mapping_justification, SEMAPV[justification]))
        g.add((node, CW.rawText, Literal(row["raw_text"])))
        if row["note"]:
            g.add((node, RDFS.comment, Literal(row["note"])))
        _provenance(g, node, row)


def _add_defects(g: Graph, frame: pd.DataFrame, items: set[tuple[str, str]]) -> None:
    for _, row in _rows(frame):
        node = record_iri("defect", row["kind"], row["item"], row["source_file"],
                          row["source_line"], row["message"])
        g.add((node, RDF.type, CW.Defect))
        g.add((node, CW.defectKind, Literal(row["kind"])))
        g.add((node, RDFS.comment, Literal(row["message"])))
        framework, _, item_id = row["item"].partition(":")
        if (framework, item_id) in items:
            g.add((node, CW.about, item_iri(framework, item_id)))
        _provenance(g, node, row)
