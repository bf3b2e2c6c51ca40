"""Fidelity to the documents: rules on hand-made wordings, then facts read in the sources.

Each real-data fact below was checked by reading the line cited beside it.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from graph.analysis.coverage import coverage_status
from graph.analysis.network import to_networkx
from graph.ingest.pipeline import import_sources
from graph.ingest.sources import DATA_DIR
from graph.ingest.standard import channel_of, reconcile
from graph.model.tables import table
from graph.store.cache import load_graph

HF = "highfield-csp-mapping.txt"
MANUAL = "cityguilds-training-manual.txt"
SOURCES_DIR = DATA_DIR / "sources"


@pytest.fixture(scope="module")
def tables():
    """The tidy tables imported afresh from data/sources/."""
    return import_sources()


def parents(tables) -> dict[str, str]:
    items = tables["items"]
    crit = items[(items["framework"] == "standard") & (items["kind"] == "Criterion")]
    return dict(zip(crit["item_id"], crit["parent_id"], strict=True))


def audit(tables, kind: str) -> list[tuple[str, str, int]]:
    d = tables["defects"]
    rows = d[d["kind"] == kind]
    return sorted(zip(rows["item"], rows["source_file"], rows["source_line"], strict=True))


# 1. Columns that run out of step -------------------------------------------------------------

def wording(item_id, role, text, line=1, source=HF):
    return {"framework": "standard", "item_id": item_id, "role": role, "text": text,
            "source_file": source, "source_line": line}


def test_channel_placement_on_hand_made_rows():
    """Statement cells one row off: the non-facing criterion stands beside the tone statement,
    and the criterion after it names no channel but continues it."""
    face = "Use verbal skills during face-to-face communications; and/or use skills during " \
           "non-facing customer interactions."
    tone = "Use an appropriate tone of voice in all communications."
    texts = [
        wording("module/9", "highfield-module", "Communication"),
        wording("statement/9.1", "ncfe-statement", face),
        wording("statement/9.2", "ncfe-statement", tone),
        wording("criterion/S9.1", "highfield-criterion", "Face to face. Make contact.", 2),
        wording("criterion/S9.1", "highfield-statement-cell", face, 2),
        wording("criterion/S9.4", "highfield-criterion", "Non- facing. Make contact.", 3),
        wording("criterion/S9.4", "highfield-statement-cell", tone, 3),
        wording("criterion/S9.5", "highfield-criterion", "Adapt your behaviour.", 4),
        wording("criterion/S9.5", "highfield-statement-cell", tone, 3),
        wording("criterion/S9.8", "highfield-criterion", "In all roles, flex to customers.", 5),
        wording("criterion/S9.8", "highfield-statement-cell", tone, 3),
    ]
    props = table("properties", [
        {"framework": "standard", "item_id": f"criterion/{c}", "property": "distinction",
         "value": "false", "source_file": HF, "source_line": 1}
        for c in ("S9.1", "S9.4", "S9.5", "S9.8")])
    out = reconcile({"texts": table("texts", texts), "properties": props})
    got = dict(zip(out["items"]["item_id"], out["items"]["parent_id"], strict=True))
    assert [got[f"criterion/{c}"] for c in ("S9.1", "S9.4", "S9.5", "S9.8")] == [
        "statement/9.1", "statement/9.1", "statement/9.1", "statement/9.2"]
    shifted = out["defects"][out["defects"]["kind"] == "columns-out-of-step"]
    assert sorted(shifted["item"]) == ["standard:criterion/S9.4", "standard:criterion/S9.5"]


def test_channel_of():
    assert channel_of("S9.4 Non- facing'. Demonstrate") == "non-facing"
    assert channel_of("Be approachable face-to-face OR use a welcoming tone when in non "
                      "face-to-face situations") == "face-to-face"
    assert channel_of("Deal with incoming telephone calls") == "non-facing"
    assert channel_of("Offer options") == ""


def test_module_9_criteria_by_their_own_wording(tables):
    got = parents(tables)
    # Highfield lines 60-67: S9.1-S9.3 face-to-face, S9.4-S9.6 non-facing (NCFE line 70
    # states both in statement 9.1), S9.7 and S9.8 "In all roles" (NCFE line 81: 9.2).
    for code in ("S9.1", "S9.2", "S9.3", "S9.4", "S9.5", "S9.6"):
        assert got[f"criterion/{code}"] == "statement/9.1", code
    for code in ("S9.7", "S9.8"):
        assert got[f"criterion/{code}"] == "statement/9.2", code
    assert audit(tables, "columns-out-of-step") == [
        ("standard:criterion/S9.4", HF, 64), ("standard:criterion/S9.5", HF, 65),
        ("standard:criterion/S9.6", HF, 67), ("standard:criterion/S9.7", HF, 63)]


def test_no_other_criterion_names_a_channel_its_statement_lacks(tables):
    """The same defect looked for in every module: only module 9's criteria name a channel."""
    items = tables["items"]
    crit = items[(items["framework"] == "standard") & (items["kind"] == "Criterion")]
    named = sorted(n for n, label in zip(crit["notation"], crit["label"], strict=True)
                   if channel_of(label))
    assert named == ["S9.1", "S9.4", "S9.7", "S9.8"]


