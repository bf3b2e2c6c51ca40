"""The second real store: a private Virtuoso 7 (Debian's package, stock query limits) answers
every read command, every library query and the app exactly as the local Oxigraph store
does, on the bundled data and on a synthetic catalogue; and the protocol client's rules,
against that Virtuoso and a real Oxigraph server."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
import requests
from typer.testing import CliRunner

from graph.analysis.coverage import LEVEL_KINDS
from graph.cli import app
from graph.errors import CrosswalkError
from graph.ingest.sources import DATA_DIR
from graph.ingest.synth import synth
from graph.model.vocab import ID
from graph.store.cache import cached_store, load_graph
from graph.store.library import library
from graph.store.publish import publish
from graph.store.remote import (
    GET_MAX_URL,
    PASSWORD_SETTING,
    USER_SETTING,
    EndpointError,
    parse_results,
    remote_query,
)

pytestmark = pytest.mark.virtuoso

NAMED = "https://w3id.org/ksb-crosswalk/id/graph/virtuoso-test"
SYNTH_NAMED = "https://w3id.org/ksb-crosswalk/id/graph/virtuoso-synth"
BUNDLED_TRIPLES = len(ox.Store.read_only(str(cached_store())))  # the bundled build
runner = CliRunner()


@pytest.fixture(scope="module")
def dba():
    """The private Virtuoso's administrator login, in the settings publish reads."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(USER_SETTING, "dba")
        patch.setenv(PASSWORD_SETTING, "dba")
        yield


@pytest.fixture(scope="module")
def sparql(virtuoso, dba) -> str:
    """Virtuoso's query endpoint, after publishing the bundled graph (in three requests)."""
    assert publish(f"{virtuoso}/sparql-graph-crud-auth", NAMED, chunk_triples=10_000) \
        == BUNDLED_TRIPLES
    return f"{virtuoso}/sparql"


@pytest.fixture(scope="module")
def synthetic(virtuoso, dba, tmp_path_factory) -> Path:
    """A small synthetic catalogue, built here and published to Virtuoso."""
    folder = tmp_path_factory.mktemp("synth")
    synth(folder, 2, 6, 7)
    publish(f"{virtuoso}/sparql-graph-crud-auth", SYNTH_NAMED, folder)
    return folder


def crosswalk(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def assert_same_everywhere(data: Path, endpoint: str, graph: str,
                           commands: list[list[str]]) -> None:
    """Each command's output, as CSV, is the same locally and through the endpoint."""
    for command in commands:
        here = crosswalk("--data", str(data), *command, "-f", "csv")
        there = crosswalk("--data", str(data), "--endpoint", endpoint, "--graph", graph,
                          *command, "-f", "csv")
        assert here.count("\n") >= 1, command  # the header at least
        assert there == here, command


def test_every_read_command_and_library_query_is_the_same_on_virtuoso(sparql):
    frameworks = pd.read_csv(DATA_DIR / "frameworks.csv")["framework"].tolist()
    commands = [["stats"], ["audit"], ["fit", "--detail"], ["trace", "K1.1"], ["trace", "3"],
                ["equivalents", "--groups"], ["suggest", "--framework", "ncfe"],
                *[["gaps", "--framework", key] for key in ("highfield", "cityguilds", "epa")],
                *[["gaps", "--framework", "ncfe", "--level", level] for level in LEVEL_KINDS],
                ["optional-units", "--framework", "cityguilds"],
                *[["sparql", name] for name in library()]]
    assert {"highfield", "ncfe", "cityguilds", "epa"} <= set(frameworks)
    assert_same_everywhere(DATA_DIR, sparql, NAMED, commands)


def test_a_synthetic_catalogue_is_the_same_on_virtuoso(sparql, synthetic):
    frameworks = pd.read_csv(synthetic / "frameworks.csv")
    qualification = frameworks[frameworks["kind"] == "Qualification"]["framework"].iloc[0]
    commands = [["stats"], ["audit"], ["fit"], ["equivalents"],
                *[["gaps", "--framework", qualification, "--level", level]
                  for level in LEVEL_KINDS],
                ["optional-units", "--framework", qualification],
                *[["sparql", name] for name in library()]]
    assert_same_everywhere(synthetic, sparql, SYNTH_NAMED, commands)


def test_the_app_reads_the_same_content_from_virtuoso(sparql, monkeypatch):
    from graph.ui.data import load_explorer

    local = load_explorer(DATA_DIR)
    monkeypatch.setenv("CROSSWALK_ENDPOINT", sparql)
    monkeypatch.setenv("CROSSWALK_GRAPH", NAMED)
    remote = load_explorer(DATA_DIR)
    assert remote.keys == local.keys and remote.qualifications == local.qualifications
    for name in ("frameworks", "counts", "coverage", "ranking", "audit", "fit", "similarity",
                 "groups", "suggestions"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name),
                                      obj=name)


