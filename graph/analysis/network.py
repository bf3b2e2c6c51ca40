"""The networkx view of the crosswalk graph: typed nodes, typed edges, one function.

Analyses that walk the hierarchy or look for components and cliques take this view; it is
built from the RDF graph only, never from the tidy tables, with five SELECT queries that the
graph's store runs (:mod:`graph.store.backends`). Asked for some frameworks only, the store selects
their part of the graph (their items, the standards they map to, the edges between them), so
a national catalogue on a remote endpoint sends a few hundred rows, not the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Graph

from graph.model.vocab import ID
from graph.store.queries import select


def to_networkx(graph: Graph, frameworks: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Return the items of ``graph`` as nodes and their relations as typed edges.

    Nodes are keyed ``framework:item_id`` strings (``standard:criterion/K1.1``) and carry
    ``framework``, ``kind``, ``notation`` and ``label``; criteria and modules also carry
    ``ksb_type`` and criteria ``distinction``. Edges carry ``type``: ``broader`` (child to
    parent), ``covers`` and ``assesses`` (as asserted in the graph). The "No mapping" records
    are in ``view.graph["no_mapping"]``: framework key -> set of standard item keys; the keys
    of the apprenticeship standards in ``view.graph["standards"]``.

    With ``frameworks``, the view holds only those frameworks and the standards they map to
    or state "No mapping" for: what a coverage analysis of them needs.

    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    view = nx.MultiDiGraph()
    base = str(ID)
    standards = set(select(graph, """
        SELECT ?key WHERE { ?s a cw:ApprenticeshipStandard ; dcterms:identifier ?key }
    """)["key"])
    keys = None if frameworks is None else _scope(graph, list(frameworks))
    nodes = select(graph, f"""
        SELECT ?item ?framework ?class ?notation ?label WHERE {{
          {_values("?framework", keys)}
          ?item skos:inScheme/dcterms:identifier ?framework ; skos:prefLabel ?label ; a ?cls .
          FILTER(STRSTARTS(STR(?cls), STR(cw:)))
          BIND(STRAFTER(STR(?cls), "#") AS ?class)
          OPTIONAL {{ ?item skos:notation ?notation }}
        }}
    """)
    view.add_nodes_from((_key(row.item, base), {
        "framework": row.framework, "kind": row._2, "notation": row.notation,
        "label": row.label}) for row in nodes.itertuples(index=False))
    flags = select(graph, f"""
        SELECT ?item ?ksb ?distinction WHERE {{
          {_values("?framework", keys)}
          ?item cw:ksbType ?type ; skos:inScheme/dcterms:identifier ?framework .
          BIND(STRAFTER(STR(?type), "#") AS ?ksb)
          OPTIONAL {{ ?item cw:distinction ?d }} BIND(COALESCE(STR(?d), "") AS ?distinction)
        }}
    """)
    for row in flags.itertuples(index=False):
        node = view.nodes[_key(row.item, base)]
        node["ksb_type"] = row.ksb
        if row.distinction:
            node["distinction"] = row.distinction == "true"
    no_mapping: dict[str, set[str]] = {}
    records = select(graph, f"""
        SELECT ?framework ?item WHERE {{
          {_values("?framework", keys)}
          ?r a cw:NoMapping ; cw:framework/dcterms:identifier ?framework ; cw:standardItem ?item
        }}
    """)
    for row in records.itertuples(index=False):
        no_mapping.setdefault(row.framework, set()).add(_key(row.item, base))
    view.graph["no_mapping"] = no_mapping
    view.graph["standards"] = standards
    scoped = "" if keys is None else f"""{_values("?framework", keys)}
        {_values("?target", keys)} ?s skos:inScheme/dcterms:identifier ?framework .
        ?o skos:inScheme/dcterms:identifier ?target ."""
    edges = select(graph, f"""
        SELECT ?s ?type ?o WHERE {{
          {{ ?s skos:broader ?o . BIND("broader" AS ?type) }}
          UNION {{ ?s cw:covers ?o . BIND("covers" AS ?type) }}
          UNION {{ ?s cw:assesses ?o . BIND("assesses" AS ?type) }}
          {scoped}
        }}
    """)
    view.add_edges_from((_key(row.s, base), _key(row.o, base), row.type, {"type": row.type})
                        for row in edges.itertuples(index=False))
    return view


def _scope(graph: Graph, frameworks: list[str]) -> list[str]:
    """``frameworks`` and the standards they map to, sit under or state "No mapping" for.

    The given keys join in Python: Virtuoso 7 drops every row of a ``UNION`` whose branch is
    only a ``VALUES`` block.
    """
    wanted = _values("?f", frameworks)
    found = select(graph, f"""
        SELECT DISTINCT ?key WHERE {{
          {{ {wanted} ?s skos:inScheme/dcterms:identifier ?f ;
                      cw:covers|cw:assesses|skos:broader ?o .
             ?o skos:inScheme ?scheme . ?scheme a cw:ApprenticeshipStandard ;
             dcterms:identifier ?key }}
          UNION {{ {wanted} ?r a cw:NoMapping ; cw:framework/dcterms:identifier ?f ;
                   cw:standardItem/skos:inScheme/dcterms:identifier ?key }}
        }}
    """)
    return sorted(set(frameworks) | set(found["key"]))


def _values(variable: str, keys: list[str] | None) -> str:
    """A ``VALUES`` clause binding ``variable`` to the framework keys, or nothing."""
    if keys is None:
        return ""
    quoted = " ".join('"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"' for key in keys)
    return f"VALUES {variable} {{ {quoted} }}"


def _key(iri: str, base: str) -> str:
    framework, _, item_id = iri.removeprefix(base).partition("/")
    return f"{framework}:{item_id}"
