"""Load the knowledge graph into a triple store through the SPARQL 1.1 Graph Store Protocol.

Each source file of a :class:`~il2kg.graph.KnowledgeGraph` goes into its own named graph
(the IRI in :attr:`~il2kg.graph.SourceFile.graph_iri`) with one HTTP ``PUT`` to
``<store>?graph=<graph IRI>``, carrying the file's triples as N-Triples; a ``PUT``
replaces whatever that named graph held, so uploading twice leaves one copy.

For Oxigraph the store is ``http://host:port/store`` and the query endpoint
``http://host:port/query``; start it with ``--union-default-graph`` so that queries
without ``GRAPH`` see the triples of every named graph, as on the embedded graph.
Credentials and extra headers come from the same environment variables as for queries
(see :mod:`il2kg.query.engines.remote`).
"""

from __future__ import annotations

import base64
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from il2kg.errors import EndpointError
from il2kg.graph import KnowledgeGraph
from il2kg.query.engines.remote import USER_AGENT, request_headers, transport_error

__all__ = ["store_url_for", "upload_graph"]

_QUERY_PATH = re.compile(r"/(query|sparql)/?$")


def store_url_for(endpoint: str) -> str:
    """Guess the Graph Store URL of a query endpoint (Oxigraph's layout).

    A final ``/query`` or ``/sparql`` becomes ``/store``; any other URL is used as it is.

    >>> store_url_for("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> store_url_for("http://example.org/sparql")
    'http://example.org/store'
    """
    return _QUERY_PATH.sub("/store", endpoint)


def upload_graph(
    kg: KnowledgeGraph, store_url: str, *, timeout: float = 60.0, reasoning: bool = True
) -> list[tuple[str, int]]:
    """Put every source file's triples into its own named graph of a graph store.

    Args:
        kg: The loaded graph.
        store_url: The Graph Store Protocol endpoint (``http://host:port/store``).
        timeout: Seconds to wait for each request.
        reasoning: Also put the OWL 2 RL closure's inferred triples, in the named graph
            :data:`il2kg.reasoning.closure.INFERRED_GRAPH`, so that the store answers as the
            embedded graph does by default.

    Returns:
        ``(graph IRI, number of triples)`` for each file (and the inferred graph), in
        load order.

    Raises:
        EndpointError: The URL is not http(s), the store cannot be reached, does not
            answer in time, or refuses a graph; the message names the URL and why.
    """
    if not store_url.startswith(("http://", "https://")):
        raise EndpointError(f"graph store {store_url!r} is not an http(s) URL")
    headers = {
        "User-Agent": USER_AGENT,
        "Content-Type": "application/n-triples; charset=utf-8",
        **_auth_header(),
        **request_headers(),
    }
    uploaded = []
    separator = "&" if "?" in store_url else "?"
    graphs = [(source.graph_iri, kg.named_graph(source)) for source in kg.files]
    if reasoning:
        from il2kg.reasoning.closure import INFERRED_GRAPH, compute_closure

        graphs.append((str(INFERRED_GRAPH), compute_closure(kg).inferred))
    for graph_iri, graph in graphs:
        body = graph.serialize(format="nt", encoding="utf-8")
        url = f"{store_url}{separator}{urllib.parse.urlencode({'graph': graph_iri})}"
        _put(url, store_url, body, headers, timeout)
        uploaded.append((graph_iri, len(graph)))
    return uploaded


def _auth_header() -> dict[str, str]:
    user = os.environ.get("IL2KG_ENDPOINT_USER")
    if not user:
        return {}
    secret = f"{user}:{os.environ.get('IL2KG_ENDPOINT_PASSWORD', '')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}


def _put(url: str, shown: str, body: bytes, headers: dict[str, str], timeout: float) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")  # noqa: S310 - http(s) checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
    except OSError as exc:  # URLError, HTTPError and TimeoutError are OSErrors
        raise transport_error(exc, shown, timeout) from None
