"""OWL 2 RL reasoning: the closure of ontology + data, kept apart and cached.

:func:`compute_closure` runs the OWL 2 RL rules over everything loaded and keeps, in a
graph of their own, the new triples that say something about the domain. Left out are:
owlrl's statements about the RDF, RDFS, OWL and XSD vocabularies themselves, reflexive
``owl:sameAs`` and reflexive subclass/subproperty/equivalence links, membership in
``owl:Thing``, ``rdfs:Resource`` and the OWL/RDFS meta-classes, triples about blank nodes
(OWL restriction and list bookkeeping) or with a literal subject, and the domain/range and
sub-property axioms that owlrl re-derives for every super-property and super-class.

Two reasoners give the same closure (``tests/test_engine_equivalence.py``):

* ``reasonable`` (the default), a Rust OWL 2 RL reasoner completed with property chains
  (:mod:`il2kg.reasoning.backends`): about 0.3 s on the shipped graph;
* ``owlrl``, the pure-Python reference implementation: about 8 s.

Choose with the ``reasoner`` argument or the environment variable ``IL2KG_REASONER``.

The closure is cached on disk, keyed by a hash of its inputs (every loaded file's bytes and
named graph, the reasoner and its version, the il2kg version, and the version of the
filter above). A cached closure is checked against the checksum written beside it; a
missing, stale or corrupt entry is recomputed, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from il2kg._version import __version__
from il2kg.config import choose
from il2kg.files import TEMPORARY_SUFFIX, write_atomically
from il2kg.graph import KnowledgeGraph
from il2kg.terms import GRAPH_BASE

__all__ = [
    "INFERRED_GRAPH",
    "REASONERS",
    "Closure",
    "cache_dir",
    "cached_ntriples",
    "clear_cache",
    "closure_key",
    "compute_closure",
    "infer",
    "inputs_key",
    "owlrl_closure",
    "reasoner_name",
    "with_inferences",
]

#: The named graph that holds inferred triples in exports and uploads.
INFERRED_GRAPH = URIRef(GRAPH_BASE + "inferred")
#: Bump when the filter changes, so that cached closures made with the old one are dropped.
FILTER_VERSION = "1"
CACHE_ENV = "IL2KG_CACHE_DIR"
REASONER_ENV = "IL2KG_REASONER"
#: The OWL 2 RL reasoners, the default first.
REASONERS: tuple[str, ...] = ("reasonable", "owlrl")

_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_META_CLASSES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
_REFLEXIVE = {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}
_SCHEMA_ECHOES = {RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.equivalentProperty}


@dataclass(frozen=True, eq=False)
class Closure:
    """The inferred triples of a graph.

    Attributes:
        inferred: The new domain triples, none of them asserted.
        key: The hash of the inputs, also the cache entry's name.
        from_cache: True if read from the cache rather than computed.
        seconds: Time spent computing or reading it.
        reasoner: The reasoner that computed it (one of :data:`REASONERS`).
    """

    inferred: Graph = field(repr=False)
    key: str
    from_cache: bool
    seconds: float
    reasoner: str = REASONERS[0]

    def per_relation(self) -> Counter[str]:
        """Number of inferred triples per predicate IRI (types counted under rdf:type)."""
        return Counter(str(p) for _, p, _ in self.inferred)

    def per_class(self) -> Counter[str]:
        """Number of inferred class memberships per class IRI."""
        return Counter(str(o) for _, _, o in self.inferred.triples((None, RDF.type, None)))


def cache_dir() -> Path:
    """Return where closures are cached.

    That is ``$IL2KG_CACHE_DIR`` if set, else the user cache directory that
    :func:`platformdirs.user_cache_dir` gives for ``il2kg`` (``$XDG_CACHE_HOME/il2kg`` or
    ``~/.cache/il2kg`` on Linux, ``~/Library/Caches/il2kg`` on macOS, the local app data
    folder on Windows).
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("il2kg", appauthor=False))


def clear_cache() -> int:
    """Delete every cached closure; return how many entries were removed."""
    removed = 0
    folder = cache_dir()
    if folder.is_dir():
        for path in folder.glob("closure-*"):
            path.unlink(missing_ok=True)
            removed += path.suffix == ".nt"
    return removed


