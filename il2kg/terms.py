"""Namespaces and prefixes used throughout il2kg.

The project's own terms (classes and properties) live in :data:`IL2KG`, its
individuals in :data:`IL2` and its SHACL shapes in :data:`IL2SH`. Named graphs
loaded from the shipped files get IRIs under :data:`GRAPH_BASE`.
"""

from __future__ import annotations

from rdflib import Namespace

__all__ = ["GRAPH_BASE", "IL2", "IL2KG", "IL2SH", "PREFIXES", "curie", "prefix_of"]

IL2KG = Namespace("https://w3id.org/il2kg/ontology/")
"""Classes and properties of the il2kg ontology."""

IL2 = Namespace("https://w3id.org/il2kg/id/")
"""Individuals (proteins, genes, drugs, trials ...) described by the graph."""

IL2SH = Namespace("https://w3id.org/il2kg/shapes/")
"""SHACL shapes."""

GRAPH_BASE = "https://w3id.org/il2kg/graph/"
"""Base IRI of the named graphs holding the shipped files."""

PREFIXES: dict[str, str] = {
    "il2kg": str(IL2KG),
    "il2": str(IL2),
    "il2sh": str(IL2SH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "obo": "http://purl.obolibrary.org/obo/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "ncbigene": "http://identifiers.org/ncbigene/",
    "hgnc": "https://identifiers.org/hgnc:",
    "drugbank": "https://go.drugbank.com/drugs/",
    "chembl": "http://identifiers.org/chembl.compound/",
    "reactome": "https://reactome.org/content/detail/",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/",
    "doi": "https://doi.org/",
    "nct": "https://clinicaltrials.gov/study/",
    "wikidata": "http://www.wikidata.org/entity/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
"""Prefix → namespace IRI, bound on every graph il2kg loads and used for CURIEs."""

# Longest namespace first, so that the most specific prefix wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)


def prefix_of(iri: str) -> tuple[str, str] | None:
    """Split an IRI into the key of the longest matching namespace and the rest.

    Args:
        iri: An absolute IRI.

    Returns:
        ``(prefix, local_name)``, or ``None`` if no namespace in :data:`PREFIXES` matches.
        The local name may be empty (the IRI is the namespace itself).

    >>> prefix_of("http://purl.obolibrary.org/obo/CL_0000084")
    ('obo', 'CL_0000084')
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return prefix, iri[len(namespace) :]
    return None


def curie(iri: str) -> str | None:
    """Abbreviate an IRI as a CURIE with :data:`PREFIXES`.

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
    if not local or any(char in local for char in "/#?<>\"' \t\n"):
        return None
    return f"{prefix}:{local}"
