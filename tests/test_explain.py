"""Explanations of statements about the shipped graph, checked against owlrl.

Every inference below is in today's owlrl closure; its justification must let owlrl
re-derive it (sufficient) and must lose it without any one member (minimal).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import shared_closure_cache
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.reasoning.closure import Closure, _is_domain_fact, compute_closure
from il2kg.reasoning.explanation import Triple, _knowledge, explain, resolve_term
from il2kg.reasoning.justification import is_minimal, is_sufficient, members
from il2kg.terms import IL2, IL2KG

FIXTURES = Path(__file__).parent / "fixtures" / "explain"
GAMMA_C = ("IL2", "IL4", "IL7", "IL9", "IL15", "IL21")
DEFINED = (
    "defined class (hasValue)",
    "defined class (someValuesFrom)",
    "defined class (intersection)",
)
DISRUPTS = (
    "property chain has monogenic cause in ∘ is chain of ∘ is receptor for ⊑ disrupts signalling of"
)

#: (subject, predicate, object, words the derivation's rule names must contain)
CASES: list[tuple[str, str, str, tuple[str, ...]]] = [
    *((f"il2:{c}", "rdf:type", "il2kg:CommonGammaChainCytokine", DEFINED) for c in GAMMA_C),
    ("il2:Daclizumab", "il2kg:targets", "il2:IL2R-high", ("sub-property", "property chain")),
    ("il2:Basiliximab", "il2kg:targets", "il2:IL2R-high", ("sub-property", "property chain")),
    (
        "il2:Daclizumab",
        "il2kg:isAntagonistOf",
        "il2:IL2R-low",
        ("property chain is antagonist of ∘ is chain of ⊑ is antagonist of",),
    ),
    *(("il2:XSCID", "il2kg:disruptsSignallingOf", f"il2:{c}", (DISRUPTS,)) for c in GAMMA_C),
    ("il2:IL2RA", "il2kg:hasAntagonist", "il2:Daclizumab", ("inverse",)),
    ("il2:IL2RA", "il2kg:isTargetOf", "il2:Daclizumab", ("inverse", "sub-property")),
    ("il2:STAT5A", "il2kg:isActivatedBy", "il2:JAK3", ("inverse",)),
    ("il2:IL2RA", "il2kg:partOf", "il2:IL2-signalling-complex", ("transitivity of",)),
    (
        "il2:IL2",
        "il2kg:usesChain",
        "il2:IL2RG",
        ("property chain has receptor ∘ has chain ⊑ uses chain",),
    ),
    ("il2:Daclizumab", "rdf:type", "il2kg:AntiCD25Antibody", DEFINED[::2]),
]


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load_graph()


@pytest.fixture(scope="module")
def closure(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Closure:
    with pytest.MonkeyPatch.context() as patch:  # owlrl's, the reference, made once per run
        patch.setenv("IL2KG_CACHE_DIR", str(shared_closure_cache(tmp_path_factory)))
        found = compute_closure(kg, reasoner="owlrl")
    assert found.reasoner == "owlrl"
    return found


def statement_of(kg: KnowledgeGraph, *texts: str) -> Triple:
    s, p, o = (resolve_term(kg, text) for text in texts)
    return s, p, o


@pytest.mark.parametrize(("s", "p", "o", "rules"), CASES, ids=[" ".join(c[:3]) for c in CASES])
def test_inference_is_explained(
    kg: KnowledgeGraph, closure: Closure, s: str, p: str, o: str, rules: tuple[str, ...]
) -> None:
    statement = statement_of(kg, s, p, o)
    assert statement in closure.inferred, "no longer inferred: update the case list"

    answer = explain(kg, *statement, closure=closure)

    assert answer.status == "inferred"
    assert answer.explained
    asserted = kg.union()
    assert all(triple in asserted for triple in answer.justification)
    derived: set[Triple] = set()
    for step in answer.steps:  # premises come before the steps that use them
        for used in step.premises + step.axioms:
            assert used in derived or used in answer.justification
        derived.add(step.triple)
    assert answer.steps[-1].triple == statement
    names = " | ".join(step.name(kg.label) for step in answer.steps)
    for rule in rules:
        assert rule in names
    assert is_sufficient(answer.justification, statement)
    assert is_minimal(answer.justification, statement)


def test_text_names_terms_by_label_and_curie(kg: KnowledgeGraph) -> None:
    answer = explain(kg, IL2.Daclizumab, IL2KG.targets, IL2["IL2R-high"])
    text = answer.to_text(kg.label)
    lines = text.splitlines()
    assert lines[0] == (
        "daclizumab (il2:Daclizumab) targets high-affinity IL-2 receptor (il2:IL2R-high)"
    )
    assert lines[1].startswith("inferred by OWL 2 RL reasoning from")
    assert "by property chain targets ∘ is chain of ⊑ targets" in text
    assert "[source: " in text and "(il2:Dimov2011-L27)" in text


def test_defined_class_is_rendered_as_a_class_expression(kg: KnowledgeGraph) -> None:
    answer = explain(kg, IL2.IL4, RDF.type, IL2KG.CommonGammaChainCytokine)
    text = answer.to_text(kg.label)
    assert (
        "is equivalent to (cytokine and (has receptor some "
        "(has chain value interleukin-2 receptor subunit gamma)))"
    ) in text
    assert "_:" not in text


def test_asserted_statement_comes_with_its_sources(kg: KnowledgeGraph) -> None:
    statement = (IL2["IL2R-high"], IL2KG.hasChain, IL2.IL2RA)

    answer = explain(kg, *statement)

    assert answer.status == "asserted"
    assert answer.justification[0] == statement
    assert answer.steps == ()
    cited = {source for _, predicate, source in answer.justification[1:]}
    assert {predicate for _, predicate, _ in answer.justification[1:]} == {DCTERMS.source}
    assert cited == {IL2["Dimov2011-L8"], IL2.Wang2005}
    assert set(answer.sources[0][1]) == cited
    assert "asserted; source: " in answer.to_text(kg.label)


def test_absent_statement(kg: KnowledgeGraph, closure: Closure) -> None:
    statement = (IL2.IL2, IL2KG.hasTargetCell, IL2.Neutrophil)
    assert statement not in closure.inferred and statement not in kg.union()

    answer = explain(kg, *statement, closure=closure)

    assert answer.status == "absent"
    assert answer.justification == () and answer.steps == ()
    assert "absent" in answer.to_text(kg.label).splitlines()[1]


def test_literal_statement_through_sub_property(kg: KnowledgeGraph) -> None:
    statement = (IL2.Zenapax, SKOS.altLabel, Literal("Zenapax", lang="en"))

    answer = explain(kg, *statement)

    assert answer.status == "inferred"
    assert [step.rule for step in answer.steps] == ["prp-spo1"]
    assert is_minimal(answer.justification, statement)


def test_chainer_agrees_with_owlrl_on_the_shipped_graph(
    kg: KnowledgeGraph, closure: Closure
) -> None:
    chainer = _knowledge(kg).chainer
    unexplained = [triple for triple in closure.inferred if not chainer.known(triple)]
    assert unexplained == []
    unsound = [t for t in chainer.origin if _is_domain_fact(*t) and t not in closure.inferred]
    assert unsound == []


def test_inference_the_chainer_does_not_cover() -> None:
    user_kg = load_graph([FIXTURES / "uncovered.ttl"], shipped=False)
    ex = "https://example.org/explain/"
    statement = (URIRef(ex + "l1"), RDF.type, URIRef(ex + "Ligand"))
    user_closure = compute_closure(user_kg, use_cache=False)
    assert statement in user_closure.inferred

    answer = explain(user_kg, *statement, closure=user_closure)

    assert answer.status == "inferred"
    assert not answer.explained
    assert "no derivation could be reconstructed" in answer.to_text()
    assert explain(user_kg, *statement).status == "absent"  # without the closure, it cannot know


def test_checks_are_not_vacuous(kg: KnowledgeGraph) -> None:
    statement = (IL2.IL2, IL2KG.usesChain, IL2.IL2RG)
    justification = explain(kg, *statement).justification
    data = [t for t in justification if t[1] == IL2KG.hasReceptor]

    assert not is_sufficient([t for t in justification if t not in data], statement)
    assert not is_minimal([*justification, (IL2.IL2, RDF.type, IL2KG.Cytokine)], statement)


def test_list_triples_count_as_one_member_with_their_axiom(kg: KnowledgeGraph) -> None:
    """owlrl reads an RDF list without its closing rdf:rest as the same list, so single list
    triples cannot be members of a minimal justification; the whole axiom is one member."""
    statement = (IL2.IL2, IL2KG.usesChain, IL2.IL2RG)
    justification = explain(kg, *statement).justification
    closing = [t for t in justification if t[1] == RDF.rest and t[2] == RDF.nil]
    assert closing
    assert is_sufficient([t for t in justification if t not in closing], statement)
    chain = [m for m in members(justification) if any(t[1] == RDF.first for t in m)]
    assert len(chain) == 1 and len(chain[0]) == 5  # the chain axiom and 2 x (first, rest)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://w3id.org/il2kg/id/IL2", IL2.IL2),
        ("<https://w3id.org/il2kg/id/IL2>", IL2.IL2),
        ("il2:IL2R-high", IL2["IL2R-high"]),
        ("rdf:type", RDF.type),
        ("a", RDF.type),
        ("daclizumab", IL2.Daclizumab),
        ("X-SCID", IL2.XSCID),  # a synonym
        ("x-scid", IL2.XSCID),  # ignoring case
        ("has target cell", IL2KG.hasTargetCell),
    ],
)
def test_resolve_term(kg: KnowledgeGraph, text: str, expected: Node) -> None:
    assert resolve_term(kg, text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "outcome measure",
            "is the label of 2 entities (il2kg:ClinicalMeasure, il2kg:outcomeMeasure)",
        ),
        (
            "no such thing",
            "is neither an IRI, a CURIE with a known prefix, nor the label of an entity",
        ),
        ("foo:bar", "unknown prefix 'foo'"),
        ("il2:NoSuchEntity", "does not occur in the loaded graph"),
        ("https://example.org/nothing", "does not occur in the loaded graph"),
    ],
)
def test_resolve_term_refuses(kg: KnowledgeGraph, text: str, message: str) -> None:
    with pytest.raises(BadParameterError, match=re.escape(message)):
        resolve_term(kg, text)


def test_members_of_an_empty_justification() -> None:
    assert members([]) == ()
    assert not is_sufficient([], (IL2.IL2, RDF.type, IL2KG.Cytokine))
