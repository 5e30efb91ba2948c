"""Explain a statement: asserted, inferred (and from what, step by step) or absent.

:func:`explain` answers with an :class:`Explanation`. For an inferred statement it gives a
*justification* - the stated facts and ontology axioms it follows from, none of them
superfluous - and the *steps* of one derivation, each naming its OWL 2 RL rule in words.

The work is done by the forward chainer of :mod:`il2kg.reasoning.chainer`, which records, for every
triple it derives, the first rule application that produced it. It runs over the asserted
triples once per loaded graph (about 0.2 s for the shipped graph) and is then cached; a full
closure is never needed to explain.

A justification is minimised greedily: each of its members is dropped in turn and kept out
if the statement still follows. A *member* is one OWL axiom: a triple, together with the
triples it reaches through blank nodes (see
:func:`~il2kg.reasoning.justification.members`). Dropping single triples of an
RDF list would not do, because owlrl reads a list cut short as a shorter list, so that
"common gamma chain cytokine ≡ (cytokine and …)" minus one ``rdf:rest`` would still
"explain" every cytokine.
:func:`~il2kg.reasoning.justification.is_sufficient` and
:func:`~il2kg.reasoning.justification.is_minimal` check a justification with owlrl itself.
"""

from __future__ import annotations

import typing
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.graph import KnowledgeGraph
from il2kg.lookup import GraphNames, resolve
from il2kg.reasoning.chainer import (
    DOMAIN,
    EQC,
    INV,
    RANGE,
    SCO,
    SPO,
    SYMMETRIC,
    TRANSITIVE,
    TYPE,
    Chainer,
    Triple,
)
from il2kg.reasoning.closure import Closure
from il2kg.reasoning.justification import members
from il2kg.terms import curie

__all__ = [
    "Explanation",
    "Status",
    "Step",
    "Triple",
    "explain",
    "resolve_term",
]


Labeller = Callable[[Node], str]
"""Names a term in words, as :meth:`il2kg.graph.KnowledgeGraph.label` does."""

Status = typing.Literal["asserted", "inferred", "absent"]


def _plain(node: Node) -> str:
    """Name a term by its CURIE (or IRI, or ``_:id``): the labeller used when none is given."""
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return curie(str(node)) or str(node)
    return str(node)


@dataclass(frozen=True)
class Step:
    """One rule application in a derivation.

    Attributes:
        triple: The triple derived.
        rule: The OWL 2 RL rule applied, by its name in the OWL 2 profile (``"prp-spo2"``).
        premises: The facts the rule combined, in the rule's order (each asserted, or
            derived by an earlier step).
        axioms: The ontology triples that licensed the rule (for a property chain, the
            ``owl:propertyChainAxiom`` triple and its list; for a restriction, its triples).
    """

    triple: Triple
    rule: str
    premises: tuple[Triple, ...]
    axioms: tuple[Triple, ...]

    def name(self, label: Labeller = _plain) -> str:
        """Name the rule in words, e.g. ``property chain has receptor ∘ has chain ⊑ uses chain``.

        Args:
            label: Names a term (``KnowledgeGraph.label``); CURIEs if not given.
        """
        s, p, o = self.triple
        key = self.axioms[0] if self.axioms else (s, p, o)
        if self.rule in ("prp-inv1", "prp-inv2"):
            return f"inverse: {label(p)} is the inverse of {label(self.premises[0][1])}"
        if self.rule == "prp-trp":
            return f"transitivity of {label(p)}"
        if self.rule == "prp-symp":
            return f"symmetry of {label(p)}"
        if self.rule == "prp-spo1":
            return f"sub-property: {label(key[0])} ⊑ {label(p)}"
        if self.rule == "prp-spo2":
            chain = " ∘ ".join(label(premise[1]) for premise in self.premises)
            return f"property chain {chain} ⊑ {label(p)}"
        if self.rule in ("prp-dom", "prp-rng"):
            return f"{'domain' if self.rule == 'prp-dom' else 'range'} of {label(key[0])}"
        if self.rule == "cax-sco":
            return f"subclass: {label(key[0])} ⊑ {label(key[2])}"
        if self.rule in ("cax-eqc1", "cax-eqc2"):
            return f"equivalent class: {label(key[0])} ≡ {label(key[2])}"
        kinds = {
            "cls-int1": "intersection",
            "cls-svf1": "someValuesFrom",
            "cls-svf2": "someValuesFrom",
        }
        if self.rule in kinds or self.rule in ("cls-hv1", "cls-hv2"):
            return f"defined class ({kinds.get(self.rule, 'hasValue')}): {label(key[0])}"
        if self.rule == "cls-int2":
            return f"intersection: {label(key[0])} ⊑ {label(o)}"
        return {
            "scm-sco": "transitivity of subclass",
            "scm-eqc1": "equivalent classes are subclasses of each other",
            "scm-int": "an intersection is a subclass of each of its classes",
        }.get(self.rule, self.rule)


