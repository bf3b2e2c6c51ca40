"""The app's SPARQL page: messages in the user's terms for empty and broken queries."""

from __future__ import annotations

from tests.test_app import page


def run_text(text: str):
    at = page("app_pages/sparql.py")
    at.text_area[0].input(text).run()
    at.button[0].click().run()
    assert not at.exception
    return at


def test_an_empty_query_asks_for_one():
    at = run_text("   ")
    assert [e.value for e in at.error] == ["enter a query: the query is empty"]


def test_an_error_position_counts_from_the_users_text():
    at = run_text("SELECT ?item WHERE {\n  ?item skos:prefLabel }")
    assert len(at.error) == 1
    assert at.error[0].value.startswith("not a valid SPARQL query: error at 2:24:")


def test_service_in_a_comment_line_is_refused():
    at = run_text("SELECT * WHERE { # note\r SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } \n}")
    assert [e.value for e in at.error] == [
        "SERVICE is not allowed: queries run on this graph only"]
