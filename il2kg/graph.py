"""Load the shipped ontology and data, plus any user files, into one rdflib Dataset.

Each file becomes one named graph, so that every triple can be traced back to the
file that states it (see :meth:`KnowledgeGraph.graph_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from il2kg.config import DATA_ROOT_ENV, data_files, data_root, display_path, ontology_files
from il2kg.errors import LoadError
from il2kg.parsing import parse_into
from il2kg.terms import GRAPH_BASE, PREFIXES, curie

__all__ = ["KnowledgeGraph", "SourceFile", "language_rank", "load_graph"]


@dataclass(frozen=True)
class SourceFile:
    """One loaded file and the named graph holding its triples.

    Attributes:
        path: The file as shown in messages: relative to the data root for shipped
            files (``graphs/cytokines.ttl``), as given for user files.
        graph_iri: The IRI of the named graph holding the file's triples.
        triples: How many distinct triples the file contributed.
    """

    path: str
    graph_iri: str
    triples: int


@dataclass(frozen=True, eq=False)
class KnowledgeGraph:
    """A loaded knowledge graph: one named graph per source file.

    Attributes:
        dataset: The rdflib Dataset; each file is a named graph, the default graph is empty.
        files: The loaded files, in load order (ontology, data, then user files).
        root: The data root the shipped files, shapes and checks come from.
    """

    dataset: Dataset
    files: tuple[SourceFile, ...]
    root: Path
    _cache: dict[str, Graph] = field(default_factory=dict, init=False, repr=False)

    def __repr__(self) -> str:
        """One short line: the number of files and of triples, and the data root.

        The triples are counted per file and added up (a triple stated in two files counts
        twice), so that the repr never builds the union.
        """
        files = len(self.files)
        triples = sum(source.triples for source in self.files)
        plural = "" if files == 1 else "s"
        return f"<KnowledgeGraph: {files} file{plural}, {triples} triples, root {self.root}>"

    def named_graph(self, source: SourceFile) -> Graph:
        """Return the named graph holding the triples of one loaded file."""
        return Graph(store=self.dataset.store, identifier=URIRef(source.graph_iri))

    def union(self) -> Graph:
        """Return all triples of all files as one Graph (built once, then cached).

        The same Graph object is returned on every call: treat it as read-only.
        """
        cached = self._cache.get("union")
        if cached is None:
            cached = Graph(bind_namespaces="core")
            _bind(cached)
            for source in self.files:
                for triple in self.named_graph(source):
                    cached.add(triple)
            self._cache["union"] = cached
        return cached

    def graph_of(self, subject: str | Node) -> list[str]:
        """Return the files (as in :attr:`SourceFile.path`) stating triples about ``subject``.

        Args:
            subject: An IRI (``str`` or ``URIRef``) or a blank node (``BNode`` or ``"_:id"``).
        """
        node = _as_node(subject)
        return [
            source.path for source in self.files if (node, None, None) in self.named_graph(source)
        ]

    def label(self, term: str | Node) -> str:
        """Return a readable name for a term.

        The term's ``rdfs:label``, else its ``skos:prefLabel`` (English or untagged
        preferred), else its CURIE (:data:`~il2kg.terms.PREFIXES`), else the IRI.
        Literals give their lexical form, blank nodes ``_:id``.
        """
        node = _as_node(term)
        if isinstance(node, Literal):
            return str(node)
        if isinstance(node, BNode):
            return f"_:{node}"
        union = self.union()
        for predicate in (RDFS.label, SKOS.prefLabel):
            labels = [o for o in union.objects(node, predicate) if isinstance(o, Literal)]
            if labels:
                return str(min(labels, key=language_rank))
        return curie(str(node)) or str(node)


def language_rank(value: Node) -> tuple[int, str]:
    """How text values rank for display: English, then untagged, then other languages.

    English is ``en`` or ``en-*`` (``en-GB`` …); ties go by the text. The one rule every
    readable name uses: labels, validation messages, metadata, inconsistency reports.

    >>> values = [Literal("b", lang="de"), Literal("a"), Literal("c", lang="en-GB")]
    >>> [str(value) for value in sorted(values, key=language_rank)]
    ['c', 'a', 'b']
    """
    language = ((value.language if isinstance(value, Literal) else None) or "").lower()
    if language == "en" or language.startswith("en-"):
        return 0, str(value)
    return (1 if not language else 2), str(value)


def _as_node(term: str | Node) -> Node:
    if isinstance(term, Node):
        return term
    if term.startswith("_:"):
        return BNode(term[2:])
    return URIRef(term)


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def load_graph(
    extra_files: Sequence[str | Path] = (),
    *,
    shipped: bool = True,
) -> KnowledgeGraph:
    r"""Load the shipped ontology and data and any extra files, one named graph per file.

    Shipped files are ``ontology/*.ttl`` (but not ``shapes.ttl``) and ``graphs/*.ttl``
    under the data root (:func:`il2kg.config.data_root`; override it with the
    environment variable ``IL2KG_DATA_ROOT``). Their graph IRIs are
    ``https://w3id.org/il2kg/graph/`` plus the path without extension
    (``.../graph/graphs/cytokines``); a user file's graph IRI is its ``file://`` URI.
    The quads of a TriG or N-Quads file are all put into that file's one named graph.

    Args:
        extra_files: User files to load as well (``.ttl``, ``.nt``, ``.nq``, ``.trig``,
            ``.jsonld``, ``.rdf``, ``.owl``). A file given twice is loaded once; a single
            ``str`` or ``Path`` is taken as one file.
        shipped: Load the shipped ontology and data; with ``False`` only ``extra_files``.

    Returns:
        The loaded graph.

    Raises:
        LoadError: A file is missing, unreadable, of an unsupported type, or does not
            parse; the message names the file and, for syntax errors, the line. Also
            when ``shipped`` is true but the data root holds no ontology file.

    >>> import pathlib, tempfile
    >>> mini = pathlib.Path(tempfile.mkdtemp()) / "mini.ttl"
    >>> _ = mini.write_text(
    ...     '@prefix il2kg: <https://w3id.org/il2kg/ontology/> .\n'
    ...     '<https://w3id.org/il2kg/id/IL2> a il2kg:Cytokine ; '
    ...     '<http://www.w3.org/2000/01/rdf-schema#label> "interleukin-2"@en .\n'
    ... )
    >>> kg = load_graph([mini], shipped=False)
    >>> [source.triples for source in kg.files]
    [2]
    >>> kg.label("https://w3id.org/il2kg/id/IL2")
    'interleukin-2'
    >>> kg.graph_of("https://w3id.org/il2kg/id/IL2") == [str(mini)]
    True
    """
    if isinstance(extra_files, (str, Path)):  # one file, not a sequence of characters
        extra_files = [extra_files]
    root = data_root()
    entries: list[tuple[Path, str, str]] = []
    if shipped:
        ontology = ontology_files(root)
        if not ontology:
            raise LoadError(
                str(root / "ontology"),
                None,
                f"no ontology files (*.ttl) here; is the data root right? (set {DATA_ROOT_ENV})",
            )
        for location in [*ontology, *data_files(root)]:
            shown = display_path(location, root)
            entries.append((location, shown, GRAPH_BASE + shown.removesuffix(location.suffix)))
    for given in extra_files:
        location = Path(given)
        entries.append((location, str(given), location.resolve().as_uri()))

    dataset = Dataset()
    files: list[SourceFile] = []
    seen: set[Path] = set()
    for location, shown, graph_iri in entries:
        key = location.resolve()
        if key in seen:
            continue
        seen.add(key)
        graph = dataset.graph(URIRef(graph_iri))
        parse_into(graph, location, shown)
        files.append(SourceFile(shown, graph_iri, len(graph)))
    _bind(dataset)
    return KnowledgeGraph(dataset=dataset, files=tuple(files), root=root)
