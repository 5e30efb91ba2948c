"""Find what makes a graph and its OWL 2 RL closure inconsistent, and say it in words.

Four kinds of inconsistency are looked for on the asserted triples plus the closure:

* an individual in two classes declared disjoint (``owl:disjointWith`` or
  ``owl:AllDisjointClasses``);
* an individual in ``owl:Nothing``;
* a functional property with two different values for one subject (two different IRIs
  count as different: the graph names each entity once);
* a value outside a declared range: a literal where a relation expects an entity, an
  entity where an attribute expects a literal, or a literal outside its datatype.

Each :class:`Inconsistency` lists the statements that cause it, marked asserted or
inferred, with labels, so a curator can find and fix the asserted ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from il2kg.graph import language_rank
from il2kg.terms import curie

__all__ = ["Inconsistency", "Statement", "find_inconsistencies"]


@dataclass(frozen=True)
class Statement:
    """One triple behind an inconsistency, and whether it was asserted or inferred."""

    subject: Node
    predicate: Node
    object: Node
    asserted: bool


@dataclass(frozen=True)
class Inconsistency:
    """One inconsistency: its kind, a sentence saying what clashes, and its causes."""

    kind: str
    message: str
    statements: tuple[Statement, ...]


_FUNCTIONAL = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?x ?p ?a ?b WHERE {
  ?p a owl:FunctionalProperty .
  ?x ?p ?a , ?b .
  FILTER (STR(?a) < STR(?b))
  FILTER (!(isLiteral(?a) && isLiteral(?b) && sameTerm(DATATYPE(?a), DATATYPE(?b)) && ?a = ?b))
}
"""

_NUMERIC: dict[Node, tuple[int | None, None]] = {
    XSD.integer: (None, None),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.decimal: (None, None),
}
_INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}


def find_inconsistencies(
    asserted: Graph, closure: Graph, labels: Graph | None = None
) -> list[Inconsistency]:
    """Look for inconsistencies in ``asserted`` plus its inferred triples ``closure``.

    Args:
        asserted: The asserted triples (ontology and data).
        closure: Asserted plus inferred triples.
        labels: Where to read labels from (default: ``closure``).

    Returns:
        The inconsistencies found, in a stable order; empty when consistent.
    """
    words = _Namer(labels if labels is not None else closure)

    def stmt(s: Node, p: Node, o: Node) -> Statement:
        return Statement(s, p, o, (s, p, o) in asserted)

    found: list[Inconsistency] = []
    disjoint = _disjoint_pairs(closure)
    types: dict[Node, set[Node]] = {}
    for x, cls in closure.subject_objects(RDF.type):
        types.setdefault(x, set()).add(cls)
    for x in sorted(types, key=str):
        for a, b in sorted((a, b) for a, b in disjoint if a in types[x] and b in types[x]):
            found.append(
                Inconsistency(
                    "disjoint classes",
                    f"{words(x)} is both {words(a)} and {words(b)}, which are declared disjoint",
                    (stmt(x, RDF.type, a), stmt(x, RDF.type, b)),
                )
            )
    for x in sorted(set(closure.subjects(RDF.type, OWL.Nothing)), key=str):
        found.append(
            Inconsistency(
                "member of owl:Nothing",
                f"{words(x)} is a member of owl:Nothing, the class that can have no members",
                (stmt(x, RDF.type, OWL.Nothing),),
            )
        )
    for row in closure.query(_FUNCTIONAL):
        x, p, a, b = row[0], row[1], row[2], row[3]  # type: ignore[index, misc]
        found.append(
            Inconsistency(
                "functional property clash",
                f"{words(x)} has two values for {words(p)}, which allows only one: "
                f"{words(a)} and {words(b)}",
                (stmt(x, p, a), stmt(x, p, b)),
            )
        )
    found += _range_violations(closure, stmt, words)
    return sorted(found, key=lambda i: (i.kind, i.message))


def _disjoint_pairs(graph: Graph) -> set[tuple[Node, Node]]:
    """Pairs (a, b), a < b by IRI, of classes declared disjoint."""
    pairs = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add((a, b) if str(a) < str(b) else (b, a))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(axiom, OWL.members)
        members = list(Collection(graph, head)) if head is not None else []
        pairs |= {(a, b) for a in members for b in members if str(a) < str(b)}
    return pairs


def _range_violations(
    closure: Graph, make: Callable[[Node, Node, Node], Statement], words: _Namer
) -> list[Inconsistency]:
    found = []
    for prop in sorted(set(closure.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        for s, o in closure.subject_objects(prop):
            if isinstance(o, Literal):
                found.append(
                    Inconsistency(
                        "value outside range",
                        f"{words(s)} {words(prop)} the literal {o.n3()}, but {words(prop)} "
                        "relates entities, not values",
                        (make(s, prop, o),),
                    )
                )
    for prop in sorted(set(closure.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        datatype = closure.value(prop, RDFS.range)
        for s, o in closure.subject_objects(prop):
            reason = _outside(o, datatype)
            if reason:
                found.append(
                    Inconsistency(
                        "value outside range",
                        f"{words(s)} {words(prop)} {o.n3()}: {reason}",
                        (make(s, prop, o),),
                    )
                )
    return found


def _outside(value: Node, datatype: Node | None) -> str | None:
    if not isinstance(value, Literal):
        return "an attribute takes a literal value, not an entity"
    if datatype is None or not str(datatype).startswith(str(XSD)):
        return None
    if value.ill_typed:
        return f"not a valid {value.datatype}"
    if datatype in _NUMERIC:
        number = value.toPython()
        if not isinstance(number, int | float | Decimal) or isinstance(number, bool):
            return f"the range is {datatype}, a number"
        if datatype in _INTEGER_TYPES and value.datatype not in _INTEGER_TYPES:
            return f"the range is {datatype}, a whole number"
        low, _ = _NUMERIC[datatype]
        if low is not None and number < low:
            return f"the range is {datatype}, at least {low}"
        return None
    if datatype == XSD.boolean and value.datatype != XSD.boolean:
        return "the range is xsd:boolean (true or false)"
    if datatype == XSD.string and (value.datatype not in {None, XSD.string} or value.language):
        return "the range is xsd:string, a plain string"
    return None


class _Namer:
    """Names terms in words: the label with its CURIE, or the IRI, or the literal."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def __call__(self, term: Node) -> str:
        if isinstance(term, Literal):
            return term.n3()
        labels = [o for o in self.graph.objects(term, RDFS.label) if isinstance(o, Literal)]
        label = str(min(labels, key=language_rank)) if labels else None
        short = (curie(str(term)) or f"<{term}>") if isinstance(term, URIRef) else str(term)
        return f"{label} ({short})" if label is not None else short
