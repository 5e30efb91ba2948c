"""The query commands of the ``il2kg`` CLI: ``queries``, ``query``, ``sparql``, ``upload``.

Each command calls the library and prints; errors are :class:`~il2kg.errors.Il2kgError`, which
:func:`il2kg.cli.app.main` turns into one line on stderr and exit code 2. Heavy modules are
imported inside the commands, so that ``il2kg --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from il2kg.cli.options import (
    EXIT_NO,
    EXIT_OK,
    KeyValue,
    data_option,
    endpoint_option,
    engine_option,
    format_option,
    no_reasoning_option,
    timeout_option,
)
from il2kg.errors import BadParameterError, LoadError

if TYPE_CHECKING:
    from il2kg.graph import KnowledgeGraph
    from il2kg.query.catalogue import NamedQuery, Parameter
    from il2kg.query.results import QueryResult

__all__ = ["COMMANDS", "list_queries", "run_adhoc", "run_named", "upload"]

F = TypeVar("F", bound=Callable[..., Any])

_EXIT_CODES = "Exit 0 on success (an ASK answering false exits 1), 2 if an input cannot be used."


@dataclass(frozen=True)
class _Target:
    """Where a query runs and how its answer is printed (the options query and sparql share)."""

    params: dict[str, list[str]]
    output_format: str
    endpoint: str | None
    engine: str | None
    timeout: float
    reasoning: bool
    data: tuple[str, ...]


def _query_options(function: F) -> F:
    """The options ``query`` and ``sparql`` share, folded into one ``target`` argument."""

    @functools.wraps(function)
    def wrapper(**kwargs: Any) -> Any:
        target = _Target(
            params=_params(kwargs.pop("param")),
            output_format=kwargs.pop("output_format"),
            endpoint=kwargs.pop("endpoint"),
            engine=kwargs.pop("engine"),
            timeout=kwargs.pop("timeout"),
            reasoning=not kwargs.pop("no_reasoning"),
            data=tuple(kwargs.pop("data")),
        )
        return function(target=target, **kwargs)

    decorators: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(
            "--param",
            type=KeyValue(),
            multiple=True,
            help="a parameter value; repeat a key to give a list (IRI parameters take an IRI, "
            "a CURIE such as il2:IL2RA, or a label such as CD25)",
        ),
        format_option(
            ("table", "json", "csv", "tsv"),
            "table",
            help="output: a readable table (default) or the W3C SPARQL results JSON, CSV or "
            "TSV; ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle",
        ),
        endpoint_option(),
        no_reasoning_option(
            "query the asserted triples only (by default the embedded graph is queried "
            "with its OWL 2 RL closure, computed once and cached)"
        ),
        engine_option,
        data_option,
        timeout_option(),
    ]
    decorated: Callable[..., Any] = wrapper
    for decorate in reversed(decorators):
        decorated = decorate(decorated)
    return decorated  # type: ignore[return-value]


@click.command(
    "queries",
    short_help="list the named queries, or show one",
    help="List the named queries with their summary and parameters, or show one query's "
    "metadata and text. --format ttl writes the catalogue as SHACL SPARQL executables (the form "
    "of SIB's sparql-examples).",
)
@click.argument("name", required=False, metavar="NAME")
@format_option(("text", "json", "ttl"), "text")
@endpoint_option("with --format ttl: the schema:target of the queries")
def list_queries(name: str | None, output_format: str, endpoint: str | None) -> int:
    """``il2kg queries [NAME] [--format text|json|ttl] [--endpoint URL]``."""
    import json

    from il2kg.query.catalogue import Catalogue, load_catalogue

    catalogue = load_catalogue()
    if name:
        catalogue = Catalogue({name: catalogue.get_query(name)})
    queries = list(catalogue.values())
    if output_format == "ttl":
        from il2kg.query.examples import catalogue_graph

        print(catalogue_graph(catalogue, endpoint).serialize(format="turtle"), end="")
    elif output_format == "json":
        docs = [_query_dict(q, with_text=bool(name)) for q in queries]
        print(json.dumps(docs[0] if name else docs, indent=2, ensure_ascii=False))
    elif name:
        print(_query_text(queries[0]))
    else:
        print("\n\n".join(_query_summary(q) for q in queries))
    return EXIT_OK


@click.command(
    "query",
    short_help="run a named query",
    help="Run a named query (see 'il2kg queries') on the embedded graph, or on a SPARQL "
    f"endpoint with --endpoint. {_EXIT_CODES}",
    epilog="Endpoint credentials and headers come from the environment: IL2KG_ENDPOINT_USER, "
    "IL2KG_ENDPOINT_PASSWORD, IL2KG_ENDPOINT_HEADERS.",
)
@click.argument("name", metavar="NAME")
@_query_options
def run_named(name: str, target: _Target) -> int:
    """``il2kg query NAME [--param K=V]... [--format ...] [--endpoint URL] [--data FILE]...``."""
    from il2kg.query.api import run_query
    from il2kg.query.catalogue import load_catalogue

    catalogue = load_catalogue()
    catalogue.get_query(name)  # an unknown name fails before the graph is loaded
    kg = _graph(target)
    result = run_query(
        name,
        target.params,
        kg=kg,
        endpoint=target.endpoint,
        catalogue=catalogue,
        timeout=target.timeout,
        reasoning=target.reasoning,
        engine=target.engine,
    )
    return _print_result(result, target, kg)


@click.command(
    "sparql",
    short_help="run an ad-hoc SPARQL query",
    help="Run a SELECT, ASK, CONSTRUCT or DESCRIBE query given as text, as a .rq file, or '-' "
    "for standard input. Variables named ?_name (required) or ?__name (optional), with a type "
    "suffix such as _iri, take --param name=VALUE. SERVICE and FROM are refused on the "
    f"embedded graph. {_EXIT_CODES}",
)
@click.argument("query", metavar="QUERY_TEXT_OR_FILE")
@_query_options
def run_adhoc(query: str, target: _Target) -> int:
    """``il2kg sparql QUERY_TEXT_OR_FILE [the options of query]``."""
    from il2kg.query.api import run_sparql

    text, shown = _query_source(query)
    kg = _graph(target)
    result = run_sparql(
        text,
        target.params,
        kg=kg,
        endpoint=target.endpoint,
        timeout=target.timeout,
        reasoning=target.reasoning,
        engine=target.engine,
        shown=shown,
    )
    return _print_result(result, target, kg)


@click.command(
    "upload",
    short_help="load the graph into a triple store (Graph Store Protocol)",
    help="PUT each source file's triples into its own named graph of a SPARQL 1.1 Graph Store. "
    "The store URL defaults to the endpoint's with a final /query or /sparql replaced by /store "
    "(Oxigraph's layout). Start Oxigraph with --union-default-graph so that queries see every "
    "named graph.",
)
@endpoint_option("the store's SPARQL query endpoint")
@click.option("--graph-store", metavar="URL", help="the Graph Store Protocol URL")
@data_option
@timeout_option("seconds each request may take; then the upload stops, exit 2 (default: 60)")
@no_reasoning_option("upload the asserted files only, without the inferred graph")
def upload(
    endpoint: str | None,
    graph_store: str | None,
    data: Sequence[str],
    timeout: float,
    no_reasoning: bool,
) -> int:
    """``il2kg upload --endpoint URL [--graph-store URL] [--data FILE]...``."""
    from il2kg.graph import load_graph
    from il2kg.release.upload import store_url_for, upload_graph

    if not endpoint and not graph_store:
        raise BadParameterError("upload needs --endpoint URL or --graph-store URL")
    store = graph_store or store_url_for(endpoint or "")
    uploaded = upload_graph(
        load_graph(list(data)), store, timeout=timeout, reasoning=not no_reasoning
    )
    width = max(len(iri) for iri, _ in uploaded)
    for iri, count in uploaded:
        print(f"{iri.ljust(width)}  {count:>6} triples")
    total = sum(count for _, count in uploaded)
    print(f"Uploaded {total} triples in {len(uploaded)} named graphs to {store}")
    return EXIT_OK


def _graph(target: _Target) -> KnowledgeGraph | None:
    """Load the embedded graph with the --data files.

    ``None`` for the shipped graph alone (the query engine loads it itself, fastest) or
    when the query goes to an endpoint.
    """
    if target.endpoint:
        if target.data:
            raise BadParameterError(
                "--data loads files into the embedded graph; it cannot be used with "
                "--endpoint (load them into the store with 'il2kg upload --data')"
            )
        return None
    if not target.data:
        return None
    from il2kg.graph import load_graph

    return load_graph(list(target.data))


def _params(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


def _query_source(given: str) -> tuple[str, str]:
    """The query text and how to name it: a file, standard input ('-') or the text itself."""
    if given == "-":
        return sys.stdin.read(), "<stdin>"
    path = Path(given)
    looks_like_text = any(c.isspace() for c in given) or "{" in given
    if not looks_like_text:
        try:
            return path.read_text(encoding="utf-8"), given
        except FileNotFoundError:
            raise LoadError(given, None, "no such file (nor is it SPARQL text)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LoadError(given, None, f"cannot be read ({exc})") from None
    return given, "query"


def _print_result(result: QueryResult, target: _Target, kg: KnowledgeGraph | None) -> int:
    if result.form == "ASK":
        answer = bool(result.boolean)
        plain = "true" if answer else "false"
        _write(plain if target.output_format == "table" else result.serialize(target.output_format))
        return EXIT_OK if answer else EXIT_NO
    if result.graph is not None:
        _write(result.to_turtle())
    elif target.output_format == "table":
        from il2kg.cli.table import format_table, result_iris
        from il2kg.query.labels import fetch_labels

        labels = fetch_labels(
            result_iris(result),
            kg=kg,
            endpoint=target.endpoint,
            timeout=target.timeout,
            engine=target.engine,
        )
        print(format_table(result, labels))
    else:
        _write(result.serialize(target.output_format))
    return EXIT_OK


def _write(output: str) -> None:
    sys.stdout.write(output if output.endswith("\n") else output + "\n")


def _shown_value(value: str) -> str:
    from il2kg.terms import curie

    return curie(value) or value


def _parameter_dict(parameter: Parameter) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "type": parameter.type_label,
        "kind": parameter.kind,
        "required": parameter.required,
        "default": list(parameter.default),
        "language": parameter.language,
        "datatype": parameter.datatype,
        "enumerate": parameter.enumerate,
        "variable": parameter.variable,
    }


def _query_dict(query: NamedQuery, *, with_text: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": query.name,
        "summary": query.summary,
        "form": query.form,
        "parameters": [_parameter_dict(p) for p in query.parameters],
        "tags": list(query.tags),
        "example": query.example,
        "path": query.path,
    }
    if with_text:
        doc["description"] = query.description
        doc["text"] = query.text
    return doc


def _parameter_line(parameter: Parameter) -> str:
    status = "required" if parameter.required else "optional"
    default = ", ".join(_shown_value(v) for v in parameter.default)
    extra = f", default {default}" if default else ""
    return f"    {parameter.name}: {parameter.type_label}, {status}{extra}"


def _query_summary(query: NamedQuery) -> str:
    lines = [f"{query.name}  ({query.form})", f"    {query.summary}"]
    if query.parameters:
        lines.append("  parameters:")
        lines += [_parameter_line(p) for p in query.parameters]
    return "\n".join(lines)


def _query_text(query: NamedQuery) -> str:
    lines = [
        f"name:        {query.name}",
        f"file:        {query.path}",
        f"form:        {query.form}",
        f"summary:     {query.summary}",
        f"description: {query.description}",
        f"tags:        {', '.join(query.tags)}",
        f"example:     {query.example}",
        "parameters:" + ("" if query.parameters else " none"),
        *[_parameter_line(p) for p in query.parameters],
        "",
        query.text.rstrip("\n"),
    ]
    return "\n".join(lines)


#: The commands of this module, in the order ``il2kg --help`` lists them.
COMMANDS: tuple[click.Command, ...] = (list_queries, run_named, run_adhoc, upload)
