"""compute_statistics(): the figures for the fixture package are known exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import VOID

from il2kg import GraphStatistics, compute_statistics, load_graph
from il2kg.config import DATA_ROOT_ENV
from il2kg.graph import KnowledgeGraph
from il2kg.release.void import void_description

pytestmark = pytest.mark.usefixtures("fixture_root")

USER = Path(__file__).parent / "fixtures" / "package" / "user"
PREFIXES = (
    "@prefix il2: <https://w3id.org/il2kg/id/> .\n"
    "@prefix il2kg: <https://w3id.org/il2kg/ontology/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)


@pytest.fixture
def stats() -> GraphStatistics:
    return compute_statistics(load_graph())


def test_triples_in_total_and_per_file(stats: GraphStatistics) -> None:
    assert stats.triples_per_file == {"ontology/mini.ttl": 20, "graphs/data.ttl": 22}
    assert stats.triples == 42


def test_ontology_declarations(stats: GraphStatistics) -> None:
    # il2kg:Protein, Cytokine, Source, Publication and obo:CL_0000815
    assert stats.classes == 5
    assert (stats.object_properties, stats.datatype_properties) == (1, 1)
    assert stats.annotation_properties == 1


def test_entities_are_instances_of_il2kg_classes_only(stats: GraphStatistics) -> None:
    # il2:treg-sample is typed with an OBO class, so it is not counted
    assert stats.entities_per_class == {
        "il2kg:Cytokine": 1,
        "il2kg:Protein": 1,
        "il2kg:Publication": 1,
        "il2kg:Source": 1,
    }
    assert list(stats.entities_per_class) == sorted(stats.entities_per_class)
    assert stats.entities == 4


def test_sources_include_instances_of_subclasses(stats: GraphStatistics) -> None:
    assert stats.sources == 2


def test_sources_follow_subclass_chains(tmp_path: Path) -> None:
    extra = tmp_path / "preprint.ttl"
    extra.write_text(
        PREFIXES + "il2kg:Preprint rdfs:subClassOf il2kg:Publication .\n"
        "il2:biorxiv1 a il2kg:Preprint .\nil2:blank-source a il2kg:Source .\n"
        "[] a il2kg:Source .\n"
    )
    assert compute_statistics(load_graph([extra])).sources == 4


def test_mappings_per_scheme(stats: GraphStatistics) -> None:
    assert stats.mappings_per_scheme == {
        "hgnc": 1,
        "other": 1,
        "pubmed": 1,
        "uniprot": 2,
        "wikidata": 1,
    }
    assert stats.mappings == 6


def test_every_skos_mapping_property_counts(tmp_path: Path) -> None:
    extra = tmp_path / "maps.ttl"
    extra.write_text(
        PREFIXES + "il2:x skos:broadMatch <http://purl.obolibrary.org/obo/GO_0005125> ;\n"
        "  skos:narrowMatch <https://doi.org/10.1/x> ; skos:relatedMatch <urn:x:1> ;\n"
        '  skos:closeMatch "not an IRI" ; skos:exactMatch <https://identifiers.org/hgnc:6001> .\n'
    )
    stats = compute_statistics(load_graph([extra], shipped=False))
    assert stats.mappings_per_scheme == {"doi": 1, "hgnc": 1, "obo": 1, "other": 2}
    assert stats.mappings == 5


def test_user_files_are_counted(tmp_path: Path) -> None:
    stats = compute_statistics(load_graph([USER / "violating.ttl"]))
    assert stats.triples_per_file[str(USER / "violating.ttl")] == 3
    assert stats.triples == 45
    assert stats.entities_per_class["il2kg:Cytokine"] == 2
    assert stats.entities == 5


def test_a_triple_in_two_files_counts_once_in_total(tmp_path: Path) -> None:
    copy = tmp_path / "copy.ttl"
    copy.write_text((USER.parent / "graphs" / "data.ttl").read_text())
    stats = compute_statistics(load_graph([copy]))
    assert stats.triples_per_file[str(copy)] == 22
    assert stats.triples == 42


def test_empty_graph(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    stats = compute_statistics(load_graph([empty], shipped=False))
    assert (stats.triples, stats.classes, stats.entities, stats.sources, stats.mappings) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert stats.to_text().startswith("Triples: 0 in 1 file\n")


def test_to_dict_is_json(stats: GraphStatistics) -> None:
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["triples"] == 42
    assert data["entities_per_class"]["il2kg:Cytokine"] == 1
    assert data["mappings_per_scheme"]["uniprot"] == 2
    assert set(data) == {
        "triples",
        "triples_per_file",
        "classes",
        "object_properties",
        "datatype_properties",
        "annotation_properties",
        "entities",
        "entities_per_class",
        "sources",
        "mappings",
        "mappings_per_scheme",
    }


def test_to_text_is_an_aligned_table(stats: GraphStatistics) -> None:
    lines = stats.to_text().splitlines()
    assert lines[0] == "Triples: 42 in 2 files"
    assert lines[1:3] == ["  ontology/mini.ttl  20", "  graphs/data.ttl    22"]
    assert "Sources: 2" in lines
    assert "  il2kg:Publication  1" in lines
    assert "Mappings: 6" in lines


TINY = (
    PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix qudt: <http://qudt.org/schema/qudt/> .\n"
    "il2kg:Cytokine a owl:Class .\n"
    "il2kg:Unused a owl:Class .\n"
    "il2:IL2 a il2kg:Cytokine, owl:NamedIndividual .\n"
    "il2:IL7 a il2kg:Cytokine .\n"
    "il2:mg a qudt:Unit, owl:NamedIndividual .\n"
    "il2:qv a qudt:QuantityValue .\n"
    "<urn:x:elsewhere> a il2kg:Cytokine .\n"
    "[] a il2kg:Cytokine .\n"
)


def _void_figure(kg: KnowledgeGraph, predicate: URIRef) -> int:
    value = void_description(kg, dataset_iri="urn:ds").value(URIRef("urn:ds"), predicate)
    assert isinstance(value, Literal)
    return int(value)


def test_stats_and_void_count_the_same_entities_on_a_tiny_graph(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(TINY)
    kg = load_graph([tiny], shipped=False)
    stats = compute_statistics(kg)
    # il2:IL2, il2:IL7 (an il2kg class) and il2:mg (a named individual); not the quantity
    # value, not the IRI outside il2:, not the blank node
    assert stats.entities == 3 == _void_figure(kg, VOID.entities)
    assert stats.entities_per_class == {"il2kg:Cytokine": 2}
    # declared classes (stats) against classes in use, the objects of rdf:type (VoID):
    # Cytokine and Unused are declared; Cytokine, owl:Class, owl:NamedIndividual, qudt:Unit and
    # qudt:QuantityValue are used
    assert stats.classes == 2
    assert _void_figure(kg, VOID.classes) == 5
    assert "Ontology: 2 declared classes, " in stats.to_text()


def test_stats_and_void_count_the_same_entities_on_the_shipped_graph(  # not the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_ROOT_ENV, raising=False)
    kg = load_graph()
    stats = compute_statistics(kg)
    assert stats.entities == _void_figure(kg, VOID.entities) > 300
    declared = {c for c in kg.union().subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert stats.classes == len(declared)
    used = set(kg.union().objects(None, RDF.type))
    assert _void_figure(kg, VOID.classes) == len(used)