@dataclass(frozen=True)
class Explanation:
    """Why a statement holds, or that it does not.

    Attributes:
        statement: The statement asked about.
        status: ``"asserted"`` (stated in a loaded file), ``"inferred"`` (follows by OWL 2 RL
            reasoning) or ``"absent"`` (neither).
        justification: For an inferred statement, the asserted triples (data and ontology
            axioms) it follows from, minimal by :func:`members`; for an asserted one, the
            statement and its ``dcterms:source`` annotation triples (``owl:Axiom``).
        steps: The derivation, premises before conclusions; the last step derives the
            statement. Empty unless inferred.
        sources: The ``dcterms:source`` values of the statement (if asserted) or of each
            justification fact that has some.
    """

    statement: Triple
    status: Status
    justification: tuple[Triple, ...] = ()
    steps: tuple[Step, ...] = ()
    sources: tuple[tuple[Triple, tuple[Node, ...]], ...] = ()

    @property
    def explained(self) -> bool:
        """False for an inferred statement the explainer could not derive (see :func:`explain`)."""
        return self.status != "inferred" or bool(self.steps)

    def to_text(self, label: Labeller | None = None) -> str:
        """Render the explanation in words, naming terms by label and CURIE.

        Args:
            label: Names a term, typically ``KnowledgeGraph.label``; CURIEs only if not given.
        """
        words = _Words(
            label or _plain, [*self.justification, *(a for s in self.steps for a in s.axioms)]
        )
        lines = [words.triple(self.statement)]
        if self.status == "absent":
            lines.append("absent: neither stated in the graph nor inferred by OWL 2 RL reasoning")
        elif self.status == "asserted":
            cited = [words.term(source) for _, found in self.sources for source in found]
            lines.append("asserted" + (f"; source: {', '.join(cited)}" if cited else ""))
        elif not self.steps:
            lines.append(
                "inferred by the OWL 2 RL reasoner, but no derivation could be reconstructed "
                "(it needs an OWL construct the explainer does not cover)"
            )
        else:
            cited_by = dict(self.sources)
            groups = members(self.justification)
            lines.append(
                f"inferred by OWL 2 RL reasoning from {len(groups)} statements and axioms:"
            )
            for group in groups:
                for root in [t for t in group if not isinstance(t[0], BNode)] or list(group):
                    found = cited_by.get(root, ())
                    cite = f"  [source: {', '.join(map(words.term, found))}]" if found else ""
                    lines.append(f"  - {words.triple(root)}{cite}")
            lines.append("derivation:")
            number = {step.triple: n for n, step in enumerate(self.steps, start=1)}
            for n, step in enumerate(self.steps, start=1):
                used = [str(number[t]) for t in step.premises + step.axioms if t in number]
                after = (
                    f", from step{'s' if len(used) > 1 else ''} {', '.join(used)}" if used else ""
                )
                lines.append(f"  {n}. {words.triple(step.triple)}")
                lines.append(f"     by {step.name(words.name)}{after}")
        return "\n".join(lines)


_PHRASES: dict[Node, str] = {
    TYPE: "is a",
    SCO: "is a subclass of",
    EQC: "is equivalent to",
    SPO: "is a sub-property of",
    INV: "is the inverse of",
    DOMAIN: "has domain",
    RANGE: "has range",
    OWL.propertyChainAxiom: "is implied by the property chain",
    OWL.intersectionOf: "is the intersection of",
    OWL.onProperty: "restricts",
    OWL.someValuesFrom: "to some",
    OWL.hasValue: "to the value",
    DCTERMS.source: "has source",
}
_CLASS_WORDS: dict[Node, str] = {TRANSITIVE: "transitive property", SYMMETRIC: "symmetric property"}


