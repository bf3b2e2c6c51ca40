"""Small read-only questions of the built graph that the CLI and the tests share."""

from __future__ import annotations

import pandas as pd
from rdflib import Graph

from graph.vocab import PREFIXES

SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def select(graph: Graph, query: str) -> pd.DataFrame:
    """Run a SELECT query (the project's prefixes are declared) and return a DataFrame.

    Unbound values become empty strings; every value is its plain string form.
    """
    result = graph.query(f"{SPARQL_PREFIXES}\n{query}")
    columns = [str(v) for v in result.vars]
    rows = [["" if value is None else str(value) for value in row] for row in result]
    return pd.DataFrame(rows, columns=columns)


def stats(graph: Graph) -> pd.DataFrame:
    """Count items per framework and class, with the number of covers edges they assert.

    One row per (framework, class); ``covers`` counts the distinct ``cw:covers`` edges whose
    subject is an item of that class, ``no_mapping`` the explicit "No mapping" records.
    """
    items = select(graph, """
        SELECT ?framework ?class (COUNT(DISTINCT ?item) AS ?items)
               (COUNT(DISTINCT ?edge) AS ?covers)
        WHERE {
          ?item skos:inScheme ?scheme ; a ?cls .
          ?scheme dcterms:identifier ?framework .
          FILTER(STRSTARTS(STR(?cls), STR(cw:)))
          BIND(STRAFTER(STR(?cls), "#") AS ?class)
          OPTIONAL { ?item cw:covers ?target . BIND(CONCAT(STR(?item), STR(?target)) AS ?edge) }
        }
        GROUP BY ?framework ?class
    """)
    nomap = select(graph, """
        SELECT ?framework (COUNT(?record) AS ?no_mapping) WHERE {
          ?record a cw:NoMapping ; cw:framework/dcterms:identifier ?framework .
        } GROUP BY ?framework
    """)
    items[["items", "covers"]] = items[["items", "covers"]].astype(int)
    out = items.merge(nomap, on="framework", how="left")
    out["no_mapping"] = out["no_mapping"].replace("", "0").fillna("0").astype(int)
    out.loc[out.duplicated("framework"), "no_mapping"] = 0
    return out.sort_values(["framework", "class"]).reset_index(drop=True)


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
    return frame.sort_values(["source", "line", "kind"]).reset_index(drop=True)
