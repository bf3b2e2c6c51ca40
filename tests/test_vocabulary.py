"""The vocabulary: every term documented, and docs/vocabulary.md in sync with ontology/."""

from __future__ import annotations

from rdflib.namespace import OWL, RDF, RDFS

from graph.ingest.sources import PROJECT_ROOT
from graph.model.validate import load_vocabulary
from graph.model.vocab import CW
from graph.model.vocab_doc import vocabulary_markdown
from graph.store.cache import load_graph


def test_every_term_has_label_and_comment():
    ontology = load_vocabulary()
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in ontology.subjects(RDF.type, kind) if str(t).startswith(str(CW))]
    assert len(terms) > 50
    for term in terms:
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, RDFS.comment), term


def test_every_term_used_in_the_graph_is_declared():
    ontology = load_vocabulary()
    graph = load_graph()
    declared = set(ontology.subjects())
    used = {p for p in graph.predicates() if str(p).startswith(str(CW))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(CW))}
    assert used - declared == set()


def test_reference_is_in_sync():
    expected = vocabulary_markdown(load_vocabulary(), load_graph())
    current = (PROJECT_ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert current == expected, "run `crosswalk vocabulary` to regenerate docs/vocabulary.md"
