"""The ``il2kg`` command: a thin layer over the library.

Exit codes: 0 fine; 1 the data answered "no" (validation found a violation); 2 the
input could not be used (a missing or unparsable file, a bad option).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from il2kg._version import __version__
from il2kg.errors import Il2kgError

if TYPE_CHECKING:
    from il2kg.graph import KnowledgeGraph

__all__ = ["main"]

EXIT_OK = 0
EXIT_NO = 1
EXIT_UNUSABLE = 2


def _data_options() -> argparse.ArgumentParser:
    """Options shared by every command that loads the graph (defined once, reused)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data",
        metavar="FILE",
        action="extend",
        nargs="+",
        default=[],
        help="extra RDF file(s) to load with the shipped graph "
        "(.ttl .nt .nq .trig .jsonld .rdf .owl .xml); repeatable",
    )
    parent.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``il2kg`` command."""
    parser = argparse.ArgumentParser(
        prog="il2kg",
        description="A knowledge graph of Interleukin-2 biology: validate it, count it, query it.",
        epilog="Set IL2KG_DATA_ROOT to use another copy of ontology/, graphs/ and queries/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data = _data_options()
    validate = commands.add_parser(
        "validate",
        parents=[data],
        help="check the graph against the SHACL shapes and the quality checks",
        description="Validate the shipped graph (and any --data files) with the SHACL "
        "shapes and the quality checks. Exit 0 if it conforms (warnings are printed "
        "but do not fail), 1 if there is a violation, 2 if an input cannot be used.",
    )
    validate.add_argument(
        "--reasoning",
        action="store_true",
        help="run the shapes on the asserted triples plus their OWL 2 RL closure",
    )
    validate.set_defaults(handler=_validate)
    commands.add_parser(
        "stats",
        parents=[data],
        help="count triples, classes, entities, sources and mappings",
        description="Print figures about the shipped graph (and any --data files).",
    ).set_defaults(handler=_stats)
    reason = commands.add_parser(
        "reason",
        parents=[data],
        help="compute the OWL 2 RL closure and check consistency",
        description="Compute the OWL 2 RL closure of ontology + data (cached in the "
        "user's cache directory, keyed by a hash of every input), print what was inferred, "
        "and check consistency. Exit 0 if consistent, 1 if not, 2 if an input cannot be used.",
    )
    reason.add_argument(
        "--reasoner",
        choices=("reasonable", "owlrl"),
        default=None,
        help="reasonable (fast, the default; or set IL2KG_REASONER) or owlrl (the reference); "
        "both give the same closure",
    )
    reason.add_argument("--no-cache", action="store_true", help="recompute; do not use the cache")
    reason.add_argument(
        "--clear-cache", action="store_true", help="delete every cached closure first"
    )
    reason.set_defaults(handler=_reason)
    explain = commands.add_parser(
        "explain",
        help="say whether a statement is asserted, inferred or absent, and why",
        description="Explain a statement SUBJECT PREDICATE OBJECT, each given as an IRI, a "
        "CURIE (il2:IL2RA, il2kg:targets, a for rdf:type) or a label naming exactly one term. "
        "For an inferred statement, print a minimal set of asserted statements and axioms it "
        "follows from, and the steps of the derivation. Exit 0 if asserted or inferred, 1 if "
        "absent, 2 if a term cannot be resolved.",
    )
    explain.add_argument("subject")
    explain.add_argument("predicate")
    explain.add_argument("object")
    _add_data_file_option(explain)
    explain.set_defaults(handler=_explain)
    build = commands.add_parser(
        "build",
        help="the release build: validate, reason, check, write every artifact to dist/",
        description="Load the graph (and any --data files), validate it, compute the OWL 2 RL "
        "closure, check consistency, then write every export format (asserted and with "
        "inferences), the SSSOM mappings, the query catalogue, a VoID description and HTML "
        "documentation to --out (default dist/). Nothing is written unless every stage passes: "
        "a failed build leaves the previous output untouched. Exit 1 if the data fails a "
        "check, 2 if an input or the output cannot be used.",
    )
    build.add_argument(
        "--out", metavar="DIR", default="dist", help="output directory (default: dist)"
    )
    _add_data_file_option(build)
    build.set_defaults(handler=_build)
    _add_query_commands(commands)
    from il2kg.cli import (
        export as cli_export,  # the export command; imports nothing heavy at module level
    )

    cli_export.add_export_command(commands)
    return parser


def _add_data_file_option(parser: argparse.ArgumentParser) -> None:
    """``--data FILE``, one file per flag (a list would swallow a positional argument)."""
    parser.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        help="an extra RDF file to load with the shipped graph; repeatable",
    )


def _param(text: str) -> tuple[str, str]:
    """Parse one ``--param KEY=VALUE`` (argparse turns the error into a usage error)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return name.strip(), value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def _query_options() -> argparse.ArgumentParser:
    """Options shared by ``query`` and ``sparql`` (defined once, reused)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--param",
        metavar="KEY=VALUE",
        type=_param,
        action="append",
        default=[],
        help="a parameter value; repeat a key to give a list (IRI parameters take an IRI, "
        "a CURIE such as il2:IL2RA, or a label such as CD25)",
    )
    parent.add_argument(
        "--format",
        choices=("table", "json", "csv", "tsv"),
        default="table",
        help="output: a readable table (default) or the W3C SPARQL results JSON, CSV or "
        "TSV; ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle",
    )
    parent.add_argument(
        "--endpoint", metavar="URL", help="send the query to this SPARQL 1.1 endpoint"
    )
    parent.add_argument(
        "--no-reasoning",
        action="store_true",
        help="query the asserted triples only (by default the embedded graph is queried "
        "with its OWL 2 RL closure, computed once and cached)",
    )
    parent.add_argument(
        "--engine",
        choices=("oxigraph", "rdflib"),
        default=None,
        help="the engine for the embedded graph: oxigraph (fast, the default; or set "
        "IL2KG_QUERY_ENGINE) or rdflib (the reference); both give the same answers",
    )
    _add_data_file_option(parent)
    parent.add_argument(
        "--timeout",
        metavar="S",
        type=_seconds,
        default=60.0,
        help="seconds a query may take, on the embedded graph or an endpoint (the whole exchange); "
        "then it is stopped and the command exits 2 (default: 60)",
    )
    return parent


def _add_query_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from il2kg.cli import (
        query as cli_query,  # the handlers; it imports nothing heavy at module level
    )

    exit_codes = "Exit 0 on success (an ASK answering false exits 1), 2 if an input cannot be used."
    listing = commands.add_parser(
        "queries",
        help="list the named queries, or show one",
        description="List the named queries with their summary and parameters, or show one "
        "query's metadata and text. --format ttl writes the catalogue as SHACL SPARQL "
        "executables (the form of SIB's sparql-examples).",
    )
    listing.add_argument("name", nargs="?", metavar="NAME", help="the query to show")
    listing.add_argument("--format", choices=("text", "json", "ttl"), default="text")
    listing.add_argument(
        "--endpoint", metavar="URL", help="with --format ttl: the schema:target of the queries"
    )
    listing.set_defaults(handler=cli_query.list_queries)
    query = commands.add_parser(
        "query",
        parents=[_query_options()],
        help="run a named query",
        description="Run a named query (see 'il2kg queries') on the embedded graph, or on "
        f"a SPARQL endpoint with --endpoint. {exit_codes}",
        epilog="Endpoint credentials and headers come from the environment: "
        "IL2KG_ENDPOINT_USER, IL2KG_ENDPOINT_PASSWORD, IL2KG_ENDPOINT_HEADERS.",
    )
    query.add_argument("name", metavar="NAME", help="the query's name")
    query.set_defaults(handler=cli_query.run_named)
    sparql = commands.add_parser(
        "sparql",
        parents=[_query_options()],
        help="run an ad-hoc SPARQL query",
        description="Run a SELECT, ASK, CONSTRUCT or DESCRIBE query given as text, as a "
        ".rq file, or '-' for standard input. Variables named ?_name (required) or "
        "?__name (optional), with a type suffix such as _iri, take --param name=VALUE. "
        f"SERVICE and FROM are refused on the embedded graph. {exit_codes}",
    )
    sparql.add_argument("query", metavar="QUERY_TEXT_OR_FILE")
    sparql.set_defaults(handler=cli_query.run_adhoc)
    upload = commands.add_parser(
        "upload",
        help="load the graph into a triple store (Graph Store Protocol)",
        description="PUT each source file's triples into its own named graph of a SPARQL "
        "1.1 Graph Store. The store URL defaults to the endpoint's with a final /query or "
        "/sparql replaced by /store (Oxigraph's layout). Start Oxigraph with "
        "--union-default-graph so that queries see every named graph.",
    )
    upload.add_argument("--endpoint", metavar="URL", help="the store's SPARQL query endpoint")
    upload.add_argument("--graph-store", metavar="URL", help="the Graph Store Protocol URL")
    upload.add_argument(
        "--data",
        metavar="FILE",
        action="extend",
        nargs="+",
        default=[],
        help="extra RDF file(s) to upload with the shipped graph; repeatable",
    )
    upload.add_argument("--timeout", metavar="S", type=_seconds, default=60.0)
    upload.add_argument(
        "--no-reasoning",
        action="store_true",
        help="upload the asserted files only, without the inferred graph",
    )
    upload.set_defaults(handler=cli_query.upload)


def _load(args: argparse.Namespace) -> KnowledgeGraph:
    from il2kg.graph import load_graph

    return load_graph(args.data)


def _validate(args: argparse.Namespace) -> int:
    from il2kg.reasoning.report import run_reasoning
    from il2kg.validation.validator import validate

    kg = _load(args)
    report = validate(kg, reasoning=args.reasoning)
    # The same consistency check as il2kg reason and il2kg build, so that one command runs all.
    consistency = run_reasoning(kg)
    if args.format == "json":
        result = report.to_dict()
        result["consistent"] = consistency.consistent
        result["inconsistencies"] = consistency.inconsistencies_as_dicts()
        _emit(result, "json")
    else:
        _emit("\n".join([report.to_text(), "", *consistency.consistency_lines()]), "text")
    return EXIT_OK if report.conforms and consistency.consistent else EXIT_NO


def _stats(args: argparse.Namespace) -> int:
    from il2kg.release.stats import compute_statistics

    stats = compute_statistics(_load(args))
    _emit(stats.to_dict() if args.format == "json" else stats.to_text(), args.format)
    return EXIT_OK


def _reason(args: argparse.Namespace) -> int:
    from il2kg.reasoning.closure import clear_cache
    from il2kg.reasoning.report import run_reasoning

    if args.clear_cache:
        removed = clear_cache()
        print(f"Cleared {removed} cached closure(s).", file=sys.stderr)
    report = run_reasoning(_load(args), use_cache=not args.no_cache, reasoner=args.reasoner)
    _emit(report.to_dict() if args.format == "json" else report.to_text(), args.format)
    return EXIT_OK if report.consistent else EXIT_NO


def _explain(args: argparse.Namespace) -> int:
    from il2kg.reasoning.closure import compute_closure
    from il2kg.reasoning.explanation import explain, resolve_term

    kg = _load(args)
    terms = [resolve_term(kg, text) for text in (args.subject, args.predicate, args.object)]
    answer = explain(kg, *terms, closure=compute_closure(kg))
    print(answer.to_text(kg.label))
    return EXIT_NO if answer.status == "absent" else EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from il2kg.errors import BuildError
    from il2kg.release.builder import build, check_output_dir

    try:
        check_output_dir(Path(args.out))  # before the graph is loaded: nothing done in vain
        report = build(_load(args), Path(args.out))
    except BuildError as exc:
        print(f"il2kg: error: {exc}", file=sys.stderr)
        return EXIT_NO if exc.data_said_no else EXIT_UNUSABLE
    print(report.to_text())
    return EXIT_OK


def _emit(result: object, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(result)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``il2kg`` command.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` if omitted.

    Returns:
        The exit code: 0 fine, 1 the data answered "no", 2 the input could not be used
        (including bad arguments; ``--help`` and ``--version`` return 0).
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_UNUSABLE if exc.code else EXIT_OK
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
    except Il2kgError as exc:
        print(f"il2kg: error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # standard output cannot take the answer (a full disk, ...)
        if exc.filename is not None:
            print(f"il2kg: error: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        else:
            print(f"il2kg: error: cannot write standard output: {exc.strerror}", file=sys.stderr)
        _silence_stdout()
        return EXIT_UNUSABLE
    return code


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
