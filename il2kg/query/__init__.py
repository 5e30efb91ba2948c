"""Ask the graph.

Named queries (the catalogue), ad-hoc SPARQL, typed and injection-safe parameters, and the
engines (pyoxigraph, rdflib, a remote endpoint) behind one result type.

May import: errors, config, terms, graph, reasoning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.query.api import label_resolver, run_query, run_sparql
    from il2kg.query.catalogue import Catalogue, NamedQuery, Parameter, load_catalogue
    from il2kg.query.results import QueryResult

__all__ = [
    "Catalogue",
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "label_resolver",
    "load_catalogue",
    "run_query",
    "run_sparql",
]

_NAMES = {
    "Catalogue": "catalogue",
    "NamedQuery": "catalogue",
    "Parameter": "catalogue",
    "QueryResult": "results",
    "label_resolver": "api",
    "load_catalogue": "catalogue",
    "run_query": "api",
    "run_sparql": "api",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
