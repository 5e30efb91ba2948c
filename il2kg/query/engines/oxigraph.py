"""The embedded graph in pyoxigraph, the fast engine for SPARQL queries.

pyoxigraph (Oxigraph's Rust engine) answers the named queries 10-100 times faster than
rdflib's pure-Python engine. rdflib stays the reference: ``tests/test_engine_equivalence.py``
runs every named query on both and requires the same rows.

A :class:`LocalStore` holds each loaded file in its own named graph and the OWL 2 RL
closure in :data:`~il2kg.reasoning.closure.INFERRED_GRAPH`; a query sees the union of the asserted
graphs, plus the inferred one when reasoning is on, as rdflib's union view does.

Parameter values are never written into the query text: they are stored as data, and the
query reads them with one pattern (:meth:`LocalStore.select`).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from il2kg.errors import BadParameterError, QueryError
from il2kg.query.deadline import ForkedWorker
from il2kg.query.results import QueryResult
from il2kg.terms import PREFIXES

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue

    from il2kg.graph import KnowledgeGraph

__all__ = ["LocalStore", "from_oxigraph", "store_from_files", "store_from_graph", "to_oxigraph"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Where a query's parameter terms are put while it runs: a fresh named graph per query,
# holding one statement ``[] <_PARAMETER + name> term`` per term.
_PARAMETER_GRAPH = "urn:il2kg:parameters:"
_PARAMETER = "urn:il2kg:parameter:"
_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_]+")


def to_oxigraph(term: Node) -> OxTerm:
    """Convert an rdflib term to the pyoxigraph term it stands for."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in pyoxigraph")


