"""SPARQL that cannot reach the network: the read-only check reads the text as the engine
does, and the engine runs where no network is, whatever the check lets through."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graph.store.backends import oxigraph_graph
from graph.store.safety import QueryRefused, check_read_only, run_query
from graph.store.sandbox import Limits, QueryFailed, run_limited

LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ITEM = "https://w3id.org/ksb-crosswalk/id/standard/module/1"


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(50)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def received(self, settle: float = 0.05) -> int:
        time.sleep(settle)
        return self.connections


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.socket.close()


def tiny_native() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(ITEM), ox.NamedNode(LABEL),
                      ox.Literal("Customer service")))
    return store


@pytest.fixture(scope="module")
def graphs():
    plain = Graph()
    plain.add((URIRef(ITEM), URIRef(LABEL), Literal("Customer service")))
    return {"oxigraph": oxigraph_graph(tiny_native()), "rdflib": plain}


def test_the_listener_hears_an_unguarded_engine(listener):
    """The probe works: Oxigraph does call SERVICE when nothing stops it."""
    before = listener.received(0)
    with pytest.raises(OSError):
        list(tiny_native().query(
            f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"))
    assert listener.received() == before + 1


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_service_after_a_carriage_return_in_a_comment_is_refused(graphs, listener, backend):
    before = listener.received(0)
    query = (f"SELECT * WHERE {{ # note\r SERVICE <http://127.0.0.1:{listener.port}/x> "
             "{ ?s ?p ?o } \n}")
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        run_query(graphs[backend], query)
    assert listener.received() == before


def test_the_cli_refuses_the_carriage_return_smuggle(listener):
    before = listener.received(0)
    query = (f"SELECT * WHERE {{ # note\r SERVICE <http://127.0.0.1:{listener.port}/x> "
             "{ ?s ?p ?o } \n}")
    result = subprocess.run([sys.executable, "-m", "graph", "sparql", query],
                            capture_output=True, text=True, check=False, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("crosswalk: error: SERVICE is not allowed: queries run on this "
                             "graph only\n")
    assert listener.received() == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p 1SERVICE:x {} }",  # Oxigraph reads 1 SERVICE :x
    "SELECT * WHERE { ?s ?p trueSERVICE <http://h/> {} }",
    "SELECT * WHERE { \\u0053ERVICE <http://h/> {} }",
    "SELECT * WHERE { \\U00000053ervice <http://h/> {} }",
    "SELECT * WHERE { FILTER(?a <?b) SERVICE <http://h/> {} }",
    "SELECT * WHERE { ?s ?p ?o FILTER(1<2) sErViCe SILENT <http://h/> {} }",
])
def test_service_glued_escaped_or_in_any_case_is_refused(query):
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        check_read_only(query)


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ?p "service" } # customer service',
    "SELECT * WHERE { <http://example.org/service> ?p ?o }",
    "PREFIX ex: <http://example.org/service#> ASK { ?s ex:p 'SERVICE' }",
    "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://h/> {}''' }",
])
def test_service_as_data_is_allowed(query):
    assert check_read_only(query) in ("SelectQuery", "AskQuery")


def test_a_label_about_service_is_found(graphs):
    query = 'SELECT ?l WHERE { ?i skos:prefLabel ?l FILTER(CONTAINS(?l, "service")) }'
    for graph in graphs.values():
        assert run_query(graph, query)["l"].tolist() == ["Customer service"]


@pytest.mark.parametrize("update", ["LOAD <http://127.0.0.1:1/x>", "load\r<http://h/x>",
                                    "DROP ALL", "# x\rCLEAR DEFAULT",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "DELETE WHERE { ?s ?p ?o }", "\\u004cOAD <http://h/>"])
def test_updates_are_refused(update):
    with pytest.raises(QueryRefused, match="updates are not allowed"):
        check_read_only(update)


def test_an_empty_query_asks_for_one():
    for empty in ("", "  \n\t"):
        with pytest.raises(QueryRefused, match="^enter a query"):
            check_read_only(empty)


def test_error_positions_count_from_the_users_text(graphs):
    for graph in graphs.values():
        with pytest.raises(QueryRefused) as caught:
            run_query(graph, "SELECT * WHERE {\n  ?s ?p }")
        assert "not a valid SPARQL query" in str(caught.value)
    with pytest.raises(QueryRefused, match="at 2:10"):
        run_query(graphs["oxigraph"], "SELECT * WHERE {\n  ?s ?p }")


def test_the_project_prefixes_are_declared(graphs):
    query = "SELECT ?i WHERE { ?i skos:prefLabel ?l }"
    assert run_query(graphs["oxigraph"], query)["i"].tolist() == [ITEM]


# The engine layer: a SERVICE the check would miss still finds no network.

def test_the_engine_child_has_no_network(listener):
    store = tiny_native()
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    before = listener.received(0)
    with pytest.raises(QueryFailed, match="unreachable"):
        run_limited(lambda: list(store.query(query)), Limits(5))
    assert listener.received() == before


SEPARATORS = st.sampled_from([" ", "", "\t", "\n", "\r", "\r\n", "\f", "# c\r", "# c\n",
                              "# c\r\n", "#\r", "\u2028", "\u00a0", " . ", "1", "true ",
                              "FILTER(1<2)", "'s'"])


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.lower() if f else c for c, f in zip(word, flips, strict=True)))


def _escaped(word: str) -> st.SearchStrategy[str]:
    """``word`` with some letters written as \\uXXXX or \\UXXXXXXXX escapes."""
    def letter(c: str) -> st.SearchStrategy[str]:
        return st.sampled_from([c, f"\\u{ord(c):04X}", f"\\U{ord(c):08x}"])

    return st.tuples(*(letter(c) for c in word)).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(before=SEPARATORS,
       keyword=st.one_of(_cased("SERVICE").flatmap(_escaped).map(lambda k: ("query", k)),
                         _cased("LOAD").flatmap(_escaped).map(lambda k: ("update", k))),
       after=SEPARATORS, silent=st.booleans(), target=st.sampled_from(["iri", "prefixed"]))
def test_no_variant_reaches_the_network(listener, before, keyword, after, silent, target):
    """Comment, white space, escape and case variants of SERVICE (in a query) and LOAD (an
    update): the check refuses them, and the engine run without the check (its query or its
    update entry) reaches no listener either."""
    operation, keyword = keyword
    is_load = operation == "update"
    callee = (f"<http://127.0.0.1:{listener.port}/x>" if target == "iri" else ":x")
    prefix = f"PREFIX : <http://127.0.0.1:{listener.port}/>\n"
    call = f"{before}{keyword}{after}{' SILENT ' if silent else ' '}{callee}"
    text = (f"{prefix}{call}" if is_load else
            f"{prefix}SELECT * WHERE {{ ?s ?p ?o {call} {{ ?a ?b ?c }} }}")
    heard = listener.received(0)
    with pytest.raises(QueryRefused):
        check_read_only(text)
    store = tiny_native()
    with contextlib.suppress(QueryFailed):  # a syntax error, or the network was unreachable
        run_limited(lambda: store.update(text) if is_load else len(list(store.query(text))),
                    Limits(5))
    assert listener.received() == heard
