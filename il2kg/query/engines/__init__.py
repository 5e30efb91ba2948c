"""Which engine answers queries on the embedded graph, and the stores it queries.

Two engines give the same answers (``tests/test_engine_equivalence.py``):

* ``oxigraph`` (the default): pyoxigraph, see :mod:`il2kg.query.engines.oxigraph`;
* ``rdflib``: rdflib's SPARQL engine, the reference, also used for any query whose
  parameters pyoxigraph cannot pre-bind with the same meaning.

Choose with the ``engine`` argument of :func:`il2kg.run_query`, the CLI's ``--engine``,
or the environment variable ``IL2KG_QUERY_ENGINE``.

The shipped graph is parsed by pyoxigraph straight from its Turtle files (a few
milliseconds), with the closure read from the reasoning cache, so that a fresh
``il2kg query`` process does not parse anything with rdflib. If a file does not parse
there, or the closure is not cached yet, the rdflib loader takes over: it names the file
and line of a syntax error, and computes and caches the closure.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from il2kg.config import choose

if TYPE_CHECKING:
    from il2kg.graph import KnowledgeGraph
    from il2kg.query.engines.oxigraph import LocalStore

__all__ = ["QUERY_ENGINES", "local_store", "query_engine"]

QUERY_ENGINES: tuple[str, ...] = ("oxigraph", "rdflib")
"""The engines for the embedded graph, the default first."""
ENGINE_ENV = "IL2KG_QUERY_ENGINE"

_STORES: weakref.WeakKeyDictionary[KnowledgeGraph, dict[bool, LocalStore]] = (
    weakref.WeakKeyDictionary()
)
_SHIPPED: dict[tuple[object, ...], LocalStore] = {}


def query_engine(engine: str | None = None) -> str:
    """The engine to use: ``engine`` if given, else ``$IL2KG_QUERY_ENGINE``, else the default.

    Raises:
        ConfigurationError: The name is not one of :data:`QUERY_ENGINES`.
    """
    return choose(engine, ENGINE_ENV, QUERY_ENGINES, "query engine")


def local_store(kg: KnowledgeGraph | None, *, reasoning: bool) -> LocalStore:
    """The pyoxigraph store for ``kg`` (``None``: the shipped graph), made once and kept.

    With ``reasoning`` the store holds the OWL 2 RL closure in its inferred graph.

    Raises:
        LoadError: A file does not parse or cannot be read (the shipped graph only;
            ``kg`` is already loaded).
    """
    if kg is None:
        return _shipped_store(reasoning=reasoning)
    stores = _STORES.setdefault(kg, {})
    if reasoning not in stores:
        stores[reasoning] = _store_of(kg, reasoning=reasoning)
    return stores[reasoning]


def _store_of(kg: KnowledgeGraph, *, reasoning: bool) -> LocalStore:
    from il2kg.query.engines.oxigraph import store_from_graph
    from il2kg.reasoning.closure import INFERRED_GRAPH, compute_closure

    inferred = compute_closure(kg).inferred if reasoning else None
    return store_from_graph(kg, inferred, str(INFERRED_GRAPH))


def _shipped_store(*, reasoning: bool) -> LocalStore:
    from il2kg.config import data_files, data_root, display_path, ontology_files
    from il2kg.query.engines.oxigraph import store_from_files
    from il2kg.reasoning.closure import INFERRED_GRAPH, cached_ntriples, inputs_key
    from il2kg.terms import GRAPH_BASE

    root = data_root()
    files = []
    for location in [*ontology_files(root), *data_files(root)]:
        shown = display_path(location, root)
        files.append((location, GRAPH_BASE + shown.removesuffix(location.suffix)))
    cache_key = (reasoning, *(_stamp(path) for path, _ in files))
    if cache_key in _SHIPPED:
        return _SHIPPED[cache_key]
    store = None
    try:
        inferred = None
        if reasoning:
            key = inputs_key((iri, path.read_bytes()) for path, iri in files)
            inferred = cached_ntriples(key)
        if files and (inferred is not None or not reasoning):
            store = store_from_files(files, inferred, str(INFERRED_GRAPH))
    except (OSError, SyntaxError, ValueError):
        store = None  # the rdflib loader below reports the problem in its own words
    if store is None:
        from il2kg.graph import load_graph

        store = _store_of(load_graph(), reasoning=reasoning)
    _SHIPPED[cache_key] = store
    return store


def _stamp(path: Path) -> tuple[str, int, int]:
    """A file's identity for the in-process cache: path, size and modification time."""
    try:
        status = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), status.st_size, status.st_mtime_ns