# 7. Decisions revisited ----------------------------------------------------------------------

def test_module_2_uncoded_distinction_criterion(tables):
    items = tables["items"].set_index(["framework", "item_id"])
    row = items.loc[("standard", "criterion/2-uncoded")]
    assert (row["notation"], row["source_file"], row["source_line"]) == (
        "K2 (uncoded)", MANUAL, 239)
    assert row["label"] == ("Explain how the organisational policies and procedures impact on "
                            "the delivery of customer service.")
    assert row["parent_id"] == "statement/2.3"  # "Know the internal policies and procedures"
    props = tables["properties"]
    mine = props[props["item_id"] == "criterion/2-uncoded"]
    assert dict(zip(mine["property"], mine["value"], strict=True)) == {
        "distinction": "true", "ksb_type": "Knowledge", "absent_from": "highfield"}
    texts = tables["texts"]
    sources = texts[texts["item_id"] == "criterion/2-uncoded"]
    assert sorted(zip(sources["source_file"], sources["source_line"], strict=True)) == [
        ("activeiq-epa-toolkit.txt", 531), ("activeiq-epa-toolkit.txt", 602), (MANUAL, 239)]


def test_gap_view_shows_the_uncoded_criterion():
    view = to_networkx(load_graph())
    rows = coverage_status(view, "highfield")
    row = rows[rows["notation"] == "K2 (uncoded)"]
    assert list(row["status"]) == ["unmapped"]


def test_statement_1_1_elaborated_as_the_manual_lays_it_out(tables):
    got = parents(tables)
    # Highfield line 20 merges statements 1.1 and 1.2. K1.1 and K1.5 name 1.2's words
    # ("difference ... internal and external customers"); K1.4 names neither, and the manual
    # sets it in the row of statement 1, "Understand who customers are" (line 221).
    assert got["criterion/K1.4"] == "statement/1.1"
    assert got["criterion/K1.1"] == got["criterion/K1.5"] == "statement/1.2"
    assert audit(tables, "merged-statement-cell") == [
        ("standard:criterion/B16.1", HF, 100), ("standard:criterion/K1.1", HF, 20),
        ("standard:criterion/K1.4", MANUAL, 221)]


# 5. Provenance of every label ----------------------------------------------------------------

# Labels the importers compose from codes rather than copy (a Highfield AC "Unit 1 LO1 AC1.2",
# a textbook page, a workbook question, an activity; a C&G outcome whose text the handbook
# omits): the cited line must carry the numbers of such a label instead (not the unit number,
# which stands in a merged cell above, nor the booklet range 13-18, the importer's rule).
COMPOSED = r"^(Unit \d+ (LO\d+( AC\d+\.\d+)?|[A-Z]/\d{3}/\d{4})|Apprenti-kit (textbook|workbook)" \
           r", modules? [\d-]+|Textbook modules? [\d-]+, page \d+|Workbook module \d+, Q\d+|" \
           r"Activity \d+)$"


