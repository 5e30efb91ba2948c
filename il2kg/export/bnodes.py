"""Stable blank-node labels for the exports: the W3C RDF Canonicalization (RDFC-1.0) ones.

rdflib gives every parsed blank node a fresh random label, so an export that kept them would
differ from run to run. :func:`canonical_statements` gives each blank node its RDFC-1.0 label
(https://www.w3.org/TR/rdf-canon/), ``c14n0``, ``c14n1`` …, as pyoxigraph computes it
(:meth:`pyoxigraph.Dataset.canonicalize`). The labels depend on the statements only, never
on the labels the blank nodes came in with, whatever the shape of the blank-node structure
(cycles and symmetric twins included). Every other term is kept exactly as rdflib read it.

RDFC-1.0 is exponential in the worst case, and pyoxigraph bounds neither its time nor its
work (the call holds the GIL and ignores Ctrl-C): it tries every order of blank nodes it
cannot tell apart. Two identical blank nodes each holding 9 identical blank nodes (38
statements) take 27 s, and each one more about ten times longer; 9 blank nodes that all
point at each other take 38 s. So the canonicalisation runs in a forked child process
(:func:`il2kg.query.deadline.in_forked_child`) that is killed at :data:`DEADLINE`, and such
a file is refused with one line. The shipped graph (675 blank nodes) takes about 0.1 s.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Node

from il2kg.errors import ExportError, QueryTimeoutError
from il2kg.export.rdf import Statement, nt_term
from il2kg.query.deadline import in_forked_child

__all__ = ["DEADLINE", "canonical_statements"]

DEADLINE = 120.0
"""Seconds RDFC-1.0 may take before an export is refused (a file of indistinguishable blank
nodes); the shipped graph needs about 0.01 s."""


def canonical_statements(
    statements: Sequence[Statement], *, deadline: float | None = None
) -> list[Statement]:
    """The statements with every blank node relabelled by RDFC-1.0 (``c14n`` and a number).

    Statements without blank nodes are returned as they are, first; those with blank nodes
    follow, with their other terms unchanged. Writers sort what they write, so the order
    does not reach the output.

    >>> from rdflib import URIRef, Literal
    >>> p = URIRef("http://example.org/p")
    >>> first = canonical_statements([(BNode(), p, Literal("x"), None)])
    >>> second = canonical_statements([(BNode(), p, Literal("x"), None)])
    >>> first == second == [(BNode("c14n0"), p, Literal("x"), None)]
    True

    Args:
        statements: What to label.
        deadline: Seconds RDFC-1.0 may take (default: :data:`DEADLINE`).

    Raises:
        ExportError: A term pyoxigraph cannot read even leniently (the message names it), or
            the blank nodes cannot be given labels within ``deadline`` seconds.
    """
    deadline = DEADLINE if deadline is None else deadline
    plain: list[Statement] = []
    blank: list[Statement] = []  # RDFC-1.0 reads only the statements with a blank node
    for statement in statements:
        (blank if any(isinstance(term, BNode) for term in statement) else plain).append(statement)
    if not blank:
        return plain
    quads = _to_oxigraph(blank)
    # pyoxigraph normalises some terms (language tags to lower case): map its terms back to
    # the ones rdflib read, so that a term reads the same with or without a blank node nearby
    terms: dict[str, Node] = {}
    for statement, quad in zip(blank, quads, strict=True):
        for term, read in zip(statement, _terms(quad), strict=True):
            key = str(read)
            if term is None or isinstance(term, BNode):
                continue
            if key not in terms or nt_term(term) < nt_term(terms[key]):  # the same whatever order
                terms[key] = term
    try:
        text = in_forked_child(deadline, "blank-node labelling", lambda: _canonical_nquads(quads))
    except QueryTimeoutError:
        raise ExportError(
            f"cannot give the blank nodes canonical labels within {deadline:g} s: the data "
            "holds blank nodes that cannot be told apart (identical nodes pointing at "
            "identical nodes); give them IRIs"
        ) from None
    return plain + [
        tuple(_from_oxigraph(term, terms) for term in _terms(quad))  # type: ignore[misc]
        for quad in ox.parse(text, format=ox.RdfFormat.N_QUADS)
    ]


def _to_oxigraph(statements: Sequence[Statement]) -> list[ox.Quad]:
    """The statements as pyoxigraph quads, one per statement, in order.

    N-Quads text parsed by pyoxigraph is the quickest way across (no Python object per term)
    and, being lenient, takes every IRI rdflib took.
    """
    lines = "".join(
        " ".join(nt_term(term) for term in statement) + " .\n" for statement in statements
    )
    try:
        return list(ox.parse(lines, format=ox.RdfFormat.N_QUADS, lenient=True))
    except SyntaxError as exc:
        bad = statements[exc.lineno - 1] if exc.lineno else ()
        shown = " ".join(nt_term(term) for term in bad if term is not None)
        raise ExportError(
            f"cannot give the blank nodes canonical labels: {exc.msg} (in the statement {shown})"
        ) from None


def _canonical_nquads(quads: list[ox.Quad]) -> bytes:
    """In the child: canonicalise and write N-Quads (what crosses the pipe)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b""


def _terms(quad: ox.Quad) -> tuple[object, object, object, object]:
    return quad.subject, quad.predicate, quad.object, quad.graph_name


def _from_oxigraph(term: object, terms: dict[str, Node]) -> Node | None:
    if isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return terms[str(term)]
