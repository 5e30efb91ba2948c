"""The commands over the whole graph: ``validate``, ``stats``, ``reason``, ``explain``, ``build``.

Each loads the graph, calls the library and prints; errors are
:class:`~il2kg.errors.Il2kgError`, which :func:`il2kg.cli.app.main` turns into one line on
standard error and exit code 2. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from il2kg.cli.options import (
    EXIT_NO,
    EXIT_OK,
    EXIT_UNUSABLE,
    data_option,
    format_option,
    reasoner_option,
    reasoning_option,
    say_error,
)

__all__ = ["COMMANDS", "build", "emit", "explain", "reason", "stats", "validate"]

_TEXT_OR_JSON = ("text", "json")


def emit(result: object, output_format: str) -> None:
    """Print ``result``: as indented JSON for ``json``, as its text otherwise."""
    import json

    if output_format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(result)


@click.command(
    short_help="check the graph against the SHACL shapes and the quality checks",
    help="Validate the shipped graph (and any --data files) with the SHACL shapes and the "
    "quality checks. Exit 0 if it conforms (warnings are printed but do not fail), 1 if there "
    "is a violation, 2 if an input cannot be used.",
)
@data_option
@format_option(_TEXT_OR_JSON, "text")
@reasoning_option("run the shapes on the asserted triples plus their OWL 2 RL closure")
def validate(data: Sequence[str], output_format: str, reasoning: bool) -> int:
    """``il2kg validate [--data FILE]... [--format text|json] [--reasoning]``."""
    from il2kg.graph import load_graph
    from il2kg.reasoning.report import run_reasoning
    from il2kg.validation.validator import validate as validate_graph

    kg = load_graph(list(data))
    report = validate_graph(kg, reasoning=reasoning)
    # The same consistency check as il2kg reason and il2kg build, so that one command runs all.
    consistency = run_reasoning(kg)
    if output_format == "json":
        result = report.to_dict()
        result["consistent"] = consistency.consistent
        result["inconsistencies"] = consistency.inconsistencies_as_dicts()
        emit(result, "json")
    else:
        emit("\n".join([report.to_text(), "", *consistency.consistency_lines()]), "text")
    return EXIT_OK if report.conforms and consistency.consistent else EXIT_NO


@click.command(
    short_help="count triples, classes, entities, sources and mappings",
    help="Print figures about the shipped graph (and any --data files).",
)
@data_option
@format_option(_TEXT_OR_JSON, "text")
def stats(data: Sequence[str], output_format: str) -> int:
    """``il2kg stats [--data FILE]... [--format text|json]``."""
    from il2kg.graph import load_graph
    from il2kg.release.stats import compute_statistics

    figures = compute_statistics(load_graph(list(data)))
    emit(figures.to_dict() if output_format == "json" else figures.to_text(), output_format)
    return EXIT_OK


@click.command(
    short_help="compute the OWL 2 RL closure and check consistency",
    help="Compute the OWL 2 RL closure of ontology + data (cached in the user's cache "
    "directory, keyed by a hash of every input), print what was inferred, and check "
    "consistency. Exit 0 if consistent, 1 if not, 2 if an input cannot be used.",
)
@data_option
@format_option(_TEXT_OR_JSON, "text")
@reasoner_option
@click.option("--no-cache", is_flag=True, help="recompute; do not use the cache")
@click.option("--clear-cache", is_flag=True, help="delete every cached closure first")
def reason(
    data: Sequence[str],
    output_format: str,
    reasoner: str | None,
    no_cache: bool,
    clear_cache: bool,
) -> int:
    """``il2kg reason [--data FILE]... [--format text|json] [--reasoner NAME] [--no-cache]``."""
    from il2kg.graph import load_graph
    from il2kg.reasoning.closure import clear_cache as remove_cached
    from il2kg.reasoning.report import run_reasoning

    if clear_cache:
        print(f"Cleared {remove_cached()} cached closure(s).", file=sys.stderr)
    report = run_reasoning(load_graph(list(data)), use_cache=not no_cache, reasoner=reasoner)
    emit(report.to_dict() if output_format == "json" else report.to_text(), output_format)
    return EXIT_OK if report.consistent else EXIT_NO


@click.command(
    short_help="say whether a statement is asserted, inferred or absent, and why",
    help="Explain a statement SUBJECT PREDICATE OBJECT, each given as an IRI, a CURIE "
    "(il2:IL2RA, il2kg:targets, a for rdf:type) or a label naming exactly one term. For an "
    "inferred statement, print a minimal set of asserted statements and axioms it follows "
    "from, and the steps of the derivation. Exit 0 if asserted or inferred, 1 if absent, 2 if "
    "a term cannot be resolved.",
)
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_", metavar="OBJECT")
@data_option
def explain(subject: str, predicate: str, object_: str, data: Sequence[str]) -> int:
    """``il2kg explain SUBJECT PREDICATE OBJECT [--data FILE]...``."""
    from il2kg.graph import load_graph
    from il2kg.reasoning.closure import compute_closure
    from il2kg.reasoning.explanation import explain as explain_statement
    from il2kg.reasoning.explanation import resolve_term

    kg = load_graph(list(data))
    terms = [resolve_term(kg, text) for text in (subject, predicate, object_)]
    answer = explain_statement(kg, *terms, closure=compute_closure(kg))
    print(answer.to_text(kg.label))
    return EXIT_NO if answer.status == "absent" else EXIT_OK


@click.command(
    short_help="the release build: validate, reason, check, write every artifact to dist/",
    help="Load the graph (and any --data files), validate it, compute the OWL 2 RL closure, "
    "check consistency, then write every export format (asserted and with inferences), the "
    "SSSOM mappings, the query catalogue, a VoID description and HTML documentation to --out "
    "(default dist/). Nothing is written unless every stage passes: a failed build leaves the "
    "previous output untouched. Exit 1 if the data fails a check, 2 if an input or the output "
    "cannot be used.",
)
@click.option("--out", metavar="DIR", default="dist", help="output directory (default: dist)")
@data_option
def build(out: str, data: Sequence[str]) -> int:
    """``il2kg build [--out DIR] [--data FILE]...``."""
    from pathlib import Path

    from il2kg.errors import BuildError
    from il2kg.graph import load_graph
    from il2kg.release.builder import build as build_release
    from il2kg.release.builder import check_output_dir

    try:
        check_output_dir(Path(out))  # before the graph is loaded: nothing done in vain
        report = build_release(load_graph(list(data)), Path(out))
    except BuildError as exc:
        say_error(str(exc))
        return EXIT_NO if exc.data_said_no else EXIT_UNUSABLE
    print(report.to_text())
    return EXIT_OK


#: The commands of this module, in the order ``il2kg --help`` lists them.
COMMANDS: tuple[click.Command, ...] = (validate, stats, reason, explain, build)
