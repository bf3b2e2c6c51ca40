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
* every source defect is a ``cw:Defect``;
* an official standard version (``StandardVersion``) is a scheme like any framework; its KSBs
  link to the documents' statements with ``skos:exactMatch`` / ``skos:closeMatch`` (the
  record carries ``sssom:similarity_score`` in [0, 1] and the reason), the documents'
  criteria to them with ``cw:elaborates``, its duties to them with ``cw:mappedKsb``.

A row that names an item no table defines is an :class:`~graph.errors.InputError` naming the
table, row and column.

The rules write pyoxigraph quads straight into an Oxigraph store (:func:`build_store`), what
the build cache keeps; :func:`build_graph` gives the same triples as an rdflib graph, for the
reference route (pySHACL) and for code that works on rdflib. The tables of kinds and
properties (:data:`PROPERTY_PREDICATES`, :data:`EDGE_PREDICATES`, :data:`KSB_TYPES`; an
item's or framework's ``kind`` is its ``cw:`` class) are the one place a new kind or property
is mapped to the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pandas as pd
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import InputError
from graph.ingest.sources import SOURCES
from graph.model.tables import PROPERTIES
from graph.model.vocab import (
    CW,
    SEMAPV,
    SSSOM,
    framework_iri,
    item_iri,
    organisation_iri,
    record_iri,
    source_iri,
)

if TYPE_CHECKING:
    from rdflib import Graph

PROPERTY_PREDICATES = {  # one predicate per property: cw: and the name in camel case
    name: CW[re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)] for name in PROPERTIES
}
EDGE_PREDICATES = {"covers": CW.covers, "assesses": CW.assesses, "exact-match": SKOS.exactMatch,
                   "close-match": SKOS.closeMatch, "elaborates": CW.elaborates,
                   "mapped-ksb": CW.mappedKsb, "for-option": CW.forOption}
# Literal types of property values other than boolean, integer and ksb (see ``PROPERTIES``).
LITERAL_TYPES = {"date": XSD.date, "uri": XSD.anyURI}
KSB_TYPES = {"Knowledge": CW.Knowledge, "Skill": CW.Skill, "Behaviour": CW.Behaviour}

BOOLEAN = ox.NamedNode(XSD.boolean)
INTEGER = ox.NamedNode(XSD.integer)
DOUBLE = ox.NamedNode(XSD.double)


class Triples:
    """The triples of one build, collected as pyoxigraph quads of the default graph.

    ``add`` takes IRIs as strings (rdflib's namespace terms are strings) and objects as
    strings (IRIs) or pyoxigraph literals; each IRI is made into a node once.
    """

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self._nodes: dict[str, ox.NamedNode] = {}
        self.labels: dict[str, str] = {}  # item IRI -> its skos:prefLabel

    def node(self, iri: str) -> ox.NamedNode:
        if (found := self._nodes.get(iri)) is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, subject: str, predicate: str, obj: str | ox.Literal) -> None:
        self.quads.append(ox.Quad(self.node(subject), self.node(predicate),
                                  obj if isinstance(obj, ox.Literal) else self.node(obj)))

    def text(self, subject: str, predicate: str, value: str) -> None:
        """A plain string literal."""
        self.add(subject, predicate, ox.Literal(value))


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict]]:
    """Rows of a table with their CSV row number (the header is row 1)."""
    columns = list(frame.columns)
    rows = zip(*(frame[column].tolist() for column in columns), strict=True)
    for index, values in enumerate(rows):
        yield index + 2, dict(zip(columns, values, strict=True))


def _typed(value: str, kind: str, table: str, row: int, column: str) -> str | ox.Literal:
    """The RDF term for a property value of type ``kind`` (see ``PROPERTIES``): a literal,
    or an IRI (a string) for a KSB type."""
    if kind == "boolean":
        if value not in ("true", "false"):
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not "
                             "true or false")
        return ox.Literal(value, datatype=BOOLEAN)
    if kind == "integer":
        if not value.isdigit():
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not a "
                             "whole number")
        return ox.Literal(str(int(value)), datatype=INTEGER)
    if kind == "ksb":
        if value not in KSB_TYPES:
            raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not "
                             f"one of {sorted(KSB_TYPES)}")
        return KSB_TYPES[value]
    if kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(f"{table}.csv: row {row}, column {column}: {value!r} is not a date "
                         "(YYYY-MM-DD)")
    if kind in LITERAL_TYPES:
        return ox.Literal(value, datatype=ox.NamedNode(LITERAL_TYPES[kind]))
    return ox.Literal(value)


