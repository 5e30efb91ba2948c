"""il2kg export: every format re-parses (with rdflib and with pyoxigraph) to the graph it came
from, the bytes do not depend on the process, --iris external makes the graph join with
UniProt's and OBO's RDF, and the CLI reports unusable options and paths."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import shared_closure_cache
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS, XSD
from rdflib.term import Node

from il2kg.cli.app import main
from il2kg.errors import ExportError
from il2kg.export.bnodes import canonical_statements
from il2kg.export.formats import FORMATS, QUAD_FORMATS, export_graph, write_export
from il2kg.export.iris import external_iris
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.reasoning.closure import INFERRED_GRAPH, compute_closure
from il2kg.terms import GRAPH_BASE, IL2, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "export"
AWKWARD = FIXTURES / "awkward.ttl"
RDFLIB_FORMAT = {f: f for f in FORMATS} | {"jsonld": "json-ld"}
OX_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
OBO = "http://purl.obolibrary.org/obo/"
Export = Callable[..., bytes]


@pytest.fixture(scope="module")
def closure_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's closure cache (computed once, shared with subprocesses)."""
    cache = shared_closure_cache(tmp_path_factory)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(cache))
        yield cache


@pytest.fixture(scope="module")
def exported(shipped_kg: KnowledgeGraph, closure_cache: Path) -> Export:
    """``export_graph`` on the shipped graph, each combination computed once."""
    done: dict[tuple[str, bool, str, str], bytes] = {}

    def get(fmt: str, reasoning: bool = False, iris: str = "local", graph: str = "all") -> bytes:
        key = (fmt, reasoning, iris, graph)
        if key not in done:
            done[key] = export_graph(shipped_kg, fmt, reasoning=reasoning, iris=iris, graph=graph)
        return done[key]

    return get


# --- What the export must hold, built from the loaded graph without the export code. ---


_EXPECTED: dict[tuple[int, str, bool], tuple[KnowledgeGraph, dict[str, Graph]]] = {}


def expected_graphs(kg: KnowledgeGraph, graph: str, reasoning: bool) -> dict[str, Graph]:
    """Named graph IRI → its triples: the selected files, plus the inferences if asked.

    Made once per graph and selection (the round trips compare many exports with one
    expectation); the graphs are only read.
    """
    key = (id(kg), graph, reasoning)
    if key not in _EXPECTED or _EXPECTED[key][0] is not kg:
        _EXPECTED[key] = (kg, _expected_graphs(kg, graph, reasoning))
    return _EXPECTED[key][1]


def _expected_graphs(kg: KnowledgeGraph, graph: str, reasoning: bool) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for source in kg.files:
        is_ontology = source.graph_iri.startswith(GRAPH_BASE + "ontology/")
        if graph == "all" or is_ontology == (graph == "ontology"):
            graphs[source.graph_iri] = kg.named_graph(source)
    if reasoning:
        described = {s for g in graphs.values() for s in g.subjects()}
        inferred = Graph()
        for s, p, o in compute_closure(kg).inferred:
            if graph == "all" or s in described:
                inferred.add((s, p, o))
        graphs[str(INFERRED_GRAPH)] = inferred
    return graphs


_MERGED: dict[int, tuple[dict[str, Graph], Graph]] = {}


def merged(graphs: dict[str, Graph]) -> Graph:
    """The union of the graphs (remembered for the shared expected graphs)."""
    known = _MERGED.get(id(graphs))
    if known is not None and known[0] is graphs:
        return known[1]
    union = _merged(graphs)
    if any(graphs is cached for _, cached in _EXPECTED.values()):
        _MERGED[id(graphs)] = (graphs, union)
    return union


def _merged(graphs: dict[str, Graph]) -> Graph:
    union = Graph()
    for named in graphs.values():
        for triple in named:
            union.add(triple)
    return union


# --- Parsing an export back, with rdflib and with pyoxigraph. ---


def parse_rdflib(data: bytes, fmt: str) -> dict[str, Graph]:
    if fmt not in QUAD_FORMATS:
        return {"": Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])}
    dataset = Dataset()
    dataset.parse(data=data, format=fmt)
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def rdflib_term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def parse_oxigraph(data: bytes, fmt: str) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(data, format=OX_FORMAT[fmt]):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        triple = (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))
        graphs.setdefault(name, Graph()).add(triple)
    return graphs


