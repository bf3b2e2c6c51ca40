"""Small read-only questions of the built graph that the CLI and the tests share."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph

from graph.model.vocab import SPARQL_PREFIXES
from graph.store.backends import select_rows


def select(graph: Graph, query: str) -> pd.DataFrame:
    """Run a SELECT query (the project's prefixes are declared) and return a DataFrame.

    The graph's store runs it (rdflib, Oxigraph or a remote endpoint: :mod:`graph.store.backends`).
    Unbound values become empty strings; every value is its plain string form.
    """
    return select_rows(graph, f"{SPARQL_PREFIXES}\n{query}")


ITEM_PATTERN = """
    ?item skos:inScheme ?scheme ; a ?cls .
    ?scheme dcterms:identifier ?framework .
    FILTER(STRSTARTS(STR(?cls), STR(cw:)))
    BIND(STRAFTER(STR(?cls), "#") AS ?class)
"""


def stats(graph: Graph) -> pd.DataFrame:
    """Count items per framework and class, with the edges they assert.

    One row per (framework, class): ``items`` distinct items, ``covers`` and ``assesses``
    the distinct edges whose subject is such an item. The explicit "No mapping" records of a
    framework are counted on a row of class ``NoMapping``. Items and each kind of edge are
    counted by queries of their own, which every store plans alike (Virtuoso 7 counts an
    unbound value made inside an ``OPTIONAL`` as one more edge).
    """
    keys = ["framework", "class"]
    counts = [select(graph, f"""
        SELECT ?framework ?class (COUNT(DISTINCT ?item) AS ?items)
        WHERE {{ {ITEM_PATTERN} }} GROUP BY ?framework ?class
    """)]
    for edge in ("covers", "assesses"):
        counts.append(select(graph, f"""
            SELECT ?framework ?class (COUNT(*) AS ?{edge}) WHERE {{
              SELECT DISTINCT ?framework ?class ?item ?target
              WHERE {{ {ITEM_PATTERN} ?item cw:{edge} ?target . }}
            }} GROUP BY ?framework ?class
        """).set_index(keys))
    items = counts[0].set_index(keys).join(counts[1:], how="left").reset_index()
    items[["covers", "assesses"]] = items[["covers", "assesses"]].fillna("0")
    nomap = select(graph, """
        SELECT ?framework ("NoMapping" AS ?class) (COUNT(?record) AS ?items)
        WHERE { ?record a cw:NoMapping ; cw:framework/dcterms:identifier ?framework . }
        GROUP BY ?framework
    """).assign(covers=0, assesses=0)
    out = pd.concat([items, nomap], ignore_index=True)
    out[["items", "covers", "assesses"]] = out[["items", "covers", "assesses"]].astype(int)
    return out.sort_values(keys).reset_index(drop=True)


def defects(graph: Graph) -> pd.DataFrame:
    """Every source defect in the graph: source file, line, kind, item and message."""
    frame = select(graph, """
        SELECT ?source ?line ?kind ?item ?message WHERE {
          ?d a cw:Defect ; cw:defectKind ?kind ; rdfs:comment ?message ;
             dcterms:source/cw:fileName ?source ; cw:sourceLine ?line .
          OPTIONAL { ?d cw:about/skos:notation ?n }
          OPTIONAL { ?d cw:about/skos:inScheme/dcterms:identifier ?f }
          BIND(IF(BOUND(?n), CONCAT(?f, ":", ?n), "") AS ?item)
        }
    """)
    frame["line"] = frame["line"].astype(int)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def framework_keys(graph: Graph) -> set[str]:
    """The key of every framework other than the apprenticeship standards (what a
    ``--framework`` option may name)."""
    frame = select(graph, """
        SELECT ?key WHERE {
          ?s a skos:ConceptScheme ; dcterms:identifier ?key .
          FILTER NOT EXISTS { ?s a cw:ApprenticeshipStandard }
        }
    """)
    return set(frame["key"])
