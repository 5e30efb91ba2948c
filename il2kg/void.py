"""Describe the graph as a VoID dataset: what it is, who made it, and what it holds.

:func:`void_description` returns a small RDF graph: one ``void:Dataset`` carrying the
ontology's metadata (title, description, license, creators, dates, version), the counts VoID
defines (triples, entities, classes, properties, distinct subjects and objects), a class and a
property partition with their counts, and one ``void:subset`` per named graph (each loaded file,
and the inferred graph when a closure is given). :func:`ontology_metadata` reads the metadata
on ``<https://w3id.org/il2kg/ontology>``; the SSSOM and HTML exports use it too.

Counts follow the VoID vocabulary's definitions: ``void:classes`` is the number of distinct
objects of ``rdf:type``, ``void:properties`` the number of distinct predicates, and
``void:entities`` here the named individuals of the ``il2:`` namespace. Each subset is named by
its graph IRI (also its ``sd:name``); partitions are blank nodes with stable identifiers, so
that serialising the same input twice gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID, XSD
from rdflib.term import Node

from il2kg.load import KnowledgeGraph
from il2kg.namespaces import IL2, IL2KG, PREFIXES
from il2kg.reasoning import INFERRED_GRAPH, Closure

__all__ = ["ONTOLOGY_IRI", "OntologyMetadata", "ontology_metadata", "void_description"]

ONTOLOGY_IRI = URIRef(str(IL2KG).rstrip("/"))
"""The IRI of the il2kg ontology, which carries the metadata of the whole graph."""

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Vocabularies listed with void:vocabulary when the dataset uses one of their terms.
_VOCABULARIES = ("il2kg", "rdf", "rdfs", "owl", "skos", "dcterms", "prov", "qudt", "schema", "foaf")


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

    >>> from il2kg.load import load_graph
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
        values = sorted(union.objects(iri, predicate), key=_english_first)
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


def _english_first(value: Node) -> tuple[int, str]:
    language = value.language if isinstance(value, Literal) else None
    return (0 if language in (None, "en") else 1), str(value)


def void_description(
    kg: KnowledgeGraph,
    *,
    closure: Closure | None = None,
    dataset_iri: str = "https://w3id.org/il2kg/",
) -> Graph:
    """Describe the loaded graph (and its inferences, if given) as a VoID dataset.

    The counts cover everything the dataset publishes: the asserted triples of every loaded
    file, plus the inferred ones when ``closure`` is given (they then form one more subset,
    the named graph :data:`~il2kg.reasoning.INFERRED_GRAPH`).

    Args:
        kg: The loaded graph.
        closure: The OWL 2 RL closure to describe as well (:func:`il2kg.compute_closure`).
        dataset_iri: The IRI of the ``void:Dataset``.

    Returns:
        A new graph holding the description.

    >>> from il2kg.load import load_graph
    >>> kg = load_graph()
    >>> description = void_description(kg)
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import VOID
    >>> dataset = URIRef("https://w3id.org/il2kg/")
    >>> description.value(dataset, VOID.triples).toPython() == len(kg.union())
    True
    """
    data = Graph()
    for triple in kg.union():
        data.add(triple)
    subsets: list[tuple[str, str, int]] = [(s.graph_iri, s.path, s.triples) for s in kg.files]
    if closure is not None:
        for triple in closure.inferred:
            data.add(triple)
        subsets.append((str(INFERRED_GRAPH), "inferred (OWL 2 RL closure)", len(closure.inferred)))

    out = Graph()
    for prefix in ("void", "dcterms", "owl", "xsd"):
        out.bind(prefix, {"void": VOID, "dcterms": DCTERMS, "owl": OWL, "xsd": XSD}[prefix])
    out.bind("sd", SD)
    for prefix in ("il2kg", "il2", "skos", "qudt", "prov", "rdfs"):
        out.bind(prefix, PREFIXES[prefix])
    dataset = URIRef(dataset_iri)
    out.add((dataset, RDF.type, VOID.Dataset))
    _describe_metadata(out, dataset, ontology_metadata(kg))

    types = Counter(c for _, c in data.subject_objects(RDF.type))
    predicates = Counter(p for _, p, _ in data)
    entities = {
        s
        for s in data.subjects(RDF.type, OWL.NamedIndividual)
        if isinstance(s, URIRef) and str(s).startswith(str(IL2))
    }
    counts = {
        VOID.triples: len(data),
        VOID.entities: len(entities),
        VOID.classes: len(types),
        VOID.properties: len(predicates),
        VOID.distinctSubjects: len(set(data.subjects())),
        VOID.distinctObjects: len(set(data.objects())),
    }
    for predicate, number in counts.items():
        out.add((dataset, predicate, _integer(number)))
    out.add((dataset, VOID.uriSpace, Literal(str(IL2))))
    used = {str(p) for p in predicates} | {str(c) for c in types}
    for prefix in _VOCABULARIES:
        if any(term.startswith(PREFIXES[prefix]) for term in used):
            out.add((dataset, VOID.vocabulary, URIRef(PREFIXES[prefix])))

    for index, (cls, number) in enumerate(sorted(types.items())):
        node = BNode(f"classPartition{index:04d}")
        out.add((dataset, VOID.classPartition, node))
        out.add((node, VOID["class"], cls))
        out.add((node, VOID.entities, _integer(number)))
    for index, (prop, number) in enumerate(sorted(predicates.items())):
        node = BNode(f"propertyPartition{index:04d}")
        out.add((dataset, VOID.propertyPartition, node))
        out.add((node, VOID.property, prop))
        out.add((node, VOID.triples, _integer(number)))
    for graph_iri, title, number in subsets:
        graph = URIRef(graph_iri)
        out.add((dataset, VOID.subset, graph))
        out.add((graph, RDF.type, VOID.Dataset))
        out.add((graph, RDF.type, SD.NamedGraph))
        out.add((graph, SD.name, graph))
        out.add((graph, DCTERMS.title, Literal(title)))
        out.add((graph, VOID.triples, _integer(number)))
        out.add((graph, VOID.inDataset, dataset))
    return out


def _describe_metadata(out: Graph, dataset: URIRef, meta: OntologyMetadata) -> None:
    for predicate, text in ((DCTERMS.title, meta.title), (DCTERMS.description, meta.description)):
        if text:
            out.add((dataset, predicate, Literal(text, lang="en")))
    if meta.license:
        out.add((dataset, DCTERMS.license, URIRef(meta.license)))
    for creator in meta.creators:
        is_iri = creator.startswith(("http://", "https://"))
        out.add((dataset, DCTERMS.creator, URIRef(creator) if is_iri else Literal(creator)))
    for predicate, date in ((DCTERMS.created, meta.created), (DCTERMS.modified, meta.modified)):
        if date:
            out.add((dataset, predicate, Literal(date, datatype=XSD.date)))
    if meta.version_info:
        out.add((dataset, OWL.versionInfo, Literal(meta.version_info)))
    if meta.iri:
        out.add((dataset, DCTERMS.conformsTo, URIRef(meta.iri)))


def _integer(number: int) -> Literal:
    return Literal(number, datatype=XSD.integer)
