"""The networkx view of the crosswalk graph: typed nodes, typed edges, one function.

Analyses that walk the hierarchy or look for components and cliques take this view; it is
built from the rdflib graph only, never from the tidy tables.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

from graph.queries import select


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Return the items of ``graph`` as nodes and their relations as typed edges.

    Nodes are keyed ``framework:item_id`` strings (``standard:criterion/K1.1``) and carry
    ``framework``, ``kind``, ``notation`` and ``label``; criteria and modules also carry
    ``ksb_type`` and criteria ``distinction``. Edges carry ``type``: ``broader`` (child to
    parent), ``covers`` and ``assesses`` (as asserted in the graph). The "No mapping" records
    are in ``view.graph["no_mapping"]``: framework key -> set of standard item keys.

    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    view = nx.MultiDiGraph()
    base = "https://w3id.org/ksb-crosswalk/id/"
    nodes = select(graph, """
        SELECT ?item ?framework ?class ?notation ?label WHERE {
          ?item skos:inScheme/dcterms:identifier ?framework ; skos:prefLabel ?label ; a ?cls .
          FILTER(STRSTARTS(STR(?cls), STR(cw:)))
          BIND(STRAFTER(STR(?cls), "#") AS ?class)
          OPTIONAL { ?item skos:notation ?notation }
        }
    """)
    for row in nodes.itertuples(index=False):
        view.add_node(_key(row.item, base), framework=row.framework, kind=row._2,
                      notation=row.notation, label=row.label)
    flags = select(graph, """
        SELECT ?item ?ksb ?distinction WHERE {
          ?item cw:ksbType ?type . BIND(STRAFTER(STR(?type), "#") AS ?ksb)
          OPTIONAL { ?item cw:distinction ?d } BIND(COALESCE(STR(?d), "") AS ?distinction)
        }
    """)
    for row in flags.itertuples(index=False):
        node = view.nodes[_key(row.item, base)]
        node["ksb_type"] = row.ksb
        if row.distinction:
            node["distinction"] = row.distinction == "true"
    no_mapping: dict[str, set[str]] = {}
    records = select(graph, """
        SELECT ?framework ?item WHERE {
          ?r a cw:NoMapping ; cw:framework/dcterms:identifier ?framework ; cw:standardItem ?item
        }
    """)
    for row in records.itertuples(index=False):
        no_mapping.setdefault(row.framework, set()).add(_key(row.item, base))
    view.graph["no_mapping"] = no_mapping
    edges = select(graph, """
        SELECT ?s ?type ?o WHERE {
          { ?s skos:broader ?o . BIND("broader" AS ?type) }
          UNION { ?s cw:covers ?o . BIND("covers" AS ?type) }
          UNION { ?s cw:assesses ?o . BIND("assesses" AS ?type) }
        }
    """)
    for row in edges.itertuples(index=False):
        view.add_edge(_key(row.s, base), _key(row.o, base), key=row.type, type=row.type)
    return view


def _key(iri: str, base: str) -> str:
    framework, _, item_id = iri.removeprefix(base).partition("/")
    return f"{framework}:{item_id}"