PARSERS = {"rdflib": parse_rdflib, "pyoxigraph": parse_oxigraph}


def plain(term: Node) -> Node:
    """RDF 1.1 makes ``"x"`` and ``"x"^^xsd:string`` one literal; rdflib keeps them apart,
    pyoxigraph reports both as the second. Compare them as the first."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


_COMPONENTS: dict[int, tuple[Graph, tuple[set[tuple[Node, Node, Node]], list[Graph]], int]] = {}


def components(graph: Graph) -> tuple[set[tuple[Node, Node, Node]], list[Graph]]:
    """The triples without blank nodes, and the blank-node-connected rest, one graph each.

    Remembered for the expected graphs, which many round trips share (they are not changed).
    """
    known = _COMPONENTS.get(id(graph))
    if known is not None and known[0] is graph and len(graph) == known[2]:
        return known[1]
    found = _components(graph)
    shared = [g for _, graphs in _EXPECTED.values() for g in graphs.values()]
    shared += [union for _, union in _MERGED.values()]
    if any(graph is g for g in shared):  # not the parsed graphs: each is compared once
        _COMPONENTS[id(graph)] = (graph, found, len(graph))
    return found


def _components(graph: Graph) -> tuple[set[tuple[Node, Node, Node]], list[Graph]]:
    ground = set()
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for s, p, o in graph:
        triple = (s, p, plain(o))
        blanks = [t for t in triple if isinstance(t, BNode)]
        if not blanks:
            ground.add(triple)
        for other in blanks[1:]:
            parent[find(other)] = find(blanks[0])
    parts: dict[BNode, Graph] = {}
    for s, p, o in graph:
        triple = (s, p, plain(o))
        blanks = [t for t in triple if isinstance(t, BNode)]
        if blanks:
            parts.setdefault(find(blanks[0]), Graph()).add(triple)
    return ground, list(parts.values())


def signature(part: Graph) -> tuple[tuple[str, ...], ...]:
    return tuple(
        sorted(tuple("_" if isinstance(t, BNode) else t.n3() for t in triple) for triple in part)
    )


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """rdflib.compare.isomorphic, one blank-node component at a time.

    Two graphs are isomorphic exactly when their ground triples are equal and their
    blank-node components pair up isomorphically; comparing the small components one by one
    takes milliseconds where comparing the whole graph takes seconds.
    """
    ground_e, parts_e = components(expected)
    ground_a, parts_a = components(actual)
    assert ground_e - ground_a == set(), f"missing: {sorted(ground_e - ground_a)[:5]}"
    assert ground_a - ground_e == set(), f"unexpected: {sorted(ground_a - ground_e)[:5]}"
    assert len(parts_e) == len(parts_a)
    buckets: dict[tuple[tuple[str, ...], ...], list[Graph]] = {}
    for part in parts_a:
        buckets.setdefault(signature(part), []).append(part)
    for part in parts_e:
        candidates = buckets.get(signature(part), [])
        match = next((c for c in candidates if isomorphic(part, c)), None)
        assert match is not None, f"no isomorphic counterpart for {sorted(part)[:4]}"
        candidates.remove(match)


# --- Round trips. ---


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("reasoning", [False, True], ids=["asserted", "reasoning"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips(
    shipped_kg: KnowledgeGraph, exported: Export, fmt: str, reasoning: bool, parser: str
) -> None:
    expected = expected_graphs(shipped_kg, "all", reasoning)
    parsed = PARSERS[parser](exported(fmt, reasoning), fmt)
    if fmt in QUAD_FORMATS:
        assert sorted(parsed) == sorted(expected)
        for name, graph in expected.items():
            assert_isomorphic(graph, parsed[name])
    else:
        assert list(parsed) == [""]
        assert_isomorphic(merged(expected), parsed[""])


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_awkward_terms_round_trip(fmt: str, parser: str) -> None:
    kg = load_graph([AWKWARD], shipped=False)
    expected = expected_graphs(kg, "all", reasoning=False)
    parsed = PARSERS[parser](export_graph(kg, fmt), fmt)
    assert_isomorphic(merged(expected), merged(parsed))
    if fmt in QUAD_FORMATS:
        assert sorted(parsed) == sorted(expected)


def test_a_predicate_rdfxml_cannot_name_is_reported(tmp_path: Path) -> None:
    odd = tmp_path / "odd.ttl"
    odd.write_text('<https://w3id.org/il2kg/id/X> <http://example.org/p/123> "x" .\n')
    kg = load_graph([odd], shipped=False)
    with pytest.raises(
        ExportError, match=re.escape("<http://example.org/p/123> cannot be written in RDF/XML")
    ):
        export_graph(kg, "xml")
    assert export_graph(kg, "turtle").decode().endswith('il2:X ns1:123 "x" .\n\n')


def test_the_ontology_round_trips_by_rdflib_isomorphic_on_the_whole_graph(
    shipped_kg: KnowledgeGraph, exported: Export
) -> None:
    expected = merged(expected_graphs(shipped_kg, "ontology", reasoning=False))
    assert isomorphic(expected, parse_rdflib(exported("turtle", graph="ontology"), "turtle")[""])


@pytest.mark.parametrize("graph", ["ontology", "data"])
def test_graph_selection(shipped_kg: KnowledgeGraph, exported: Export, graph: str) -> None:
    for reasoning in (False, True):
        parsed = parse_rdflib(exported("nquads", reasoning, graph=graph), "nquads")
        expected = expected_graphs(shipped_kg, graph, reasoning)
        assert sorted(parsed) == sorted(expected)
        for name in parsed:
            assert len(parsed[name]) == len(expected[name])
    names = set(parse_rdflib(exported("trig", graph=graph), "trig"))
    ontology = {GRAPH_BASE + "ontology/il2kg"}
    assert (names == ontology) if graph == "ontology" else (names and not names & ontology)


def test_rdfxml_opens_as_owl(shipped_kg: KnowledgeGraph, exported: Export, tmp_path: Path) -> None:
    """owlready2 stands in for Protégé: it reads the RDF/XML export as an OWL ontology."""
    import owlready2

    path = tmp_path / "il2kg.owl"
    path.write_bytes(exported("xml"))
    ontology = owlready2.World().get_ontology(path.as_uri()).load()
    union = shipped_kg.union()
    for kind, found in (
        (OWL.Class, ontology.classes()),
        (OWL.ObjectProperty, ontology.object_properties()),
        (OWL.NamedIndividual, ontology.individuals()),
    ):
        declared = {s for s in union.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        assert {URIRef(entity.iri) for entity in found} == declared, kind


# --- Byte for byte the same. ---

DETERMINISM_SCRIPT = """
import pathlib, sys
from il2kg.export.formats import FORMATS, export_graph
from il2kg.graph import load_graph
kg = load_graph()
awkward = load_graph([sys.argv[2]], shipped=False)
out = pathlib.Path(sys.argv[1])
for fmt in FORMATS:
    (out / f"{fmt}-asserted").write_bytes(export_graph(kg, fmt))
    (out / f"{fmt}-external").write_bytes(export_graph(kg, fmt, reasoning=True, iris="external"))
    (out / f"{fmt}-awkward").write_bytes(export_graph(awkward, fmt))
