"""The SPARQL protocol client against a real Oxigraph server and real sockets: result
formats, GET and form POST, a refused connection told apart from a silent server, basic
login and a graph published in chunks. (Virtuoso's side: tests/test_virtuoso.py.)"""

from __future__ import annotations

import base64
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
import requests
from typer.testing import CliRunner

from graph.cli import app
from graph.store.cache import cached_store
from graph.store.publish import publish, writable_oxigraph_server
from graph.store.remote import (
    GET_MAX_URL,
    PASSWORD_SETTING,
    USER_SETTING,
    EndpointError,
    parse_results,
    remote_query,
    split_endpoint,
)

BUNDLED_TRIPLES = len(ox.Store.read_only(str(cached_store())))  # the bundled build
NAMED = "https://w3id.org/ksb-crosswalk/id/graph/client-test"
runner = CliRunner()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server holding the bundled graph as a named graph: its base URL."""
    with writable_oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "store") as base:
        publish(f"{base}/store", NAMED)
        yield base


def test_ask_and_select_on_oxigraph(oxigraph):
    endpoint = f"{oxigraph}/query?default-graph-uri={NAMED}"
    assert remote_query(endpoint, "ASK { ?s a cw:Module }")["ask"].tolist() == [True]
    assert remote_query(endpoint, "ASK { <urn:none> ?p ?o }")["ask"].tolist() == [False]
    assert remote_query(endpoint, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cw:Criterion }")[
        "n"].tolist() == ["75"]  # 74 coded, and module 2's uncoded one


def test_a_long_query_travels_as_a_form_post_with_its_graph(oxigraph):
    keys = " ".join(f'"framework-{i}"' for i in range(300)) + ' "ncfe"'
    text = f"SELECT ?key WHERE {{ VALUES ?key {{ {keys} }} ?s dcterms:identifier ?key }}"
    assert len(text) > GET_MAX_URL
    assert remote_query(f"{oxigraph}/query?default-graph-uri={NAMED}", text)[
        "key"].tolist() == ["ncfe"]
    assert remote_query(f"{oxigraph}/query", text).empty  # the default graph is empty


def test_the_graph_parameter_travels_with_the_query():
    assert split_endpoint("http://h/q?default-graph-uri=urn%3Ag&x=1") == (
        "http://h/q", [("default-graph-uri", "urn:g"), ("x", "1")])


def test_results_in_xml_from_a_real_oxigraph(oxigraph):
    reply = requests.get(f"{oxigraph}/query", timeout=10, headers={
        "Accept": "application/sparql-results+xml"},
        params={"query": 'SELECT ?x ?y WHERE { VALUES ?x { "a" 2 } }'})
    answer = parse_results(reply.content, reply.headers["Content-Type"])
    assert answer.variables == ["x", "y"]
    assert [b["x"]["value"] for b in answer.bindings] == ["a", "2"]
    ask = requests.get(f"{oxigraph}/query", params={"query": "ASK {}"}, timeout=10,
                       headers={"Accept": "application/sparql-results+xml"})
    assert parse_results(ask.content, ask.headers["Content-Type"]).boolean is True


def test_a_refused_connection_and_a_silent_server_are_told_apart():
    with pytest.raises(EndpointError, match=r"^http://127.0.0.1:9/sparql: cannot connect"):
        remote_query("http://127.0.0.1:9/sparql", "ASK {}")
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with pytest.raises(EndpointError, match="the endpoint did not answer within 0.5 s"):
            remote_query(url, "ASK {}", timeout_s=0.5)
        result = runner.invoke(app, ["--endpoint", url, "--timeout-s", "0.5", "stats"])
        assert result.exit_code == 1
        assert result.stderr.strip() == (f"crosswalk: error: {url}: the endpoint did not answer "
                                         "within 0.5 s (--timeout-s)")


class BasicStore(BaseHTTPRequestHandler):
    """A Graph Store Protocol endpoint that wants HTTP basic login ``crosswalk`` / ``s3cret``
    and keeps each request's method and body."""

    received: list[tuple[str, bytes]] = []
    LOGIN = "Basic " + base64.b64encode(b"crosswalk:s3cret").decode()

    def _take(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != self.LOGIN:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.received.append((self.command, body))
        self.send_response(204)
        self.end_headers()

    do_PUT = do_POST = _take

    def log_message(self, *args) -> None:
        pass


def test_basic_login_and_a_graph_in_chunks(monkeypatch):
    monkeypatch.setenv(USER_SETTING, "crosswalk")
    monkeypatch.setenv(PASSWORD_SETTING, "s3cret")
    server = ThreadingHTTPServer(("127.0.0.1", 0), BasicStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/data"
        assert publish(url, "urn:g", chunk_triples=10_000) == BUNDLED_TRIPLES
    finally:
        server.shutdown()
        server.server_close()
    assert [method for method, _ in BasicStore.received] == ["PUT", "POST", "POST"]
    sent = b"".join(body for _, body in BasicStore.received)
    expected = ox.Store.read_only(str(cached_store())).dump(format=ox.RdfFormat.N_TRIPLES,
                                                            from_graph=ox.DefaultGraph())
    assert sent == expected and sent.count(b"\n") == BUNDLED_TRIPLES


