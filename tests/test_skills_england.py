"""The official standard: the Skills England records, their graph, and their links to the
documents. Every value pinned here was read in data/sources/skills-england/."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.ingest import official, skills_england
from graph.ingest.sources import DATA_DIR
from graph.model.build import build_graph
from graph.model.tables_io import read_tables
from graph.model.vocab import ID
from graph.store.queries import select

V11 = "ST0072@1.1"
K1_GUID = "5a8f3fb4-7427-45ca-8635-c4d6f0a777ff"
S2_GUID = "8c86c734-c2ee-49e8-92d2-82c54b0398cc"
S3_GUID = "738caf96-b549-431d-9c72-a4ad6cc6ce2c"


@pytest.fixture(scope="module")
def graph():
    return build_graph(read_tables(DATA_DIR))


@pytest.fixture(scope="module")
def tables():
    return skills_england.parse()


def _props(tables, framework, item_id=""):
    p = tables["properties"]
    rows = p[(p["framework"] == framework) & (p["item_id"] == item_id)]
    return rows.groupby("property")["value"].apply(list).to_dict()


def test_two_versions_with_their_metadata(tables):
    frameworks = tables["frameworks"].set_index("framework")
    assert list(frameworks.index) == ["ST0072@1.0", V11]
    assert set(frameworks["reference"]) == {"ST0072"}
    assert set(frameworks["publisher"]) == {"Skills England"}
    assert set(frameworks["kind"]) == {"StandardVersion"}
    old, new = _props(tables, "ST0072@1.0"), _props(tables, V11)
    assert old["status"] == ["Retired"] and old["status_date"] == ["2018-10-02"]
    assert new["status"] == ["Approved for delivery"]
    assert new["version"] == ["1.1"] and new["lars_code"] == ["122"] and new["level"] == ["2"]
    assert new["route"] == ["Sales, marketing and procurement"]
    assert old["funding_band"] == ["4000"] and new["funding_band"] == ["3500"]
    assert new["typical_duration"] == ["12"]
    assert new["assessment_plan"] == [
        "https://skillsengland.education.gov.uk/media/7271/customer_service_practitionerem.pdf"]
    assert new["page_url"] == ["https://skillsengland.education.gov.uk/apprenticeships/st0072-v1-1"]
    assert new["occupation_code"] == ["OCC0072"]
    assert new["soc2010"] == ["7219"] and new["soc2020"] == ["7211"]
    assert len(new["job_title"]) == 8 and "customer service agent" in new["job_title"]


def test_35_ksbs_with_codes_wording_and_guids(tables):
    items = tables["items"]
    ksbs = items[(items["framework"] == V11) & (items["kind"] == "KSB")]
    assert len(ksbs) == 35
    codes = list(ksbs["notation"])
    assert codes == ([f"K{i}" for i in range(1, 16)] + [f"S{i}" for i in range(1, 11)]
                     + [f"B{i}" for i in range(1, 11)])
    by_code = ksbs.set_index("notation")
    assert by_code.loc["K1", "label"] == "Understand who customers are."
    assert by_code.loc["K1", "item_id"] == f"ksb/{K1_GUID}"
    assert "non-facing" in by_code.loc["S3", "label"]
    assert by_code.loc["S3", "item_id"] == f"ksb/{S3_GUID}"
    assert "face-to-face" in by_code.loc["S2", "label"]
    # version 1.0's record lists no KSBs (the saved record is abridged)
    assert not len(items[items["framework"] == "ST0072@1.0"])


def test_ksbs_stand_under_the_18_headings(tables):
    items = tables["items"]
    headings = items[(items["framework"] == V11) & (items["kind"] == "Heading")]
    assert len(headings) == 18
    assert headings.iloc[0]["label"] == "Knowing your customers"
    assert headings.iloc[1]["label"] == "Understanding the organisation"  # was &nbsp; escaped
    ksbs = items[items["kind"] == "KSB"].set_index("notation")
    assert ksbs.loc["K1", "parent_id"] == "heading/1"
    assert {ksbs.loc[c, "parent_id"] for c in ("S2", "S3", "S4")} == {"heading/9"}
    assert ksbs.loc["B10", "parent_id"] == "heading/18"
    per_heading = ksbs.groupby("parent_id").size()
    assert per_heading.sum() == 35 and per_heading["heading/12"] == 4


def test_s4_lead_in_outside_its_list_is_reported(tables):
    defects = tables["defects"]
    assert list(defects["kind"]) == ["lead-in-differs"]
    assert defects.iloc[0]["message"].startswith("S4 opens with 'Depending on your job role")


def test_information_parser_reads_double_escaped_html():
    info = ("&lt;h3&gt;&lt;strong&gt;Knowledge&lt;/strong&gt;&lt;/h3&gt;&lt;p&gt;&lt;strong&gt;"
            "A&amp;nbsp;b&lt;/strong&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Lead:&lt;/li&gt;&lt;ul&gt;"
            "&lt;li&gt;One &amp;amp; two.&lt;/li&gt;&lt;/ul&gt;&lt;/ul&gt;&lt;ul&gt;&lt;li&gt;"
            "Three.&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Duration&lt;/h3&gt;&lt;p&gt;x&lt;/p&gt;")
    [heading] = skills_england.information_headings(info)
    assert heading.title == "A b"
    assert heading.entries == [("", "Lead:"), ("Lead:", "One & two."), ("", "Three.")]


def test_graph_has_the_official_facts(graph):
    rows = select(graph, f"""SELECT ?ref ?lars ?version ?page WHERE {{
        <{ID[V11]}> a cw:StandardVersion ; cw:reference ?ref ; cw:larsCode ?lars ;
                    cw:version ?version ; cw:pageUrl ?page }}""")
    assert rows.to_dict("records") == [{
        "ref": "ST0072", "lars": "122", "version": "1.1",
        "page": "https://skillsengland.education.gov.uk/apprenticeships/st0072-v1-1"}]
    k1 = select(graph, f"""SELECT ?label WHERE {{ ?k skos:notation "K1" ;
        skos:inScheme <{ID[V11]}> ; skos:prefLabel ?label ; cw:skillsEnglandId "{K1_GUID}" }}""")
    assert list(k1["label"]) == ["Understand who customers are."]


def test_every_official_ksb_links_to_a_statement():
    tables = _pipeline()
    maps = tables["mappings"]
    links = maps[maps["predicate"].isin(["exact-match", "close-match"])
                 & maps["subject_id"].str.startswith("ksb/")]
    assert len(links) == 35 and links["subject_id"].is_unique
    assert (links["predicate"] == "exact-match").sum() == 33
    merged = links[links["predicate"] == "close-match"]
    assert set(merged["subject_id"]) == {f"ksb/{S2_GUID}", f"ksb/{S3_GUID}"}
    assert set(merged["object_id"]) == {"statement/9.1"}
    assert merged["score"].astype(float).min() >= 90 and merged["note"].str.contains("part").all()
    headings = maps[maps["subject_id"].str.startswith("heading/")]
    assert len(headings) == 18


def target_of(elaborates, subject: str) -> str:
    return elaborates.set_index("subject_id").at[subject, "object_id"]


def test_each_criterion_elaborates_one_ksb_and_non_facing_goes_to_s3():
    tables = _pipeline()
    maps = tables["mappings"]
    elaborates = maps[maps["predicate"] == "elaborates"]
    # the 74 coded criteria and module 2's uncoded one (under K6, as its statement 2.3)
    assert len(elaborates) == 75 and elaborates["subject_id"].is_unique
    assert target_of(elaborates, "criterion/2-uncoded") == \
        "ksb/4363e16a-1399-4dfa-b9fa-0421805c99bc"
    target = dict(zip(elaborates["subject_id"], elaborates["object_id"], strict=True))
    assert target["criterion/S9.1"] == f"ksb/{S2_GUID}"  # "Face to face'."
    for code in ("S9.4", "S9.5", "S9.6"):  # "Non- facing'." and the rows under it
        assert target[f"criterion/{code}"] == f"ksb/{S3_GUID}", code
    assert (elaborates["note"] != "").all()


def test_wording_differences_are_audited_with_the_official_verdict():
    defects = _pipeline()["defects"]
    differs = defects[defects["kind"] == "differs-from-official"]
    # the City & Guilds training manual (line 282) writes "and prioritise" for S6
    s6 = differs[differs["message"].str.startswith("S6 reads")]
    assert len(s6) == 1
    assert s6.iloc[0]["source_file"] == "cityguilds-training-manual.txt"
    assert "which decides: the official wording confirms" in s6.iloc[0]["message"]
    assert "NCFE" in s6.iloc[0]["message"]
    merged = defects[defects["kind"] == "merged-official-ksbs"]
    assert list(merged["message"]) == [
        "statement 9.1 merges the official S2 and S3, which ST0072@1.1 states separately"]


def test_reconcile_without_an_official_record_adds_nothing():
    tables = _pipeline()
    bare = {**tables, "frameworks": tables["frameworks"][
        tables["frameworks"]["kind"] != "StandardVersion"]}
    out = official.reconcile(bare)
    assert out["mappings"].empty and out["defects"].empty


_CACHE: dict = {}


def _pipeline() -> dict[str, pd.DataFrame]:
    from graph.ingest.pipeline import import_sources
    if "tables" not in _CACHE:
        _CACHE["tables"] = import_sources()
    return _CACHE["tables"]