"""


def test_same_bytes_in_processes_with_different_hash_seeds(
    exported: Export, closure_cache: Path, tmp_path: Path
) -> None:
    exported("nt", reasoning=True)  # the closure is cached before the processes start
    runs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        env = os.environ | {"PYTHONHASHSEED": seed, "IL2KG_CACHE_DIR": str(closure_cache)}
        command = [sys.executable, "-c", DETERMINISM_SCRIPT, str(folder), str(AWKWARD)]
        runs.append(subprocess.Popen(command, env=env, stderr=subprocess.PIPE))
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()[-2000:]
    awkward = load_graph([AWKWARD], shipped=False)  # cycles, twins: ties to break
    for fmt in FORMATS:
        for variant, data in (
            ("asserted", exported(fmt)),
            ("external", exported(fmt, True, "external")),
            ("awkward", export_graph(awkward, fmt)),
        ):
            first = (tmp_path / "1" / f"{fmt}-{variant}").read_bytes()
            second = (tmp_path / "2" / f"{fmt}-{variant}").read_bytes()
            assert first == second, f"{fmt} {variant} differs between processes"
            assert first == data, f"{fmt} {variant} differs from this process's"


def test_blank_node_labels_depend_on_content_only() -> None:
    p, q = URIRef("http://example.org/p"), URIRef("http://example.org/q")
    subject = URIRef("http://example.org/s")

    def axiom_pair() -> list[tuple[Node, Node, Node, None]]:
        one, two = BNode(), BNode()  # two identical annotations of one subject
        statements = [(subject, p, one, None), (subject, p, two, None)]
        statements += [(one, q, Literal("x"), None), (two, q, Literal("x"), None)]
        return statements

    first = axiom_pair()
    second = axiom_pair()
    labelled_first = canonical_statements(first)
    labelled_second = canonical_statements(list(reversed(second)))
    nodes = {o for s, _, o, _ in labelled_first if s == subject}
    assert len(nodes) == 2  # identical content, still two nodes
    assert set(labelled_first) == set(labelled_second)


# --- External IRIs. ---

MNEMONIC_OF_THE_CHAIN_DACLIZUMAB_ANTAGONISES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX il2kg: <https://w3id.org/il2kg/ontology/>
PREFIX up: <http://purl.uniprot.org/core/>
SELECT ?mnemonic WHERE {
  GRAPH <urn:export> { ?drug rdfs:label "daclizumab"@en ; il2kg:isAntagonistOf ?chain . }
  GRAPH <urn:fixture> { ?chain up:mnemonic ?mnemonic . }
}"""

