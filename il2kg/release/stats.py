"""Figures about a loaded graph: size, ontology, entities, sources and mappings.

What counts as an *entity* is defined here once, by :func:`dataset_entities`, and the VoID
description (:mod:`il2kg.release.void`) uses the same function for ``void:entities``, so that
``il2kg stats`` and ``void.ttl`` give the same number. *Classes* mean two different things, and
each figure says which: :attr:`GraphStatistics.classes` counts the classes the ontology
*declares* (``owl:Class``), while ``void:classes`` counts, as the VoID vocabulary defines it, the
distinct objects of ``rdf:type`` (the classes *in use*, ``owl:Class`` itself included).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Variable

from il2kg.graph import KnowledgeGraph
from il2kg.terms import IL2, IL2KG, PREFIXES, curie, prefix_of

__all__ = ["MAPPING_PROPERTIES", "GraphStatistics", "compute_statistics", "dataset_entities"]

MAPPING_PROPERTIES = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
"""The SKOS mapping properties counted as external mappings (and exported to SSSOM)."""

_SOURCES_QUERY = """
SELECT (COUNT(DISTINCT ?source) AS ?n) WHERE {
    ?source a/rdfs:subClassOf* il2kg:Source .
    FILTER (isIRI(?source))
}
"""


@dataclass(frozen=True)
class GraphStatistics:
    """Figures about a loaded graph (see :func:`compute_statistics`).

    Attributes:
        triples: Distinct triples over all files.
        triples_per_file: Triples per loaded file (its named graph), in load order.
        classes: IRIs declared ``owl:Class`` (declared classes, used or not; not VoID's
            ``void:classes``, which counts the distinct objects of ``rdf:type``).
        object_properties: IRIs declared ``owl:ObjectProperty``.
        datatype_properties: IRIs declared ``owl:DatatypeProperty``.
        annotation_properties: IRIs declared ``owl:AnnotationProperty``.
        entities: The dataset's entities, as :func:`dataset_entities` defines them (the
            same number as ``void:entities`` in the VoID description).
        entities_per_class: Those entities per declared class of the il2kg namespace they
            are asserted members of, by class CURIE, sorted.
        sources: Distinct IRIs typed ``il2kg:Source`` or one of its subclasses.
        mappings: ``skos:exactMatch|closeMatch|broadMatch|narrowMatch|relatedMatch``
            statements.
        mappings_per_scheme: Those statements per scheme of their object, sorted: the
            :data:`~il2kg.terms.PREFIXES` key whose namespace the object IRI starts
            with, else ``"other"``.
    """

    triples: int
    triples_per_file: Mapping[str, int]
    classes: int
    object_properties: int
    datatype_properties: int
    annotation_properties: int
    entities: int
    entities_per_class: Mapping[str, int]
    sources: int
    mappings: int
    mappings_per_scheme: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as JSON-ready data."""
        return {
            "triples": self.triples,
            "triples_per_file": dict(self.triples_per_file),
            "classes": self.classes,
            "object_properties": self.object_properties,
            "datatype_properties": self.datatype_properties,
            "annotation_properties": self.annotation_properties,
            "entities": self.entities,
            "entities_per_class": dict(self.entities_per_class),
            "sources": self.sources,
            "mappings": self.mappings,
            "mappings_per_scheme": dict(self.mappings_per_scheme),
        }

    def to_text(self) -> str:
        """Return the figures as an aligned plain-text table."""
        files = len(self.triples_per_file)
        lines = [f"Triples: {self.triples} in {files} file{'' if files == 1 else 's'}"]
        lines.extend(_table(self.triples_per_file))
        lines.append(
            f"Ontology: {self.classes} declared classes, "
            f"{self.object_properties} object properties, "
            f"{self.datatype_properties} datatype properties, "
            f"{self.annotation_properties} annotation properties"
        )
        lines.append(f"Entities: {self.entities}")
        lines.extend(_table(self.entities_per_class))
        lines.append(f"Sources: {self.sources}")
        lines.append(f"Mappings: {self.mappings}")
        lines.extend(_table(self.mappings_per_scheme))
        return "\n".join(lines)


