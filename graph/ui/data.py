"""Everything the app shows, computed once from the built graph (no Streamlit here).

The app keeps one :class:`Explorer` in ``st.cache_resource``; a widget change only filters
these frames, it never re-runs an analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis.coverage import LEVEL_KINDS, coverage_status
from graph.analysis.equivalence import equivalence_groups, unit_similarity
from graph.analysis.fit import (
    QUALIFICATIONS,
    fit_ranking,
    qualification_fit,
    qualifications,
    rescore,
    unit_rules,
)
from graph.analysis.network import to_networkx
from graph.analysis.official import OFFICIAL_COLUMN, ksb_links
from graph.analysis.standard_diff import StandardDiff, standard_diff
from graph.analysis.suggest import suggest_mappings
from graph.ingest.skills_england import read_version
from graph.model.curation import curation_path, read_curation, rejected_pairs
from graph.model.tables import TABLES
from graph.model.tables_io import read_tables, table_path
from graph.store.cache import load_graph
from graph.store.queries import defects, select, stats
from graph.ui.labels import Names

# Order of the bundled frameworks on every page: qualifications, resources, assessment.
RESOURCES = ("highfield-textbook", "highfield-workbook", "highfield-activities",
             "cityguilds-manual", "epa")
FRAMEWORK_ORDER = (*QUALIFICATIONS, *RESOURCES)


@dataclass
class Explorer:
    """The built graph, its networkx view and every precomputed analysis the app shows.

    ``qualifications`` are the bundled ones, then imported ones
    (:func:`~graph.analysis.fit.qualifications`); ``keys`` every framework with items in
    the app's order: those qualifications, then the resources and the assessment plan.
    """

    graph: Graph
    view: nx.MultiDiGraph
    qualifications: list[str]
    keys: list[str]
    frameworks: pd.DataFrame
    counts: pd.DataFrame
    coverage: pd.DataFrame
    ranking: pd.DataFrame
    audit: pd.DataFrame
    fit: pd.DataFrame
    similarity: pd.DataFrame
    groups: pd.DataFrame
    suggestions: pd.DataFrame
    versions: pd.DataFrame
    names: Names
    rules: pd.DataFrame
    glh: dict[str, int]
    curation: pd.DataFrame
    # Answers computed on first demand (memo): a new explorer (new data) starts empty.
    _answers: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, run the first time ``key`` is asked of this explorer and kept."""
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]

    def unit_choices(self, framework: str) -> pd.DataFrame:
        """What each choice of ``framework``'s optional units adds, with its GLH
        (:func:`~graph.analysis.verdict.unit_choices`)."""
        from graph.analysis.verdict import unit_choices

        return self.memo(("unit_choices", framework),
                         lambda: unit_choices(self.view, framework, self.rules, self.glh))

    def order_changes(self, ranking: pd.DataFrame) -> pd.DataFrame:
        """The other reasonable weightings that change ``ranking``'s order
        (:func:`~graph.analysis.fit.order_changes`), for the weights it was scored with."""
        from graph.analysis.fit import order_changes

        key = tuple(zip(ranking["framework"], ranking["score"], strict=True))
        return self.memo(("order_changes", key), lambda: order_changes(ranking))

    @property
    def resources(self) -> list[str]:
        """The frameworks that are not qualifications: resources and the assessment plan."""
        return [k for k in self.keys if k not in self.qualifications]

    def framework_title(self, key: str) -> str:
        """The framework's title for a key such as ``ncfe``."""
        return self.names.framework(key, short=False)


def input_version(data_dir: Path) -> tuple[float, ...]:
    """Modification times of the build's inputs: a cache key that changes with the data."""
    paths = [table_path(data_dir, name) for name in TABLES] + [curation_path(data_dir)]
    return tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in paths)


def frameworks_table(graph: Graph) -> pd.DataFrame:
    """Every framework: key, kind, title, publisher and reference, in the app's order."""
    frame = select(graph, """
        SELECT ?framework ?kind ?title ?publisher ?reference WHERE {
          ?s a skos:ConceptScheme ; dcterms:identifier ?framework ; dcterms:title ?title ;
             a ?k . FILTER(?k IN (cw:ApprenticeshipStandard, cw:Qualification,
                                  cw:LearningResource, cw:AssessmentPlan))
          BIND(STRAFTER(STR(?k), "#") AS ?kind)
          OPTIONAL { ?s dcterms:publisher/rdfs:label ?publisher }
          OPTIONAL { ?s cw:reference ?reference }
        }
    """)
    order = {key: i for i, key in enumerate(("standard", *FRAMEWORK_ORDER))}
    return frame.sort_values("framework", key=lambda s: s.map(order)).reset_index(drop=True)


def official_codes(links: pd.DataFrame) -> pd.DataFrame:
    """The official KSB code(s) beside each document criterion and statement: ``level``,
    ``notation`` and ``official KSB`` (``S2, S3`` for a statement that merges two).

    >>> links = pd.DataFrame({"code": ["K2", "S2", "S3"], "kind": ["criterion", "statement",
    ...                       "statement"], "notation": ["K1.1", "9.1", "9.1"]})
    >>> official_codes(links).values.tolist()
    [['criterion', 'K1.1', 'K2'], ['statement', '9.1', 'S2, S3']]
    """
    grouped = links.groupby(["kind", "notation"], sort=True)["code"].agg(", ".join)
    return grouped.reset_index().rename(columns={"kind": "level", "code": OFFICIAL_COLUMN})


