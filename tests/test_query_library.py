"""Every library query: its expected answer on the bundled data, and the same rows through a
real Oxigraph server started here."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.store.cache import load_graph, write_turtle
from graph.store.library import library
from graph.store.remote import remote_query
from graph.store.safety import run_query
from graph.store.server import ensure_store, oxigraph_server
from tests.helpers import normalised

QUERIES = library()


@pytest.fixture(scope="module")
def graph():
    return load_graph()


@pytest.fixture(scope="module")
def endpoint(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oxigraph")
    turtle = write_turtle(graph, folder / "graph.ttl")
    with oxigraph_server(ensure_store(turtle, folder / "store")) as url:
        yield url


def run(graph, name: str) -> pd.DataFrame:
    return run_query(graph, QUERIES[name].text)


def test_every_query_says_what_it_answers():
    assert len(QUERIES) >= 9
    for query in QUERIES.values():
        assert query.question and query.parameters, query.name


def test_uncovered_criteria(graph):
    # Highfield rows with an empty unit cell (lines 22, 25, 38, 58, 76, 99, 104, 106) and
    # module 2's uncoded criterion, which Highfield lacks (training manual line 239)
    assert run(graph, "uncovered-criteria")["code"].tolist() == [
        "K1.5", "K1.6", "K2 (uncoded)", "K4.1", "S8.5", "S11.3", "B15.5", "B17.2", "B18.2"]


def test_no_mapping_rows(graph):
    rows = run(graph, "no-mapping-rows")
    assert rows[["framework", "notation", "line"]].values.tolist() == [
        ["ncfe", "1.1", "9"], ["ncfe", "2.2", "22"]]


def test_covering_items_of_k1_1_with_provenance(graph):
    rows = run(graph, "covering-items")  # Highfield line 20
    assert rows[["framework", "item", "line"]].values.tolist() == [
        ["highfield", "unit/1/lo/1/ac/1.2", "20"],
        ["highfield-textbook", "booklet/1/page/3", "20"],
        ["highfield-textbook", "booklet/1/page/4", "20"],
        ["highfield-workbook", "booklet/1/question/1", "20"]]


def test_units_by_criteria(graph):
    rows = run(graph, "units-by-criteria")
    assert rows.iloc[0][["framework", "unit", "criteria"]].tolist() == ["highfield", "2", "18"]


def test_distinction_without_coverage(graph):
    assert run(graph, "distinction-without-coverage")["code"].tolist() == [
        "B15.5", "K1.5", "K1.6", "K2 (uncoded)", "S11.3", "S8.5"]


def test_modules_by_method(graph):
    rows = run(graph, "modules-by-method")
    # the observation: the toolkit's five modules (lines 307-311) and personal organisation,
    # which the training manual's line 190 adds to its minimum
    assert rows.groupby("method")["module"].count().to_dict() == {
        "Apprentice showcase": 10, "Practical observation": 6, "Professional discussion": 3}


def test_textbook_and_workbook(graph):
    rows = run(graph, "textbook-and-workbook")
    k11 = rows[rows["code"] == "K1.1"]
    assert k11[["resource", "booklet", "number"]].values.tolist() == [
        ["textbook page", "1", "3"], ["textbook page", "1", "4"],
        ["workbook question", "1", "Q1"]]
    assert len(rows) == 167 + 26  # every page and question edge


def test_source_defects(graph):
    from graph.store.queries import defects

    assert len(run(graph, "source-defects")) == len(defects(graph))


def test_equivalent_units(graph):
    rows = run(graph, "equivalent-units")
    pair = rows[(rows["a"] == "ncfe:5") & (rows["b"] == "cityguilds:201")]
    assert float(pair["score"].iloc[0]) == pytest.approx(0.71, abs=0.01)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_endpoint_gives_the_same_rows(graph, endpoint, name):
    local = run(graph, name)
    remote = remote_query(endpoint, QUERIES[name].text)
    assert list(remote.columns) == list(local.columns)
    assert normalised(remote) == normalised(local)


def test_served_endpoint_is_read_only(endpoint):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(endpoint.replace("/query", "/update"), data=b"DROP ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


def test_crosswalk_serve_answers_curl_style_requests(tmp_path):
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request

    from graph.store.server import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().startswith(f"SPARQL endpoint: http://127.0.0.1:{port}")
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}",
                                          headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=10) as response:
            lines = response.read().decode().split()
        assert lines[0] == "n" and int(lines[1]) > 25000
    finally:
        server.terminate()
        server.wait(timeout=20)
    time.sleep(0.5)
    assert subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True,
                          check=False).returncode == 1  # the Oxigraph child stopped too


def test_covering_items_by_official_ksb(graph):
    # K2 of ST0072@1.1 stands for criteria K1.1 and K1.5 (Highfield lines 20, 22; K1.4, line
    # 21, elaborates statement 1.1, K1) and statement 1.2 (NCFE line 10)
    rows = run(graph, "covering-items-by-ksb")
    assert rows[["framework", "item", "via", "line"]].values.tolist() == [
        ["highfield", "unit/1/lo/1/ac/1.2", "K1.1", "20"],
        ["highfield-textbook", "booklet/1/page/3", "K1.1", "20"],
        ["highfield-textbook", "booklet/1/page/4", "K1.1", "20"],
        ["highfield-textbook", "booklet/1/page/5", "K1.5", "22"],
        ["highfield-textbook", "booklet/1/page/6", "K1.5", "22"],
        ["highfield-workbook", "booklet/1/question/1", "K1.1", "20"],
        ["highfield-workbook", "booklet/1/question/3", "K1.5", "22"],
        ["ncfe", "unit/17/ac/1.7", "1.2", "10"],
        ["ncfe", "unit/2/ac/1.1", "1.2", "10"]]