def reasoner_name(reasoner: str | None = None) -> str:
    """The reasoner to use: ``reasoner`` if given, else ``$IL2KG_REASONER``, else the default.

    Raises:
        ConfigurationError: The name is not one of :data:`REASONERS`.
    """
    return choose(reasoner, REASONER_ENV, REASONERS, "reasoner")


def closure_key(kg: KnowledgeGraph, reasoner: str | None = None) -> str:
    """Hash everything the closure depends on (file bytes, graph IRIs, reasoner, versions)."""
    inputs = ((source.graph_iri, _file_bytes(kg, source.path)) for source in kg.files)
    return inputs_key(inputs, reasoner)


def inputs_key(inputs: Iterable[tuple[str, bytes]], reasoner: str | None = None) -> str:
    """The closure's cache key from (graph IRI, file bytes) pairs in load order."""
    name = reasoner_name(reasoner)
    digest = hashlib.sha256()
    parts = (f"il2kg {__version__}", f"{name} {_version_of(name)}", f"filter {FILTER_VERSION}")
    for part in parts:
        digest.update(part.encode() + b"\0")
    for graph_iri, data in inputs:
        digest.update(graph_iri.encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def cached_ntriples(key: str) -> bytes | None:
    """The cached closure with this key as verified N-Triples bytes, or ``None``."""
    entry = _verified_entry(key)
    return None if entry is None else entry[0]


def _verified_entry(key: str) -> tuple[bytes, dict[str, object]] | None:
    """The cache entry's bytes and metadata, if its key and checksum are right."""
    entry = _entry(key)
    if entry is None:
        return None
    data_path, meta_path = entry
    try:
        if any(path.stat().st_uid != os.getuid() for path in entry):
            return None  # written by someone else: not trusted
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("key") != key:
        return None
    if meta.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    with contextlib.suppress(OSError):
        os.utime(data_path)  # recently used: kept by the pruning
    return data, meta


def compute_closure(
    kg: KnowledgeGraph, *, use_cache: bool = True, reasoner: str | None = None
) -> Closure:
    """Compute (or read from the cache) the OWL 2 RL closure's new domain triples.

    Args:
        kg: The loaded ontology and data.
        use_cache: Read and write the on-disk cache.
        reasoner: ``"reasonable"`` or ``"owlrl"`` (see :func:`reasoner_name`).

    Raises:
        ConfigurationError: An unknown reasoner name.
    """
    start = time.perf_counter()
    name = reasoner_name(reasoner)
    key = closure_key(kg, name)
    if use_cache:
        cached = _read_cache(key)
        if cached is not None:
            return Closure(cached, key, True, time.perf_counter() - start, name)
    inferred = infer(kg.union(), name)
    if use_cache:
        _write_cache(key, inferred)
    return Closure(inferred, key, False, time.perf_counter() - start, name)


def with_inferences(kg: KnowledgeGraph, closure: Closure) -> Graph:
    """A new graph holding the asserted triples and the closure's inferred ones."""
    graph = Graph()
    for prefix, namespace in kg.union().namespaces():
        graph.bind(prefix, namespace)
    for triple in kg.union():
        graph.add(triple)
    for triple in closure.inferred:
        graph.add(triple)
    return graph


def owlrl_closure(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """Return ``triples`` with everything owlrl's OWL 2 RL rules derive from them, unfiltered.

    owlrl's axiomatic and datatype triples are not added.
    """
    import owlrl

    expanded = Graph()
    for triple in triples:
        expanded.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    return expanded


def infer(asserted: Graph, reasoner: str | None = None) -> Graph:
    """The new domain statements that OWL 2 RL derives from ``asserted``, filtered as above."""
    if reasoner_name(reasoner) == "owlrl":
        expanded: Iterable[tuple[Node, Node, Node]] = owlrl_closure(asserted)
    else:
        from il2kg.reasoning.backends import reasonable_inferences

        expanded = reasonable_inferences(asserted)  # holds no asserted triple
    inferred = Graph()
    for triple in expanded:
        if triple not in asserted and _is_domain_fact(*triple):
            inferred.add(triple)
    return inferred


def _is_domain_fact(s: object, p: object, o: object) -> bool:
    if not isinstance(s, URIRef) or isinstance(o, BNode) or str(s).startswith(_VOCABULARIES):
        return False
    if p == OWL.sameAs and s == o:
        return False
    if p in _REFLEXIVE and s == o:
        return False
    if p == RDF.type and o in _META_CLASSES:
        return False
    if p in _SCHEMA_ECHOES:
        return False
    if isinstance(o, URIRef) and str(o).startswith(_VOCABULARIES) and p != RDF.type:
        return False
    return not (isinstance(o, Literal) and p in {RDF.type, RDFS.subClassOf})


def _version_of(reasoner: str) -> str:
    if reasoner == "owlrl":
        import owlrl

        return str(owlrl.__version__)
    from il2kg.reasoning.backends import reasonable_version

    return reasonable_version()


def _file_bytes(kg: KnowledgeGraph, shown: str) -> bytes:
    path = Path(shown)
    if not path.is_absolute() and not path.exists():
        path = kg.root / shown
    return path.read_bytes()


CACHE_KEEP = 16
"""How many closures the cache keeps: the least recently used beyond these are removed."""

_WARNED: set[str] = set()


def usable_cache_dir() -> Path | None:
    """The cache folder, created private to the user (0700), or ``None`` if it must not be used.

    A path that is not a folder, a folder the user cannot write, or one that another user owns
    or can write is not used (a closure from there could be anybody's): closures are then
    computed each time, and a one-line warning on standard error says why and how to fix it.
    """
    folder = cache_dir()
    try:
        if not folder.exists() and not folder.is_symlink():
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)  # another process may race
        info = folder.stat()
    except OSError as exc:
        _warn_unusable(folder, f"cannot be created ({exc.strerror})", "set IL2KG_CACHE_DIR")
        return None
    if not folder.is_dir():
        _warn_unusable(folder, "is not a folder", "remove it or set IL2KG_CACHE_DIR")
        return None
    if info.st_uid != os.getuid():
        _warn_unusable(folder, "belongs to another user", "set IL2KG_CACHE_DIR")
        return None
    if info.st_mode & 0o022:
        _warn_unusable(folder, "can be written by other users", f"run chmod 700 {folder}")
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        _warn_unusable(folder, "is not writable", f"run chmod 700 {folder}")
        return None
    return folder


def _warn_unusable(folder: Path, why: str, fix: str) -> None:
    message = f"il2kg: warning: closure cache {folder} {why}; closures are not cached ({fix})"
    if message not in _WARNED:
        _WARNED.add(message)
        print(message, file=sys.stderr)


def _entry(key: str) -> tuple[Path, Path] | None:
    folder = usable_cache_dir()
    if folder is None:
        return None
    return folder / f"closure-{key}.nt", folder / f"closure-{key}.json"


def _prune(folder: Path, keep: int = CACHE_KEEP) -> None:
    """Remove the least recently used closures beyond ``keep`` (and stray temporary files)."""
    entries = []
    for data_path in folder.glob("closure-*.nt"):
        try:
            entries.append((data_path.stat().st_mtime, data_path))
        except OSError:
            continue
    for _, data_path in sorted(entries, reverse=True)[keep:]:
        data_path.unlink(missing_ok=True)
        data_path.with_suffix(".json").unlink(missing_ok=True)
    day_ago = time.time() - 86400
    strays = [*folder.glob("closure-*.tmp"), *folder.glob(f".closure-*{TEMPORARY_SUFFIX}")]
    for temporary in strays:
        try:
            if temporary.stat().st_mtime < day_ago:
                temporary.unlink(missing_ok=True)
        except OSError:
            continue


def _read_cache(key: str) -> Graph | None:
    entry = _verified_entry(key)
    if entry is None:
        return None
    data, meta = entry
    try:
        graph = Graph().parse(data=data, format="nt")
    except Exception:  # a parser error on a damaged file: rebuild rather than trust it
        return None
    return graph if len(graph) == meta.get("triples") else None


def _write_cache(key: str, inferred: Graph) -> None:
    entry = _entry(key)
    if entry is None:
        return
    data_path, meta_path = entry
    data = inferred.serialize(format="nt", encoding="utf-8")
    meta = {"key": key, "sha256": hashlib.sha256(data).hexdigest(), "triples": len(inferred)}
    try:
        data_path.parent.mkdir(parents=True, exist_ok=True)
        for path, content in ((data_path, data), (meta_path, json.dumps(meta).encode())):
            write_atomically(content, path, mode=None)  # private, as the folder is
        _prune(data_path.parent)
    except OSError:  # a full disk is not an error: the closure is just not kept
        return