def plain(text: str) -> str:
    """``text`` up to white space, quote style, markup and Markdown emphasis."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"\|[-\s|]*\||\||(^|\n)\s*-\s", " ", text)
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().lower()


def carries(lines: list[str], line: int, label: str) -> bool:
    """The cited line carries ``label``: whole, or its beginning with the rest on the lines
    that follow (a cell split by a page break)."""
    wording = plain(label).rstrip(".")
    here = plain(lines[line - 1])
    if wording in here:
        return True
    following = plain("\n".join(lines[line - 1:line + 12]))
    return wording[:25] in here and wording in following


def test_every_label_is_the_wording_of_the_line_it_cites(tables):
    texts: dict[str, list[str]] = {}
    wrong = []
    for row in tables["items"].to_dict("records"):
        if row["source_file"] not in texts:
            raw = (SOURCES_DIR / row["source_file"]).read_text(encoding="utf-8")
            if row["source_file"].endswith(".json"):  # an API record: one line, its HTML
                raw = html.unescape(json.dumps(json.loads(raw), ensure_ascii=False))  # twice
            texts[row["source_file"]] = raw.splitlines()
        lines, label = texts[row["source_file"]], row["label"]
        if re.match(COMPOSED, label):
            line = lines[row["source_line"] - 1]
            wanted = re.findall(r"\d+", re.sub(r"\d+-\d+|Unit \d+", "", label))
            ok = all(n in re.findall(r"\d+", line) for n in wanted)
        else:
            ok = carries(lines, row["source_line"], label)
        if not ok:
            wrong.append((row["framework"], row["item_id"], label, row["source_line"]))
    assert wrong == [], "\n".join(map(str, wrong))


def test_module_labels_cite_a_line_that_words_them_so(tables):
    items = tables["items"].set_index(["framework", "item_id"])
    # Highfield line 20 says "Knowing your customer"; NCFE, the manual and the handbook say
    # "customers": the label is the majority's and cites NCFE's line 9.
    row = items.loc[("standard", "module/1")]
    assert (row["label"], row["source_file"], row["source_line"]) == (
        "Knowing your customers", "ncfe-601-3973-0-mapping.txt", 9)


# 2. Assessment rules the documents state ---------------------------------------------------

def prop_rows(tables, framework: str, item_id: str, name: str) -> list[tuple[str, str, int]]:
    p = tables["properties"]
    rows = p[(p["framework"] == framework) & (p["item_id"] == item_id) & (p["property"] == name)]
    return sorted(zip(rows["value"], rows["source_file"], rows["source_line"], strict=True))


HANDBOOK = "cityguilds-2794-02-handbook.txt"
TOOLKIT = "activeiq-epa-toolkit.txt"


def test_how_each_cityguilds_unit_is_assessed(tables):
    portfolio = "Portfolio of evidence Centre-devised, internally set and marked assessment"
    lines = dict(zip(range(201, 214), [247, 248, 249, 250, 251, 255, 256, 257, 258, 259, 260,
                                         261, 262], strict=True))
    for unit, line in lines.items():
        kind = "Multiple choice test" if unit == 210 else portfolio
        assert prop_rows(tables, "cityguilds", f"unit/{unit}", "assessment_type") == [
            (kind, HANDBOOK, line)], unit
    # Test specifications, lines 314-324.
    assert prop_rows(tables, "cityguilds", "unit/210", "pass_mark") == [
        ("minimum of 18 out of 25", HANDBOOK, 316)]
    assert prop_rows(tables, "cityguilds", "unit/210", "duration") == [
        ("60 minutes", HANDBOOK, 318)]
    assert prop_rows(tables, "cityguilds", "unit/210", "grade_rule") == [
        ("Pass/Fail", HANDBOOK, 314)]
    split = [prop_rows(tables, "cityguilds", f"unit/210/lo/{lo}", "question_split")[0][0]
             for lo in range(1, 5)]
    assert split == ["5 questions (20%)", "5 questions (20%)", "8 questions (32%)",
                     "7 questions (28%)"]
    assert prop_rows(tables, "cityguilds", "unit/210", "question_split") == [
        ("25 questions (100%)", HANDBOOK, 324)]


def test_overall_grade_rule_of_each_document(tables):
    rules = prop_rows(tables, "epa", "", "grade_rule")
    assert sorted((f, line) for _, f, line in rules) == [
        (TOOLKIT, 139), (TOOLKIT, 145), (TOOLKIT, 1087), (TOOLKIT, 1089),
        (MANUAL, 197), (MANUAL, 202)]
    assert prop_rows(tables, "cityguilds", "", "grade_rule") == [("Pass/Fail", HANDBOOK, 16)]


def test_contradictions_cite_both_lines(tables):
    d = tables["defects"]
    rows = d[d["kind"] == "assessment-contradiction"]
    found = sorted(zip(rows["item"], rows["source_file"], rows["source_line"], strict=True))
    assert found == [
        ("cityguilds:unit/210", HANDBOOK, 266), ("cityguilds:unit/210", HANDBOOK, 268),
        ("epa:", MANUAL, 202), ("epa:", MANUAL, 202), ("epa:", MANUAL, 202),
        ("standard:module/11", TOOLKIT, 483)]
    messages = " ".join(rows["message"])
    assert "line 259" in messages  # the unit 210 test
    assert f"{TOOLKIT} line 139" in messages  # a Distinction in each method
    assert f"{MANUAL} line 190" in messages  # module 11 in the observation


def test_which_method_assesses_which_module(tables):
    m = tables["mappings"]
    observed = m[(m["subject_id"] == "method/observation") & (m["predicate"] == "assesses")]
    by_source = {f: sorted(int(o.split("/")[1]) for o in g["object_id"])
                 for f, g in observed.groupby("source_file")}
    assert by_source == {MANUAL: [8, 9, 11, 16, 17], TOOLKIT: [8, 9, 16, 17, 18]}


# 3. Wordings that restate a criterion hang on it, siblings alike ---------------------------

def test_restated_wordings_follow_one_rule_in_every_cell(tables):
    """Every toolkit wording of a guidance list, pass list or checklist hangs on the criterion
    it restates exactly when its best score reaches the cutoff, whatever its siblings do."""
    from graph.ingest.standard import (
        CRITERION_ROLE,
        RESTATES_CUTOFF,
        criterion_similarity,
        strip_lead_in,
    )
    texts = tables["texts"]
    coded = texts[texts["role"] == "highfield-criterion"]  # the wording the rule compares
    labels = dict(zip(coded["item_id"], coded["text"], strict=True))
    items = tables["items"].set_index(["framework", "item_id"])
    labels["criterion/2-uncoded"] = items.loc[("standard", "criterion/2-uncoded"), "label"]
    toolkit = texts[(texts["source_file"] == TOOLKIT) & texts["role"].str.match(
        CRITERION_ROLE.pattern)]
    cells: dict[tuple[int, str], list[bool]] = {}
    wrong = []
    for row in toolkit.to_dict("records"):
        text = strip_lead_in(row["text"])
        module = row["item_id"].split("/")[1] if row["item_id"].startswith("module/") else ""
        scope = {i: label for i, label in labels.items() if not module
                 or i.split("/")[1].split("-")[0].lstrip("KSB").split(".")[0] == module}
        best = max(scope, key=lambda i: criterion_similarity(text, scope[i]))
        restates = criterion_similarity(text, scope[best]) >= RESTATES_CUTOFF
        hangs = row["item_id"].startswith("criterion/")
        cells.setdefault((row["source_line"], row["role"]), []).append(hangs)
        if restates != hangs or (hangs and row["item_id"] != best):
            wrong.append((row["source_line"], row["text"][:60], row["item_id"], best))
    assert wrong == []
    # Siblings of one cell: line 1004 restates K1.5, K1.4 and K1.6; all three hang on them.
    assert cells[(1004, "epa-distinction")] == [True, True, True]


def test_restated_siblings_on_the_hand_made_cell():
    texts = [
        wording("module/1", "highfield-module", "Knowing"),
        wording("statement/1.1", "ncfe-statement", "Understand customers."),
        wording("criterion/K1.1", "highfield-criterion",
                "Explain the importance of balancing the needs of both the organisation and "
                "its customers.", 2),
        wording("criterion/K1.1", "highfield-statement-cell", "Understand customers.", 2),
        wording("criterion/K1.2", "highfield-criterion",
                "Explain how to build trust with customers and the importance of doing so.", 3),
        wording("criterion/K1.2", "highfield-statement-cell", "", 3),
        # One cell of the toolkit: the first restates K1.1 closely (score 97), the second
        # K1.2 in its own words (88), above the cutoff: both hang on their criteria.
        wording("module/1", "epa-distinction", "Explain the importance of balancing the needs "
                "of both the organisation and its customers in your role.", 9, TOOLKIT),
        wording("module/1", "epa-distinction", "Explain how you build trust with customers "
                "and why doing so is important.", 9, TOOLKIT),
    ]
    props = table("properties", [
        {"framework": "standard", "item_id": f"criterion/K1.{i}", "property": "distinction",
         "value": "true", "source_file": HF, "source_line": 1} for i in (1, 2)])
    out = reconcile({"texts": table("texts", texts), "properties": props})
    hung = out["texts"][out["texts"]["source_file"] == TOOLKIT]
    assert sorted(hung["item_id"]) == ["criterion/K1.1", "criterion/K1.2"]


# 4. Every difference between the documents' wordings -----------------------------------------

def test_wording_differences_of_every_kind(tables):
    d = tables["defects"]
    found = {k: sorted(zip(g["item"], g["source_file"], g["source_line"], strict=True))
             for k, g in d.groupby("kind")}
    # Highfield line 20 "Knowing your customer"; NCFE line 9 "Knowing your customers".
    assert ("standard:module/1", HF, 20) in found["singular-plural"]
    # Toolkit line 481 "Dealing with customer challenge and conflict".
    assert ("standard:module/12", TOOLKIT, 481) in found["swapped-words"]
    # The manual (line 272) says "customer handling" where Highfield (line 63) says "handing".
    assert found["typo"] == [("standard:criterion/S9.7", MANUAL, 272)]
    # "sign-posting" (NCFE line 103) against "signposting" (Highfield 79, manual 291).
    assert ("standard:statement/12.3", HF, 79) in found["spelling-variant"]
    # Highfield names its activity kit two ways (lines 7 and 18).
    assert found["resource-name-differs"] == [("", HF, 7)]
    # The handbook's test names unit 210's LO4 with "product and/or service" (line 323).
    assert ("cityguilds:unit/210/lo/4", HANDBOOK, 323) in found["wording-differs"]
    # Highfield 103 "professional pride", NCFE 146 "personal pride".
    assert ("standard:statement/17.1", HF, 103) in found["wording-differs"]


def test_every_difference_cites_both_lines(tables):
    d = tables["defects"]
    kinds = ["typo", "swapped-words", "singular-plural", "spelling-variant", "tense-differs",
             "wording-differs"]
    rows = d[d["kind"].isin(kinds) & d["item"].str.startswith("standard:")]
    assert len(rows) > 0
    for row in rows.to_dict("records"):
        assert f"{row['source_file']} line {row['source_line']}" in row["message"]
        assert len(re.findall(r"\.txt line \d+", row["message"])) == 2, row["message"]


# 6. Numbers the documents state ------------------------------------------------------------

def test_task_and_unit_pages(tables):
    pages = [int(prop_rows(tables, "cityguilds-manual", f"task/{n}", "page")[0][0])
             for n in range(1, 16)]
    # Manual contents, lines 84-98.
    assert pages == [29, 39, 51, 69, 83, 93, 107, 117, 135, 147, 169, 183, 199, 207, 221]
    assert prop_rows(tables, "cityguilds-manual", "task/reflective-practice", "page") == [
        ("19", MANUAL, 83)]
    # Handbook contents, lines 58-71.
    assert prop_rows(tables, "cityguilds", "unit/205", "page") == [("42", HANDBOOK, 63)]
    assert prop_rows(tables, "cityguilds", "unit/213", "page") == [("87", HANDBOOK, 71)]
    # The manual's method table gives each method's pass mark (lines 189-191).
    assert prop_rows(tables, "epa", "method/showcase", "pass_mark") == [("100%", MANUAL, 189)]
