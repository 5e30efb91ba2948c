"""What explain answers: an :class:`Explanation` made of :class:`Step` s, as text or JSON.

:func:`il2kg.reasoning.explanation.explain` builds them; this module says how they read.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF
from rdflib.term import Node

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
    Triple,
)
from il2kg.reasoning.justification import members
from il2kg.terms import curie

__all__ = ["Explanation", "Labeller", "Status", "Step"]


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