def _table(rows: Mapping[str, int]) -> list[str]:
    if not rows:
        return []
    width = max(len(name) for name in rows)
    digits = max(len(str(count)) for count in rows.values())
    return [f"  {name:<{width}}  {count:>{digits}}" for name, count in rows.items()]


def compute_statistics(kg: KnowledgeGraph) -> GraphStatistics:
    """Count what a loaded graph holds.

    Args:
        kg: The loaded graph.

    Returns:
        The figures, computed on the union of all files.

    >>> from il2kg import load_graph
    >>> stats = compute_statistics(load_graph())
    >>> stats.triples == len(load_graph().union())
    True
    """
    union = kg.union()

    def declared(kind: URIRef) -> set[URIRef]:
        return {s for s in union.subjects(RDF.type, kind) if isinstance(s, URIRef)}

    classes = declared(OWL.Class)
    entities = dataset_entities(union)
    per_class: dict[str, int] = {}
    for cls in _il2kg_classes(union):
        members = {s for s in union.subjects(RDF.type, cls) if s in entities}
        if members:
            per_class[curie(str(cls)) or str(cls)] = len(members)

    schemes: Counter[str] = Counter()
    for predicate in MAPPING_PROPERTIES:
        for target in union.objects(None, predicate):
            split = prefix_of(str(target)) if isinstance(target, URIRef) else None
            schemes[split[0] if split else "other"] += 1

    result = union.query(_SOURCES_QUERY, initNs={"il2kg": IL2KG, "rdfs": PREFIXES["rdfs"]})
    sources = 0
    for row in result.bindings:
        count = row.get(Variable("n"))
        sources = int(count.toPython()) if isinstance(count, Literal) else 0

    return GraphStatistics(
        triples=len(union),
        triples_per_file={source.path: source.triples for source in kg.files},
        classes=len(classes),
        object_properties=len(declared(OWL.ObjectProperty)),
        datatype_properties=len(declared(OWL.DatatypeProperty)),
        annotation_properties=len(declared(OWL.AnnotationProperty)),
        entities=len(entities),
        entities_per_class=dict(sorted(per_class.items())),
        sources=sources,
        mappings=sum(schemes.values()),
        mappings_per_scheme=dict(sorted(schemes.items())),
    )


def dataset_entities(graph: Graph) -> set[URIRef]:
    """The dataset's entities: its named individuals, in its own namespace.

    An entity is an IRI in the ``il2:`` namespace (the dataset's ``void:uriSpace``, as VoID
    requires of ``void:entities``) that is declared ``owl:NamedIndividual`` or asserted to be
    a member of a declared class of the il2kg ontology. Classes, properties, quantity values
    and terms of other namespaces are not entities. This one definition serves both
    ``il2kg stats`` (:attr:`GraphStatistics.entities`) and ``void:entities``.

    Args:
        graph: The graph to look in (the union of the loaded files, or with inferences).

    Returns:
        The entities' IRIs.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...     @prefix il2: <https://w3id.org/il2kg/id/> .
    ...     @prefix il2kg: <https://w3id.org/il2kg/ontology/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     il2kg:Cytokine a owl:Class .
    ...     il2:IL2 a il2kg:Cytokine .
    ...     il2:mg a owl:NamedIndividual .
    ...     il2:qv a <http://qudt.org/schema/qudt/QuantityValue> .
    ...     <urn:x> a il2kg:Cytokine .
    ... ''', format="turtle")
    >>> sorted(str(e).rsplit("/", 1)[1] for e in dataset_entities(g))
    ['IL2', 'mg']
    """
    space = str(IL2)
    kinds = _il2kg_classes(graph) | {OWL.NamedIndividual}
    return {
        s
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(space)
    }


def _il2kg_classes(graph: Graph) -> set[URIRef]:
    namespace = str(IL2KG)
    return {
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(namespace)
    }
