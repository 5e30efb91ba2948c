"""Structural promises of the ontology: relations carry domains, ranges and inverses; the axioms
a reasoner builds on (transitivity, property chains, defined classes, disjointness) are there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF

from il2kg.terms import IL2KG

ROOT = Path(__file__).resolve().parents[1]
# Roles pointing at value-set members, units or quantities: an inverse would add nothing.
WITHOUT_INVERSE = {
    "claimType",
    "hasMeasurement",
    "region",
    "rightsRole",
    "statistic",
    "atDoseLevel",
    "doseUnit",
    "hasAffinityClass",
    "hasApprovalStatus",
    "hasDissociationConstant",
    "hasDose",
    "hasResult",
    "hasStudyDesign",
    "hasUseIntent",
    "observedIn",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "il2kg.ttl")


def _ours(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {p for p in graph.subjects(RDF.type, kind) if str(p).startswith(str(IL2KG))}  # type: ignore[misc]


def test_every_relation_has_domain_range_and_inverse(ontology: Graph) -> None:
    relations = _ours(ontology, OWL.ObjectProperty)
    assert len(relations) > 50
    inverses = set(ontology.subjects(OWL.inverseOf, None)) | set(
        ontology.objects(None, OWL.inverseOf)
    )
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    problems = []
    for relation in sorted(relations):
        name = str(relation).removeprefix(str(IL2KG))
        if ontology.value(relation, URIRef("http://www.w3.org/2000/01/rdf-schema#domain")) is None:
            problems.append(f"{name}: no domain")
        if ontology.value(relation, URIRef("http://www.w3.org/2000/01/rdf-schema#range")) is None:
            problems.append(f"{name}: no range")
        if name not in WITHOUT_INVERSE and relation not in inverses | symmetric:
            problems.append(f"{name}: no inverse")
    assert problems == []


def test_part_of_is_transitive_and_inverse_of_has_part(ontology: Graph) -> None:
    assert (IL2KG.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (IL2KG.partOf, OWL.inverseOf, IL2KG.hasPart) in ontology


@pytest.mark.parametrize(
    ("relation", "chain"),
    [
        ("usesChain", ["hasReceptor", "hasChain"]),
        ("hasTargetCell", ["hasGeneralEffect", "effectOnCellType"]),
        ("targets", ["targets", "isChainOf"]),
        ("isAntagonistOf", ["isAntagonistOf", "isChainOf"]),
        ("disruptsSignallingOf", ["hasMonogenicCauseIn", "isChainOf", "isReceptorFor"]),
        (
            "disruptsSignallingOf",
            ["hasMonogenicCauseIn", "isKinaseAssociatedWith", "isChainOf", "isReceptorFor"],
        ),
        ("promotesProcess", ["hasGeneralEffect", "effectProcess"]),
    ],
)
def test_property_chains(ontology: Graph, relation: str, chain: list[str]) -> None:
    assert chain in _chains(ontology, relation)


def _chains(ontology: Graph, relation: str) -> list[list[str]]:
    return [
        [str(m).removeprefix(str(IL2KG)) for m in Collection(ontology, head)]
        for head in ontology.objects(IL2KG[relation], OWL.propertyChainAxiom)
    ]


def test_the_chains_the_review_found_overgeneral_are_gone(ontology: Graph) -> None:
    """Review I1-I4: no derived signalling inhibition, no chain through partOf, no subtypes."""
    assert _chains(ontology, "inhibitsSignallingOf") == []
    every = [
        c
        for p in ontology.subjects(OWL.propertyChainAxiom, None)
        for c in _chains(ontology, str(p).removeprefix(str(IL2KG)))
    ]
    assert every, "no property chain at all: the check would prove nothing"
    assert [c for c in every if "partOf" in c or "hasSubtype" in c or "hasEffect" in c] == []


@pytest.mark.parametrize(
    "defined",
    [
        "CommonGammaChainCytokine",
        "AntiCD25Antibody",
        "IL2TargetCellType",
        "ImmunodeficiencyOfCytokineSignalling",
    ],
)
def test_defined_classes_have_equivalences(ontology: Graph, defined: str) -> None:
    assert ontology.value(IL2KG[defined], OWL.equivalentClass) is not None


def test_humanized_and_chimeric_are_disjoint(ontology: Graph) -> None:
    assert (
        IL2KG.HumanizedMonoclonalAntibody,
        OWL.disjointWith,
        IL2KG.ChimericMonoclonalAntibody,
    ) in ontology
