"""The words the app shows for frameworks, items, kinds and evidence tiers (no Streamlit).

Users read titles, references and wording, never internal ids, class names or column keys:

* a framework by a short form of its title (``City & Guilds``), the full title where there is
  room;
* an item by where it sits and what it says: ``Unit 204 · LO1 · AC1.1: identify who own
  customers are``; ``Unit 1 (D/615/6236) · LO1 · AC1.2`` where the source gives no wording;
  standard items as ``K1.1: Explain the difference …``, ``statement 1.2: …``, ``module 1: …``;
* a kind as words (``assessment criterion``, ``textbook page``), grouped by what it does:
  it *teaches* (resources, training tasks) or *assesses* (qualification units and their
  criteria, the end-point assessment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.coverage import LEVEL_KINDS
from graph.analysis.tiers import EVIDENCE_TIERS

SHORT_TITLES = {  # short forms of the bundled frameworks' titles (frameworks.csv)
    "standard": "Standard",
    "highfield": "Highfield",
    "ncfe": "NCFE",
    "cityguilds": "City & Guilds",
    "highfield-textbook": "Highfield textbook",
    "highfield-workbook": "Highfield workbook",
    "highfield-activities": "Highfield activity kit",
    "cityguilds-manual": "City & Guilds training manual",
    "epa": "End-point assessment",
}
KIND_WORDS = {
    "Module": "module", "StandardStatement": "statement", "Criterion": "criterion",
    "Unit": "unit", "LearningOutcome": "learning outcome",
    "AssessmentCriterion": "assessment criterion", "Booklet": "booklet",
    "TextbookPage": "textbook page", "WorkbookQuestion": "workbook question",
    "Activity": "activity", "TrainingTask": "training task",
    "CoverageItem": "training manual topic", "AssessmentMethod": "end-point assessment method",
    "AssessmentComponent": "end-point assessment component",
}
TEACHES = "teaches"
ASSESSES = "assesses"
ROLES = {"Booklet": TEACHES, "TextbookPage": TEACHES, "WorkbookQuestion": TEACHES,
         "Activity": TEACHES, "TrainingTask": TEACHES, "CoverageItem": TEACHES}
TIER_NAMES = {"criterion": "criterion-level", "statement": "statement-level",
              "module": "module-level only", "no-mapping": "stated “No mapping”",
              "unmapped": "unmapped"}
TIER_MEANINGS = {
    "criterion": "an assessment criterion, activity, page or task maps to the criterion itself",
    "statement": "a mapping names the statement the criterion belongs to, not the criterion",
    "module": "a claim made for a whole module: weak evidence, never counted as full coverage",
    "no-mapping": "the document itself says “No mapping” for the item",
    "unmapped": "nothing in the document maps to the item, above or below it",
}
TIER_PHRASES = {  # "<qualification> evidences this criterion …"
    "criterion": "at criterion level",
    "statement": "only through its statement",
    "module": "only by a claim for its whole module",
    "no-mapping": "not at all: its document says “No mapping”",
    "unmapped": "not at all: nothing in its document maps to it",
}
PLURALS = {"criterion": "criteria", "statement": "statements", "module": "modules"}
STATUS_NAMES = {"direct": "mapped directly", "inherited": "through the item above or below",
                "no-mapping": "stated “No mapping”", "unmapped": "unmapped"}
LEVEL_NAMES = {"module": "module", "statement": "statement", "criterion": "criterion"}
REFERENCE_ONLY = re.compile(r"Unit \S+( LO\S+)?( AC\S+)?( [A-Z]/\d{3}/\d{4})?")


def glossary() -> str:
    """The evidence tiers in words, as Markdown: the app's glossary.

    >>> print(glossary().splitlines()[2])
    ... # doctest: +ELLIPSIS
    - **module-level only**: a claim made for a whole module: weak evidence, never ...coverage
    """
    return "\n".join(f"- **{TIER_NAMES[t]}**: {TIER_MEANINGS[t]}" for t in EVIDENCE_TIERS)


def kind_word(kind: str) -> str:
    """``assessment criterion`` for ``AssessmentCriterion``; a kind it does not know split
    into words.

    >>> kind_word("TextbookPage"), kind_word("NewThing")
    ('textbook page', 'new thing')
    """
    return KIND_WORDS.get(kind) or re.sub(r"(?<!^)(?=[A-Z])", " ", kind).lower()


def role(kind: str) -> str:
    """Whether an item of ``kind`` teaches or assesses.

    >>> role("TextbookPage"), role("AssessmentCriterion")
    ('teaches', 'assesses')
    """
    return ROLES.get(kind, ASSESSES)


@dataclass
class Names:
    """Names for the items of one view. ``titles``: framework key -> title; ``units``: unit
    node -> its ``reference``, ``title`` and ``glh`` where the source states them."""

    view: nx.MultiDiGraph
    titles: dict[str, str]
    units: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._standard = {(d.get("kind"), d.get("notation")): n
                          for n, d in self.view.nodes(data=True)
                          if d.get("kind") in LEVEL_KINDS.values()}

    def framework(self, key: str, short: bool = True) -> str:
        """A framework's short title (or its full title with ``short=False``)."""
        if short and key in SHORT_TITLES:
            return SHORT_TITLES[key]
        return self.titles.get(key, SHORT_TITLES.get(key, key))

    def standard(self, notation: str, level: str = "criterion", wording: bool = True) -> str:
        """``K1.1: Explain …``, ``statement 1.2: …`` or ``module 1: …``."""
        node = self._standard_node(notation, level)
        name = notation if level == "criterion" else f"{level} {notation}"
        if node is None or not wording:
            return name
        return f"{name}: {self.view.nodes[node]['label']}"

    def unit(self, node: str, title: bool = True) -> str:
        """``Unit 204 Contribute to …``, ``Unit 1 (D/615/6236)``."""
        data, facts = self.view.nodes[node], self.units.get(node, {})
        name = f"Unit {data.get('notation') or ''}".strip()
        if facts.get("reference"):
            name += f" ({facts['reference']})"
        if title and (text := self.unit_title(node)):
            name += f" {text}"
        return name

    def unit_title(self, node: str) -> str:
        """The unit's title where the source gives one, else empty."""
        facts, label = self.units.get(node, {}), self.view.nodes[node].get("label", "")
        if facts.get("title"):
            return facts["title"]
        return "" if REFERENCE_ONLY.fullmatch(label) else label

    def item(self, node: str, framework: bool = False, wording: bool = True) -> str:
        """Where the item sits and what it says (module docstring); with ``framework``, the
        framework's short title first."""
        data = self.view.nodes[node]
        kind, notation, label = data.get("kind", ""), data.get("notation") or "", \
            data.get("label", "")
        levels = {k: level for level, k in LEVEL_KINDS.items()}
        if kind in levels:
            return self.standard(notation, levels[kind], wording)
        if kind == "Unit":
            name = self.unit(node, title=wording)
            return f"{self.framework(data['framework'])} {name}" if framework else name
        path = [node, *_above(self.view, node)]
        parts = []
        for item in reversed(path):
            item_kind = self.view.nodes[item].get("kind")
            mark = self.view.nodes[item].get("notation") or ""
            if item_kind == "Unit":
                parts.append(self.unit(item, title=False))
            elif item_kind == "LearningOutcome":
                parts.append(f"LO{mark}")
            elif item_kind == "AssessmentCriterion":
                parts.append(f"AC{mark}")
        if kind in ("AssessmentCriterion", "LearningOutcome") and parts:
            name = " · ".join(parts)
            if wording and not REFERENCE_ONLY.fullmatch(label):
                name += f": {label}"
        elif kind == "TrainingTask":
            name = f"Task {notation}: {label}" if notation else label
        elif kind == "CoverageItem":
            name = f"Topic {notation}: {label}" if notation else label
        else:
            name = label or kind_word(kind)
        return f"{self.framework(data['framework'])} {name}" if framework else name

    def _standard_node(self, notation: str, level: str) -> str | None:
        return self._standard.get((LEVEL_KINDS[level], notation))


def _above(view: nx.MultiDiGraph, node: str) -> list[str]:
    """The items above ``node`` in its own framework, nearest first."""
    chain, framework = [], view.nodes[node].get("framework")
    while True:
        up = next((t for _, t, k in view.out_edges(node, keys=True) if k == "broader"), None)
        if up is None or view.nodes[up].get("framework") != framework:
            return chain
        chain.append(up)
        node = up
