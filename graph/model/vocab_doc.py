"""The vocabulary reference (``docs/vocabulary.md``), generated from ``ontology/``.

Every class and property of the ``cw:`` vocabulary with its label, comment, domain and
range, and one example triple from the bundled graph (the first in sorted order), so an
analyst sees how each term is used. A test keeps the file in sync.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.model.vocab import CW, PREFIXES

KINDS = ((OWL.Class, "Classes"), (OWL.ObjectProperty, "Object properties"),
         (OWL.DatatypeProperty, "Datatype properties"))


def curie(term) -> str:
    """A term as ``prefix:local`` where a project prefix fits, else ``<iri>`` or a literal."""
    if not isinstance(term, URIRef):
        text = str(term)
        return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if str(term).startswith(str(namespace)):
            return f"{prefix}:{str(term)[len(str(namespace)):]}"
    return f"<{term}>"


def example(data: Graph, term: URIRef, is_class: bool) -> str:
    """One triple of ``data`` that uses ``term``, as Turtle-like text, or an em dash."""
    triples = data.triples((None, RDF.type, term)) if is_class else \
        data.triples((None, term, None))
    first = min(triples, default=None, key=lambda t: tuple(str(x) for x in t))
    if first is None:
        return "—"
    return " ".join(curie(x) for x in first) + " ."


def vocabulary_markdown(ontology: Graph, data: Graph) -> str:
    """The reference as Markdown: a table per kind of term, terms in name order."""
    lines = ["# KSB Crosswalk vocabulary", "",
             "Generated from `ontology/crosswalk.ttl` by `crosswalk vocabulary`; do not edit.",
             f"Namespace `{CW}` (prefix `cw:`).", ""]
    for kind, heading in KINDS:
        lines += [f"## {heading}", "", "| term | label | comment | domain | range | example |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for term in sorted(ontology.subjects(RDF.type, kind), key=str):
            if not str(term).startswith(str(CW)):
                continue
            cells = [curie(term), ontology.value(term, RDFS.label),
                     ontology.value(term, RDFS.comment),
                     _terms(ontology, term, RDFS.domain), _terms(ontology, term, RDFS.range),
                     example(data, term, kind == OWL.Class)]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _terms(ontology: Graph, term: URIRef, predicate: URIRef) -> str:
    return ", ".join(curie(v) for v in sorted(ontology.objects(term, predicate), key=str))


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"`{text}`" if text.endswith(" .") else text.replace("|", "\\|").replace("\n", " ")
