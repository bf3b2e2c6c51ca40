"""What the coverage map says about frameworks and items, in words (no Streamlit here).

* :func:`framework_names`: each framework's short human name, kind and family, read from the
  graph (titles and publishers as the documents give them);
* :func:`item_name`: an item as people name it, ``K1.1 Explain the difference…`` or
  ``Unit 204 Understanding customers``, from its kind, notation and label;
* :func:`search_options`: every item a person can put in focus, named with its framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis.coverage import LEVEL_KINDS, ancestors, natural_key, standard_order
from graph.analysis.trace import resolve_notation
from graph.errors import UnknownItemError
from graph.store.queries import select
from graph.ui.data import FRAMEWORK_ORDER

STANDARD = "standard"
# What a framework is, in words, by its class in the graph.
FRAMEWORK_KINDS = {"ApprenticeshipStandard": "standard", "Qualification": "qualification",
                   "LearningResource": "learning resource", "AssessmentPlan": "assessment plan"}
# The words a title ends with that name the kind of resource it is (the short name keeps them).
RESOURCE_WORDS = ("textbook", "workbook", "activity kit", "training manual")
# How an item of each kind is named: the word before its notation ("Unit 204"), or None when
# its label names it already ("Textbook modules 1-2, page 4").
KIND_PREFIXES = {"Module": "Module ", "StandardStatement": "Statement ", "Criterion": "",
                 "Unit": "Unit ", "LearningOutcome": "LO", "AssessmentCriterion": "AC",
                 "TrainingTask": "Task ", "CoverageItem": "Topic "}
# Kinds a person can put in focus; a manual's coverage items are reached through their tasks.
SEARCH_KINDS = ("Criterion", "StandardStatement", "Module", "Unit", "LearningOutcome",
                "AssessmentCriterion", "Booklet", "TextbookPage", "WorkbookQuestion",
                "Activity", "TrainingTask", "AssessmentMethod", "AssessmentComponent")
SEARCH_NAME_LENGTH = 140  # long enough for the words people search for
FRAMEWORK_COLUMNS = ["framework", "kind", "name", "title", "publisher"]


def framework_names(graph: Graph) -> pd.DataFrame:
    """Every framework: key, kind in words, short name, full title and publisher.

    The short name is the publisher and what the framework is: ``NCFE qualification``,
    ``Highfield textbook``, ``City & Guilds training manual``, ``Active IQ end-point
    assessment``; the standard keeps its title. Two frameworks that would share a short name
    get their full titles.
    """
    frame = select(graph, """
        SELECT ?framework ?class ?title ?publisher WHERE {
          ?s a skos:ConceptScheme ; dcterms:identifier ?framework ; dcterms:title ?title ;
             a ?k . FILTER(?k IN (cw:ApprenticeshipStandard, cw:Qualification,
                                  cw:LearningResource, cw:AssessmentPlan))
          BIND(STRAFTER(STR(?k), "#") AS ?class)
          OPTIONAL { ?s dcterms:publisher/rdfs:label ?publisher }
        }
    """)
    rows = []
    for row in frame.itertuples(index=False):
        kind = FRAMEWORK_KINDS[row._1]
        rows.append({"framework": row.framework, "kind": kind, "title": row.title,
                     "publisher": row.publisher,
                     "name": short_name(row.title, row.publisher, kind)})
    out = pd.DataFrame(rows, columns=FRAMEWORK_COLUMNS)
    shared = out["name"].duplicated(keep=False)
    out.loc[shared, "name"] = out.loc[shared, "title"]
    rank = {key: i for i, key in enumerate((STANDARD, *FRAMEWORK_ORDER))}
    return out.sort_values("framework", key=lambda keys: keys.map(
        lambda k: (rank.get(k, len(rank)), k))).reset_index(drop=True)


def ordered_frameworks(frameworks: Iterable[str]) -> list[str]:
    """The framework keys in the app's order (unknown keys last, by name), without the
    standard itself.

    >>> ordered_frameworks(["epa", "zz", "standard", "ncfe"])
    ['ncfe', 'epa', 'zz']
    """
    rank = {key: i for i, key in enumerate(FRAMEWORK_ORDER)}
    return sorted(set(frameworks) - {STANDARD}, key=lambda k: (rank.get(k, len(rank)), k))


def short_name(title: str, publisher: str, kind: str) -> str:
    """A framework's short name (see :func:`framework_names`).

    >>> short_name("Highfield Standards Apprenti-kit textbook", "Highfield", "learning resource")
    'Highfield textbook'
    >>> short_name("NCFE Level 2 Diploma in Customer Service", "NCFE", "qualification")
    'NCFE qualification'
    >>> short_name("Customer Service Practitioner end-point assessment", "Active IQ",
    ...            "assessment plan")
    'Active IQ end-point assessment'
    """
    if kind == "standard" or not publisher:
        return title
    lowered = title.lower()
    what = next((w for w in RESOURCE_WORDS if w in lowered), None)
    if kind == "assessment plan":
        what = "end-point assessment"
    return f"{publisher} {what or kind}"


def item_name(data: Mapping) -> str:
    """An item in words: its kind's word and notation, then its label, unless the label
    names them already.

    >>> item_name({"kind": "Criterion", "notation": "K1.1", "label": "Explain it"})
    'K1.1 Explain it'
    >>> item_name({"kind": "Unit", "notation": "5", "label": "Unit 5 H/615/6240"})
    'Unit 5 H/615/6240'
    >>> item_name({"kind": "AssessmentCriterion", "notation": "2.8", "label": "Maintain"})
    'AC2.8 Maintain'
    >>> item_name({"kind": "LearningOutcome", "notation": "1", "label": "Unit 8 LO1"})
    'Unit 8 LO1'
    >>> item_name({"kind": "TextbookPage", "notation": "17", "label": "Textbook, page 17"})
    'Textbook, page 17'
    """
    label = str(data.get("label") or "")
    prefix = KIND_PREFIXES.get(data["kind"])
    notation = str(data.get("notation") or "")
    if prefix is None or not notation:
        return label
    if f"{prefix}{notation}" in label:
        return label
    return f"{prefix}{notation} {label}".strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> shorten("Explain the difference between internal and external customers", 40)
    'Explain the difference between internal…'
    >>> shorten("Short", 40)
    'Short'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def search_options(view: nx.MultiDiGraph, names: Mapping[str, str]) -> dict[str, str]:
    """Item key -> the name a person searches for, for every item that can be in focus.

    The standard's criteria, statements and modules first (in the standard's order), then
    each framework's items by framework (in ``names``' order) and notation. A framework
    item's name starts with its framework's short name (``names``) and the unit it is in:
    ``NCFE qualification · Unit 2 · AC1.1 Explain…``. Names are unique.
    """
    rank = {key: i for i, key in enumerate(names)}
    standard = [n for level in ("criterion", "statement", "module") for n in sorted(
        (n for n, d in view.nodes(data=True)
         if d.get("framework") == STANDARD and d.get("kind") == LEVEL_KINDS[level]),
        key=lambda n: standard_order(view.nodes[n]["notation"]))]
    others = sorted((n for n, d in view.nodes(data=True)
                     if d.get("framework") in names and d.get("framework") != STANDARD
                     and d.get("kind") in SEARCH_KINDS),
                    key=lambda n: (rank[view.nodes[n]["framework"]], natural_key(n)))
    out: dict[str, str] = {}
    seen: set[str] = set()
    for node in standard + others:
        data = view.nodes[node]
        parts = [item_name(data)]
        if data["framework"] != STANDARD:
            above = [item_name(view.nodes[a]) for a in ancestors(view, node)
                     if view.nodes[a].get("kind") in ("Unit", "Booklet", "AssessmentMethod")]
            parts = [names[data["framework"]], *above, *parts]
        name = shorten(" · ".join(p for p in parts if p), SEARCH_NAME_LENGTH)
        while name in seen:
            name += " ·"
        seen.add(name)
        out[node] = name
    return out


def resolve_item(view: nx.MultiDiGraph, options: Mapping[str, str],
                 wanted: str | None) -> str | None:
    """The item a search or a link names, ignoring case: an item key of ``options``; a
    standard code (``k1.1``, statement ``1.2``, module ``1``); an item's search name; else
    the first item whose name contains the words. None when nothing matches; the first
    option when ``wanted`` is empty.

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:criterion/K1.1", framework="standard", kind="Criterion",
    ...            notation="K1.1", label="Explain")
    >>> options = {"standard:criterion/K1.1": "K1.1 Explain"}
    >>> resolve_item(v, options, "k1.1"), resolve_item(v, options, "explain")
    ('standard:criterion/K1.1', 'standard:criterion/K1.1')
    >>> resolve_item(v, options, "K9.9") is None
    True
    """
    if wanted is None or not str(wanted).strip():
        return next(iter(options), None)
    if wanted in options:
        return wanted
    text = str(wanted).strip().lower()
    try:
        node = resolve_notation(view, text)
    except UnknownItemError:
        node = None
    if node in options:
        return node
    by_key = {k.lower(): k for k in options} | {n.lower(): k for k, n in options.items()}
    if text in by_key:
        return by_key[text]
    return next((k for k, n in options.items() if text in n.lower()), None)
