"""Publishing through the Graph Store Protocol, and reading the analyses back from the endpoint
of a real Oxigraph server started here: the same answers as in-process."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analysis.coverage import LEVEL_KINDS, coverage_status
from graph.analysis.equivalence import unit_similarity
from graph.analysis.fit import fit_ranking
from graph.analysis.network import to_networkx
from graph.store.backends import endpoint_of
from graph.store.cache import load_graph
from graph.store.library import library
from graph.store.publish import graph_store_url, publish, writable_oxigraph_server
from graph.store.queries import defects, stats
from graph.store.remote import EndpointError, remote_query

NAMED = "https://w3id.org/ksb-crosswalk/id/graph/test"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with writable_oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "store") as base:
        yield base


@pytest.fixture(scope="module")
def remote(server):
    triples = publish(f"{server}/store", NAMED)
    assert triples > 25000
    return load_graph(endpoint=f"{server}/query", named_graph=NAMED)


@pytest.fixture(scope="module")
def local():
    return load_graph()


def test_publish_fills_the_named_graph_only(server, remote, local):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = remote_query(f"{server}/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{NAMED}> "
                                             "{ ?s ?p ?o } }")
    assert int(named["n"][0]) == len(local)
    assert int(remote_query(f"{server}/query", count)["n"][0]) == 0  # default graph untouched
    assert endpoint_of(remote).endswith("default-graph-uri=" + NAMED.replace(":", "%3A")
                                        .replace("/", "%2F"))


def test_publish_again_replaces_rather_than_adds(server, remote, local):
    publish(f"{server}/store", NAMED)
    assert int(remote_query(endpoint_of(remote), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
               ["n"][0]) == len(local)


def test_counts_audit_and_library_are_the_same_remotely(remote, local):
    assert stats(remote).equals(stats(local))
    assert defects(remote).equals(defects(local))
    from graph.store.queries import select

    for query in library().values():
        here = select(local, query.text).sort_values(list(select(local, query.text).columns))
        there = select(remote, query.text).sort_values(list(here.columns))
        assert here.reset_index(drop=True).equals(there.reset_index(drop=True)), query.name


def test_analyses_are_the_same_remotely(remote, local):
    for framework in ("highfield", "ncfe", "cityguilds"):
        near, far = to_networkx(local, [framework]), to_networkx(remote, [framework])
        for level in LEVEL_KINDS:
            pd.testing.assert_frame_equal(coverage_status(near, framework, level),
                                          coverage_status(far, framework, level))
    pd.testing.assert_frame_equal(fit_ranking(to_networkx(local)), fit_ranking(to_networkx(remote)))
    pd.testing.assert_frame_equal(unit_similarity(to_networkx(local)),
                                  unit_similarity(to_networkx(remote)))


def test_the_default_graph_url_and_errors():
    assert graph_store_url("http://h/store") == "http://h/store?default"
    with pytest.raises(EndpointError, match="cannot connect"):
        publish("http://127.0.0.1:9/store")
