"""Namespaces and IRI rules of the crosswalk graph: the one place that mints IRIs."""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

CW = Namespace("https://w3id.org/ksb-crosswalk/ontology#")
ID = Namespace("https://w3id.org/ksb-crosswalk/id/")
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")

PREFIXES = {
    "cw": CW,
    "id": ID,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sssom": SSSOM,
    "semapv": SEMAPV,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
}
# The PREFIX block every query of the project starts with.
SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


def framework_iri(framework: str) -> URIRef:
    """IRI of a framework (a ``skos:ConceptScheme``): ``id/{framework}``."""
    return ID[framework]


def item_iri(framework: str, item_id: str) -> URIRef:
    """IRI of an item: ``id/{framework}/{item_id}``.

    >>> str(item_iri("standard", "criterion/K1.1"))
    'https://w3id.org/ksb-crosswalk/id/standard/criterion/K1.1'
    """
    return ID[f"{framework}/{item_id}"]


def slug(text: str) -> str:
    """Lower-case, hyphen-separated form of ``text`` for an IRI segment.

    >>> slug("City & Guilds")
    'city-guilds'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def organisation_iri(name: str) -> URIRef:
    """IRI of a publishing organisation: ``id/org/{slug}``."""
    return ID[f"org/{slug(name)}"]


def source_iri(file_name: str) -> URIRef:
    """IRI of a source document: ``id/source/{file name without .txt}``."""
    return ID[f"source/{file_name.removesuffix('.txt')}"]


def record_iri(kind: str, *parts: object) -> URIRef:
    """Deterministic IRI of a record (mapping, wording, defect) from the values that make it.

    The same values give the same IRI on every build, so diffs of the Turtle stay small.
    """
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return ID[f"{kind}/{digest[:16]}"]
