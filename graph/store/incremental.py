"""A curation decision applied to the built store in place, in well under a second.

A full build (:func:`graph.store.cache.write_cache`) re-reads every table. A decision changes
few triples: an accepted mapping adds an edge and its record (an undone one removes them), and
the computed unit equivalences (``skos:closeMatch`` records) follow the units' coverage. So
:func:`decide` appends the decision to ``data/curation.csv`` (the record that survives every
rebuild), then writes exactly those differences into the cached store and stamps it with the
new input key: the store is then what a rebuild would make, and nothing rebuilds it. When the
store was stale before the decision, it is rebuilt in full instead.
"""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import OWL, Graph

from graph.analysis.equivalence import DEFAULT_MIN_SCORE, close_match_triples, unit_similarity
from graph.analysis.network import to_networkx
from graph.model.build import mapping_graph
from graph.model.curation import (
    CURATION_FILE,
    accepted_mappings,
    check_curation,
    curation_path,
    read_curation,
    record_decision,
)
from graph.model.vocab import CW, item_iri, source_iri
from graph.store.backends import oxigraph_graph
from graph.store.cache import KEY_FILE, STORE_NAME, cache_dir, input_key, write_cache

MAPPING_KEY = ["subject_framework", "subject_id", "object_id", "source_line"]
_LOCK = threading.Lock()  # one decision at a time in this process (the store has one writer)


def decide(data_dir: Path, view: nx.MultiDiGraph, framework: str, subject_id: str,
           object_id: str, decision: str, note: str = "", reviewer: str = ""
           ) -> nx.MultiDiGraph:
    """Record a decision (:func:`graph.model.curation.record_decision`) and bring the cached
    store of ``data_dir`` up to date with it; return the networkx view of the updated graph.

    ``view`` is the view of the store as it was before the decision. Raises
    :class:`~graph.errors.InputError` (nothing written) for a decision naming an item the
    graph lacks.
    """
    with _LOCK:
        target = cache_dir(data_dir) / STORE_NAME
        stamp = target / KEY_FILE
        fresh = stamp.is_file() and stamp.read_text(encoding="utf-8") == input_key(data_dir)
        before = read_curation(data_dir)
        row = pd.DataFrame([{"framework": framework, "subject_id": subject_id,
                             "object_id": object_id, "decision": decision}])
        check_curation(row, _items(view), curation_path(data_dir))
        record_decision(data_dir, framework, subject_id, object_id, decision, note,
                        reviewer=reviewer)
        if not fresh:
            write_cache(data_dir)
            return to_networkx(oxigraph_graph(ox.Store.read_only(str(target))))
        updated = _apply(target, before, read_curation(data_dir), view)
        stamp.write_text(input_key(data_dir), encoding="utf-8")
        return updated


def _apply(target: Path, before: pd.DataFrame, after: pd.DataFrame,
           view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Write the difference between two curation logs into the store at ``target``."""
    old, new = accepted_mappings(before), accepted_mappings(after)
    removed = _missing(old, new)
    added = _missing(new, old)
    updated = view.copy()
    if removed.empty and added.empty:
        return updated
    items = {tuple(node.split(":", 1)) for node in view}
    frameworks = {framework for framework, _ in items}
    gone, come = (mapping_graph(frame, items, frameworks) if len(frame) else Graph()
                  for frame in (removed, added))
    if len(new):  # the curation file is still cited: keep its declaration
        gone = Graph().__iadd__(t for t in gone if t[0] != source_iri(CURATION_FILE))
    for row in added.itertuples(index=False):
        updated.add_edge(f"{row.subject_framework}:{row.subject_id}",
                         f"standard:{row.object_id}", "covers", type="covers")
    store = ox.Store(str(target))
    edges = [(row, (item_iri(row.subject_framework, row.subject_id), CW.covers,
                    item_iri("standard", row.object_id))) for row in removed.itertuples()]
    _write(store, gone - Graph().__iadd__(edge for _, edge in edges), remove=True)
    for row, edge in edges:
        if not _still_asserted(store, edge):
            store.remove(ox.Quad(*(ox.NamedNode(str(term)) for term in edge),
                                 ox.DefaultGraph()))
            updated.remove_edge(f"{row.subject_framework}:{row.subject_id}",
                                f"standard:{row.object_id}", "covers")
    _write(store, come, remove=False)
    matches = [close_match_triples(unit_similarity(v, min_score=DEFAULT_MIN_SCORE))
               for v in (view, updated)]
    _write(store, matches[0] - matches[1], remove=True)
    _write(store, matches[1] - matches[0], remove=False)
    store.flush()
    return updated


def _missing(frame: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``frame`` whose mapping key is not in ``other``."""
    if frame.empty or other.empty:
        return frame
    keys = set(other[MAPPING_KEY].astype(str).itertuples(index=False, name=None))
    kept = [tuple(r) not in keys for r in frame[MAPPING_KEY].astype(str).itertuples(
        index=False, name=None)]
    return frame[kept]


def _still_asserted(store: ox.Store, edge: tuple) -> bool:
    """Whether a mapping record in ``store`` still asserts the ``cw:covers`` ``edge``."""
    source, _, target = edge
    return bool(store.query(f"""
        ASK {{ ?r a <{CW.Mapping}> ; <{OWL.annotatedSource}> <{source}> ;
                 <{OWL.annotatedProperty}> <{CW.covers}> ; <{OWL.annotatedTarget}> <{target}> }}
    """))


def _write(store: ox.Store, triples: Graph, remove: bool) -> None:
    """Add ``triples`` to the store's default graph, or remove them."""
    if not len(triples):
        return
    data = triples.serialize(format="nt", encoding="utf-8")
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        quad = ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())
        if remove:
            store.remove(quad)
        else:
            store.add(quad)


def _items(view: nx.MultiDiGraph) -> pd.DataFrame:
    """The view's items as a table of ``framework`` and ``item_id``."""
    pairs = [node.split(":", 1) for node in view]
    return pd.DataFrame(pairs, columns=["framework", "item_id"])
