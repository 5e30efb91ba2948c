"""Justifications of an inference: their members (one OWL axiom each) and owlrl's word on them.

A justification is the set of stated facts and ontology axioms an inferred statement follows
from (:func:`il2kg.reasoning.explanation.explain` finds one). These functions check one with
owlrl itself, the reference reasoner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import BNode
from rdflib.term import Node

from il2kg.grouping import connected_groups
from il2kg.reasoning.chainer import Triple
from il2kg.reasoning.closure import owlrl_closure

__all__ = ["is_minimal", "is_sufficient", "members"]


def members(justification: Iterable[Triple]) -> tuple[tuple[Triple, ...], ...]:
    """Split a justification into its members: the triples of one axiom each.

    Triples sharing a blank node belong together (a property chain and its list; a class
    definition with its intersection list and restrictions); any other triple stands alone.
    Order is kept, each member placed where its first triple was.

    >>> from rdflib import BNode, URIRef
    >>> from rdflib.namespace import RDF
    >>> head, a, b = BNode(), URIRef("urn:a"), URIRef("urn:b")
    >>> triples = [(a, RDF.type, b), (a, URIRef("urn:p"), head), (head, RDF.first, b)]
    >>> [len(member) for member in members(triples)]
    [1, 2]
    """
    triples = list(dict.fromkeys(justification))
    first_with: dict[Node, Triple] = {}
    links = [
        (first_with.setdefault(node, triple), triple)
        for triple in triples
        for node in (triple[0], triple[2])
        if isinstance(node, BNode)
    ]
    return tuple(tuple(group) for group in connected_groups(triples, links))


def is_sufficient(justification: Iterable[Triple], triple: Triple) -> bool:
    """Whether owlrl's OWL 2 RL closure of the justification alone contains ``triple``."""
    return triple in owlrl_closure(justification)


def is_minimal(justification: Sequence[Triple], triple: Triple) -> bool:
    """Whether the justification is sufficient and stops being so without any one member.

    Members are as :func:`members` groups them; the check uses owlrl (:func:`is_sufficient`).
    """
    groups = members(justification)
    return is_sufficient(justification, triple) and not any(
        is_sufficient([t for other in groups if other is not group for t in other], triple)
        for group in groups
    )
