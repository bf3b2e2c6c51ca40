"""`crosswalk serve`'s read-only endpoint: updates, SERVICE and big bodies refused over HTTP."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request

import pytest

from graph.store.remote import remote_query
from graph.store.server import MAX_QUERY_BYTES, ensure_store, oxigraph_server

TURTLE = """@prefix cw: <https://w3id.org/ksb-crosswalk/ontology#> .
<https://w3id.org/ksb-crosswalk/id/standard/module/1> a cw:Module .
"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    (folder / "g.ttl").write_text(TURTLE, encoding="utf-8")
    with oxigraph_server(ensure_store(folder / "g.ttl", folder / "store")) as url:
        yield url


def refusal(request: urllib.request.Request | str) -> tuple[int, str]:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    return caught.value.code, caught.value.read().decode()


def get(url: str, query: str) -> str:
    return f"{url}?{urllib.parse.urlencode({'query': query})}"


def test_a_read_only_query_is_forwarded(endpoint):
    assert remote_query(endpoint, "SELECT ?m WHERE { ?m a cw:Module }")["m"].tolist() == [
        "https://w3id.org/ksb-crosswalk/id/standard/module/1"]


def test_service_to_another_host_is_refused(endpoint):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert refusal(get(endpoint, query)) == (
        400, "SERVICE is not allowed: queries run on this graph only\n")
    form = urllib.request.Request(endpoint, data=urllib.parse.urlencode(
        {"query": query}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert refusal(form)[0] == 400


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR DEFAULT",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>"])
def test_updates_are_refused(endpoint, update):
    assert refusal(get(endpoint, update)) == (
        400, "updates are not allowed: this endpoint is read-only\n")
    post = urllib.request.Request(endpoint, data=update.encode(),
                                  headers={"Content-Type": "application/sparql-update"})
    assert refusal(post)[0] == 400
    assert remote_query(endpoint, "ASK { ?m a cw:Module }")["ask"].tolist() == [True]


def test_only_query_is_served_and_bodies_are_limited(endpoint):
    update = urllib.request.Request(endpoint.replace("/query", "/update"), data=b"DROP ALL",
                                    headers={"Content-Type": "application/sparql-update"})
    assert refusal(update)[0] == 404
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.putrequest("POST", url.path)  # announces a body over the limit, sends none
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", str(MAX_QUERY_BYTES + 1))
    connection.endheaders()
    response = connection.getresponse()
    assert (response.status, response.read().decode()) == (
        413, f"the query is longer than {MAX_QUERY_BYTES} bytes\n")
    connection.close()
