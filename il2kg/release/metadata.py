"""The metadata stated on the ontology: title, licence, creators, version, dates.

VoID, SSSOM and the HTML docs all describe the release with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from il2kg.graph import KnowledgeGraph, language_rank
from il2kg.terms import IL2KG

__all__ = ["ONTOLOGY_IRI", "OntologyMetadata", "ontology_metadata"]

ONTOLOGY_IRI = URIRef(str(IL2KG).rstrip("/"))
"""The IRI of the il2kg ontology, which carries the metadata of the whole graph."""


@dataclass(frozen=True)
class OntologyMetadata:
    """The metadata stated on the ontology (empty strings and tuples where absent).

    Attributes:
        iri: The ontology IRI.
        title: ``dcterms:title``.
        description: ``dcterms:description``.
        license: ``dcterms:license`` (an IRI).
        creators: ``dcterms:creator`` values, IRIs or names, sorted.
        version_info: ``owl:versionInfo``.
        version_iri: ``owl:versionIRI``.
        created: ``dcterms:created`` (lexical form, an ISO date).
        modified: ``dcterms:modified`` (lexical form, an ISO date).
        comment: ``rdfs:comment``.
        preferred_prefix: ``vann:preferredNamespacePrefix``.
    """

    iri: str
    title: str = ""
    description: str = ""
    license: str = ""
    creators: tuple[str, ...] = ()
    version_info: str = ""
    version_iri: str = ""
    created: str = ""
    modified: str = ""
    comment: str = ""
    preferred_prefix: str = ""


def ontology_metadata(kg: KnowledgeGraph) -> OntologyMetadata:
    """Read the ontology's metadata from a loaded graph.

    The ontology is ``<https://w3id.org/il2kg/ontology>`` if it is declared, else the first
    ``owl:Ontology`` by IRI. Where a value is given in several languages, English wins.

    Args:
        kg: The loaded graph.

    Returns:
        The metadata; every field is empty if the graph declares no ontology.

    >>> from il2kg.graph import load_graph
    >>> meta = ontology_metadata(load_graph())
    >>> meta.iri, meta.version_info
    ('https://w3id.org/il2kg/ontology', '0.1.0')
    """
    union = kg.union()
    declared = sorted(s for s in union.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if not declared:
        return OntologyMetadata(iri="")
    iri = ONTOLOGY_IRI if ONTOLOGY_IRI in declared else declared[0]

    def one(predicate: URIRef) -> str:
        values = sorted(union.objects(iri, predicate), key=language_rank)
        return str(values[0]) if values else ""

    vann = Namespace("http://purl.org/vocab/vann/")
    return OntologyMetadata(
        iri=str(iri),
        title=one(DCTERMS.title),
        description=one(DCTERMS.description),
        license=one(DCTERMS.license),
        creators=tuple(sorted(str(c) for c in union.objects(iri, DCTERMS.creator))),
        version_info=one(OWL.versionInfo),
        version_iri=one(OWL.versionIRI),
        created=one(DCTERMS.created),
        modified=one(DCTERMS.modified),
        comment=one(URIRef("http://www.w3.org/2000/01/rdf-schema#comment")),
        preferred_prefix=one(vann.preferredNamespacePrefix),
    )
