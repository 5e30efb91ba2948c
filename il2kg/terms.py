"""Namespaces, the one prefix map, and CURIEs.

The project's own terms (classes and properties) live in :data:`IL2KG`, its individuals in
:data:`IL2` and its SHACL shapes in :data:`IL2SH`. Named graphs loaded from the shipped files
get IRIs under :data:`GRAPH_BASE`.

:data:`PREFIX_MAP` is the project's one prefix map, kept as plain data in the shape of a
`curies <https://curies.readthedocs.io>`_ *extended prefix map*: one record per namespace
with its preferred prefix, its URI prefix and the other spellings of both. Everything else is
derived from it: :data:`PREFIXES` (bound on every loaded graph, declared in queries, written
by query output, the exports and SSSOM), :func:`curie`/:func:`compress`/:func:`expand` (a
longest-prefix lookup for the query path, which must not pay for importing ``curies``) and
:func:`converter` (a ``curies.Converter``, built on first use, for exports, SSSOM and tests).

The preferred prefixes are Bioregistry's canonical prefixes (``uniprot``, ``ncbigene``,
``hgnc`` ...); the Biolink/OBO-style spellings that SSSOM files often use (``UniProtKB``,
``NCBIGene``, ``PMID``, ``NCT`` ...) are synonyms, so input in either form is understood.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from rdflib import Namespace

if typing.TYPE_CHECKING:
    import curies

__all__ = [
    "GRAPH_BASE",
    "IL2",
    "IL2KG",
    "IL2SH",
    "PREFIXES",
    "PREFIX_MAP",
    "PrefixRecord",
    "canonical_prefix",
    "compress",
    "converter",
    "curie",
    "expand",
    "prefix_of",
]

IL2KG = Namespace("https://w3id.org/il2kg/ontology/")
"""Classes and properties of the il2kg ontology."""

IL2 = Namespace("https://w3id.org/il2kg/id/")
"""Individuals (proteins, genes, drugs, trials ...) described by the graph."""

IL2SH = Namespace("https://w3id.org/il2kg/shapes/")
"""SHACL shapes."""

GRAPH_BASE = "https://w3id.org/il2kg/graph/"
"""Base IRI of the named graphs holding the shipped files."""


@dataclass(frozen=True)
class PrefixRecord:
    """One namespace of :data:`PREFIX_MAP` (a ``curies.Record`` as plain data).

    Attributes:
        prefix: The preferred prefix, written in all output.
        uri_prefix: What the prefix expands to, the namespace the graph's IRIs use.
        prefix_synonyms: Other spellings of the prefix, understood on input.
        uri_prefix_synonyms: Other spellings of the namespace (recognised, never written).
        registry: The resource's Bioregistry prefix, or ``""`` for a vocabulary Bioregistry
            does not list as a source of identifiers (used as SSSOM ``object_source``).
        bound: Whether the prefix is bound on loaded graphs and declared in queries
            (:data:`PREFIXES`); false for namespaces only the exports abbreviate.
    """

    prefix: str
    uri_prefix: str
    prefix_synonyms: tuple[str, ...] = ()
    uri_prefix_synonyms: tuple[str, ...] = ()
    registry: str = ""
    bound: bool = True


_R = PrefixRecord

PREFIX_MAP: tuple[PrefixRecord, ...] = (
    _R("il2kg", str(IL2KG)),
    _R("il2", str(IL2)),
    _R("il2sh", str(IL2SH)),
    _R("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    _R("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    _R("owl", "http://www.w3.org/2002/07/owl#"),
    _R("xsd", "http://www.w3.org/2001/XMLSchema#"),
    _R("skos", "http://www.w3.org/2004/02/skos/core#"),
    _R("dcterms", "http://purl.org/dc/terms/", ("dct",)),
    _R("prov", "http://www.w3.org/ns/prov#"),
    _R("sh", "http://www.w3.org/ns/shacl#"),
    _R("qudt", "http://qudt.org/schema/qudt/"),
    _R("unit", "http://qudt.org/vocab/unit/"),
    _R("obo", "http://purl.obolibrary.org/obo/"),
    _R(
        "uniprot",
        "http://purl.uniprot.org/uniprot/",
        ("UniProtKB", "uniprotkb", "UniProt"),
        ("https://purl.uniprot.org/uniprot/", "https://www.uniprot.org/uniprot/"),
        "uniprot",
    ),
    _R(
        "ncbigene",
        "http://identifiers.org/ncbigene/",
        ("NCBIGene", "NCBIGENE", "EntrezGene"),
        ("https://identifiers.org/ncbigene/", "https://www.ncbi.nlm.nih.gov/gene/"),
        "ncbigene",
    ),
    _R(
        "hgnc",
        "https://identifiers.org/hgnc:",
        ("HGNC",),
        ("http://identifiers.org/hgnc:", "https://identifiers.org/HGNC:"),
        "hgnc",
    ),
    _R("drugbank", "https://go.drugbank.com/drugs/", ("DRUGBANK", "DrugBank"), (), "drugbank"),
    _R(
        "chembl",
        "http://identifiers.org/chembl.compound/",
        ("chembl.compound", "CHEMBL.COMPOUND"),
        ("https://identifiers.org/chembl.compound:",),
        "chembl.compound",
    ),
    _R("reactome", "https://reactome.org/content/detail/", ("REACT", "Reactome"), (), "reactome"),
    _R("pubmed", "https://pubmed.ncbi.nlm.nih.gov/", ("PMID", "pmid"), (), "pubmed"),
    _R(
        "pmc",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/",
        ("PMC", "pmcid"),
        (),
        "pmc",
    ),
    _R("doi", "https://doi.org/", ("DOI",), ("http://dx.doi.org/",), "doi"),
    _R(
        "nct",
        "https://clinicaltrials.gov/study/",
        ("clinicaltrials", "NCT"),
        ("https://www.clinicaltrials.gov/study/",),
        "clinicaltrials",
    ),
    _R("wikidata", "http://www.wikidata.org/entity/", ("WIKIDATA", "wd"), (), "wikidata"),
    _R("schema", "https://schema.org/", (), ("http://schema.org/",)),
    _R("foaf", "http://xmlns.com/foaf/0.1/"),
    _R("vann", "http://purl.org/vocab/vann/", bound=False),  # the ontology header only
)
"""The one prefix map: every namespace il2kg abbreviates, with its synonyms."""

PREFIXES: dict[str, str] = {r.prefix: r.uri_prefix for r in PREFIX_MAP if r.bound}
"""Prefix → namespace IRI, bound on every graph il2kg loads and used for CURIEs."""

_ALL: dict[str, str] = {r.prefix: r.uri_prefix for r in PREFIX_MAP}
#: Every prefix and synonym → the preferred prefix.
_CANONICAL: dict[str, str] = {
    name: r.prefix for r in PREFIX_MAP for name in (r.prefix, *r.prefix_synonyms)
}
# Longest namespace first, so that the most specific prefix wins.
_BY_LENGTH = sorted(_ALL.items(), key=lambda item: len(item[1]), reverse=True)
_POOR_LOCAL = frozenset("/#?<>\"' \t\n")


def prefix_of(iri: str) -> tuple[str, str] | None:
    """Split an IRI into the preferred prefix of the longest matching namespace and the rest.

    Args:
        iri: An absolute IRI.

    Returns:
        ``(prefix, local_name)``, or ``None`` if no namespace of :data:`PREFIX_MAP` matches.
        The local name may be empty (the IRI is the namespace itself).

    >>> prefix_of("http://purl.obolibrary.org/obo/CL_0000084")
    ('obo', 'CL_0000084')
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return prefix, iri[len(namespace) :]
    return None


