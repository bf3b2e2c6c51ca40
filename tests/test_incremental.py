"""A curation decision updates the built store in place: the same triples as a rebuild."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.analysis.coverage import coverage_status
from graph.analysis.network import to_networkx
from graph.errors import InputError
from graph.model.curation import read_curation
from graph.store.backends import oxigraph_graph
from graph.store.cache import KEY_FILE, STORE_NAME, cache_dir, cached_store, input_key, write_cache
from graph.store.incremental import decide


def triples(folder) -> set[str]:
    store = ox.Store.read_only(str(folder))
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def view_of(data_dir):
    return to_networkx(oxigraph_graph(ox.Store.read_only(str(cached_store(data_dir)))))


def rebuilt(data_dir, tmp_path) -> set[str]:
    """The triples a full rebuild of ``data_dir`` makes, in a copy (the cache stays put)."""
    import shutil

    copy = tmp_path / "rebuild"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".crosswalk-build"))
    return triples(write_cache(copy))


def test_accept_then_undo_matches_a_rebuild_each_time(data_copy, tmp_path):
    view = view_of(data_copy)
    before = triples(cache_dir(data_copy) / STORE_NAME)
    assert coverage_status(view, "ncfe", "statement").set_index("notation").at[
        "1.1", "status"] == "no-mapping"
    view = decide(data_copy, view, "ncfe", "unit/2/ac/1.1", "statement/1.1", "accept",
                  "customers introduced", "A. Reviewer")
    store = cache_dir(data_copy) / STORE_NAME
    assert (store / KEY_FILE).read_text(encoding="utf-8") == input_key(data_copy)
    assert triples(store) == rebuilt(data_copy, tmp_path / "a")
    assert coverage_status(view, "ncfe", "statement").set_index("notation").at[
        "1.1", "status"] == "direct"
    assert view_of(data_copy).edges == view.edges  # the view agrees with the store
    view = decide(data_copy, view, "ncfe", "unit/2/ac/1.1", "statement/1.1", "undo")
    assert triples(store) == before == rebuilt(data_copy, tmp_path / "b")
    assert coverage_status(view, "ncfe", "statement").set_index("notation").at[
        "1.1", "status"] == "no-mapping"
    log = read_curation(data_copy)
    assert log[["decision", "reviewer", "note"]].values.tolist() == [
        ["accept", "A. Reviewer", "customers introduced"], ["undo", "", ""]]


def test_gap_decisions_keep_the_store_fresh_without_a_rebuild(data_copy):
    view = view_of(data_copy)
    store = cache_dir(data_copy) / STORE_NAME
    before = triples(store)
    decide(data_copy, view, "highfield", "", "criterion/K1.5", "accept-risk", "covered at EPA")
    decide(data_copy, view, "highfield", "highfield-textbook:booklet/1/page/3",
           "criterion/K1.5", "mitigated", "", "Q. Lead")
    assert (store / KEY_FILE).read_text(encoding="utf-8") == input_key(data_copy)
    assert triples(store) == before


def test_a_decision_on_an_unknown_item_writes_nothing(data_copy):
    view = view_of(data_copy)
    with pytest.raises(InputError, match="column subject_id: unknown item ncfe:unit/99"):
        decide(data_copy, view, "ncfe", "unit/99/ac/1.1", "statement/1.1", "accept")
    assert read_curation(data_copy).empty
    with pytest.raises(InputError, match="nothing to undo"):
        decide(data_copy, view, "ncfe", "unit/2/ac/1.1", "statement/1.1", "undo")


def test_the_refreshed_explorer_equals_a_full_reload(data_copy):
    import pandas as pd

    from graph.ui.data import load_explorer, refresh_explorer

    cached_store(data_copy)
    before = load_explorer(data_copy)
    view = decide(data_copy, before.view, "ncfe", "unit/16/ac/1.1", "statement/1.1", "accept")
    fresh, full = refresh_explorer(before, data_copy, view, "ncfe"), load_explorer(data_copy)
    for name in ("coverage", "ranking", "similarity", "groups", "curation"):
        pd.testing.assert_frame_equal(getattr(fresh, name), getattr(full, name))
    for name in ("fit", "suggestions"):
        key = ["framework", *getattr(full, name).columns[1:4]]
        pd.testing.assert_frame_equal(
            getattr(fresh, name).sort_values(key).reset_index(drop=True),
            getattr(full, name).sort_values(key).reset_index(drop=True))
    # statement 1.1's criterion K1.4 was "No mapping" for NCFE; now statement-level evidence
    assert fresh.ranking.set_index("framework").at["ncfe", "evidence_statement"] == \
        before.ranking.set_index("framework").at["ncfe", "evidence_statement"] + 1
