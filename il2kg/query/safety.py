"""Keep the embedded SPARQL engine inside the graph.

rdflib's engine can reach out: ``SERVICE`` sends a query over HTTP and ``FROM`` loads a
graph from any IRI, ``file:`` ones included. The query layer refuses both before running a
query (:func:`il2kg.query.api.parse_sparql`); as a second line, :func:`no_outside_access`
makes any network connection or URL opening attempted while a query runs fail, through a
Python audit hook (PEP 578), and rdflib's own switch for loading ``FROM`` graphs is off.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from rdflib.plugins import sparql as rdflib_sparql

from il2kg.errors import QueryError

__all__ = ["no_outside_access"]

# rdflib's documented switch: never load FROM / FROM NAMED graphs while evaluating.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

_GUARDED: ContextVar[bool] = ContextVar("il2kg_no_outside_access", default=False)
_BLOCKED_EVENTS = {
    "urllib.Request",
    "socket.connect",
    "socket.getaddrinfo",
    "socket.sendto",
    "http.client.connect",
}
_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _GUARDED.get() and event in _BLOCKED_EVENTS:
        target = args[0] if args else ""
        raise QueryError(
            f"the query tried to reach outside the graph ({event} {target!s}); refused"
        )


@contextlib.contextmanager
def no_outside_access() -> Iterator[None]:
    """Within this block, refuse any attempt to open a URL or a network connection."""
    global _installed  # the hook is process-wide and can be added only once
    if not _installed:
        sys.addaudithook(_audit)
        _installed = True
    token = _GUARDED.set(True)
    try:
        yield
    finally:
        _GUARDED.reset(token)
