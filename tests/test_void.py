"""void_description(): the VoID figures agree with counts made independently, with SPARQL."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, VOID
from subprocesses import digest, digest_in_fresh_process

from il2kg.graph import KnowledgeGraph
from il2kg.reasoning.closure import INFERRED_GRAPH, Closure
from il2kg.release.void import SD, void_description
from il2kg.terms import IL2, IL2KG

DATASET = URIRef("https://w3id.org/il2kg/")


@pytest.fixture(scope="module")
def description(shipped_kg: KnowledgeGraph) -> Graph:
    return void_description(shipped_kg)


def number(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{predicate} given {len(values)} times"
    value = values[0]
    assert isinstance(value, Literal)
    return int(value)


def count(graph: Graph, query: str) -> int:
    rows = list(graph.query(query))
    return int(rows[0][0])  # type: ignore[index]


def test_dataset_counts_match_sparql_counts(description: Graph, shipped_kg: KnowledgeGraph) -> None:
    union = shipped_kg.union()
    expected = {
        VOID.triples: "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        VOID.distinctObjects: "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
        VOID.entities: f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s a <{OWL.NamedIndividual}> FILTER(STRSTARTS(STR(?s), "{IL2}")) }}""",
    }
    for predicate, query in expected.items():
        assert number(description, DATASET, predicate) == count(union, query), predicate
    assert number(description, DATASET, VOID.triples) == len(union) > 5000
    assert number(description, DATASET, VOID.entities) > 300


def test_partitions_count_each_class_and_property(
    description: Graph, shipped_kg: KnowledgeGraph
) -> None:
    union = shipped_kg.union()
    classes = {}
    for partition in description.objects(DATASET, VOID.classPartition):
        classes[description.value(partition, VOID["class"])] = number(
            description, partition, VOID.entities
        )
    expected = {
        row[0]: int(row[1])  # type: ignore[index]
        for row in union.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    }
    assert classes == expected
    assert classes[IL2KG.Cytokine] == 6

    properties = {}
    for partition in description.objects(DATASET, VOID.propertyPartition):
        properties[description.value(partition, VOID.property)] = number(
            description, partition, VOID.triples
        )
    expected = {
        row[0]: int(row[1])  # type: ignore[index]
        for row in union.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    assert properties == expected
    assert sum(properties.values()) == len(union)


def test_one_subset_per_named_graph(description: Graph, shipped_kg: KnowledgeGraph) -> None:
    subsets = set(description.objects(DATASET, VOID.subset))
    assert subsets == {URIRef(source.graph_iri) for source in shipped_kg.files}
    for source in shipped_kg.files:
        subset = URIRef(source.graph_iri)
        assert number(description, subset, VOID.triples) == len(shipped_kg.named_graph(source))
        assert description.value(subset, SD.name) == subset
        assert description.value(subset, VOID.inDataset) == DATASET
        assert str(description.value(subset, DCTERMS.title)) == source.path
        assert (subset, RDF.type, VOID.Dataset) in description


def test_a_closure_adds_the_inferred_graph(shipped_kg: KnowledgeGraph) -> None:
    inferred = Graph()
    new_class = URIRef("https://w3id.org/il2kg/ontology/InferredOnly")
    inferred.add((IL2.IL2, RDF.type, new_class))
    inferred.add((IL2.IL4, RDF.type, new_class))
    inferred.add((IL2.IL2, IL2KG.inferredOnlyRelation, IL2.IL4))
    closure = Closure(inferred=inferred, key="test", from_cache=False, seconds=0.0)
    described = void_description(shipped_kg, closure=closure)

    union = shipped_kg.union()
    assert number(described, DATASET, VOID.triples) == len(union) + 3
    assert (
        number(described, DATASET, VOID.classes)
        == number(void_description(shipped_kg), DATASET, VOID.classes) + 1
    )
    assert (DATASET, VOID.subset, INFERRED_GRAPH) in described
    assert number(described, INFERRED_GRAPH, VOID.triples) == 3
    assert len(set(described.objects(DATASET, VOID.subset))) == len(shipped_kg.files) + 1


def test_metadata_vocabularies_and_uri_space(description: Graph) -> None:
    assert str(description.value(DATASET, DCTERMS.title)).startswith("il2kg")
    assert description.value(DATASET, DCTERMS.description) is not None
    assert description.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(description.value(DATASET, DCTERMS.creator)) == "The il2kg contributors"
    assert str(description.value(DATASET, DCTERMS.modified)) == "2026-11-21"
    assert str(description.value(DATASET, OWL.versionInfo)) == "0.1.0"
    assert str(description.value(DATASET, VOID.uriSpace)) == "https://w3id.org/il2kg/id/"
    vocabularies = {str(v) for v in description.objects(DATASET, VOID.vocabulary)}
    assert {
        str(IL2KG),
        "http://www.w3.org/2004/02/skos/core#",
        "http://purl.org/dc/terms/",
        "http://qudt.org/schema/qudt/",
        str(OWL),
    } <= vocabularies


def test_serialisations_are_stable_and_parse_back(description: Graph) -> None:
    turtle = description.serialize(format="turtle")
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), description)
    imports = "from il2kg.graph import load_graph; from il2kg.release.void import void_description"
    expression = "void_description(load_graph()).serialize(format='turtle')"
    assert digest_in_fresh_process(imports, expression, "4242") == digest(turtle)


def test_entities_are_the_figure_il2kg_stats_reports(
    description: Graph, shipped_kg: KnowledgeGraph
) -> None:
    from il2kg.release.stats import compute_statistics, dataset_entities

    assert number(description, DATASET, VOID.entities) == compute_statistics(shipped_kg).entities
    assert all(str(e).startswith(str(IL2)) for e in dataset_entities(shipped_kg.union()))
