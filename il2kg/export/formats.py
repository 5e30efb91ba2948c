"""Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, byte for byte stable.

:func:`export_graph` selects the named graphs (the ontology file, the data files, or both;
plus the OWL 2 RL inferences in a graph of their own), optionally renames the project's
entities to external identifiers (:mod:`il2kg.export.iris`), gives blank nodes their
W3C RDFC-1.0 canonical labels (:mod:`il2kg.export.bnodes`) and writes the result sorted
(:mod:`il2kg.export.rdf`, :mod:`il2kg.export.jsonld`): the same input always gives
the same bytes. TriG and N-Quads keep one named graph per source file; the other formats
merge the selected graphs into one.

Importing this module is cheap (rdflib is imported on first export), so that the CLI can
take the format names from here.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from il2kg.errors import ExportError
from il2kg.files import write_atomically

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from il2kg.export.rdf import Statement
    from il2kg.graph import KnowledgeGraph

__all__ = [
    "FORMATS",
    "FORMAT_ALIASES",
    "GRAPHS",
    "IRI_MODES",
    "QUAD_FORMATS",
    "export_graph",
    "format_name",
    "stable_turtle",
    "write_bytes",
    "write_export",
]

FORMATS: tuple[str, ...] = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")
"""Export formats: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML."""

FORMAT_ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "text/turtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nt11": "nt",
    "application/n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "json-ld": "jsonld",
    "application/ld+json": "jsonld",
    "rdf": "xml",
    "rdf/xml": "xml",
    "rdfxml": "xml",
    "pretty-xml": "xml",
    "application/rdf+xml": "xml",
}
"""Other names accepted for the :data:`FORMATS`: the ones rdflib's ``serialize`` takes for the
same format (``ttl``, ``n-triples``, ``json-ld``, ``pretty-xml``, media types), the file
extensions (``nq``, ``rdf``) and ``rdf/xml``. Case does not matter. The output is the same as
for the canonical name. ``n3`` is not among them: N3 is a larger language than Turtle."""

QUAD_FORMATS = frozenset({"nquads", "trig"})
"""Formats that keep the named graphs (one per source file, plus the inferred graph)."""

GRAPHS: tuple[str, ...] = ("all", "ontology", "data")
"""What to export: everything, the ontology file(s) (not the shapes), or the data files
(``graphs/*.ttl`` and any user files)."""

IRI_MODES: tuple[str, ...] = ("local", "external")
"""Name entities by the project's IRIs, or by external ones where they have one."""


def format_name(fmt: str) -> str:
    """The canonical name (one of :data:`FORMATS`) of a format name or alias.

    Raises:
        ExportError: ``fmt`` names no export format; the message lists the choices.

    >>> format_name("ttl"), format_name("JSON-LD"), format_name("rdf/xml")
    ('turtle', 'jsonld', 'xml')
    """
    name = fmt.strip().lower() if isinstance(fmt, str) else fmt
    name = FORMAT_ALIASES.get(name, name)
    _check("format", name, FORMATS, shown=fmt)
    return name


def _check(option: str, value: str, choices: tuple[str, ...], *, shown: object = None) -> None:
    if value not in choices:
        given = value if shown is None else shown
        raise ExportError(f"unknown {option} {given!r}; choose one of: {', '.join(choices)}")


def export_graph(
    kg: KnowledgeGraph,
    fmt: str,
    *,
    reasoning: bool = False,
    iris: str = "local",
    graph: str = "all",
) -> bytes:
    r"""Serialize the graph, the same bytes for the same input.

    Args:
        kg: The loaded graph.
        fmt: One of :data:`FORMATS`, or an alias of one (:data:`FORMAT_ALIASES`: ``ttl``,
            ``n-triples``, ``json-ld``, ``rdf/xml`` ...).
        reasoning: Add the OWL 2 RL inferences (:func:`il2kg.reasoning.closure.compute_closure`,
            cached), as the named graph :data:`il2kg.reasoning.closure.INFERRED_GRAPH`. With
            ``graph`` ``"ontology"`` or ``"data"``, only the inferences about subjects those
            graphs describe.
        iris: ``"local"`` keeps the project's IRIs; ``"external"`` renames each entity with
            one external identity to it (see :data:`il2kg.export.iris.EXTERNAL_SCHEMES`),
            keeping the project's IRI as a ``skos:exactMatch`` of it.
        graph: One of :data:`GRAPHS`.

    Returns:
        The document, UTF-8 encoded.

    Raises:
        ExportError: An unknown format, graph or IRI mode (the message lists the choices),
            or a term the format cannot carry.

    >>> import pathlib, tempfile
    >>> from il2kg.graph import load_graph
    >>> mini = pathlib.Path(tempfile.mkdtemp()) / "mini.ttl"
    >>> _ = mini.write_text(
    ...     '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
    ...     '<https://w3id.org/il2kg/id/IL2RA> skos:exactMatch '
    ...     '<http://purl.uniprot.org/uniprot/P01589> .\n'
    ... )
    >>> kg = load_graph([mini], shipped=False)
    >>> print(export_graph(kg, "nt", iris="external").decode(), end="")
    <http://purl.uniprot.org/uniprot/P01589> <http://www.w3.org/2004/02/skos/core#exactMatch> <https://w3id.org/il2kg/id/IL2RA> .
    """  # noqa: E501 - an N-Triples line cannot be wrapped
    fmt = format_name(fmt)
    _check("graph", graph, GRAPHS)
    _check("IRI mode", iris, IRI_MODES)
    labelled, order = _labelled(kg, graph, reasoning, iris, quads=fmt in QUAD_FORMATS)
    return _write(kg, fmt, labelled, order).encode("utf-8")


# The statements to write, blank nodes relabelled, per graph and options: a release build
# writes the same selection in several formats.
_LABELLED: weakref.WeakKeyDictionary[
    KnowledgeGraph, dict[tuple[str, bool, str, bool], tuple[list[Statement], list[URIRef]]]
] = weakref.WeakKeyDictionary()


def _labelled(
    kg: KnowledgeGraph, graph: str, reasoning: bool, iris: str, *, quads: bool
) -> tuple[list[Statement], list[URIRef]]:
    key = (graph, reasoning, iris, quads)
    cached = _LABELLED.setdefault(kg, {})
    if key not in cached:
        from il2kg.export.bnodes import canonical_statements
        from il2kg.export.iris import external_iris, rewrite

        statements, order = _select(kg, graph, reasoning)
        if iris == "external":
            everything: list[Statement] = [(s, p, o, None) for s, p, o in kg.union()]
            statements = rewrite(statements, external_iris(everything))
        if quads:
            unique = list(set(statements))
        else:
            unique = list({(s, p, o, None) for s, p, o, _ in statements})
        cached[key] = canonical_statements(unique), order
    return cached[key]


def _select(
    kg: KnowledgeGraph, graph: str, reasoning: bool
) -> tuple[list[Statement], list[URIRef]]:
    """The statements of the chosen named graphs, and those graphs' names in order."""
    from rdflib import URIRef

    from il2kg.terms import GRAPH_BASE

    statements: list[Statement] = []
    order: list[URIRef] = []
    for source in kg.files:
        is_ontology = source.graph_iri.startswith(GRAPH_BASE + "ontology/")
        if graph == "all" or is_ontology == (graph == "ontology"):
            name = URIRef(source.graph_iri)
            order.append(name)
            statements.extend((s, p, o, name) for s, p, o in kg.named_graph(source))
    if reasoning:
        from il2kg.reasoning.closure import INFERRED_GRAPH, compute_closure

        described = None if graph == "all" else {s for s, _, _, _ in statements}
        inferred = compute_closure(kg).inferred
        statements.extend(
            (s, p, o, INFERRED_GRAPH) for s, p, o in inferred if described is None or s in described
        )
        order.append(INFERRED_GRAPH)
    return statements, order


def _write(kg: KnowledgeGraph, fmt: str, statements: list[Statement], order: list[URIRef]) -> str:
    from il2kg.export import rdf as writers

    if fmt == "nt":
        return writers.write_ntriples(statements)
    if fmt == "nquads":
        return writers.write_nquads(statements)
    if fmt == "jsonld":
        from il2kg.export.jsonld import JsonLdContext, write_jsonld

        return write_jsonld(statements, JsonLdContext.from_file(context_file(kg.root)))
    bindings = writers.bindings_for(statements)
    if fmt == "turtle":
        return writers.write_turtle(statements, bindings)
    if fmt == "trig":
        return writers.write_trig(statements, bindings, order)
    return writers.write_rdfxml(statements, bindings)


def context_file(root: Path) -> Path:
    """The JSON-LD context: the data root's ``ontology/context.jsonld``, else the shipped one.

    A data root that holds no context of its own (such as a copy of ``graphs/`` made for a
    test) gets the one that ships with il2kg.
    """
    package = Path(__file__).resolve().parent.parent
    candidates = [
        root / "ontology" / "context.jsonld",
        package / "_data" / "ontology" / "context.jsonld",  # an installed wheel
        package.parent / "ontology" / "context.jsonld",  # a checkout
    ]
    return next((path for path in candidates if path.is_file()), candidates[0])


def write_export(
    kg: KnowledgeGraph,
    fmt: str,
    path: str | Path,
    *,
    reasoning: bool = False,
    iris: str = "local",
    graph: str = "all",
) -> int:
    """Write :func:`export_graph`'s output to ``path``, all or nothing.

    The bytes go to a temporary file in the same directory, which then replaces ``path``;
    on any failure no file is left behind (and an existing ``path`` is untouched).

    Args:
        kg: The loaded graph.
        fmt: As for :func:`export_graph`.
        path: The file to write.
        reasoning: As for :func:`export_graph`.
        iris: As for :func:`export_graph`.
        graph: As for :func:`export_graph`.

    Returns:
        The number of bytes written.

    Raises:
        ExportError: As for :func:`export_graph`, or ``path`` cannot be written (the
            message names it).

    >>> import pathlib, tempfile
    >>> from il2kg.graph import load_graph
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "ontology.ttl"
    >>> size = write_export(load_graph(), "turtle", target, graph="ontology")
    >>> size == target.stat().st_size and target.read_text().startswith("@prefix")
    True
    """
    target = Path(path)
    _check_target(target, path)
    return write_bytes(export_graph(kg, fmt, reasoning=reasoning, iris=iris, graph=graph), path)


def _check_target(target: Path, path: str | Path) -> None:
    if not target.parent.is_dir() or target.is_dir():
        why = "is a directory" if target.is_dir() else "its directory does not exist"
        raise ExportError(f"cannot write {path}: {why}")


def write_bytes(data: bytes, path: str | Path) -> int:
    """Write ``data`` to ``path``: a regular file is replaced whole, all or nothing.

    A regular file (or a new path) is written through a temporary file in the same directory
    and renamed over it. A symbolic link is followed: the file it points to is replaced, never
    the link. Anything else at ``path`` (a device such as ``/dev/null`` or ``/dev/stdout``, a
    FIFO) is written through as it is, never replaced.

    Raises:
        ExportError: ``path`` cannot be written (the message names it); nothing is left
            behind and an existing file is untouched.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    _check_target(target, path)
    if target.exists() and not target.is_file():
        return _write_through(data, target, path)
    try:
        write_atomically(data, target)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(data)


def _write_through(data: bytes, target: Path, path: str | Path) -> int:
    """Write to a device or FIFO in place (opening a FIFO waits for its reader)."""
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(data)


def stable_turtle(graph: Graph) -> str:
    """Write any graph as Turtle that is byte-identical from run to run.

    Blank nodes get their RDFC-1.0 canonical labels and the prefixes are fixed, as
    for :func:`export_graph`; used for the release's small side graphs (VoID, catalogue).

    >>> from rdflib import Graph
    >>> g = Graph().parse(data="[] <urn:p> [ <urn:q> 1 ] .", format="turtle")
    >>> stable_turtle(g) == stable_turtle(Graph().parse(data=g.serialize(), format="turtle"))
    True
    """
    from il2kg.export.bnodes import canonical_statements
    from il2kg.export.rdf import bindings_for, write_turtle

    statements = [(s, p, o, None) for s, p, o in graph]
    relabelled = canonical_statements(statements)
    return write_turtle(relabelled, bindings_for(relabelled))