def build_triples(tables: dict[str, pd.DataFrame]) -> Triples:
    """The crosswalk's triples for ``tables`` (see the module docstring for the rules)."""
    g = Triples()
    _add_sources(g)
    known = _add_frameworks(g, tables["frameworks"])
    items = _add_items(g, tables["items"], known)
    _add_properties(g, tables["properties"], items, known)
    _add_texts(g, tables["texts"], items)
    _add_mappings(g, tables["mappings"], items, known)
    _add_defects(g, tables["defects"], items)
    _add_other_sources(g, tables)
    return g


def build_store(tables: dict[str, pd.DataFrame]) -> ox.Store:
    """The crosswalk graph for ``tables`` in a new in-memory Oxigraph store."""
    store = ox.Store()
    store.extend(build_triples(tables).quads)
    return store


def build_graph(tables: dict[str, pd.DataFrame]) -> Graph:
    """The crosswalk graph for ``tables`` as an rdflib graph with the project's prefixes."""
    from graph.model.vocab import bind_prefixes
    from graph.store.backends import rdflib_graph

    graph = rdflib_graph(build_store(tables))
    bind_prefixes(graph)
    return graph


def mapping_graph(mappings: pd.DataFrame, items: set[tuple[str, str]],
                  frameworks: set[str]) -> Graph:
    """The triples :func:`build_graph` makes for the rows of ``mappings`` alone (edges, their
    records and the declaration of a cited file other than the five documents): what an
    incremental update of a built graph adds or removes. ``items`` are (framework, item id)
    pairs and ``frameworks`` the keys the rows may name."""
    from graph.store.backends import rdflib_graph

    g = Triples()
    _add_mappings(g, mappings, items, frameworks)
    _add_other_sources(g, {"mappings": mappings})
    store = ox.Store()
    store.extend(g.quads)
    return rdflib_graph(store)


def _add_sources(g: Triples) -> None:
    for doc in SOURCES.values():
        iri = source_iri(doc.file_name)
        g.add(iri, RDF.type, CW.SourceDocument)
        g.text(iri, RDFS.label, doc.title)
        g.text(iri, CW.fileName, doc.file_name)
        g.add(iri, DCTERMS.publisher, _add_organisation(g, doc.publisher))


def _add_other_sources(g: Triples, tables: dict[str, pd.DataFrame]) -> None:
    """Declare files other than the five documents that rows cite (the curation file)."""
    documents = {doc.file_name for doc in SOURCES.values()}
    cited = set().union(*(set(frame["source_file"]) for frame in tables.values()))
    for file_name in sorted(cited - documents):
        iri = source_iri(file_name)
        g.add(iri, RDF.type, CW.SourceDocument)
        g.text(iri, RDFS.label, f"{file_name} (data folder)")
        g.text(iri, CW.fileName, file_name)


def _add_organisation(g: Triples, name: str) -> str:
    iri = organisation_iri(name)
    g.add(iri, RDF.type, PROV.Organization)
    g.text(iri, RDFS.label, name)
    return iri


def _provenance(g: Triples, subject: str, row: dict) -> None:
    g.add(subject, DCTERMS.source, source_iri(row["source_file"]))
    g.add(subject, CW.sourceLine, ox.Literal(str(int(row["source_line"])), datatype=INTEGER))


def _add_frameworks(g: Triples, frame: pd.DataFrame) -> set[str]:
    known: set[str] = set()
    for row_number, row in _rows(frame):
        key = row["framework"]
        if key in known:
            raise InputError(f"frameworks.csv: row {row_number}, column framework: "
                             f"{key!r} is defined twice")
        known.add(key)
        iri = framework_iri(key)
        g.add(iri, RDF.type, SKOS.ConceptScheme)
        g.add(iri, RDF.type, CW[row["kind"]])
        g.text(iri, DCTERMS.identifier, key)
        g.text(iri, DCTERMS.title, row["title"])
        g.text(iri, SKOS.prefLabel, row["title"])
        if row["publisher"]:
            g.add(iri, DCTERMS.publisher, _add_organisation(g, row["publisher"]))
        if row["reference"]:
            g.text(iri, CW.reference, row["reference"])
        _provenance(g, iri, row)
    return known


