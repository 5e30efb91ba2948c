"""Describe the graph as a VoID dataset: what it is, who made it, and what it holds.

:func:`void_description` returns a small RDF graph: one ``void:Dataset`` carrying the
ontology's metadata (title, description, license, creators, dates, version), the counts VoID
defines (triples, entities, classes, properties, distinct subjects and objects), a class and a
property partition with their counts, and one ``void:subset`` per named graph (each loaded file,
and the inferred graph when a closure is given). The metadata is read by
:func:`il2kg.release.metadata.ontology_metadata`.

Counts follow the VoID vocabulary's definitions: ``void:classes`` is the number of distinct
objects of ``rdf:type`` (the classes in use, ``owl:Class`` itself included; ``il2kg stats``
counts the *declared* classes instead), ``void:properties`` the number of distinct predicates,
and ``void:entities`` the IRIs of the ``void:uriSpace`` (``il2:``) that
:func:`il2kg.release.stats.dataset_entities` calls entities, the same number ``il2kg stats``
reports. Each subset is named by
its graph IRI (also its ``sd:name``); partitions are blank nodes with stable identifiers, so
that serialising the same input twice gives the same bytes.
"""

from __future__ import annotations

from collections import Counter

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID, XSD
from rdflib.term import Node

from il2kg.graph import KnowledgeGraph
from il2kg.reasoning.closure import INFERRED_GRAPH, Closure
from il2kg.release.metadata import OntologyMetadata, ontology_metadata
from il2kg.release.stats import dataset_entities
from il2kg.terms import IL2, PREFIXES

__all__ = ["SD", "void_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Vocabularies listed with void:vocabulary when the dataset uses one of their terms.
_VOCABULARIES = ("il2kg", "rdf", "rdfs", "owl", "skos", "dcterms", "prov", "qudt", "schema", "foaf")

#: A subset of the dataset: its graph IRI, its title and its number of triples.
_Subset = tuple[str, str, int]


def void_description(
    kg: KnowledgeGraph,
    *,
    closure: Closure | None = None,
    dataset_iri: str = "https://w3id.org/il2kg/",
) -> Graph:
    """Describe the loaded graph (and its inferences, if given) as a VoID dataset.

    The counts cover everything the dataset publishes: the asserted triples of every loaded
    file, plus the inferred ones when ``closure`` is given (they then form one more subset,
    the named graph :data:`~il2kg.reasoning.closure.INFERRED_GRAPH`).

    Args:
        kg: The loaded graph.
        closure: The OWL 2 RL closure to describe as well (:func:`il2kg.compute_closure`).
        dataset_iri: The IRI of the ``void:Dataset``.

    Returns:
        A new graph holding the description.

    >>> from il2kg.graph import load_graph
    >>> kg = load_graph()
    >>> description = void_description(kg)
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import VOID
    >>> dataset = URIRef("https://w3id.org/il2kg/")
    >>> description.value(dataset, VOID.triples).toPython() == len(kg.union())
    True
    """
    data, subsets = _published(kg, closure)
    out = Graph()
    for prefix, namespace in (("void", VOID), ("dcterms", DCTERMS), ("owl", OWL), ("xsd", XSD)):
        out.bind(prefix, namespace)
    out.bind("sd", SD)
    for prefix in ("il2kg", "il2", "skos", "qudt", "prov", "rdfs"):
        out.bind(prefix, PREFIXES[prefix])
    dataset = URIRef(dataset_iri)
    out.add((dataset, RDF.type, VOID.Dataset))
    _describe_metadata(out, dataset, ontology_metadata(kg))
    types = Counter(c for _, c in data.subject_objects(RDF.type))
    predicates = Counter(p for _, p, _ in data)
    _describe_counts(out, dataset, data, types, predicates)
    _describe_partitions(out, dataset, types, predicates)
    _describe_subsets(out, dataset, subsets)
    return out


def _published(kg: KnowledgeGraph, closure: Closure | None) -> tuple[Graph, list[_Subset]]:
    """All the triples the dataset publishes, and its subsets (graph IRI, title, triples)."""
    data = Graph()
    for triple in kg.union():
        data.add(triple)
    subsets: list[_Subset] = [(s.graph_iri, s.path, s.triples) for s in kg.files]
    if closure is not None:
        for triple in closure.inferred:
            data.add(triple)
        subsets.append((str(INFERRED_GRAPH), "inferred (OWL 2 RL closure)", len(closure.inferred)))
    return data, subsets


def _describe_counts(
    out: Graph, dataset: URIRef, data: Graph, types: Counter[Node], predicates: Counter[Node]
) -> None:
    counts = {
        VOID.triples: len(data),
        VOID.entities: len(dataset_entities(data)),
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


def _describe_partitions(
    out: Graph, dataset: URIRef, types: Counter[Node], predicates: Counter[Node]
) -> None:
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


def _describe_subsets(out: Graph, dataset: URIRef, subsets: list[_Subset]) -> None:
    for graph_iri, title, number in subsets:
        graph = URIRef(graph_iri)
        out.add((dataset, VOID.subset, graph))
        out.add((graph, RDF.type, VOID.Dataset))
        out.add((graph, RDF.type, SD.NamedGraph))
        out.add((graph, SD.name, graph))
        out.add((graph, DCTERMS.title, Literal(title)))
        out.add((graph, VOID.triples, _integer(number)))
        out.add((graph, VOID.inDataset, dataset))


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
