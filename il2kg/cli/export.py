"""The ``il2kg export`` command: parse, call :mod:`il2kg.export.formats`, write.

Nothing heavy is imported at module level (:mod:`il2kg.export.formats` imports rdflib only when it
exports), so that ``il2kg --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from il2kg.cli.options import EXIT_OK, Choice, data_option, format_option, reasoning_option
from il2kg.export.formats import FORMATS, GRAPHS, IRI_MODES

__all__ = ["COMMANDS", "export"]


@click.command(
    "export",
    short_help="write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, "
    "or its external mappings as SSSOM",
    help="Write the ontology and data (and any --data files) in one RDF format, the same bytes "
    "for the same input. nquads and trig keep one named graph per source file (plus the "
    "inferred graph with --reasoning); the other formats merge them. sssom writes every "
    "external mapping as an SSSOM TSV with its metadata block. Exit 0 on success, 2 if an "
    "input or the output path cannot be used.",
)
@format_option(
    (*FORMATS, "sssom"),
    None,
    help="turtle, nt (N-Triples), nquads, trig, jsonld (compact, with the context "
    "ontology/context.jsonld embedded), xml (RDF/XML, which Protégé opens) or sssom "
    "(the mappings, SSSOM TSV)",
)
@reasoning_option("add the OWL 2 RL inferences (computed once and cached)")
@click.option(
    "--iris",
    type=Choice(IRI_MODES),
    default="local",
    help="external: name each entity with one external identity (UniProt, NCBI Gene, "
    "DrugBank, CL, GO, MONDO, HP, Reactome, ClinicalTrials.gov, DOI) by that IRI, keeping "
    "ours as its skos:exactMatch (default: local)",
)
@click.option(
    "--graph",
    type=Choice(GRAPHS),
    default="all",
    help="ontology: the ontology only (not the shapes); data: graphs/*.ttl and --data "
    "files; all: both (default)",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    help="write to FILE (replaced whole, never left half written); default: standard output",
)
@data_option
def export(
    output_format: str,
    reasoning: bool,
    iris: str,
    graph: str,
    output: str | None,
    data: Sequence[str],
) -> int:
    """Load the graph, export it, and write the bytes to ``--output`` or standard output."""
    from il2kg.export.formats import export_graph, write_bytes, write_export
    from il2kg.graph import load_graph

    kg = load_graph(list(data))
    to_file = bool(output) and output != "-"
    if output_format == "sssom":
        from il2kg.release.sssom import write_sssom

        table = write_sssom(kg)
        if to_file:
            write_bytes(table.encode("utf-8"), str(output))
        else:
            sys.stdout.write(table)
        return EXIT_OK
    if to_file:
        size = write_export(
            kg, output_format, str(output), reasoning=reasoning, iris=iris, graph=graph
        )
        print(f"Wrote {size} bytes of {output_format} to {output}.", file=sys.stderr)
        return EXIT_OK
    data_bytes = export_graph(kg, output_format, reasoning=reasoning, iris=iris, graph=graph)
    binary = getattr(sys.stdout, "buffer", None)  # None when stdout is a text stream
    if binary is None:
        sys.stdout.write(data_bytes.decode("utf-8"))
    else:
        binary.write(data_bytes)
    return EXIT_OK


#: The commands of this module, in the order ``il2kg --help`` lists them.
COMMANDS: tuple[click.Command, ...] = (export,)
