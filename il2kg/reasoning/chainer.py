"""A small forward chainer that records how it derived each triple (for ``il2kg explain``).

It covers the OWL 2 RL rules the il2kg ontology uses: prp-inv1/2, prp-trp, prp-symp,
prp-spo1, prp-spo2 (chains of any length), prp-dom, prp-rng, cax-sco, cax-eqc1/2,
cls-int1/2, cls-svf1/2, cls-hv1/2, scm-sco, scm-eqc1 and scm-int, and keeps, for every
triple it derives, the first rule application that produced it. ``tests/test_explain.py``
checks that it derives exactly owlrl's closure of the shipped graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

__all__ = ["Chainer", "Derivation", "Triple"]

Triple = tuple[Node, Node, Node]
"""A statement as ``(subject, predicate, object)``."""

TYPE, SCO, EQC, SPO, INV = (
    RDF.type,
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.inverseOf,
)
DOMAIN, RANGE, TRANSITIVE, SYMMETRIC = (
    RDFS.domain,
    RDFS.range,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
)


class Derivation(NamedTuple):
    """One rule application: the rule, the facts it joined and the axioms it used."""

    rule: str
    premises: tuple[Triple, ...]
    axioms: tuple[Triple, ...]


class _Chain(NamedTuple):
    prop: Node
    links: tuple[Node, ...]
    axioms: tuple[Triple, ...]


class _Restriction(NamedTuple):
    node: Node
    prop: Node
    filler: Node  # the someValuesFrom class or the hasValue individual
    axioms: tuple[Triple, ...]


class Chainer:
    """Forward chaining with provenance for the OWL 2 RL rules named in the module docstring.

    Lists, property chains, intersections and restrictions are read once from the asserted
    triples (no rule derives them). Everything else, including subclass and sub-property
    axioms, is an ordinary fact that rules may derive and join on.
    """

    def __init__(self, triples: Iterable[Triple]) -> None:
        """Read the asserted ``triples`` (and the lists, chains and restrictions among them)."""
        self.asserted: dict[Triple, None] = dict.fromkeys(triples)
        self.origin: dict[Triple, Derivation] = {}
        self._agenda: deque[Triple] = deque(self.asserted)
        self._out: dict[Node, dict[Node, dict[Node, None]]] = {}  # p -> s -> {o}
        self._in: dict[Node, dict[Node, dict[Node, None]]] = {}  # p -> o -> {s}
        self._chains: dict[Node, list[tuple[_Chain, int]]] = {}
        self._inter_member: dict[Node, list[tuple[Node, tuple[Node, ...], tuple[Triple, ...]]]] = {}
        self._inter_class: dict[Node, list[tuple[Node, tuple[Node, ...], tuple[Triple, ...]]]] = {}
        self._svf_prop: dict[Node, list[_Restriction]] = {}
        self._svf_class: dict[Node, list[_Restriction]] = {}
        self._hv_prop: dict[Node, list[_Restriction]] = {}
        self._hv_node: dict[Node, list[_Restriction]] = {}
        self._compile()

    def _compile(self) -> None:
        by: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in self.asserted:
            if p in (RDF.first, RDF.rest, OWL.onProperty, OWL.someValuesFrom, OWL.hasValue):
                by.setdefault(p, {}).setdefault(s, []).append(o)

        def one(node: Node, p: Node) -> Node | None:
            found = by.get(p, {}).get(node, [])
            return found[0] if len(found) == 1 else None

        def read_list(head: Node) -> tuple[tuple[Node, ...], tuple[Triple, ...]] | None:
            items: list[Node] = []
            used: list[Triple] = []
            while head != RDF.nil:
                first, rest = one(head, RDF.first), one(head, RDF.rest)
                if first is None or rest is None or len(items) > 1000:
                    return None
                items.append(first)
                used += [(head, RDF.first, first), (head, RDF.rest, rest)]
                head = rest
            return (tuple(items), tuple(used)) if items else None

        for s, p, o in self.asserted:
            listed = read_list(o) if p in (OWL.propertyChainAxiom, OWL.intersectionOf) else None
            if listed and p == OWL.propertyChainAxiom:
                chain = _Chain(s, listed[0], ((s, p, o), *listed[1]))
                for position, link in enumerate(chain.links):
                    self._chains.setdefault(link, []).append((chain, position))
            elif listed:
                entry = (s, listed[0], ((s, p, o), *listed[1]))
                self._inter_class.setdefault(s, []).append(entry)
                for member in dict.fromkeys(listed[0]):
                    self._inter_member.setdefault(member, []).append(entry)
        for node, props in by.get(OWL.onProperty, {}).items():
            for prop in props:
                on = (node, OWL.onProperty, prop)
                for filler in by.get(OWL.someValuesFrom, {}).get(node, []):
                    r = _Restriction(node, prop, filler, (on, (node, OWL.someValuesFrom, filler)))
                    self._svf_prop.setdefault(prop, []).append(r)
                    self._svf_class.setdefault(filler, []).append(r)
                for value in by.get(OWL.hasValue, {}).get(node, []):
                    r = _Restriction(node, prop, value, (on, (node, OWL.hasValue, value)))
                    self._hv_prop.setdefault(prop, []).append(r)
                    self._hv_node.setdefault(node, []).append(r)

    def known(self, triple: Triple) -> bool:
        """Whether a triple is asserted or already derived."""
        return triple in self.asserted or triple in self.origin

    def run(self, goal: Triple | None = None) -> bool:
        """Chain to a fixpoint, or until ``goal`` is known; return whether it is."""
        for entries in self._inter_class.values():
            for c, classes, axioms in entries:
                for member in classes:
                    if member != c:
                        self._emit((c, SCO, member), "scm-int", (), axioms)
        while self._agenda and not (goal is not None and self.known(goal)):
            triple = self._agenda.popleft()
            s, p, o = triple
            self._out.setdefault(p, {}).setdefault(s, {})[o] = None
            self._in.setdefault(p, {}).setdefault(o, {})[s] = None
            self._fire(triple)
        return goal is None or self.known(goal)

    def _emit(
        self, triple: Triple, rule: str, premises: tuple[Triple, ...], axioms: tuple[Triple, ...]
    ) -> None:
        if not self.known(triple) and not isinstance(triple[0], Literal):
            self.origin[triple] = Derivation(rule, premises, axioms)
            self._agenda.append(triple)

    def _objects(self, s: Node, p: Node) -> Iterable[Node]:
        return self._out.get(p, {}).get(s, {})

    def _subjects(self, p: Node, o: Node) -> Iterable[Node]:
        return self._in.get(p, {}).get(o, {})

    def _pairs(self, p: Node) -> Iterator[tuple[Node, Node]]:
        for s, objects in self._out.get(p, {}).items():
            for o in objects:
                yield s, o

    def _fire(self, t: Triple) -> None:
        s, p, o = t
        emit = self._emit
        for c in self._objects(p, DOMAIN):
            emit((s, TYPE, c), "prp-dom", (t,), ((p, DOMAIN, c),))
        if not isinstance(o, Literal):
            for c in self._objects(p, RANGE):
                emit((o, TYPE, c), "prp-rng", (t,), ((p, RANGE, c),))
            for q in self._objects(p, INV):
                emit((o, q, s), "prp-inv1", (t,), ((p, INV, q),))
            for q in self._subjects(INV, p):
                emit((o, q, s), "prp-inv2", (t,), ((q, INV, p),))
            if self.known((p, TYPE, SYMMETRIC)):
                emit((o, p, s), "prp-symp", (t,), ((p, TYPE, SYMMETRIC),))
        for q in self._objects(p, SPO):
            if q != p:
                emit((s, q, o), "prp-spo1", (t,), ((p, SPO, q),))
        if self.known((p, TYPE, TRANSITIVE)):
            axiom = ((p, TYPE, TRANSITIVE),)
            for z in self._objects(o, p):
                emit((s, p, z), "prp-trp", (t, (o, p, z)), axiom)
            for w in self._subjects(p, s):
                emit((w, p, o), "prp-trp", ((w, p, s), t), axiom)
        for chain, position in self._chains.get(p, ()):
            for left in self._walk_back(s, chain.links[:position]):
                for right in self._walk(o, chain.links[position + 1 :]):
                    path = (*left, t, *right)
                    emit((path[0][0], chain.prop, path[-1][2]), "prp-spo2", path, chain.axioms)
        for r in self._svf_prop.get(p, ()):
            if r.filler == OWL.Thing:
                emit((s, TYPE, r.node), "cls-svf2", (t,), r.axioms)
            elif self.known((o, TYPE, r.filler)):
                emit((s, TYPE, r.node), "cls-svf1", (t, (o, TYPE, r.filler)), r.axioms)
        for r in self._hv_prop.get(p, ()):
            if r.filler == o:
                emit((s, TYPE, r.node), "cls-hv2", (t,), r.axioms)
        if p == TYPE:
            self._fire_type(t)
        elif p in (DOMAIN, RANGE, SPO, INV, SCO, EQC):
            self._fire_schema(t)

    def _fire_type(self, t: Triple) -> None:
        x, _, c = t
        emit = self._emit
        for d in self._objects(c, EQC):
            if d != c:
                emit((x, TYPE, d), "cax-eqc1", (t,), ((c, EQC, d),))
        for d in self._subjects(EQC, c):
            if d != c:
                emit((x, TYPE, d), "cax-eqc2", (t,), ((d, EQC, c),))
        for d in self._objects(c, SCO):
            if d != c:
                emit((x, TYPE, d), "cax-sco", (t,), ((c, SCO, d),))
        for inter, classes, axioms in self._inter_member.get(c, ()):
            needed = tuple((x, TYPE, member) for member in classes)
            if all(map(self.known, needed)):
                emit((x, TYPE, inter), "cls-int1", needed, axioms)
        for _, classes, axioms in self._inter_class.get(c, ()):
            for member in classes:
                emit((x, TYPE, member), "cls-int2", (t,), axioms)
        for r in self._svf_class.get(c, ()):
            for u in self._subjects(r.prop, x):
                emit((u, TYPE, r.node), "cls-svf1", ((u, r.prop, x), t), r.axioms)
        for r in self._hv_node.get(c, ()):
            emit((x, r.prop, r.filler), "cls-hv1", (t,), r.axioms)
        if c == TRANSITIVE:
            for a, b in list(self._pairs(x)):
                for z in self._objects(b, x):
                    emit((a, x, z), "prp-trp", ((a, x, b), (b, x, z)), (t,))
        elif c == SYMMETRIC:
            for a, b in list(self._pairs(x)):
                if not isinstance(b, Literal):
                    emit((b, x, a), "prp-symp", ((a, x, b),), (t,))

    def _fire_schema(self, t: Triple) -> None:
        a, p, b = t
        emit = self._emit
        if p in (DOMAIN, RANGE):
            for x, y in list(self._pairs(a)):
                if p == DOMAIN:
                    emit((x, TYPE, b), "prp-dom", ((x, a, y),), (t,))
                elif not isinstance(y, Literal):
                    emit((y, TYPE, b), "prp-rng", ((x, a, y),), (t,))
        elif p == SPO and a != b:
            for x, y in list(self._pairs(a)):
                emit((x, b, y), "prp-spo1", ((x, a, y),), (t,))
        elif p == INV:
            for x, y in list(self._pairs(a)):
                if not isinstance(y, Literal):
                    emit((y, b, x), "prp-inv1", ((x, a, y),), (t,))
            for x, y in list(self._pairs(b)):
                if not isinstance(y, Literal):
                    emit((y, a, x), "prp-inv2", ((x, b, y),), (t,))
        elif p in (SCO, EQC) and a != b:
            rule = "cax-sco" if p == SCO else "cax-eqc1"
            for x in list(self._subjects(TYPE, a)):
                emit((x, TYPE, b), rule, ((x, TYPE, a),), (t,))
            if p == EQC:
                for x in list(self._subjects(TYPE, b)):
                    emit((x, TYPE, a), "cax-eqc2", ((x, TYPE, b),), (t,))
                emit((a, SCO, b), "scm-eqc1", (), (t,))
                emit((b, SCO, a), "scm-eqc1", (), (t,))
            else:
                for c in self._objects(b, SCO):
                    if c != a:
                        emit((a, SCO, c), "scm-sco", (), (t, (b, SCO, c)))
                for z in self._subjects(SCO, a):
                    if z != b:
                        emit((z, SCO, b), "scm-sco", (), ((z, SCO, a), t))

    def _walk(self, node: Node, links: tuple[Node, ...]) -> Iterator[tuple[Triple, ...]]:
        if not links:
            yield ()
            return
        for nxt in list(self._objects(node, links[0])):
            for rest in self._walk(nxt, links[1:]):
                yield ((node, links[0], nxt), *rest)

    def _walk_back(self, node: Node, links: tuple[Node, ...]) -> Iterator[tuple[Triple, ...]]:
        if not links:
            yield ()
            return
        for prev in list(self._subjects(links[-1], node)):
            for rest in self._walk_back(prev, links[:-1]):
                yield (*rest, (prev, links[-1], node))

    def proof(
        self, goal: Triple
    ) -> tuple[tuple[Triple, ...], tuple[tuple[Triple, Derivation], ...]]:
        """Return the asserted leaves (in reading order) and the steps deriving ``goal``.

        A step is a derived triple with the rule application that first derived it.
        """
        leaves: dict[Triple, None] = {}
        steps: dict[Triple, tuple[Triple, Derivation]] = {}
        stack: list[tuple[Triple, bool]] = [(goal, False)]
        while stack:
            triple, expanded = stack.pop()
            if triple in steps or triple in leaves:
                continue
            if triple in self.asserted:
                leaves[triple] = None
                continue
            derivation = self.origin[triple]
            if expanded:
                steps[triple] = (triple, derivation)
                continue
            stack.append((triple, True))
            stack.extend(
                (used, False) for used in reversed(derivation.premises + derivation.axioms)
            )
        return tuple(leaves), tuple(steps.values())