CELL_TYPE_IL2_PROMOTES_THE_DEVELOPMENT_OF = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX il2kg: <https://w3id.org/il2kg/ontology/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
SELECT ?label WHERE {
  GRAPH <urn:export> {
    ?il2 rdfs:label "interleukin-2"@en ; il2kg:hasEffect ?effect .
    ?effect il2kg:effectProcess ?process ; il2kg:effectOnCellType ?cell .
  }
  GRAPH <urn:fixture> {
    ?process rdfs:label "regulatory T cell differentiation" .
    ?cell rdfs:label ?label .
  }
}"""


def joined(export: bytes, query: str) -> list[str]:
    store = ox.Store()
    store.load(export, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:export"))
    fixture = (FIXTURES / "uniprot-obo.ttl").read_bytes()
    store.load(fixture, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:fixture"))
    return sorted(solution[0].value for solution in store.query(query))


def test_external_iris_join_with_uniprot_and_obo(exported: Export) -> None:
    external = exported("nt", iris="external")
    local = exported("nt")
    assert joined(external, MNEMONIC_OF_THE_CHAIN_DACLIZUMAB_ANTAGONISES) == ["IL2RA_HUMAN"]
    assert joined(external, CELL_TYPE_IL2_PROMOTES_THE_DEVELOPMENT_OF) == ["regulatory T cell"]
    assert joined(local, MNEMONIC_OF_THE_CHAIN_DACLIZUMAB_ANTAGONISES) == []
    assert joined(local, CELL_TYPE_IL2_PROMOTES_THE_DEVELOPMENT_OF) == []


def test_external_iris_on_the_shipped_graph(shipped_kg: KnowledgeGraph, exported: Export) -> None:
    graph = parse_rdflib(exported("nt", iris="external"), "nt")[""]
    renamed = {
        IL2.IL2RA: "http://purl.uniprot.org/uniprot/P01589",
        IL2["IL2RA-gene"]: "http://identifiers.org/ncbigene/3559",
        IL2.Daclizumab: "https://go.drugbank.com/drugs/DB00111",
        IL2.RegulatoryTCell: OBO + "CL_0000815",
        IL2.TregDifferentiation: OBO + "GO_0045066",
        IL2.Asthma: OBO + "MONDO_0004979",
        IL2.Fever: OBO + "HP_0001945",
        IL2.ESPRIT: "https://clinicaltrials.gov/study/NCT00004978",
        IL2.Asao2001: "https://doi.org/10.4049/jimmunol.167.1.1",
    }
    for ours, external in renamed.items():
        assert list(graph.triples((None, SKOS.exactMatch, ours))) == [
            (URIRef(external), SKOS.exactMatch, ours)
        ], ours
        assert (ours, None, None) not in graph
        assert [t for t in graph.triples((None, None, ours)) if t[1] != SKOS.exactMatch] == []
    assert (URIRef(OBO + "MONDO_0004979"), SKOS.exactMatch, URIRef(OBO + "DOID_2841")) in graph
    assert not [(s, o) for s, o in graph.subject_objects(SKOS.exactMatch) if s == o]
    # No identity, or only a close match (the gamma-c pathway and Reactome R-HSA-451927, P17).
    kept_iris = (
        IL2.Atkins1999,
        IL2["IL2R-high"],
        IL2["UniProt-P01589"],
        IL2["IL2-family-signalling"],
    )
    for kept in kept_iris:
        assert (kept, RDF.type, OWL.NamedIndividual) in graph
    assert len(graph) == len(shipped_kg.union())  # renamed, nothing lost or merged


def test_external_iris_choice_rule() -> None:
    kg = load_graph([FIXTURES / "identities.ttl"], shipped=False)
    mapping = external_iris([(s, p, o, None) for s, p, o in kg.union()])
    assert {str(k).removeprefix(str(IL2)): str(v) for k, v in mapping.items()} == {
        "SomeDisease": OBO + "MONDO_0000001",
        "SomeGene": "https://identifiers.org/hgnc:1",
        "Paper": "https://doi.org/10.1000/1",
    }
    lines = export_graph(kg, "nt", iris="external").decode().splitlines()
    assert (
        "<https://identifiers.org/hgnc:1> <https://w3id.org/il2kg/id/relatedTo> "
        f"<{OBO}MONDO_0000001> ." in lines
    )
    assert (
        "<https://identifiers.org/hgnc:1> <https://w3id.org/il2kg/id/relatedTo> "
        "<https://w3id.org/il2kg/id/TwoProteins> ." in lines
    )


# --- JSON-LD and its context. ---


def test_jsonld_embeds_the_shipped_context(exported: Export) -> None:
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    document = json.loads(exported("jsonld", graph="data"))
    assert document["@context"] == shipped["@context"]  # embedded, not referenced
    assert {k: v for k, v in shipped["@context"].items() if k in PREFIXES} == PREFIXES
    il2 = next(node for node in document["@graph"] if node["@id"] == "il2:IL2")
    assert il2["label"] == "interleukin-2"
    assert il2["exactMatch"] == "uniprot:P60568"
    assert il2["altLabel"] == ["IL-2", "IL2", "TCGF"]
    historical = {"@value": "T-cell growth factor", "@language": "en"}
    assert il2["il2kg:historicalName"] == historical  # no short name: prefixed, expanded


def test_jsonld_parses_without_the_network(
    exported: Export, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the JSON-LD parser tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    graph = Graph().parse(data=exported("jsonld", graph="ontology"), format="json-ld")
    assert (URIRef("https://w3id.org/il2kg/ontology"), RDF.type, OWL.Ontology) in graph


# --- Errors and the CLI. ---


def test_unknown_format_graph_or_iri_mode_lists_the_choices(shipped_kg: KnowledgeGraph) -> None:
    with pytest.raises(ExportError, match="'rdfa'; choose one of: turtle, nt, nquads, trig"):
        export_graph(shipped_kg, "rdfa")
    with pytest.raises(ExportError, match="'shapes'; choose one of: all, ontology, data"):
        export_graph(shipped_kg, "nt", graph="shapes")
    with pytest.raises(ExportError, match="'purl'; choose one of: local, external"):
        export_graph(shipped_kg, "nt", iris="purl")


@pytest.mark.parametrize("argument", [["--format", "rdfa"], ["--format", "nt", "--graph", "x"]])
def test_cli_unknown_choice_exits_2(
    argument: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", *argument]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_cli_writes_stdout_as_a_user_runs_it(exported: Export) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "il2kg", "export", "--format", "nt", "--graph", "ontology"],
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout == exported("nt", graph="ontology")


def test_cli_writes_a_file_with_user_data(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    extra = FIXTURES / "identities.ttl"
    code = main(["export", "--format", "turtle", "--graph", "data", "-o", str(target), "--data",
                 str(extra)])  # fmt: skip
    assert code == 0
    graph = Graph().parse(target, format="turtle")
    assert (IL2.SomeGene, SKOS.exactMatch, URIRef("https://identifiers.org/hgnc:1")) in graph
    assert (URIRef("https://w3id.org/il2kg/ontology"), None, None) not in graph
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


@pytest.mark.parametrize("where", ["missing-folder/out.nt", "."], ids=["no-folder", "a-folder"])
def test_cli_unwritable_output_exits_2_naming_the_path(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / where
    assert main(["export", "--format", "nt", "--graph", "ontology", "-o", str(target)]) == 2
    assert str(target) in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(
    shipped_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.nt"
    target.write_text("the previous export\n")

    def disk_full(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ExportError, match=re.escape(f"cannot write {target}: No space left")):
        write_export(shipped_kg, "nt", target, graph="ontology")
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]
