"""The wrong and unsupported statements of the December 2026 domain review never come back.

``../shared/reviews/domain-review-2026-12.md`` lists statements that were wrong (W1-W6),
unsupported by their cited source (U1-U6), mis-cited (M1-M10) and inferences that
overgeneralise (I1-I7). Each entry below is a SPARQL ASK that is true exactly when the bad
statement is back, asked of the OWL 2 RL closure on both engine pairs (pyoxigraph over
``reasonable`` and rdflib over owlrl); the patterns are in ``review-regressions.toml`` and in
per-topic ``review-regressions.<topic>.toml`` files, which add to the same tables.
``FORBIDDEN_INFERENCES`` are also checked against the closure's inferred triples directly, on
both reasoners. ``ESTABLISHED`` holds the true facts
that replaced them, so that a fix cannot simply delete the topic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ENGINE_PAIRS
from rdflib import URIRef

from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_sparql
from il2kg.reasoning.closure import compute_closure
from il2kg.terms import IL2, IL2KG

PREFIXES = """
PREFIX il2: <https://w3id.org/il2kg/id/>
PREFIX il2kg: <https://w3id.org/il2kg/ontology/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _load_cases() -> dict[str, dict[str, str]]:
    """Merge ``review-regressions.toml`` and the per-topic ``review-regressions.*.toml`` files.

    A key may appear in one file only, so that two topics cannot silently replace each other's
    pattern.
    """
    merged: dict[str, dict[str, str]] = {
        "comes_back": {},
        "forbidden_patterns": {},
        "established": {},
        "pending": {},
    }
    for path in sorted(Path(__file__).parent.glob("review-regressions*.toml")):
        for table, entries in tomllib.loads(path.read_text(encoding="utf-8")).items():
            for key, pattern in entries.items():
                if key in merged[table]:
                    raise ValueError(f"{path.name}: [{table}] {key!r} is defined twice")
                merged[table][key] = pattern
    return merged


CASES = _load_cases()
#: Review finding -> an ASK pattern that holds when the bad statement is back.
COMES_BACK: dict[str, str] = CASES["comes_back"]
#: Patterns over the whole closure that must have no match (general forms of I1-I5).
FORBIDDEN_PATTERNS: dict[str, str] = CASES["forbidden_patterns"]
#: True statements that replaced the bad ones (so a fix is not a deletion).
ESTABLISHED: dict[str, str] = CASES["established"]

#: Inferences the closure must never hold (asserted or derived), whatever the reasoner.
FORBIDDEN_INFERENCES: dict[str, tuple[URIRef, URIRef, URIRef]] = {
    "I1 daclizumab inhibits IL-2 signalling": (IL2.Daclizumab, IL2KG.inhibitsSignallingOf, IL2.IL2),
    "I1 basiliximab inhibits IL-2 signalling": (
        IL2.Basiliximab,
        IL2KG.inhibitsSignallingOf,
        IL2.IL2,
    ),
    "I2 aldesleukin targets the complex it forms": (
        IL2.Aldesleukin,
        IL2KG.targets,
        IL2["IL2-signalling-complex"],
    ),
    "I2 daclizumab antagonises a complex it prevents": (
        IL2.Daclizumab,
        IL2KG.isAntagonistOf,
        IL2["IL2-signalling-complex"],
    ),
    "I2 basiliximab antagonises a complex it prevents": (
        IL2.Basiliximab,
        IL2KG.isAntagonistOf,
        IL2["IL2-signalling-complex"],
    ),
    "I3 IL-2 promotes antibody production (in vitro only)": (
        IL2.IL2,
        IL2KG.promotesProcess,
        IL2.AntibodyProduction,
    ),
    "I3 IL-2 promotes B-cell proliferation (in vitro only)": (
        IL2.IL2,
        IL2KG.promotesProcess,
        IL2.BCellProliferation,
    ),
    "I5 type 1 diabetes as an immunodeficiency": (
        IL2.Type1Diabetes,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        IL2KG.ImmunodeficiencyOfCytokineSignalling,
    ),
    "I5 multiple sclerosis as an immunodeficiency": (
        IL2.MultipleSclerosis,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        IL2KG.ImmunodeficiencyOfCytokineSignalling,
    ),
    "qualifier dropped: aldesleukin approved for HIV": (
        IL2.Aldesleukin,
        IL2KG.isApprovedFor,
        IL2.HIVInfection,
    ),
}


def _ask(pattern: str, kg: KnowledgeGraph, pair: str) -> bool:
    engine, reasoner = ENGINE_PAIRS[pair]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_REASONER", reasoner)
        result = run_sparql(f"{PREFIXES} ASK {{ {pattern} }}", kg=kg, engine=engine, reasoning=True)
    assert result.boolean is not None
    return result.boolean


@pytest.mark.parametrize("pair", sorted(ENGINE_PAIRS))
@pytest.mark.parametrize("finding", sorted(COMES_BACK))
def test_a_bad_statement_does_not_come_back(
    finding: str, pair: str, reasoned_pairs: dict[str, KnowledgeGraph]
) -> None:
    assert not _ask(COMES_BACK[finding], reasoned_pairs[pair], pair), finding


@pytest.mark.parametrize("pair", sorted(ENGINE_PAIRS))
@pytest.mark.parametrize("pattern", sorted(FORBIDDEN_PATTERNS))
def test_no_overgeneral_inference(
    pattern: str, pair: str, reasoned_pairs: dict[str, KnowledgeGraph]
) -> None:
    assert not _ask(FORBIDDEN_PATTERNS[pattern], reasoned_pairs[pair], pair), pattern


@pytest.mark.parametrize("pair", sorted(ENGINE_PAIRS))
@pytest.mark.parametrize("fact", sorted(ESTABLISHED))
def test_the_established_fact_stands(
    fact: str, pair: str, reasoned_pairs: dict[str, KnowledgeGraph]
) -> None:
    assert _ask(ESTABLISHED[fact], reasoned_pairs[pair], pair), fact


@pytest.mark.parametrize("reasoner", ["owlrl", "reasonable"])
def test_the_closure_holds_no_forbidden_inference(
    reasoner: str, reasoned_pairs: dict[str, KnowledgeGraph]
) -> None:
    kg = reasoned_pairs["rdflib+owlrl"]
    closure = compute_closure(kg, reasoner=reasoner)  # the run's cache: each reasoner's own
    assert closure.reasoner == reasoner
    present = [
        name
        for name, triple in FORBIDDEN_INFERENCES.items()
        if triple in closure.inferred or any(triple in g for g in kg.dataset.graphs())
    ]
    assert closure.inferred, "the closure is empty: the check would prove nothing"
    assert present == []


def test_the_patterns_can_fire(reasoned_pairs: dict[str, KnowledgeGraph]) -> None:
    """Control: the same kind of ASK finds a statement that is there."""
    kg = reasoned_pairs["rdflib+owlrl"]
    assert _ask("il2:Daclizumab il2kg:isAntagonistOf il2:IL2RA .", kg, "rdflib+owlrl")
    assert _ask("il2:XSCID il2kg:hasMonogenicCauseIn il2:IL2RG .", kg, "oxigraph+reasonable")