def compress(iri: str) -> str | None:
    """Abbreviate an IRI with the longest matching namespace, whatever its local name.

    Unlike :func:`curie`, a local name with ``/`` (a DOI) is kept; only an empty one gives
    ``None``. Expanding the result with :func:`expand` gives ``iri`` back.

    >>> compress("https://doi.org/10.1000/182")
    'doi:10.1000/182'
    """
    split = prefix_of(iri)
    if split is None or not split[1]:
        return None
    return f"{split[0]}:{split[1]}"


def expand(text: str) -> str | None:
    """Expand a CURIE whose prefix is a prefix or a synonym of :data:`PREFIX_MAP`.

    Returns:
        The IRI, or ``None`` if the text is not ``prefix:local`` with a known prefix.

    >>> expand("UniProtKB:P60568")
    'http://purl.uniprot.org/uniprot/P60568'
    """
    prefix, sep, local = text.partition(":")
    canonical = _CANONICAL.get(prefix) if sep else None
    return None if canonical is None else _ALL[canonical] + local


def canonical_prefix(prefix: str) -> str | None:
    """The preferred prefix for a prefix or synonym (``UniProtKB`` → ``uniprot``), or None."""
    return _CANONICAL.get(prefix)


def curie(iri: str) -> str | None:
    """Abbreviate an IRI as a CURIE with :data:`PREFIX_MAP`, for display.

    Args:
        iri: An absolute IRI.

    Returns:
        The CURIE, or ``None`` if no namespace matches or the local name would be
        empty or contain characters (``/``, ``#``, whitespace) that make a poor CURIE.

    >>> curie("https://w3id.org/il2kg/id/IL2")
    'il2:IL2'
    >>> curie("https://example.org/x") is None
    True
    """
    split = prefix_of(iri)
    if split is None:
        return None
    prefix, local = split
    if not local or any(char in _POOR_LOCAL for char in local):
        return None
    return f"{prefix}:{local}"


_CONVERTER: list[curies.Converter] = []


def converter() -> curies.Converter:
    """The prefix map as a ``curies.Converter`` (built once; ``curies`` is imported here).

    Raises ``ValueError`` from curies if the map were not bijective, which
    ``tests/test_terms.py`` guards against.
    """
    if not _CONVERTER:
        import curies

        _CONVERTER.append(
            curies.Converter.from_extended_prefix_map(
                [
                    {
                        "prefix": r.prefix,
                        "uri_prefix": r.uri_prefix,
                        "prefix_synonyms": list(r.prefix_synonyms),
                        "uri_prefix_synonyms": list(r.uri_prefix_synonyms),
                    }
                    for r in PREFIX_MAP
                ]
            )
        )
    return _CONVERTER[0]