def from_oxigraph(term: object) -> Node:
    """Convert a pyoxigraph term to rdflib (``xsd:string`` literals become plain ones)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term from pyoxigraph: {term!r}")


class LocalStore:
    """Asserted graphs and the inferred graph in one pyoxigraph store."""

    def __init__(
        self,
        store: ox.Store,
        asserted: Iterable[str],
        inferred: str | None,
        parsed_by: str = "rdflib",
    ) -> None:
        """Wrap ``store``, whose named graphs ``asserted`` (and ``inferred``) hold the data.

        ``parsed_by`` says which parser read the files: ``"pyoxigraph"`` or ``"rdflib"``.
        """
        self.store = store
        self.parsed_by = parsed_by
        self._asserted = [ox.NamedNode(iri) for iri in asserted]
        self._inferred = ox.NamedNode(inferred) if inferred else None
        self._lock = threading.Lock()
        self._worker = ForkedWorker(self._answer)

    def __len__(self) -> int:
        """The number of quads stored, asserted and inferred."""
        return len(self.store)

    def select(
        self,
        algebra: CompValue,
        text: str,
        bindings: Mapping[Variable, list[Node]],
        *,
        reasoning: bool,
        timeout: float | None = None,
        shown: str = "query",
    ) -> QueryResult | None:
        """Run a query with its parameters bound; ``None`` for DESCRIBE (rdflib's answer).

        The terms of each parameter are put in the store, in a named graph of their own,
        and the query is given one pattern reading them at the start of its WHERE group:
        the meaning of a VALUES block there (:mod:`il2kg.query.substitution`), with no term in the
        text.

        Args:
            algebra: The parsed query.
            text: The query text.
            bindings: Variable -> the terms it may take.
            reasoning: Include the inferred graph.
            timeout: Seconds the evaluation may take. It then runs in this store's worker, a
                forked child holding a copy-on-write copy of the store, which is killed at
                the deadline (:class:`~il2kg.query.deadline.ForkedWorker`), since pyoxigraph
                cannot be interrupted. ``None``: evaluate here, with no deadline.
            shown: How to name the query in an error.

        Raises:
            QueryTimeoutError: The query ran past ``timeout``; its child has been killed.
        """
        if algebra.name == "DescribeQuery":  # engines describe differently
            return None
        graphs: list[ox.NamedNode] = list(self._asserted)
        if reasoning and self._inferred is not None:
            graphs.append(self._inferred)
        if not bindings:
            return self._evaluate(text, graphs, timeout, shown)
        from il2kg.query.substitution import where_brace

        for variable in bindings:
            if not _VARIABLE_NAME.fullmatch(str(variable)):
                raise BadParameterError(f"{str(variable)!r} is not a SPARQL variable name")
        holder = f"{_PARAMETER_GRAPH}{uuid.uuid4().hex}"
        reads = " ".join(f"[] <{_PARAMETER}{variable}> ?{variable} ." for variable in bindings)
        brace = where_brace(text) + 1
        bound = f"{text[:brace]} GRAPH <{holder}> {{ {reads} }} {text[brace:]}"
        terms = [(str(variable), term) for variable, values in bindings.items() for term in values]
        return self._evaluate(bound, graphs, timeout, shown, terms, holder)

    def _evaluate(
        self,
        text: str,
        graphs: list[ox.NamedNode],
        timeout: float | None,
        shown: str,
        terms: list[tuple[str, Node]] = (),  # type: ignore[assignment]
        holder: str | None = None,
    ) -> QueryResult:
        """Evaluate with the parameter ``terms`` stored in the graph ``holder`` for the query.

        With a deadline, in the store's worker (which stores the parameters in its own copy);
        otherwise here, under the lock that keeps one query's parameters from another's.
        """
        request = (text, [graph.value for graph in graphs], terms, holder)
        if timeout is None:
            with self._lock:
                return self._answer(request)
        answer: QueryResult = self._worker.call(request, timeout, shown)
        return answer

    def _answer(
        self, request: tuple[str, list[str], list[tuple[str, Node]], str | None]
    ) -> QueryResult:
        """Store the parameters, run the query, take the parameters out again."""
        text, graph_iris, terms, holder = request
        graphs = [ox.NamedNode(iri) for iri in graph_iris]
        if holder is None:
            return self._run(text, graphs, graphs)
        name = ox.NamedNode(holder)
        self.store.extend(
            ox.Quad(
                ox.BlankNode(), ox.NamedNode(f"{_PARAMETER}{variable}"), to_oxigraph(term), name
            )
            for variable, term in terms
        )
        try:
            return self._run(text, graphs, [*graphs, name])
        finally:
            self.store.clear_graph(name)

    def _run(
        self, text: str, default: list[ox.NamedNode], named: list[ox.NamedNode]
    ) -> QueryResult:
        try:
            answer = self.store.query(
                text,
                default_graph=default,  # type: ignore[arg-type]
                named_graphs=named,  # type: ignore[arg-type]
                prefixes=PREFIXES,
            )
        except SyntaxError as exc:  # text rdflib's parser let through (an IRI such as <@x:y>)
            raise QueryError(f"query: SPARQL syntax error: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            graph = Graph()
            for triple in answer:
                subject, predicate, obj = triple.subject, triple.predicate, triple.object
                graph.add((from_oxigraph(subject), from_oxigraph(predicate), from_oxigraph(obj)))
            return QueryResult("CONSTRUCT", graph=graph)
        names = [v.value for v in answer.variables]
        rows = tuple(
            tuple(
                None if (term := solution[name]) is None else from_oxigraph(term) for name in names
            )
            for solution in answer
        )
        return QueryResult("SELECT", tuple(names), rows)


def store_from_graph(kg: KnowledgeGraph, inferred: Graph | None, inferred_iri: str) -> LocalStore:
    """Copy a loaded graph (one named graph per file) and its closure into pyoxigraph."""
    parts = [(ox.NamedNode(source.graph_iri), kg.named_graph(source)) for source in kg.files]
    if inferred is not None:
        parts.append((ox.NamedNode(inferred_iri), inferred))
    quads = [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]
        for name, graph in parts
        for s, p, o in graph
    ]
    store = ox.Store()
    store.bulk_extend(quads)
    asserted = [source.graph_iri for source in kg.files]
    return LocalStore(store, asserted, inferred_iri if inferred is not None else None)


def store_from_files(
    files: Iterable[tuple[Path, str]], inferred: bytes | None, inferred_iri: str
) -> LocalStore:
    """Parse Turtle files straight into pyoxigraph, each into its named graph.

    Args:
        files: (path, graph IRI) pairs.
        inferred: The closure as N-Triples, if reasoning is wanted.
        inferred_iri: The named graph for it.

    Raises:
        SyntaxError: A file does not parse (the caller falls back to rdflib, whose
            loader names the file and line).
        OSError: A file cannot be read.
    """
    store = ox.Store()
    names = []
    for path, graph_iri in files:
        store.bulk_load(
            path=str(path),
            format=ox.RdfFormat.TURTLE,
            base_iri=path.resolve().as_uri(),
            to_graph=ox.NamedNode(graph_iri),
        )
        names.append(graph_iri)
    if inferred is not None:
        store.bulk_load(
            inferred, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(inferred_iri)
        )
    return LocalStore(store, names, inferred_iri if inferred is not None else None, "pyoxigraph")
