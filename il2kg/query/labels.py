"""Labels for the IRIs of a result, from the embedded graph or an endpoint (one query).

The table formatter (:mod:`il2kg.cli.table`) shows each IRI with its label beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef, Variable

from il2kg.errors import EndpointError
from il2kg.graph import KnowledgeGraph, language_rank

__all__ = ["fetch_labels"]

_LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?_iri ?label ?kind WHERE {
  { ?_iri rdfs:label ?label BIND (0 AS ?kind) }
  UNION
  { ?_iri skos:prefLabel ?label BIND (1 AS ?kind) }
  FILTER (isLiteral(?label))
}
"""


def fetch_labels(
    iris: Iterable[str],
    *,
    kg: KnowledgeGraph | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    engine: str | None = None,
) -> dict[str, str]:
    """Look up a label for each IRI: its ``rdfs:label``, else its ``skos:prefLabel``.

    English or untagged labels are preferred. On an endpoint, the labels come from one
    query; if the endpoint cannot answer it the table simply goes without labels.

    Args:
        iris: The IRIs to name.
        kg: The embedded graph to look in (with no endpoint either: the shipped graph).
        endpoint: Or the endpoint to ask.
        timeout: Seconds to wait for the endpoint.
        engine: The engine for the embedded graph (:mod:`il2kg.query.engines`).
    """
    from il2kg.query.api import run_sparql  # the engines, only when labels are wanted

    wanted = [URIRef(iri) for iri in dict.fromkeys(iris)]
    if not wanted:
        return {}
    try:
        found = run_sparql(
            _LABELS_QUERY,
            bindings={Variable("_iri"): list(wanted)},
            kg=kg,
            endpoint=endpoint,
            timeout=timeout,
            engine=engine,
        )
    except EndpointError:
        return {}
    best: dict[str, tuple[tuple[int, int, str], str]] = {}
    for iri, label, kind in found.rows:
        if not isinstance(label, Literal) or iri is None:
            continue
        kind_rank = int(kind.toPython()) if isinstance(kind, Literal) else 2
        rank = (kind_rank, *language_rank(label))
        if str(iri) not in best or rank < best[str(iri)][0]:
            best[str(iri)] = (rank, str(label))
    return {iri: label for iri, (_, label) in best.items()}
