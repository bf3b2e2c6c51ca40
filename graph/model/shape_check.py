"""The SHACL shapes of ``ontology/shapes.ttl`` checked as SPARQL queries run by Oxigraph.

The build checks every graph it writes, and pySHACL takes seconds on the bundled graph and
far longer on a national catalogue. This module compiles each constraint of the shapes into
one SPARQL query that selects the focus nodes violating it, and runs them in the store, so
the check costs milliseconds here and seconds at a million triples. ``crosswalk validate``
still runs pySHACL (:mod:`graph.model.validate`), the reference; a test holds both to the same
verdicts.

Compiled: node shapes with ``sh:targetClass`` and ``sh:targetSubjectsOf``, a node-level
``sh:or`` of ``sh:class`` alternatives, and property shapes on a predicate path with
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:in``, ``sh:pattern``,
``sh:minLength``, ``sh:node`` and an ``sh:or`` of ``sh:class`` alternatives. Class membership
follows ``rdfs:subClassOf`` through the vocabulary, as pySHACL does with it mixed in. Any
other SHACL term in the shapes is an error, so a new kind of constraint cannot pass unchecked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.errors import CrosswalkError
from graph.model.validate import SHAPES, VOCABULARY

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_FIRST, RDF_REST, RDF_NIL = f"{RDF}first", f"{RDF}rest", f"{RDF}nil"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
NODE_KEYS = {"targetClass", "targetSubjectsOf", "property", "or"}
PROPERTY_KEYS = {"path", "minCount", "maxCount", "datatype", "class", "in", "pattern",
                 "minLength", "node", "or"}
REPORTED = 3  # focus nodes named per violated constraint


class ShapeError(CrosswalkError):
    """The shapes use a SHACL term this checker does not compile."""


class Shapes:
    """The shapes and the vocabulary's class hierarchy, read once, compiled into queries."""

    def __init__(self, shapes: Path = SHAPES, vocabulary: Path = VOCABULARY) -> None:
        self.store = ox.Store()
        self.store.load(path=str(shapes), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode("urn:shapes"))
        self.store.load(path=str(vocabulary), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode("urn:vocabulary"))
        self._names = (f"v{n}" for n in itertools.count())
        self.queries = [(f"{_local(shape)}: {message}", query)
                        for shape in self._node_shapes()
                        for message, query in self._shape_queries(shape)]

    def violations(self, data: ox.Store) -> list[str]:
        """One line per violated constraint, naming up to three focus nodes; empty if none."""
        lines = []
        for message, query in self.queries:
            focus = [row[0].value for row in data.query(f"{query} LIMIT {REPORTED}")]
            if focus:
                lines.append(f"{message} ({', '.join(focus)})")
        return lines

    def _node_shapes(self) -> list[str]:
        rows = self.store.query(f"""SELECT DISTINCT ?s FROM <urn:shapes> WHERE {{
            ?s ?target ?t FILTER(?target IN (<{SH}targetClass>, <{SH}targetSubjectsOf>)) }}
            ORDER BY ?s""")
        return [row[0] for row in rows]

    def _values(self, node: ox.NamedNode | ox.BlankNode) -> dict[str, list]:
        """Predicate local name -> objects, for the SHACL terms of one shape node."""
        found: dict[str, list] = {}
        for quad in self.store.quads_for_pattern(node, None, None, ox.NamedNode("urn:shapes")):
            if quad.predicate.value.startswith(SH):
                found.setdefault(quad.predicate.value.removeprefix(SH), []).append(quad.object)
        return found

    def _list(self, head: ox.NamedNode | ox.BlankNode) -> list:
        """The members of the RDF list starting at ``head`` (walked: a blank node in a query
        would match any node)."""
        members, graph = [], ox.NamedNode("urn:shapes")
        while head != ox.NamedNode(RDF_NIL):
            members += [q.object for q in self.store.quads_for_pattern(
                head, ox.NamedNode(RDF_FIRST), None, graph)]
            head = next(self.store.quads_for_pattern(head, ox.NamedNode(RDF_REST), None,
                                                     graph)).object
        return members

    def _subclasses(self, cls: ox.NamedNode) -> str:
        """``?x`` is an instance of ``cls`` or of a subclass: the VALUES list of classes."""
        rows = self.store.query(f"""SELECT ?c FROM <urn:vocabulary> WHERE {{
            ?c <{SUBCLASS}>* {_term(cls)} }}""")
        return " ".join(sorted({_term(cls), *(_term(row[0]) for row in rows)}))

    def _shape_queries(self, shape: ox.NamedNode | ox.BlankNode) -> Iterator[tuple[str, str]]:
        values = self._values(shape)
        unknown = set(values) - NODE_KEYS
        if unknown:
            raise ShapeError(f"{_local(shape)}: SHACL term(s) {sorted(unknown)} not compiled")
        targets = [f"{{ ?focus a ?t . VALUES ?t {{ {self._subclasses(c)} }} }}"
                   for c in values.get("targetClass", [])]
        targets += [f"{{ ?focus {_term(p)} [] }}" for p in values.get("targetSubjectsOf", [])]
        target = " UNION ".join(targets)
        checks = list(self._node_checks(values, "?focus"))
        for prop in values.get("property", []):
            checks += self._property_checks(prop, "?focus")
        for message, pattern in checks:
            yield message, f"SELECT DISTINCT ?focus WHERE {{ {target} {pattern} }}"

    def _node_checks(self, values: dict[str, list], var: str) -> Iterator[tuple[str, str]]:
        for alternatives in values.get("or", []):
            classes = self._or_classes(alternatives)
            yield f"not one of {len(classes.split())} classes", _not_instance(var, classes)

    def _or_classes(self, head: ox.BlankNode) -> str:
        classes = []
        for member in self._list(head):
            inner = self._values(member)
            if set(inner) != {"class"}:
                raise ShapeError("sh:or is compiled only for sh:class alternatives")
            classes += self._subclasses(inner["class"][0]).split()
        return " ".join(sorted(set(classes)))

    def _property_checks(self, prop: ox.BlankNode, var: str) -> list[tuple[str, str]]:
        values = self._values(prop)
        unknown = set(values) - PROPERTY_KEYS
        if unknown:
            raise ShapeError(f"property shape: SHACL term(s) {sorted(unknown)} not compiled")
        path = values["path"][0]
        if not isinstance(path, ox.NamedNode):
            raise ShapeError("property shapes are compiled only for predicate paths")
        name, value = _local(path), f"?{next(self._names)}"
        edge = f"{var} {_term(path)} {value} ."
        checks = []
        for count in values.get("minCount", []):
            if count.value != "1":
                raise ShapeError(f"{name}: sh:minCount is compiled only as 1")
            checks.append((f"{name}: no value", f"FILTER NOT EXISTS {{ {edge} }}"))
        for count in values.get("maxCount", []):
            checks.append((f"{name}: more than {count.value} values",
                           f"{{ SELECT {var} WHERE {{ {edge} }} GROUP BY {var} "
                           f"HAVING(COUNT(DISTINCT {value}) > {count.value}) }}"))
        checks += [(f"{name}: {message}", f"{edge} {condition}")
                   for message, condition in self._value_checks(values, value)]
        for node in values.get("node", []):
            inner = self._values(node)
            nested = [c for p in inner.get("property", [])
                      for c in self._property_checks(p, value)]
            nested += list(self._node_checks(inner, value))
            checks += [(f"{name}: value fails {_local(node)}, {message}", f"{edge} {pattern}")
                       for message, pattern in nested]
        return checks

    def _value_checks(self, values: dict[str, list], value: str) -> Iterator[tuple[str, str]]:
        """The constraints on each value of a property: SHACL term -> (message, condition
        that selects a violating value), one rule per term."""
        rules = {
            "datatype": lambda t: (f"not of datatype {_local(t)}",
                                   f"FILTER(!isLiteral({value}) || DATATYPE({value}) != "
                                   f"{_term(t)})"),
            "class": lambda t: (f"not a {_local(t)}",
                                _not_instance(value, self._subclasses(t))),
            "in": lambda t: ("not one of the allowed values",
                             f"FILTER({value} NOT IN "
                             f"({', '.join(_term(m) for m in self._list(t))}))"),
            "pattern": lambda t: (f"does not match {t.value}",
                                  f"FILTER(isBlank({value}) || !REGEX(STR({value}), "
                                  f"{_term(t)}))"),
            "minLength": lambda t: (f"shorter than {t.value}",
                                    f"FILTER(isBlank({value}) || STRLEN(STR({value})) < "
                                    f"{t.value})"),
            "or": lambda t: ("not one of the allowed classes",
                             _not_instance(value, self._or_classes(t))),
        }
        for term, rule in rules.items():
            yield from (rule(t) for t in values.get(term, []))


def _not_instance(var: str, classes: str) -> str:
    """The condition that ``var`` is an instance of none of ``classes`` (a VALUES list)."""
    return f"FILTER NOT EXISTS {{ {var} a ?c . VALUES ?c {{ {classes} }} }}"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return str(term)


def _local(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    text = term.value
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(term, ox.NamedNode) \
        else text


def check_shapes(data: ox.Store, shapes: Shapes | None = None) -> list[str]:
    """The violations of ``data`` (its default graph) against the shapes; empty if it conforms.

    >>> check_shapes(ox.Store())
    []
    """
    return (shapes or Shapes()).violations(data)