def official_versions(graph: Graph) -> pd.DataFrame:
    """Every official standard version: key, reference, version, status and its date."""
    frame = select(graph, """
        SELECT ?framework ?title ?reference ?version ?status ?status_date WHERE {
          ?s a cw:StandardVersion ; dcterms:identifier ?framework ; dcterms:title ?title ;
             cw:reference ?reference ; cw:version ?version .
          OPTIONAL { ?s cw:status ?status } OPTIONAL { ?s cw:statusDate ?status_date }
        } ORDER BY ?reference ?version
    """)
    return frame.reindex(columns=["framework", "title", "reference", "version", "status",
                                  "status_date"])


def version_diff(data_dir: Path, old: str, new: str) -> StandardDiff:
    """What changed from imported version ``old`` to ``new`` (``ST0072@1.0``)."""
    tables = read_tables(data_dir)
    return standard_diff(read_version(old, tables), read_version(new, tables),
                         tables["mappings"])


def unit_facts(graph: Graph) -> dict[str, dict[str, str]]:
    """Unit node key -> the ``reference``, ``title`` and ``glh`` its source states."""
    frame = select(graph, """
        SELECT ?unit ?reference ?title ?glh WHERE {
          ?unit a cw:Unit .
          OPTIONAL { ?unit cw:unitReference ?reference }
          OPTIONAL { ?unit cw:title ?title }
          OPTIONAL { ?unit cw:glh ?glh }
        }
    """)
    return {str(row.unit).split("/id/", 1)[1].replace("/", ":", 1):
            {k: str(v) for k, v in (("reference", row.reference), ("title", row.title),
                                    ("glh", row.glh)) if isinstance(v, str) and v}
            for row in frame.itertuples(index=False)}


def load_explorer(data_dir: Path, view: nx.MultiDiGraph | None = None) -> Explorer:
    """Open the built graph (from the cache; built first only when stale) and compute every
    analysis the app shows. ``view``: the graph's networkx view when the caller has it (after
    an incremental update), saving its extraction.

    With ``CROSSWALK_ENDPOINT`` (and ``CROSSWALK_GRAPH``) set the graph is the store's and
    every query runs there (:func:`graph.store.cache.load_graph`); curation decisions are
    still read from ``data_dir``.
    """
    graph = load_graph(data_dir)
    view = to_networkx(graph) if view is None else view
    chosen = qualifications(view)
    present = {d.get("framework") for _, d in view.nodes(data=True)}
    keys = [k for k in (*chosen, *RESOURCES) if k in present]
    coverage = pd.concat([coverage_status(view, key, level) for key in keys
                          for level in LEVEL_KINDS], ignore_index=True)
    coverage = coverage.merge(official_codes(ksb_links(graph)), how="left",
                              on=["level", "notation"]).fillna({OFFICIAL_COLUMN: ""})
    similarity = unit_similarity(view)
    curation = read_curation(data_dir)
    rejected = rejected_pairs(curation)
    frameworks = frameworks_table(graph)
    facts = unit_facts(graph)
    return Explorer(
        graph=graph, view=view, qualifications=chosen, keys=keys,
        frameworks=frameworks, counts=stats(graph), coverage=coverage,
        ranking=fit_ranking(view, chosen), audit=defects(graph),
        fit=pd.concat([qualification_fit(view, q) for q in chosen], ignore_index=True),
        similarity=similarity, groups=equivalence_groups(similarity),
        suggestions=pd.concat([suggest_mappings(view, q, rejected=rejected) for q in chosen],
                              ignore_index=True),
        versions=official_versions(graph),
        names=Names(view, dict(zip(frameworks["framework"], frameworks["title"], strict=True)),
                    facts),
        rules=unit_rules(graph),
        glh={unit: int(f["glh"]) for unit, f in facts.items() if "glh" in f},
        curation=curation,
    )


def refresh_explorer(old: Explorer, data_dir: Path, view: nx.MultiDiGraph,
                     framework: str) -> Explorer:
    """``old`` after a curation decision on ``framework``: the graph reopened, that
    framework's coverage, fit, ranking row and suggestions recomputed on ``view`` (the other
    frameworks' do not change with it), the equivalences and the curation log read again."""
    graph = load_graph(data_dir)
    curation = read_curation(data_dir)
    others = old.coverage[old.coverage["framework"] != framework]
    fresh = pd.concat([coverage_status(view, framework, level) for level in LEVEL_KINDS],
                      ignore_index=True)
    fresh = fresh.merge(official_codes(ksb_links(graph)), how="left",
                        on=["level", "notation"]).fillna({OFFICIAL_COLUMN: ""})
    coverage = pd.concat([others, fresh], ignore_index=True)
    order = {key: i for i, key in enumerate(old.keys)}
    coverage = coverage.sort_values("framework", key=lambda s: s.map(order), kind="stable") \
        .reset_index(drop=True)
    fit, ranking, suggestions = old.fit, old.ranking, old.suggestions
    if framework in old.qualifications:
        fit = pd.concat([old.fit[old.fit["framework"] != framework],
                         qualification_fit(view, framework)], ignore_index=True)
        ranking = rescore(pd.concat([old.ranking[old.ranking["framework"] != framework],
                                     fit_ranking(view, [framework])], ignore_index=True))
        suggestions = pd.concat([
            old.suggestions[old.suggestions["framework"] != framework],
            suggest_mappings(view, framework, rejected=rejected_pairs(curation))],
            ignore_index=True)
    similarity = unit_similarity(view)
    return replace(old, graph=graph, view=view, coverage=coverage, fit=fit, ranking=ranking,
                   suggestions=suggestions, similarity=similarity,
                   groups=equivalence_groups(similarity), curation=curation,
                   names=Names(view, old.names.titles, old.names.units))


def report_sheets(explorer: Explorer) -> dict[str, pd.DataFrame]:
    """The extra sheets the app adds to the Excel report: equivalents and suggestions."""
    return {"Equivalents": explorer.similarity, "Equivalent groups": explorer.groups,
            "Suggestions": explorer.suggestions}
