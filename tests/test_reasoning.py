"""OWL 2 RL reasoning: what the closure must contain, what it must leave out, the cache, and
consistency reports on deliberately inconsistent data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from subprocesses import run_il2kg

from il2kg import load_graph
from il2kg.graph import KnowledgeGraph
from il2kg.reasoning.closure import (
    Closure,
    clear_cache,
    closure_key,
    compute_closure,
    with_inferences,
)
from il2kg.reasoning.report import ReasoningReport, run_reasoning
from il2kg.terms import IL2, IL2KG

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"
GAMMA_C_CYTOKINES = [IL2.IL2, IL2.IL4, IL2.IL7, IL2.IL9, IL2.IL15, IL2.IL21]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("closure-cache")


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load_graph()


@pytest.fixture(scope="module")
def closure(kg: KnowledgeGraph, cache: Path) -> Closure:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(cache))
        return compute_closure(kg)


@pytest.fixture(scope="module")
def full(kg: KnowledgeGraph, closure: Closure) -> Graph:
    return with_inferences(kg, closure)


def _inferred(closure: Closure, kg: KnowledgeGraph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in closure.inferred, f"not inferred: {triple}"
    assert triple not in kg.union(), f"asserted, so not an inference to test: {triple}"


@pytest.mark.parametrize("cytokine", GAMMA_C_CYTOKINES, ids=lambda c: c.split("/")[-1])
def test_gamma_c_cytokines_are_classified_from_receptor_composition(
    closure: Closure, kg: KnowledgeGraph, cytokine: URIRef
) -> None:
    _inferred(closure, kg, (cytokine, RDF.type, IL2KG.CommonGammaChainCytokine))


@pytest.mark.parametrize(
    "drug", [IL2.Daclizumab, IL2.Basiliximab], ids=["daclizumab", "basiliximab"]
)
def test_anti_cd25_antibodies_block_the_receptor_forms_with_cd25_only(
    closure: Closure, kg: KnowledgeGraph, drug: URIRef
) -> None:
    _inferred(closure, kg, (drug, IL2KG.targets, IL2["IL2R-high"]))
    _inferred(closure, kg, (drug, IL2KG.isAntagonistOf, IL2["IL2R-low"]))
    _inferred(closure, kg, (drug, RDF.type, IL2KG.AntiCD25Antibody))
    # Review I1/I2: they spare IL-2Rbeta-gamma-c signalling, and prevent the complex forming.
    assert (drug, IL2KG.inhibitsSignallingOf, IL2.IL2) not in closure.inferred
    assert (drug, IL2KG.isAntagonistOf, IL2["IL2R-intermediate"]) not in closure.inferred
    assert (drug, IL2KG.targets, IL2["IL2-signalling-complex"]) not in closure.inferred


@pytest.mark.parametrize("cytokine", GAMMA_C_CYTOKINES, ids=lambda c: c.split("/")[-1])
def test_xscid_disrupts_every_gamma_c_cytokine(
    closure: Closure, kg: KnowledgeGraph, cytokine: URIRef
) -> None:
    _inferred(closure, kg, (IL2.XSCID, IL2KG.disruptsSignallingOf, cytokine))


def test_inverses(closure: Closure, kg: KnowledgeGraph) -> None:
    _inferred(closure, kg, (IL2.IL2RA, IL2KG.hasAntagonist, IL2.Daclizumab))
    _inferred(closure, kg, (IL2.STAT5A, IL2KG.isActivatedBy, IL2.JAK3))


def test_part_of_is_transitive_from_chain_to_signalling_assembly(
    closure: Closure, kg: KnowledgeGraph
) -> None:
    _inferred(closure, kg, (IL2.IL2RA, IL2KG.partOf, IL2["IL2-signalling-complex"]))


def test_il2_target_cells_are_the_cells_of_its_general_effects(
    closure: Closure, kg: KnowledgeGraph
) -> None:
    union = kg.union()
    general = {
        union.value(effect, IL2KG.effectOnCellType)
        for effect in union.objects(IL2.IL2, IL2KG.hasGeneralEffect)
    }
    assert IL2.RegulatoryTCell in general
    targets = {o for s, p, o in closure.inferred if s == IL2.IL2 and p == IL2KG.hasTargetCell}
    targets |= set(union.objects(IL2.IL2, IL2KG.hasTargetCell))
    assert targets == general | set(union.objects(IL2.IL2, IL2KG.hasTargetCell))
    for cell in general:
        assert (cell, RDF.type, IL2KG.IL2TargetCellType) in closure.inferred


def test_in_vitro_effects_do_not_become_general_statements(closure: Closure) -> None:
    """Review I3: IL-2's effects on B cells hold in vitro; the qualifier is kept."""
    assert (IL2.IL2, IL2KG.promotesProcess, IL2.AntibodyProduction) not in closure.inferred
    assert (IL2.IL2, IL2KG.promotesProcess, IL2.BCellProliferation) not in closure.inferred


def test_closure_leaves_out_noise(closure: Closure, kg: KnowledgeGraph) -> None:
    vocabularies = (str(RDF), str(RDFS), str(OWL))
    for s, p, o in closure.inferred:
        assert isinstance(s, URIRef) and not str(s).startswith(vocabularies), (s, p, o)
        assert not isinstance(o, BNode), (s, p, o)
        assert not (p == OWL.sameAs and s == o), (s, p, o)
        assert not (p == RDF.type and o in {OWL.Thing, RDFS.Resource, OWL.NamedIndividual})
        assert not (p == RDF.type and isinstance(o, Literal))
        assert (s, p, o) not in kg.union()
    assert len(closure.inferred) > 500


