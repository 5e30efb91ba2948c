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

import weakref
from typing import NamedTuple

from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.graph import KnowledgeGraph
from il2kg.lookup import GraphNames, resolve
from il2kg.reasoning.chainer import (
    Chainer,
    Triple,
)
from il2kg.reasoning.closure import Closure
from il2kg.reasoning.derivation import Explanation, Status, Step
from il2kg.reasoning.justification import members

__all__ = [
    "Explanation",
    "Status",
    "Step",
    "Triple",
    "explain",
    "resolve_term",
]


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