class _Words:
    """Render terms and triples in words; blank nodes by the class expression they stand for."""

    def __init__(self, label: Labeller, triples: Iterable[Triple]) -> None:
        self.label = label
        self.about: dict[Node, dict[Node, Node]] = {}
        for s, p, o in triples:
            if isinstance(s, BNode):
                self.about.setdefault(s, {})[p] = o

    def name(self, node: Node, seen: frozenset[Node] = frozenset()) -> str:
        """Name a term briefly: its label, or a description for a blank node."""
        facts = self.about.get(node, {}) if node not in seen else {}
        seen = seen | {node}
        if not isinstance(node, BNode) or not facts:
            if isinstance(node, Literal):
                return f'"{node}"'
            return _CLASS_WORDS.get(node) or self.label(node)
        for key, joint in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
            if key in facts:
                return "(" + joint.join(self.name(m, seen) for m in self._items(facts[key])) + ")"
        if OWL.onProperty in facts:
            prop = self.name(facts[OWL.onProperty], seen)
            for key, word in ((OWL.someValuesFrom, "some"), (OWL.hasValue, "value")):
                if key in facts:
                    return f"({prop} {word} {self.name(facts[key], seen)})"
        if RDF.first in facts:
            return "(" + ", ".join(self.name(m, seen) for m in self._items(node)) + ")"
        return self.label(node)

    def _items(self, head: Node) -> Iterator[Node]:
        seen: set[Node] = set()
        while head in self.about and RDF.first in self.about[head] and head not in seen:
            seen.add(head)
            yield self.about[head][RDF.first]
            head = self.about[head].get(RDF.rest, RDF.nil)

    def term(self, node: Node) -> str:
        """Name a term with its label and CURIE: ``daclizumab (il2:Daclizumab)``."""
        name = self.name(node)
        short = curie(str(node)) if isinstance(node, URIRef) else None
        return f"{name} ({short})" if short and short != name else name

    def triple(self, triple: Triple) -> str:
        """Render a triple as a sentence."""
        s, p, o = triple
        verb = _PHRASES.get(p) or self.name(p)
        thing = self.term(o)
        if p == TYPE and isinstance(o, BNode):
            verb = "belongs to"
        elif p == TYPE and thing[:1].lower() in ("a", "e", "i", "o", "u"):
            verb = "is an"
        return f"{self.term(s)} {verb} {thing}"


# --- The public functions --------------------------------------------------------------


class _Knowledge(NamedTuple):
    chainer: Chainer
    sources: dict[Triple, list[tuple[Node, Node]]]  # statement -> [(owl:Axiom node, source)]


_KNOWLEDGE: weakref.WeakKeyDictionary[KnowledgeGraph, _Knowledge] = weakref.WeakKeyDictionary()


def _sort_key(triple: Triple) -> tuple[str, str, str]:
    s, p, o = ("" if isinstance(node, BNode) else str(node) for node in triple)
    return p, s, o


def _knowledge(kg: KnowledgeGraph) -> _Knowledge:
    """Chain over a loaded graph once, then reuse the result for every explanation."""
    cached = _KNOWLEDGE.get(kg)
    if cached is None:
        union = kg.union()
        # The store yields triples in hash order; sort them so that explanations do not vary.
        chainer = Chainer(sorted(union, key=_sort_key))
        chainer.run()
        sources: dict[Triple, list[tuple[Node, Node]]] = {}
        for axiom in union.subjects(RDF.type, OWL.Axiom):
            s = union.value(axiom, OWL.annotatedSource)
            p = union.value(axiom, OWL.annotatedProperty)
            o = union.value(axiom, OWL.annotatedTarget)
            if s is not None and p is not None and o is not None:
                found = sources.setdefault((s, p, o), [])
                found += [(axiom, source) for source in union.objects(axiom, DCTERMS.source)]
        for found in sources.values():
            found.sort(key=lambda pair: str(pair[1]))
        cached = _KNOWLEDGE[kg] = _Knowledge(chainer, sources)
    return cached