def test_the_import_page_needs_the_local_data_folder(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from graph.ingest.sources import PROJECT_ROOT

    monkeypatch.setenv("CROSSWALK_ENDPOINT", "http://127.0.0.1:9/sparql")
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "import.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "not available here" in at.info[0].value
    assert not at.get("file_uploader")


def test_ask_is_a_boolean_in_either_of_virtuosos_forms(sparql):
    reply = requests.post(sparql, data={"query": "ASK {}"}, timeout=10,
                          headers={"Accept": "application/sparql-results+json"}).json()
    assert reply.get("boolean") is True or reply["head"]["vars"] == ["__ASK_RETVAL"]
    assert parse_results(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{'
                         b'"__ASK_RETVAL": {"type": "typed-literal", "value": "0"}}]}}',
                         "application/sparql-results+json").boolean is False
    assert remote_query(sparql, "ASK { ?s a cw:Module }")["ask"].tolist() == [True]
    assert remote_query(sparql, "ASK { <urn:none> ?p ?o }")["ask"].tolist() == [False]


def test_a_long_query_travels_as_a_form_post(sparql):
    keys = " ".join(f'"framework-{i}"' for i in range(300)) + ' "ncfe"'
    text = f"SELECT ?key WHERE {{ VALUES ?key {{ {keys} }} ?s dcterms:identifier ?key }}"
    assert len(text) > GET_MAX_URL
    endpoint = f"{sparql}?default-graph-uri={NAMED}"
    assert remote_query(endpoint, text)["key"].tolist() == ["ncfe"]


def test_rows_beyond_virtuosos_row_limit_are_fetched_page_by_page(sparql):
    digits = " ".join(str(i) for i in range(10))
    text = (f"SELECT ?n WHERE {{ VALUES ?a {{ {digits} }} VALUES ?b {{ {digits} }} "
            f"VALUES ?c {{ {digits} }} VALUES ?d {{ {digits} 10 11 }} "
            "BIND(?a + 10 * ?b + 100 * ?c + 1000 * ?d AS ?n) }")
    numbers = remote_query(sparql, text)["n"].astype(int)
    assert len(numbers) == 12000 and set(numbers) == set(range(12000))  # the limit is 10,000
    with pytest.raises(EndpointError, match="cut the ordered result at its row limit, 10000 "
                                            "rows, and cannot sort past it: raise"):
        remote_query(sparql, f"{text} ORDER BY ?n")


def test_logins_rejected_missing_and_anonymous_writes(virtuoso, monkeypatch, tmp_path):
    store = f"{virtuoso}/sparql-graph-crud-auth"
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    monkeypatch.delenv(USER_SETTING, raising=False)
    monkeypatch.delenv(PASSWORD_SETTING, raising=False)
    result = runner.invoke(app, ["publish", "--store", store, "--graph", "urn:x"])
    assert result.exit_code == 1
    assert result.stderr == (f"crosswalk: error: {store} asks for a login (HTTP 401): set "
                             f"{USER_SETTING} and {PASSWORD_SETTING}, or a ~/.netrc entry "
                             "for its host\n")
    monkeypatch.setenv(USER_SETTING, "dba")
    monkeypatch.setenv(PASSWORD_SETTING, "not-the-password")
    result = runner.invoke(app, ["publish", "--store", store, "--graph", "urn:x"])
    assert result.stderr == (f"crosswalk: error: {store} rejected the login of 'dba' "
                             "(HTTP 401): check the user and password\n")
    with pytest.raises(EndpointError, match=r"HTTP 403 .*Permission denied"):
        publish(f"{virtuoso}/sparql-graph-crud", "urn:x")  # no grants for anonymous users


def test_a_netrc_login_publishes(virtuoso, monkeypatch, tmp_path):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(USER_SETTING, raising=False)
    monkeypatch.delenv(PASSWORD_SETTING, raising=False)
    assert publish(f"{virtuoso}/sparql-graph-crud-auth", "urn:netrc") == BUNDLED_TRIPLES
    count = remote_query(f"{virtuoso}/sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "
                                               "<urn:netrc> { ?s ?p ?o } }")
    assert count["n"].tolist() == [str(BUNDLED_TRIPLES)]


def test_partial_rows_at_virtuosos_own_time_limit_are_an_error(sparql):
    limited = f"{sparql}?default-graph-uri={NAMED}&timeout=100"  # Virtuoso's "anytime" query
    with pytest.raises(EndpointError, match=r"stopped the query at its own time limit and "
                                            r"sent partial rows, so they are not used \(RC"):
        remote_query(limited, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                              "FILTER(STRLEN(STR(?c)) > STRLEN(STR(?f))) }")


def test_the_remote_graph_is_read_only_and_serialises(sparql):
    graph = load_graph(endpoint=sparql, named_graph=NAMED)
    assert len(graph) == BUNDLED_TRIPLES
    local = load_graph()
    k11 = ID["standard/criterion/K1.1"]
    def about(g):
        return {tuple(str(term) for term in triple) for triple in g.triples((k11, None, None))}

    assert len(about(graph)) > 5 and about(graph) == about(local)
    with pytest.raises(CrosswalkError, match="is read here, never written"):
        graph.add((k11, k11, k11))
