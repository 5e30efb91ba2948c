"""The query commands of the ``il2kg`` CLI: ``queries``, ``query``, ``sparql``, ``upload``.

Each handler takes the parsed arguments, calls the library and prints; errors are
:class:`~il2kg.errors.Il2kgError` and :func:`il2kg.cli.app.main` turns them into one line on
stderr and exit code 2. Heavy modules are imported inside the handlers, so that building
the parser (and ``il2kg --help``) stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il2kg.errors import BadParameterError, LoadError

if TYPE_CHECKING:
    from il2kg.graph import KnowledgeGraph
    from il2kg.query.catalogue import NamedQuery, Parameter
    from il2kg.query.results import QueryResult

__all__ = ["list_queries", "run_adhoc", "run_named", "upload"]

EXIT_OK = 0
EXIT_NO = 1


def list_queries(args: argparse.Namespace) -> int:
    """``il2kg queries [NAME] [--format text|json|ttl]``."""
    from il2kg.query.catalogue import Catalogue, load_catalogue

    catalogue = load_catalogue()
    if args.name:
        catalogue = Catalogue({args.name: catalogue.get_query(args.name)})
    queries = list(catalogue.values())
    if args.format == "ttl":
        from il2kg.query.examples import catalogue_graph

        print(catalogue_graph(catalogue, args.endpoint).serialize(format="turtle"), end="")
    elif args.format == "json":
        docs = [_query_dict(q, with_text=bool(args.name)) for q in queries]
        print(json.dumps(docs[0] if args.name else docs, indent=2, ensure_ascii=False))
    elif args.name:
        print(_query_text(queries[0]))
    else:
        print("\n\n".join(_query_summary(q) for q in queries))
    return EXIT_OK


def run_named(args: argparse.Namespace) -> int:
    """``il2kg query NAME [--param K=V ...] [--format ...] [--endpoint URL] [--data F]``."""
    from il2kg.query.api import run_query
    from il2kg.query.catalogue import load_catalogue

    catalogue = load_catalogue()
    catalogue.get_query(args.name)  # an unknown name fails before the graph is loaded
    kg = _graph(args)
    result = run_query(
        args.name,
        _params(args),
        kg=kg,
        endpoint=args.endpoint,
        catalogue=catalogue,
        timeout=args.timeout,
        reasoning=not args.no_reasoning,
        engine=args.engine,
    )
    return _print_result(result, args, kg)


def run_adhoc(args: argparse.Namespace) -> int:
    """``il2kg sparql QUERY_TEXT_OR_FILE [same options as query]``."""
    from il2kg.query.api import label_resolver, run_sparql
    from il2kg.query.catalogue import parse_named_query
    from il2kg.query.parameters import bind_parameters

    text, shown = _query_source(args.query)
    adhoc = parse_named_query(text, "adhoc", shown)
    kg = _graph(args)
    resolver = label_resolver(
        kg=kg, endpoint=args.endpoint, timeout=args.timeout, engine=args.engine
    )
    bindings = bind_parameters(adhoc, _params(args), resolver)
    result = run_sparql(
        text,
        bindings=bindings,
        kg=kg,
        endpoint=args.endpoint,
        timeout=args.timeout,
        reasoning=not args.no_reasoning,
        engine=args.engine,
    )
    return _print_result(result, args, kg)


def upload(args: argparse.Namespace) -> int:
    """``il2kg upload --endpoint URL [--graph-store URL] [--data FILE ...]``."""
    from il2kg.graph import load_graph
    from il2kg.release.upload import store_url_for, upload_graph

    if not args.endpoint and not args.graph_store:
        raise BadParameterError("upload needs --endpoint URL or --graph-store URL")
    store = args.graph_store or store_url_for(args.endpoint)
    uploaded = upload_graph(
        load_graph(args.data), store, timeout=args.timeout, reasoning=not args.no_reasoning
    )
    width = max(len(iri) for iri, _ in uploaded)
    for iri, count in uploaded:
        print(f"{iri.ljust(width)}  {count:>6} triples")
    total = sum(count for _, count in uploaded)
    print(f"Uploaded {total} triples in {len(uploaded)} named graphs to {store}")
    return EXIT_OK


def _graph(args: argparse.Namespace) -> KnowledgeGraph | None:
    """Load the embedded graph with the --data files.

    ``None`` for the shipped graph alone (the query engine loads it itself, fastest) or
    when the query goes to an endpoint.
    """
    if args.endpoint:
        if args.data:
            raise BadParameterError(
                "--data loads files into the embedded graph; it cannot be used with "
                "--endpoint (load them into the store with 'il2kg upload --data')"
            )
        return None
    if not args.data:
        return None
    from il2kg.graph import load_graph

    return load_graph(args.data)


def _params(args: argparse.Namespace) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in args.param:
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


def _print_result(result: QueryResult, args: argparse.Namespace, kg: KnowledgeGraph | None) -> int:
    if result.form == "ASK":
        answer = bool(result.boolean)
        plain = "true" if answer else "false"
        _write(plain if args.format == "table" else result.serialize(args.format))
        return EXIT_OK if answer else EXIT_NO
    if result.graph is not None:
        _write(result.to_turtle())
    elif args.format == "table":
        from il2kg.cli.table import format_table, result_iris
        from il2kg.query.labels import fetch_labels

        labels = fetch_labels(
            result_iris(result),
            kg=kg,
            endpoint=args.endpoint,
            timeout=args.timeout,
            engine=args.engine,
        )
        print(format_table(result, labels))
    else:
        _write(result.serialize(args.format))
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
