"""The two in-process backends and the build cache: same answers, no re-parse on start."""

from __future__ import annotations

import pandas as pd
import pytest
from rdflib.plugins.stores.memory import Memory

from graph.analysis.coverage import LEVEL_KINDS, coverage_status
from graph.analysis.equivalence import unit_similarity
from graph.analysis.fit import QUALIFICATIONS, fit_ranking, qualification_fit
from graph.analysis.network import to_networkx
from graph.analysis.suggest import suggest_mappings
from graph.analysis.trace import trace
from graph.errors import InputError
from graph.store.backends import chosen_backend, native_store
from graph.store.cache import cache_dir, cached_store, input_key, load_graph
from graph.store.library import library
from graph.store.queries import defects, stats
from graph.store.safety import run_query
from tests.helpers import normalised

FRAMEWORKS = ("highfield", "ncfe", "cityguilds", "cityguilds-manual", "epa",
              "highfield-textbook")


@pytest.fixture(scope="module")
def graphs():
    return {backend: load_graph(backend=backend) for backend in ("rdflib", "oxigraph")}


@pytest.fixture(scope="module")
def views(graphs):
    return {backend: to_networkx(graph) for backend, graph in graphs.items()}


def test_the_backends_are_what_they_say(graphs):
    assert isinstance(graphs["rdflib"].store, Memory)
    assert native_store(graphs["oxigraph"]) is not None
    assert len(graphs["rdflib"]) == len(graphs["oxigraph"]) > 25000


@pytest.mark.parametrize("name", sorted(library()))
def test_every_library_query_gives_the_same_rows_on_both(graphs, name):
    text = library()[name].text
    rdflib_rows = run_query(graphs["rdflib"], text)
    oxigraph_rows = run_query(graphs["oxigraph"], text)
    assert list(rdflib_rows.columns) == list(oxigraph_rows.columns)
    assert normalised(rdflib_rows) == normalised(oxigraph_rows)


def test_counts_and_audit_are_the_same_on_both(graphs):
    assert stats(graphs["rdflib"]).equals(stats(graphs["oxigraph"]))
    assert defects(graphs["rdflib"]).equals(defects(graphs["oxigraph"]))


def test_the_networkx_view_is_the_same_on_both(views):
    rdflib_view, oxigraph_view = views["rdflib"], views["oxigraph"]
    assert dict(rdflib_view.nodes(data=True)) == dict(oxigraph_view.nodes(data=True))
    assert sorted(rdflib_view.edges(keys=True)) == sorted(oxigraph_view.edges(keys=True))
    assert rdflib_view.graph == oxigraph_view.graph


def test_analyses_give_the_same_answers_on_both(views):
    def analyses(view):
        yield from (coverage_status(view, f, level) for f in FRAMEWORKS for level in LEVEL_KINDS)
        yield from (qualification_fit(view, q) for q in QUALIFICATIONS)
        yield fit_ranking(view)
        yield unit_similarity(view)
        yield trace(view, "K1.1")
        yield from (suggest_mappings(view, q) for q in QUALIFICATIONS)

    for left, right in zip(analyses(views["rdflib"]), analyses(views["oxigraph"]), strict=True):
        pd.testing.assert_frame_equal(left, right)


def test_a_view_of_one_framework_gives_its_coverage_exactly(graphs, views):
    for framework in FRAMEWORKS:
        scoped = to_networkx(graphs["oxigraph"], [framework])
        assert scoped.number_of_nodes() < views["oxigraph"].number_of_nodes()
        for level in LEVEL_KINDS:
            assert coverage_status(scoped, framework, level).equals(
                coverage_status(views["oxigraph"], framework, level))


def test_the_backend_is_a_setting(monkeypatch):
    monkeypatch.setenv("CROSSWALK_BACKEND", "rdflib")
    assert chosen_backend() == "rdflib"
    monkeypatch.setenv("CROSSWALK_BACKEND", "sqlite")
    with pytest.raises(InputError, match="CROSSWALK_BACKEND"):
        chosen_backend()


def test_the_cache_is_reused_until_an_input_changes(tmp_path):
    from graph.ingest.synth import synth

    synth(tmp_path, 2, 3, seed=5)
    store = cached_store(tmp_path)
    assert store.parent == cache_dir(tmp_path)
    built = (store / "inputs.key").stat().st_mtime_ns
    assert cached_store(tmp_path) == store  # fresh: not rebuilt
    assert (store / "inputs.key").stat().st_mtime_ns == built
    key = input_key(tmp_path)
    (tmp_path / "defects.csv").write_text(
        (tmp_path / "defects.csv").read_text(encoding="utf-8")
        + "late,q00001:unit/1,added by hand,synthetic-catalogue.txt,999\n", encoding="utf-8")
    assert input_key(tmp_path) != key
    graph = load_graph(tmp_path)
    assert "added by hand" in defects(graph)["message"].tolist()
