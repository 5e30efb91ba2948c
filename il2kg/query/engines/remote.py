"""Send a query to a SPARQL 1.1 Protocol endpoint through SPARQLWrapper.

The request names il2kg and its version in its User-Agent, uses POST for long queries,
gives up after a timeout, and can carry HTTP Basic credentials or extra headers taken from
the environment (never from the command line, where they would end up in shell history
and process listings):

* ``IL2KG_ENDPOINT_USER`` and ``IL2KG_ENDPOINT_PASSWORD``: HTTP Basic authentication;
* ``IL2KG_ENDPOINT_HEADERS``: extra headers, one ``Name: value`` per line.

Whatever results format the endpoint answers in (JSON, XML, CSV or TSV for solutions;
Turtle, N-Triples or RDF/XML for graphs) the answer comes back as the same
:class:`~il2kg.query.results.QueryResult` as on the embedded graph.
"""

from __future__ import annotations

import html
import io
import os
import re
import urllib.error
import urllib.parse
from collections.abc import Mapping

from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from il2kg._version import __version__
from il2kg.errors import EndpointError
from il2kg.query.results import QueryResult

__all__ = ["USER_AGENT", "query_endpoint", "request_headers", "transport_error"]

USER_AGENT = f"il2kg/{__version__} (https://w3id.org/il2kg)"
#: Queries longer than this many characters are sent with POST.
POST_THRESHOLD = 1500

_RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
}


def request_headers(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    r"""Extra HTTP headers from ``IL2KG_ENDPOINT_HEADERS`` (``Name: value`` per line).

    >>> request_headers({"IL2KG_ENDPOINT_HEADERS": "X-Api-Key: abc\nX-Team: il2"})
    {'X-Api-Key': 'abc', 'X-Team': 'il2'}
    """
    env = os.environ if environ is None else environ
    headers = {}
    for line in env.get("IL2KG_ENDPOINT_HEADERS", "").splitlines():
        name, sep, value = line.partition(":")
        if line.strip() and (not sep or not name.strip()):
            raise EndpointError(f"IL2KG_ENDPOINT_HEADERS: expected 'Name: value', got {line!r}")
        if sep:
            headers[name.strip()] = value.strip()
    return headers


def check_endpoint_url(url: str) -> None:
    """Refuse, in one line, an endpoint URL that cannot be used.

    >>> check_endpoint_url("http://127.0.0.1:99999/sparql")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    il2kg.errors.EndpointError: endpoint '...': port 99999 is out of range (1-65535)
    """
    if not url.startswith(("http://", "https://")):
        raise EndpointError(f"endpoint {url!r} is not an http(s) URL")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:
        raise EndpointError(f"endpoint {url!r} is not a valid URL: {exc}") from None
    try:
        port = parts.port
    except ValueError:
        given = parts.netloc.rpartition(":")[2]
        raise EndpointError(f"endpoint {url!r}: port {given} is out of range (1-65535)") from None
    if not parts.hostname:
        raise EndpointError(f"endpoint {url!r} names no host")
    if port == 0:
        raise EndpointError(f"endpoint {url!r}: port 0 is out of range (1-65535)")


def one_line(text: str, limit: int = 200) -> str:
    r"""The text of an error body as one short line: markup removed, white space collapsed.

    >>> one_line("<html><body><h1>501</h1>\n<p>Not  Implemented</p></body></html>")
    '501 Not Implemented'
    """
    plain = re.sub(r"<[^>]*>", " ", text.replace("\\n", " "))
    plain = " ".join(html.unescape(plain).split())
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def transport_error(exc: Exception, url: str, timeout: float) -> EndpointError:
    """Say in one line why an HTTP exchange with ``url`` failed."""
    if isinstance(exc, urllib.error.HTTPError):
        detail = one_line(exc.read()[:2000].decode("utf-8", "replace"))
        detail = f": {detail}" if detail else ""
        return EndpointError(f"{url} answered HTTP {exc.code} {exc.reason}{detail}")
    if isinstance(exc, urllib.error.URLError):
        return EndpointError(f"cannot reach {url}: {exc.reason}")
    if isinstance(exc, TimeoutError):
        return EndpointError(f"{url} did not answer within {timeout:g} s")
    return EndpointError(f"cannot reach {url}: {exc}")


def query_endpoint(url: str, text: str, *, timeout: float = 60.0) -> QueryResult:
    """Run a query (parameters already bound) on an endpoint and read its answer.

    Raises:
        EndpointError: The URL is not http(s), the endpoint cannot be reached, does not
            answer in time, answers with an HTTP error, or not with SPARQL results.
    """
    from SPARQLWrapper import GET, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    check_endpoint_url(url)
    form = parseQuery(text)[1].name.removesuffix("Query").upper()
    wrapper = SPARQLWrapper(url, agent=USER_AGENT)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the form with regular expressions that can take a word in a
    # comment for an update keyword ("added" -> ADD) and then send the query as an update;
    # the form parsed above is the right one.
    wrapper.queryType = form
    wrapper.setTimeout(max(1, round(timeout)))
    wrapper.setMethod(POST if len(text) > POST_THRESHOLD else GET)
    wrapper.setOnlyConneg(True)
    accept = (
        "application/sparql-results+json, application/sparql-results+xml;q=0.8, "
        "text/tab-separated-values;q=0.5, text/csv;q=0.4"
        if form in {"SELECT", "ASK"}
        else "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
    )
    wrapper.addCustomHttpHeader("Accept", accept)
    for name, value in request_headers().items():
        wrapper.addCustomHttpHeader(name, value)
    user = os.environ.get("IL2KG_ENDPOINT_USER")
    if user:
        wrapper.setCredentials(user, os.environ.get("IL2KG_ENDPOINT_PASSWORD", ""))
    try:
        response = wrapper.query().response
        body = response.read()
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    except SPARQLWrapperException as exc:
        # SPARQLWrapper puts the server's own explanation after a "Response:" line.
        summary, _, answer = str(exc).partition("Response:")
        reason = one_line(answer.strip().removeprefix("b'").removeprefix('b"').rstrip("'\""))
        detail = f": {reason}" if reason else ""
        raise EndpointError(
            f"{url} refused the query: {summary.strip().splitlines()[0]}{detail}"
        ) from None
    except OSError as exc:  # URLError, HTTPError and TimeoutError are OSErrors
        raise transport_error(exc, url, timeout) from None
    return _read(url, form, body, content_type)


def _read(url: str, form: str, body: bytes, content_type: str) -> QueryResult:
    try:
        if form in {"SELECT", "ASK"}:
            fmt = _RESULT_FORMATS.get(content_type)
            if fmt is None:
                raise EndpointError(
                    f"{url} answered with {content_type or 'no content type'}, not SPARQL results"
                )

            return QueryResult.from_rdflib(Result.parse(io.BytesIO(body), format=fmt))
        fmt = _GRAPH_FORMATS.get(content_type)
        if fmt is None:
            raise EndpointError(f"{url} answered with {content_type or 'no content type'}, not RDF")
        return QueryResult(form, graph=Graph().parse(data=body, format=fmt))
    except EndpointError:
        raise
    except Exception as exc:  # the result parsers raise many kinds of errors
        raise EndpointError(f"{url} answered with unreadable {content_type}: {exc}") from None
