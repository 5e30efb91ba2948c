"""The ``il2kg`` command: a thin layer over the library.

Exit codes: 0 fine; 1 the data answered "no" (validation found a violation); 2 the
input could not be used (a missing or unparsable file, a bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from il2kg._version import __version__
from il2kg.errors import Il2kgError

if TYPE_CHECKING:
    from il2kg.load import KnowledgeGraph

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
        "(.ttl .nt .nq .trig .jsonld .rdf .owl); repeatable",
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
        description="A knowledge graph of Interleukin-2 biology: validate it, count it.",
        epilog="Set IL2KG_DATA_ROOT to use another copy of ontology/, graphs/ and queries/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data = _data_options()
    commands.add_parser(
        "validate",
        parents=[data],
        help="check the graph against the SHACL shapes and the quality checks",
        description="Validate the shipped graph (and any --data files) with the SHACL "
        "shapes and the quality checks. Exit 0 if it conforms (warnings are printed "
        "but do not fail), 1 if there is a violation, 2 if an input cannot be used.",
    ).set_defaults(handler=_validate)
    commands.add_parser(
        "stats",
        parents=[data],
        help="count triples, classes, entities, sources and mappings",
        description="Print figures about the shipped graph (and any --data files).",
    ).set_defaults(handler=_stats)
    return parser


def _load(args: argparse.Namespace) -> KnowledgeGraph:
    from il2kg.load import load_graph

    return load_graph(args.data)


def _validate(args: argparse.Namespace) -> int:
    from il2kg.validation import validate

    report = validate(_load(args))
    _emit(report.to_dict() if args.format == "json" else report.to_text(), args.format)
    return EXIT_OK if report.conforms else EXIT_NO


def _stats(args: argparse.Namespace) -> int:
    from il2kg.stats import compute_statistics

    stats = compute_statistics(_load(args))
    _emit(stats.to_dict() if args.format == "json" else stats.to_text(), args.format)
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
    except Il2kgError as exc:
        print(f"il2kg: error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    return code
