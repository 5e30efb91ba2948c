"""The fast engines give the reference engines' answers, on the shipped graph and a scaled one.

* Reasoning: ``reasonable`` completed with property chains (:mod:`il2kg.reasoning.backends`)
  against owlrl: the closures restricted to domain statements are equal.
* Queries: pyoxigraph over the ``reasonable`` closure against rdflib over the owlrl
  closure: every named query, with its defaults, a second value and a list of two values
  (``query_cases.py``), returns the same rows; ordered queries in the same order.

The scaled graph is the shipped one plus a generated graph (``bench/generate.py``) of
about 2,000 triples with the same patterns: new cytokines, chains, complexes, drugs and
cells that the chains and inverses must reach.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import shared_closure_cache
from query_cases import CASES, CATALOGUE, normal, rows_of
from rdflib import Graph, URIRef, Variable

from il2kg.errors import BadParameterError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.query import engines
from il2kg.query.api import reasoned_graph, run_query, run_sparql
from il2kg.reasoning.closure import compute_closure, infer
from il2kg.reasoning.consistency import find_inconsistencies
from il2kg.terms import IL2KG

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCALED_TRIPLES = 2000


def _generate(out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(SCALED_TRIPLES, out, seed=7)
    return out


@pytest.fixture(scope="module", params=["shipped", "scaled"])
def graphs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, KnowledgeGraph, KnowledgeGraph]]:
    """(name, graph for the fast path, separately loaded graph for the reference path)."""
    extra: list[Path] = []
    if request.param == "scaled":
        extra = [_generate(tmp_path_factory.mktemp("scaled") / "generated.ttl")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(shared_closure_cache(tmp_path_factory)))
        fast, reference = load_graph(extra), load_graph(extra)
        patch.setenv("IL2KG_REASONER", "owlrl")
        reasoned_graph(reference)  # the rdflib engine's closure, made once by owlrl
        patch.setenv("IL2KG_REASONER", "reasonable")
        engines.local_store(fast, reasoning=True)  # pyoxigraph's, made once by reasonable
        yield request.param, fast, reference


def test_closures_are_equal(graphs: tuple[str, KnowledgeGraph, KnowledgeGraph]) -> None:
    _, fast, reference = graphs
    fast_closure = compute_closure(fast, reasoner="reasonable")  # as the fixture cached them
    reference_closure = compute_closure(reference, reasoner="owlrl")
    assert (fast_closure.reasoner, reference_closure.reasoner) == ("reasonable", "owlrl")
    by_reasonable, by_owlrl = fast_closure.inferred, reference_closure.inferred
    assert len(by_owlrl) > 900, "the reference closure is suspiciously small"
    chained = [t for t in by_owlrl if t[1] == IL2KG.usesChain]
    assert chained, "no property-chain inference: the comparison would miss the chains"
    missing = sorted(set(by_owlrl) - set(by_reasonable))
    extra = sorted(set(by_reasonable) - set(by_owlrl))
    assert (missing[:5], extra[:5]) == ([], [])


def test_disjointness_is_left_to_the_consistency_check(shipped_kg: KnowledgeGraph) -> None:
    """Both reasoners close a graph with a disjointness clash the same way (reasonable is
    not given the disjointness axioms); the consistency check reports the clash."""
    ontology = [shipped_kg.named_graph(f) for f in shipped_kg.files if "ontology" in f.path]
    data = Graph().parse(
        format="turtle",
        data="@prefix il2: <https://w3id.org/il2kg/id/> . "
        "@prefix il2kg: <https://w3id.org/il2kg/ontology/> . "
        "il2:Aldesleukin a il2kg:Therapeutic , il2kg:Gene ; il2kg:targets il2:IL2R-high . "
        "il2:IL2R-high a il2kg:ReceptorComplex .",
    )
    union = Graph()
    for graph in [*ontology, data]:
        for triple in graph:
            union.add(triple)
    by_reasonable = infer(union, "reasonable")
    assert set(by_reasonable) == set(infer(union, "owlrl"))
    assert len(by_reasonable) > 0
    assert find_inconsistencies(union, union + by_reasonable)


@pytest.mark.parametrize(
    ("name", "label", "params"), CASES, ids=[f"{n}[{lab}]" for n, lab, _ in CASES]
)
def test_named_queries_give_the_same_rows(
    graphs: tuple[str, KnowledgeGraph, KnowledgeGraph],
    name: str,
    label: str,
    params: dict[str, list[str]],
) -> None:
    _, fast, reference = graphs
    quick = run_query(name, params, kg=fast, catalogue=CATALOGUE, engine="oxigraph")
    slow = run_query(name, params, kg=reference, catalogue=CATALOGUE, engine="rdflib")
    assert quick.form == slow.form
    assert quick.variables == slow.variables
    assert rows_of(quick) == rows_of(slow)
    if "ORDER BY" in CATALOGUE[name].text.upper():
        assert _ordered(quick, slow), f"{name}: same rows, different order"
    if label == "defaults":
        assert slow.rows, f"{name} with its defaults returns nothing: a vacuous comparison"


def _ordered(quick: object, slow: object) -> bool:
    """Whether the rows come in the same order (rows equal under ORDER BY may swap)."""
    first = [tuple(normal(t) for t in row) for row in quick.rows]  # type: ignore[attr-defined]
    second = [tuple(normal(t) for t in row) for row in slow.rows]  # type: ignore[attr-defined]
    return first == second


def test_the_shipped_store_is_parsed_by_pyoxigraph_and_answers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_kg: KnowledgeGraph
) -> None:
    """Without a graph given, the query engine parses the shipped Turtle files itself; it
    answers as the store copied from rdflib's graph does (which the test above holds to
    rdflib's answers)."""
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(engines, "_SHIPPED", {})
    first = engines.local_store(None, reasoning=True)
    assert first.parsed_by == "rdflib"  # no closure cached yet: rdflib loads, reasons, caches
    monkeypatch.setattr(engines, "_SHIPPED", {})
    store = engines.local_store(None, reasoning=True)
    assert store.parsed_by == "pyoxigraph"
    assert len(store) == len(first)
    for name, _, params in CASES:
        quick = run_query(name, params, catalogue=CATALOGUE)
        copied = run_query(name, params, kg=shipped_kg, catalogue=CATALOGUE)
        assert rows_of(quick) == rows_of(copied), name


def test_a_binding_variable_that_is_not_a_name_is_refused(shipped_kg: KnowledgeGraph) -> None:
    bad = Variable("x> } INSERT DATA { <urn:a> <urn:b> <urn:c> } #")
    with pytest.raises(BadParameterError, match="not a SPARQL variable name"):
        run_sparql("SELECT * WHERE { ?s ?p ?o }", bindings={bad: [URIRef("urn:x")]}, kg=shipped_kg)