def test_second_run_reads_the_cache_and_a_changed_input_recomputes(
    kg: KnowledgeGraph,
    closure: Closure,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    again = compute_closure(kg)
    assert again.from_cache and again.key == closure.key
    assert set(again.inferred) == set(closure.inferred)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://w3id.org/il2kg/id/X> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .\n'
    )
    assert closure_key(load_graph([extra])) != closure.key


def test_corrupt_cache_is_detected_and_rebuilt(
    kg: KnowledgeGraph, closure: Closure, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    entry = cache / f"closure-{closure.key}.nt"
    entry.write_bytes(entry.read_bytes()[:-200] + b"<broken")
    rebuilt = compute_closure(kg)
    assert not rebuilt.from_cache
    assert set(rebuilt.inferred) == set(closure.inferred)
    assert compute_closure(kg).from_cache  # the rebuilt entry is good again
    assert clear_cache() == 1
    assert not list(cache.glob("closure-*"))


def test_shipped_graph_is_consistent(
    kg: KnowledgeGraph, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    report = run_reasoning(kg)
    assert report.consistent, report.to_text()
    assert "Consistent" in report.to_text()


@pytest.fixture(scope="module")
def inconsistent_report(cache: Path) -> ReasoningReport:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(cache))
        return run_reasoning(load_graph([FIXTURES / "inconsistent.ttl"]))


def test_every_kind_of_inconsistency_is_reported_with_its_causes(
    inconsistent_report: ReasoningReport,
) -> None:
    kinds = {problem.kind for problem in inconsistent_report.inconsistencies}
    assert kinds == {
        "disjoint classes",
        "member of owl:Nothing",
        "functional property clash",
        "value outside range",
    }
    text = inconsistent_report.to_text()
    assert "daclizumab (il2:Daclizumab) is both chimeric monoclonal antibody" in text
    assert "humanized monoclonal antibody" in text
    assert "has two values for enrolment" in text
    assert "asserted:" in text
    clash = next(p for p in inconsistent_report.inconsistencies if p.kind == "disjoint classes")
    assert any(st.asserted for st in clash.statements)


def test_reason_command_exits_1_on_inconsistent_data_and_0_on_the_shipped_graph(
    cache: Path,
) -> None:
    bad = _cli(cache, "reason", "--data", str(FIXTURES / "inconsistent.ttl"))
    assert bad.returncode == 1, bad.stderr
    assert "INCONSISTENT" in bad.stdout and "Traceback" not in bad.stderr
    good = _cli(cache, "reason", "--format", "json")
    assert good.returncode == 0, good.stderr
    assert '"consistent": true' in good.stdout


def _cli(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_il2kg(*args, env={"IL2KG_CACHE_DIR": str(cache)})


def test_named_queries_see_the_closure_unless_told_not_to(cache: Path, closure: Closure) -> None:
    reasoned = _cli(cache, "query", "therapeutics-targeting", "--format", "csv")
    asserted = _cli(cache, "query", "therapeutics-targeting", "--format", "csv", "--no-reasoning")
    assert reasoned.returncode == 0 and asserted.returncode == 0, reasoned.stderr + asserted.stderr
    assert str(IL2KG.AntiCD25Antibody) in reasoned.stdout
    assert str(IL2KG.AntiCD25Antibody) not in asserted.stdout


def test_explain_command_answers_inferred_asserted_and_absent(
    cache: Path, closure: Closure
) -> None:
    inferred = _cli(cache, "explain", "daclizumab", "il2kg:targets", "il2:IL2R-high")
    assert inferred.returncode == 0, inferred.stderr
    assert "inferred" in inferred.stdout and "property chain" in inferred.stdout
    asserted = _cli(cache, "explain", "il2:IL2R-high", "il2kg:hasChain", "il2:IL2RA")
    assert asserted.returncode == 0 and "asserted" in asserted.stdout
    absent = _cli(cache, "explain", "il2:IL2", "il2kg:hasTargetCell", "il2:Neutrophil")
    assert absent.returncode == 1 and "absent" in absent.stdout
    unknown = _cli(cache, "explain", "no such thing", "il2kg:targets", "il2:IL2RA")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_validate_with_reasoning_applies_shapes_to_inferred_types(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg import validate

    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    kg = load_graph([FIXTURES / "untyped-target.ttl"])
    focus = str(IL2.BadUntypedDrug)
    therapeutic_shapes = {
        "https://w3id.org/il2kg/shapes/TherapeuticShape",
        "https://w3id.org/il2kg/shapes/TherapeuticDrugBankShape",
    }

    plain = validate(kg)
    assert not [f for f in plain.findings if f.focus == focus and f.source in therapeutic_shapes]
    reasoned = validate(kg, reasoning=True)
    fired = [f for f in reasoned.findings if f.focus == focus and f.source in therapeutic_shapes]
    assert any("DrugBank" in f.message for f in fired)
    # Inferred relations need no axiom of their own; the asserted one still does.
    provenance = [f for f in reasoned.findings if f.source.endswith("RelationProvenanceShape")]
    assert {(f.focus, f.value) for f in provenance} == {(focus, str(IL2.IL2RA))}
