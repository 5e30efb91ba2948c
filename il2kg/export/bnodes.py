"""Stable blank-node labels for the exports: each label is a hash of the node's content.

rdflib gives every parsed blank node a fresh random label, so an export that kept them would
differ from run to run. Here each blank node (``owl:Axiom`` annotations, QUDT quantity
values, OWL restrictions and lists) is labelled by a hash of what surrounds it, computed by
colour refinement (1-dimensional Weisfeiler-Leman): a node's colour starts empty; each round
it becomes the hash of its previous colour and of the sorted list of statements it occurs in,
written in N-Triples with every other blank node replaced by that node's colour (and the
named graph included in a quad export). Rounds stop when they split no more nodes apart.

Nodes that still share a colour are indistinguishable from their surroundings (two identical
axioms on the same fact, say); one of them is then singled out and refinement continues,
until every node has a colour of its own. For the tree-shaped blank-node structures OWL and
QUDT produce, nodes that share a colour are interchangeable, so which one is singled out does
not change the output. The same statements therefore always get the same labels, whatever
the labels they came in with, and rdflib's slower exact canonicalisation
(:func:`rdflib.compare.to_canonical_graph`, seconds on the shipped graph) is not needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from rdflib import BNode
from rdflib.term import Node

from il2kg.export.rdf import Statement, nt_term

__all__ = ["blank_node_labels", "relabel"]

_MIN_LENGTH = 16


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def blank_node_labels(statements: Sequence[Statement]) -> dict[BNode, str]:
    """Return a stable label (``b`` and hex digits) for every blank node in ``statements``.

    >>> from rdflib import URIRef, Literal
    >>> a, b = BNode(), BNode()
    >>> p = URIRef("http://example.org/p")
    >>> first = blank_node_labels([(a, p, Literal("x"), None)])
    >>> second = blank_node_labels([(b, p, Literal("x"), None)])
    >>> first[a] == second[b]
    True
    """
    occurs: dict[BNode, list[Statement]] = {}
    for statement in statements:
        for term in {t for t in statement if isinstance(t, BNode)}:
            occurs.setdefault(term, []).append(statement)
    if not occurs:
        return {}
    colour = _refine(occurs, dict.fromkeys(occurs, ""))
    while True:
        groups: dict[str, list[BNode]] = {}
        for node, value in colour.items():
            groups.setdefault(value, []).append(node)
        tied = sorted(value for value, members in groups.items() if len(members) > 1)
        if not tied:
            break
        chosen = min(groups[tied[0]], key=str)  # interchangeable with its peers; see above
        colour[chosen] = _digest(colour[chosen] + "\x00singled out")
        colour = _refine(occurs, colour)
    return _shorten(colour)


def _refine(occurs: dict[BNode, list[Statement]], colour: dict[BNode, str]) -> dict[BNode, str]:
    count = len(set(colour.values()))
    while True:
        colour = {
            node: _digest(
                colour[node] + "\x01" + "\x02".join(sorted(_render(s, node, colour) for s in found))
            )
            for node, found in occurs.items()
        }
        new_count = len(set(colour.values()))
        if new_count == count:  # a refinement only splits classes: same count, same partition
            return colour
        count = new_count


def _render(statement: Statement, node: BNode, colour: dict[BNode, str]) -> str:
    parts = []
    for term in statement:
        if term == node:
            parts.append("*")
        elif isinstance(term, BNode):
            parts.append("_:" + colour[term])
        else:
            parts.append(nt_term(term))
    return " ".join(parts)


def _shorten(colour: dict[BNode, str]) -> dict[BNode, str]:
    length = _MIN_LENGTH
    while length < 64 and len({value[:length] for value in colour.values()}) < len(colour):
        length *= 2
    return {node: "b" + value[:length] for node, value in colour.items()}


def relabel(statements: Iterable[Statement], labels: dict[BNode, str]) -> list[Statement]:
    """Replace every blank node by ``BNode(labels[node])``."""
    fresh = {node: BNode(label) for node, label in labels.items()}

    def swap(term: Node) -> Node:
        return fresh.get(term, term) if isinstance(term, BNode) else term

    return [(swap(s), p, swap(o), None if g is None else swap(g)) for s, p, o, g in statements]
