"""The ``il2kg export`` command: parse, call :mod:`il2kg.export.formats`, write.

Nothing heavy is imported at module level (:mod:`il2kg.export.formats` imports rdflib only when it
exports), so that ``il2kg --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys

from il2kg.export.formats import FORMATS, GRAPHS, IRI_MODES

__all__ = ["add_export_command", "run_export"]


def add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` to the ``il2kg`` command's subcommands."""
    export = commands.add_parser(
        "export",
        help="write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, "
        "or its external mappings as SSSOM",
        description="Write the ontology and data (and any --data files) in one RDF format, "
        "the same bytes for the same input. nquads and trig keep one named graph per source "
        "file (plus the inferred graph with --reasoning); the other formats merge them. "
        "sssom writes every external mapping as an SSSOM TSV with its metadata block. "
        "Exit 0 on success, 2 if an input or the output path cannot be used.",
    )
    export.add_argument(
        "--format",
        required=True,
        choices=(*FORMATS, "sssom"),
        help="turtle, nt (N-Triples), nquads, trig, jsonld (compact, with the context "
        "ontology/context.jsonld embedded), xml (RDF/XML, which Protégé opens) or sssom "
        "(the mappings, SSSOM TSV)",
    )
    export.add_argument(
        "--reasoning",
        action="store_true",
        help="add the OWL 2 RL inferences (computed once and cached)",
    )
    export.add_argument(
        "--iris",
        choices=IRI_MODES,
        default="local",
        help="external: name each entity with one external identity (UniProt, NCBI Gene, "
        "DrugBank, CL, GO, MONDO, HP, Reactome, ClinicalTrials.gov, DOI) by that IRI, keeping "
        "ours as its skos:exactMatch (default: local)",
    )
    export.add_argument(
        "--graph",
        choices=GRAPHS,
        default="all",
        help="ontology: the ontology only (not the shapes); data: graphs/*.ttl and --data "
        "files; all: both (default)",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (replaced whole, never left half written); default: standard output",
    )
    export.add_argument(
        "--data",
        metavar="FILE",
        action="extend",
        nargs="+",
        default=[],
        help="extra RDF file(s) to export with the shipped graph; repeatable",
    )
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Load the graph, export it, and write the bytes to ``--output`` or standard output."""
    from il2kg.export.formats import export_graph, write_export
    from il2kg.graph import load_graph

    kg = load_graph(args.data)
    if args.format == "sssom":
        from il2kg.export.formats import write_bytes
        from il2kg.release.sssom import write_sssom

        table = write_sssom(kg).encode("utf-8")
        if args.output and args.output != "-":
            write_bytes(table, args.output)
        else:
            sys.stdout.write(table.decode("utf-8"))
        return 0
    if args.output and args.output != "-":
        size = write_export(
            kg, args.format, args.output, reasoning=args.reasoning, iris=args.iris, graph=args.graph
        )
        print(f"Wrote {size} bytes of {args.format} to {args.output}.", file=sys.stderr)
    else:
        data = export_graph(
            kg, args.format, reasoning=args.reasoning, iris=args.iris, graph=args.graph
        )
        binary = getattr(sys.stdout, "buffer", None)  # None when stdout is a text stream
        if binary is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            binary.write(data)
    return 0
