"""Run named and ad-hoc SPARQL queries on the embedded graph or on a remote endpoint.

>>> result = run_query("cytokines-sharing-chain", {"chain": "il2:IL2RB"})
>>> sorted(str(label) for label in result.column("cytokineLabel"))
['interleukin-15', 'interleukin-2']
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDFS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from il2kg.errors import BadParameterError, QueryError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.lookup import NAME_PREDICATES, GraphNames
from il2kg.query.catalogue import Catalogue, NamedQuery, load_catalogue, parse_named_query
from il2kg.query.deadline import within_deadline
from il2kg.query.engines import local_store, query_engine
from il2kg.query.parameters import Bindings, LabelResolver, bind_parameters
from il2kg.query.results import QueryResult
from il2kg.query.safety import no_outside_access
from il2kg.query.substitution import bind_algebra, bind_text, declare_prefixes, unknown_prefix
from il2kg.terms import PREFIXES

__all__ = [
    "label_resolver",
    "named_query",
    "parse_sparql",
    "reasoned_graph",
    "run_query",
    "run_sparql",
]

Params = Mapping[str, str | Sequence[str]]

_NAMES = "|".join(f"<{predicate}>" for predicate in NAME_PREDICATES)

# The entities one of whose names equals a text ignoring case (LCASE: the rule of
# il2kg.lookup.fold), each with whether a name equals it exactly.
_LABEL_QUERY = f"""
SELECT ?entity (MAX(IF(STR(?name) = STR(?_text), 1, 0)) AS ?exact) WHERE {{
  ?entity {_NAMES} ?name .
  FILTER (isIRI(?entity) && LCASE(STR(?name)) = LCASE(STR(?_text)))
}}
GROUP BY ?entity
ORDER BY ?entity
"""

# Entities one of whose names contains a text that names none exactly: what it could mean.
_CANDIDATE_QUERY = f"""
SELECT ?entity (MIN(STR(?label)) AS ?shown) WHERE {{
  ?entity {_NAMES} ?name .
  FILTER (isIRI(?entity) && CONTAINS(LCASE(STR(?name)), LCASE(STR(?_text))))
  ?entity <{RDFS.label}> ?label .
}}
GROUP BY ?entity
ORDER BY ?shown ?entity
"""


def run_query(
    name: str,
    params: Params | None = None,
    *,
    kg: KnowledgeGraph | None = None,
    endpoint: str | None = None,
    catalogue: Catalogue | None = None,
    timeout: float = 60.0,
    reasoning: bool = True,
    engine: str | None = None,
) -> QueryResult:
    """Run a named query with keyword parameters.

    Args:
        name: The query's name (file stem in ``queries/``).
        params: Parameter name -> value or list of values, as strings; IRI parameters
            take IRIs, CURIEs or a label naming exactly one entity.
        kg: The embedded graph to query; when neither it nor an endpoint is given, the
            shipped graph.
        endpoint: A SPARQL 1.1 endpoint URL to send the query to instead.
        catalogue: The catalogue to take the query from (default: the shipped one).
        timeout: Seconds to wait for a remote endpoint.
        reasoning: On the embedded graph, query the asserted triples together with their
            OWL 2 RL closure (cached; see :mod:`il2kg.reasoning.closure`); false for asserted only.
            A remote endpoint answers from what it holds (``il2kg upload`` sends the
            inferred triples too, in their own named graph).
        engine: On the embedded graph, ``"oxigraph"`` (fast, the default) or ``"rdflib"``
            (the reference); see :mod:`il2kg.query.engines`. Both give the same answers.

    Raises:
        UnknownQueryError: No query has that name (the message suggests the nearest).
        BadParameterError: A parameter is unknown, missing or ill-typed.
        EndpointError: The endpoint cannot be reached or answers with an error.
    """
    query = (catalogue or load_catalogue()).get_query(name)
    resolver = label_resolver(kg=kg, endpoint=endpoint, timeout=timeout, engine=engine)
    bindings = bind_parameters(query, params or {}, resolver)
    return _execute(
        query.text,
        bindings,
        kg=kg,
        endpoint=endpoint,
        timeout=timeout,
        shown=query.path,
        reasoning=reasoning,
        engine=engine,
    )


def run_sparql(
    query: str | Path,
    params: Params | None = None,
    *,
    bindings: Bindings | None = None,
    kg: KnowledgeGraph | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    reasoning: bool = True,
    engine: str | None = None,
    shown: str | None = None,
) -> QueryResult:
    """Run an ad-hoc SPARQL query (text, or a path to a ``.rq`` file).

    The prefixes of :data:`il2kg.terms.PREFIXES` (``il2kg:``, ``il2:``, ``rdfs:``, ``skos:``
    ...) are declared for the query; a prefix the text declares itself wins. Parameters work
    as in named queries and ``il2kg sparql --param``: a variable such as ``?_chain_iri`` is
    a parameter ``chain`` of type IRI (see :mod:`il2kg.query.catalogue`).

    Args:
        query: The query text, or a path to a ``.rq`` file.
        params: Parameter name -> value or list of values, as strings, as for
            :func:`run_query` (IRI parameters take IRIs, CURIEs or labels).
        bindings: Parameter variables already bound to RDF terms (instead of ``params``).
        kg: See :func:`run_query`.
        endpoint: See :func:`run_query`.
        timeout: See :func:`run_query`.
        reasoning: See :func:`run_query`.
        engine: See :func:`run_query`.
        shown: How error messages name the query (default: the path, or ``query``).

    Raises:
        QueryError: The query does not parse (the message gives the line), it uses a prefix
            neither it nor il2kg declares, or it uses SERVICE or FROM on the embedded graph.
        BadParameterError: A parameter is unknown, missing or ill-typed, or both ``params``
            and ``bindings`` are given.
        EndpointError: The endpoint cannot be reached or answers with an error.

    >>> run_sparql("SELECT ?c WHERE { ?c a il2kg:Cytokine } ORDER BY ?c LIMIT 1").rows[0][0]
    rdflib.term.URIRef('https://w3id.org/il2kg/id/IL15')
    """
    text, default_name = (
        (query.read_text(encoding="utf-8"), str(query))
        if isinstance(query, Path)
        else (query, "query")
    )
    shown = shown or default_name
    if params is not None:
        if bindings:
            raise BadParameterError("give run_sparql params or bindings, not both")
        adhoc = parse_named_query(text, "adhoc", shown)
        resolver = label_resolver(kg=kg, endpoint=endpoint, timeout=timeout, engine=engine)
        bindings = bind_parameters(adhoc, params, resolver)
    return _execute(
        text,
        bindings or {},
        kg=kg,
        endpoint=endpoint,
        timeout=timeout,
        shown=shown,
        reasoning=reasoning,
        engine=engine,
    )


def label_resolver(
    *,
    kg: KnowledgeGraph | None,
    endpoint: str | None,
    timeout: float = 60.0,
    engine: str | None = None,
) -> LabelResolver:
    """Return where IRI parameters given as a label are looked up (a :class:`il2kg.lookup.Names`).

    On a loaded graph it is :class:`il2kg.lookup.GraphNames`; on an endpoint, or the shipped
    graph when neither is given, the same lookup in SPARQL (the same name properties and
    case rule). Called with a text, it returns the entities named so, best match first.
    """
    return _LabelLookup(kg, endpoint, timeout, engine)


class _LabelLookup:
    """Entities by name, on the embedded graph or an endpoint (see :func:`label_resolver`)."""

    def __init__(
        self, kg: KnowledgeGraph | None, endpoint: str | None, timeout: float, engine: str | None
    ) -> None:
        self._kg, self._endpoint, self._timeout, self._engine = kg, endpoint, timeout, engine
        self._local = GraphNames(kg) if kg is not None and endpoint is None else None

    def _lookup(self, query: str, text: str) -> QueryResult:
        return _execute(
            query,
            {Variable("_text"): [Literal(text)]},
            kg=self._kg,
            endpoint=self._endpoint,
            timeout=self._timeout,
            shown="label lookup",
            engine=self._engine,
        )

    def __call__(self, text: str) -> list[URIRef]:
        found = self.matches(text)
        exact = [term for term, is_exact in found if is_exact]
        return exact or [term for term, _ in found]

    def matches(self, text: str) -> list[tuple[URIRef, bool]]:
        """See :meth:`il2kg.lookup.Names.matches`."""
        if self._local is not None:
            return self._local.matches(text)
        rows = self._lookup(_LABEL_QUERY, text).rows
        return [(row[0], str(row[1]) == "1") for row in rows if isinstance(row[0], URIRef)]

    def candidates(self, text: str) -> list[tuple[URIRef, str]]:
        """See :meth:`il2kg.lookup.Names.candidates`."""
        if self._local is not None:
            return self._local.candidates(text)
        rows = self._lookup(_CANDIDATE_QUERY, text).rows if text.strip() else []
        return [(row[0], str(row[1])) for row in rows if isinstance(row[0], URIRef)]


def parse_sparql(text: str, shown: str = "query") -> CompValue:
    """Parse a query and return its algebra; refuse SERVICE and FROM.

    Raises:
        QueryError: A syntax error (with line and column) or a refused feature.
    """
    try:
        parsed = parseQuery(text)
        algebra: CompValue = translateQuery(parsed, initNs=PREFIXES).algebra
    except Exception as exc:  # pyparsing's ParseException, or rdflib's own errors
        _refuse_update(text, shown)
        detail = getattr(exc, "msg", None) or str(exc).splitlines()[0]
        unknown = unknown_prefix(shown, detail)
        if unknown:
            raise QueryError(unknown) from None
        raise QueryError(f"{shown}{_where(exc)}: SPARQL syntax error: {detail}") from None
    if dict.get(parsed[1], "datasetClause"):
        raise QueryError(
            f"{shown}: FROM and FROM NAMED are disabled on the embedded graph (they would load "
            "data from outside it); load extra files with --data instead"
        )
    if _uses_service(algebra):
        raise QueryError(
            f"{shown}: SERVICE is disabled on the embedded graph (it would send the query to "
            "another server); run the query there with --endpoint instead"
        )
    return algebra


def _uses_service(node: object) -> bool:
    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_uses_service(item) for item in node)
    return False


def _execute(
    text: str,
    bindings: Bindings,
    *,
    kg: KnowledgeGraph | None,
    endpoint: str | None,
    timeout: float,
    shown: str,
    reasoning: bool = False,
    engine: str | None = None,
) -> QueryResult:
    if endpoint is not None:
        from il2kg.query.engines.remote import (
            query_endpoint,  # SPARQLWrapper only when it is needed
        )

        _syntax_only(text, shown)
        bound = bind_text(declare_prefixes(text), bindings)
        return within_deadline(
            timeout, shown, lambda: query_endpoint(endpoint, bound, timeout=timeout)
        )
    algebra = parse_sparql(text, shown)
    if query_engine(engine) == "oxigraph":
        store = local_store(kg, reasoning=reasoning)

        with no_outside_access():
            answer = store.select(
                algebra, text, bindings, reasoning=reasoning, timeout=timeout, shown=shown
            )
        if answer is not None:
            return answer
    if kg is None:
        kg = load_graph()
    prepared = bind_algebra(text, bindings)
    graph = reasoned_graph(kg) if reasoning else kg.union()

    def on_rdflib() -> QueryResult:
        with no_outside_access():
            return QueryResult.from_rdflib(graph.query(prepared))

    return within_deadline(timeout, shown, on_rdflib)


_REASONED: weakref.WeakKeyDictionary[KnowledgeGraph, Graph] = weakref.WeakKeyDictionary()


def reasoned_graph(kg: KnowledgeGraph) -> Graph:
    """The asserted triples of ``kg`` with their OWL 2 RL closure (computed once per graph)."""
    graph = _REASONED.get(kg)
    if graph is None:
        from il2kg.reasoning.closure import compute_closure, with_inferences

        graph = with_inferences(kg, compute_closure(kg))
        _REASONED[kg] = graph
    return graph


def _refuse_update(text: str, shown: str) -> None:
    """Say so when a text that is not a query is a SPARQL Update: il2kg only reads."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update either: the caller reports the syntax error
        return
    raise QueryError(
        f"{shown}: updates (INSERT, DELETE, LOAD, CLEAR, DROP ...) are not supported: "
        "il2kg only reads, the graph is read-only"
    )


def _syntax_only(text: str, shown: str) -> None:
    try:
        parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException
        _refuse_update(text, shown)
        raise QueryError(
            f"{shown}{_where(exc)}: SPARQL syntax error: {getattr(exc, 'msg', exc)}"
        ) from None


def _where(exc: Exception) -> str:
    """``, line N, column C near 'the line'`` from a pyparsing exception, or ''."""
    line = getattr(exc, "lineno", None)
    if not line:
        return ""
    text = getattr(exc, "line", "")
    near = f" near {text.strip()!r}" if isinstance(text, str) and text.strip() else ""
    return f", line {line}, column {getattr(exc, 'col', '?')}{near}"


def named_query(name: str, catalogue: Catalogue | None = None) -> NamedQuery:
    """Return the named query ``name`` from the catalogue (suggesting names on a miss)."""
    return (catalogue or load_catalogue()).get_query(name)