def explain(
    kg: KnowledgeGraph,
    subject: Node | str,
    predicate: Node | str,
    obj: Node | str,
    *,
    closure: Closure | None = None,
) -> Explanation:
    r"""Explain whether and why ``subject predicate obj`` holds in a loaded graph.

    The first call on a graph chains over all its triples (about 0.2 s for the shipped
    graph) and keeps the result with the graph; later calls take a few milliseconds.

    Args:
        kg: The loaded ontology and data.
        subject: The statement's subject: an rdflib term, or the text a user types to
            ``il2kg query`` (an IRI, a CURIE or a label; see :func:`resolve_term`).
        predicate: Its predicate, likewise (``a`` for ``rdf:type``).
        obj: Its object, likewise. A literal object must be given as an rdflib
            ``Literal``: a string is read as the name of a term.
        closure: The owlrl closure, if already at hand. A statement in it that the chainer
            cannot derive (an OWL construct it does not cover) is then reported as inferred
            without justification (:attr:`Explanation.explained` is false) rather than absent.

    Returns:
        The explanation; see :class:`Explanation`.

    Raises:
        BadParameterError: A term given as text names nothing in the graph (see
            :func:`resolve_term`).

    >>> import pathlib, tempfile
    >>> from il2kg.graph import load_graph
    >>> from il2kg.terms import IL2, IL2KG
    >>> mini = pathlib.Path(tempfile.mkdtemp()) / "mini.ttl"
    >>> _ = mini.write_text(
    ...     "@prefix il2kg: <https://w3id.org/il2kg/ontology/> .\n"
    ...     "@prefix il2: <https://w3id.org/il2kg/id/> .\n"
    ...     "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    ...     "il2kg:partOf owl:inverseOf il2kg:hasPart .\n"
    ...     "il2:IL2RA il2kg:partOf il2:IL2R-high .\n"
    ... )
    >>> kg = load_graph([mini], shipped=False)
    >>> answer = explain(kg, IL2["IL2R-high"], IL2KG.hasPart, IL2.IL2RA)
    >>> print(answer.to_text())
    il2:IL2R-high il2kg:hasPart il2:IL2RA
    inferred by OWL 2 RL reasoning from 2 statements and axioms:
      - il2:IL2RA il2kg:partOf il2:IL2R-high
      - il2kg:partOf is the inverse of il2kg:hasPart
    derivation:
      1. il2:IL2R-high il2kg:hasPart il2:IL2RA
         by inverse: il2kg:hasPart is the inverse of il2kg:partOf
    """
    statement: Triple = (_as_term(kg, subject), _as_term(kg, predicate), _as_term(kg, obj))
    knowledge = _knowledge(kg)
    if statement in knowledge.chainer.asserted:
        annotations = knowledge.sources.get(statement, [])
        cited = tuple(dict.fromkeys(source for _, source in annotations))
        return Explanation(
            statement,
            "asserted",
            (statement, *((axiom, DCTERMS.source, source) for axiom, source in annotations)),
            sources=((statement, cited),) if cited else (),
        )
    if statement not in knowledge.chainer.origin:
        inferred = closure is not None and statement in closure.inferred
        return Explanation(statement, "inferred" if inferred else "absent")
    leaves, _ = knowledge.chainer.proof(statement)
    kept = list(members(leaves))
    for group in list(kept):
        trial = [triple for other in kept if other is not group for triple in other]
        if Chainer(trial).run(statement):
            kept.remove(group)
    final = Chainer(triple for group in kept for triple in group)
    final.run(statement)
    justification, derivations = final.proof(statement)
    steps = tuple(Step(triple, *derivation) for triple, derivation in derivations)
    cited_by = {
        t: tuple(dict.fromkeys(s for _, s in knowledge.sources.get(t, []))) for t in justification
    }
    return Explanation(
        statement,
        "inferred",
        justification,
        steps,
        tuple((t, found) for t, found in cited_by.items() if found),
    )


def resolve_term(kg: KnowledgeGraph, text: str) -> URIRef:
    """Turn what a user typed into a term of the graph, as ``il2kg query`` does.

    The text is resolved by :func:`il2kg.lookup.resolve` (a full IRI, optionally in ``<>``; a
    CURIE with a prefix or synonym of :data:`~il2kg.terms.PREFIX_MAP`; ``a`` for
    ``rdf:type``; or a label or synonym naming exactly one term, exact names first, then
    ignoring case). An IRI or CURIE must also occur in the graph: a statement about a term
    the graph does not hold cannot be explained, and a typo should not answer "absent".

    Raises:
        BadParameterError: The IRI or CURIE does not occur in the graph, the prefix is
            unknown, or the text names no term or several (the message lists them).
    """
    term = resolve(text, GraphNames(kg))
    union = kg.union()
    if term == RDF.type or any(
        pattern in union for pattern in ((term, None, None), (None, term, None), (None, None, term))
    ):
        return term
    raise BadParameterError(
        f"{text.strip()!r} does not occur in the loaded graph; check the spelling"
    )


def _as_term(kg: KnowledgeGraph, value: Node | str) -> Node:
    """A term as given, or the term a text names (:func:`resolve_term`)."""
    return (
        resolve_term(kg, value) if isinstance(value, str) and not isinstance(value, Node) else value
    )