def _add_items(g: Triples, frame: pd.DataFrame, frameworks: set[str]) -> set[tuple[str, str]]:
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
        g.add(iri, RDF.type, SKOS.Concept)
        g.add(iri, RDF.type, CW[row["kind"]])
        g.add(iri, SKOS.inScheme, scheme)
        if row["notation"]:
            g.text(iri, SKOS.notation, row["notation"])
        g.text(iri, SKOS.prefLabel, row["label"])
        g.labels[iri] = row["label"]
        if row["parent_id"]:
            parent = (row["parent_framework"], row["parent_id"])
            if parent not in items:
                raise InputError(f"items.csv: row {row_number}, column parent_id: unknown "
                                 f"item {parent[0]}:{parent[1]}")
            g.add(iri, SKOS.broader, item_iri(*parent))
            g.add(item_iri(*parent), SKOS.narrower, iri)
        else:
            g.add(iri, SKOS.topConceptOf, scheme)
            g.add(scheme, SKOS.hasTopConcept, iri)
        _provenance(g, iri, row)
    return items


def _check_item(items: set[tuple[str, str]], framework: str, item_id: str, table: str,
                row: int, column: str) -> str:
    if (framework, item_id) not in items:
        raise InputError(f"{table}.csv: row {row}, column {column}: unknown item "
                         f"{framework}:{item_id}")
    return item_iri(framework, item_id)


def _add_properties(g: Triples, frame: pd.DataFrame, items: set[tuple[str, str]],
                    frameworks: set[str]) -> None:
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
        g.add(iri, PROPERTY_PREDICATES[row["property"]], value)


def _add_texts(g: Triples, frame: pd.DataFrame, items: set[tuple[str, str]]) -> None:
    for row_number, row in _rows(frame):
        about = _check_item(items, row["framework"], row["item_id"], "texts", row_number,
                            "item_id")
        node = record_iri("wording", row["framework"], row["item_id"], row["role"],
                          row["source_file"], row["source_line"], row["text"])
        g.add(node, RDF.type, CW.Wording)
        g.add(node, CW.about, about)
        g.text(node, CW.role, row["role"])
        g.text(node, CW.text, row["text"])
        if row["truncated"]:
            truncated = _typed(row["truncated"], "boolean", "texts", row_number, "truncated")
            g.add(node, CW.truncated, truncated)
            if row["truncated"] == "true" and g.labels.get(about) != row["text"]:
                g.text(about, CW.truncatedLabel, row["text"])
        _provenance(g, node, row)


def _add_mappings(g: Triples, frame: pd.DataFrame, items: set[tuple[str, str]],
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
            g.add(node, RDF.type, CW.NoMapping)
            g.add(node, CW.framework, framework_iri(row["subject_framework"]))
            g.add(node, CW.standardItem, obj)
            g.text(node, CW.rawText, row["raw_text"])
            _provenance(g, node, row)
            continue
        if predicate not in EDGE_PREDICATES:
            raise InputError(f"mappings.csv: row {row_number}, column predicate: unknown "
                             f"predicate {predicate!r}")
        subject = _check_item(items, row["subject_framework"], row["subject_id"], "mappings",
                              row_number, "subject_id")
        edge = EDGE_PREDICATES[predicate]
        g.add(subject, edge, obj)
        node = record_iri("mapping", row["subject_framework"], row["subject_id"], predicate,
                          row["object_framework"], row["object_id"], row["source_file"],
                          row["source_line"])
        g.add(node, RDF.type, CW.Mapping)
        g.add(node, RDF.type, OWL.Axiom)
        g.add(node, OWL.annotatedSource, subject)
        g.add(node, OWL.annotatedProperty, edge)
        g.add(node, OWL.annotatedTarget, obj)
        g.add(node, CW.framework, framework_iri(row["subject_framework"]))
        justification = row["justification"].removeprefix("semapv:")
        g.add(node, SSSOM.mapping_justification, SEMAPV[justification])
        g.text(node, CW.rawText, row["raw_text"])
        if row["score"]:
            if not re.fullmatch(r"\d+(\.\d+)?", row["score"]) or float(row["score"]) > 100:
                raise InputError(f"mappings.csv: row {row_number}, column score: "
                                 f"{row['score']!r} is not a score from 0 to 100")
            g.add(node, SSSOM.similarity_score,
                  ox.Literal(repr(float(row["score"]) / 100), datatype=DOUBLE))
        if row["note"]:
            g.text(node, RDFS.comment, row["note"])
        _provenance(g, node, row)


def _add_defects(g: Triples, frame: pd.DataFrame, items: set[tuple[str, str]]) -> None:
    for _, row in _rows(frame):
        node = record_iri("defect", row["kind"], row["item"], row["source_file"],
                          row["source_line"], row["message"])
        g.add(node, RDF.type, CW.Defect)
        g.text(node, CW.defectKind, row["kind"])
        g.text(node, RDFS.comment, row["message"])
        framework, _, item_id = row["item"].partition(":")
        if (framework, item_id) in items:
            g.add(node, CW.about, item_iri(framework, item_id))
        _provenance(g, node, row)
