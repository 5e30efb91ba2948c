"""The shapes written for speed select exactly what their direct formulations selected.

A few SPARQL parts of ``ontology/shapes.ttl`` are written for rdflib's engine rather than in
the most direct way (see the comments there): the target of ``RelationProvenanceShape``
(set differences by GROUP BY instead of FILTER NOT EXISTS per row), the term pattern of
``OntologyTermShape`` (a UNION of the four types instead of ``?kind IN (...)`` over every
type triple), and two former SPARQL constraints now in SHACL core (``ApprovedIndicationShape``
and the relative-severity rule of ``AdverseEffectShape``). This module keeps the direct
formulations as references and checks, on the bad-data fixtures and on seeded random edits of
them, that the shipped shapes give the same answers. It also checks that
:func:`il2kg.validation.parse_cache.parse_once` changes no finding.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SH, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from il2kg import load_graph
from il2kg.config import data_root, shapes_file
from il2kg.graph import KnowledgeGraph
from il2kg.terms import IL2, IL2KG, IL2SH
from il2kg.validation import parse_cache as shacl_sparql
from il2kg.validation.parse_cache import parse_once
from il2kg.validation.report import Finding
from il2kg.validation.shacl import shacl_findings, shapes_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
ONTOLOGY_TERM = URIRef("https://w3id.org/il2kg/ontology")

# The formulations shapes.ttl used before it was tuned for speed.
_SUBJECT_KINDS = """il2kg:CytokineEffect, il2kg:AdverseEffect, il2kg:Indication,
                    il2kg:DosingRegimen, il2kg:StudyOutcome, il2kg:SourceClaim, il2kg:RightsHolding,
                    <http://qudt.org/schema/qudt/QuantityValue>"""
_VALUE_KINDS = f"""{_SUBJECT_KINDS}, il2kg:ExperimentalSystem, il2kg:DoseLevel,
                    <http://qudt.org/schema/qudt/Unit>, il2kg:StatisticKind, il2kg:ClaimType,
                    il2kg:RightsRole, il2kg:Region"""
REFERENCE_RELATION_TARGET = f"""
SELECT DISTINCT ?this WHERE {{
    ?this ?path ?value .
    ?path a owl:ObjectProperty .
    FILTER (STRSTARTS(STR(?path), "https://w3id.org/il2kg/ontology/") && isIRI(?value))
    FILTER NOT EXISTS {{ ?this a ?subjectKind . FILTER (?subjectKind IN ({_SUBJECT_KINDS})) }}
    FILTER NOT EXISTS {{ ?value a ?valueKind . FILTER (?valueKind IN ({_VALUE_KINDS})) }}
    FILTER NOT EXISTS {{
        ?axiom owl:annotatedSource ?this ; owl:annotatedProperty ?path ;
               owl:annotatedTarget ?value ; dcterms:source ?source .
    }}
    ?this a ?entityClass .
}}"""
REFERENCE_ONTOLOGY_TERM = """
SELECT DISTINCT $this ?value WHERE {
    ?value a ?kind .
    FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
    FILTER (isIRI(?value) && STRSTARTS(STR(?value), "https://w3id.org/il2kg/ontology/"))
    FILTER (NOT EXISTS { ?value rdfs:label ?l . FILTER (LANG(?l) = "en") }
            || EXISTS { ?value rdfs:label ?l1 , ?l2 . FILTER (?l1 != ?l2) }
            || NOT EXISTS { ?value skos:definition ?d }
            || EXISTS { ?value skos:definition ?d1 , ?d2 . FILTER (?d1 != ?d2) })
}"""
REFERENCE_APPROVED_INDICATION = """
SELECT $this WHERE {
    $this il2kg:hasApprovalStatus ?s .
    FILTER (?s IN (il2:Approved, il2:AcceleratedApproval, il2:Withdrawn))
    FILTER NOT EXISTS { $this il2kg:regulatoryAgency ?a ; il2kg:approvalYear ?y } }"""
REFERENCE_RELATIVE_SEVERITY = """
SELECT $this WHERE { $this il2kg:relativeSeverity ?s .
    FILTER (NOT EXISTS { $this il2kg:comparedWithRoute ?r }
            || EXISTS { $this il2kg:comparedWithRoute ?r ; il2kg:underRoute ?r }) }"""
APPROVED_MESSAGE = "An approved (also accelerated) or withdrawn indication should give the agency"
SEVERITY_MESSAGE = "A relative severity needs the route it is compared with"


def prologue(shapes: Graph) -> str:
    """The PREFIX lines pySHACL puts before a query with ``sh:prefixes il2sh:``."""
    lines = []
    for declaration in shapes.objects(URIRef(str(IL2SH)), SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(lines))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


@pytest.fixture(scope="module")
def shipped_queries(shapes: Graph) -> dict[str, Query]:
    target = shapes.value(shapes.value(IL2SH.RelationProvenanceShape, SH.target), SH.select)
    term = shapes.value(shapes.value(IL2SH.OntologyTermShape, SH.sparql), SH.select)
    assert target is not None and term is not None
    return {
        "target": prepareQuery(prologue(shapes) + str(target)),
        "term": prepareQuery(prologue(shapes) + str(term)),
    }


@pytest.fixture(scope="module")
def reference_queries(shapes: Graph) -> dict[str, Query]:
    texts = {
        "target": REFERENCE_RELATION_TARGET,
        "term": REFERENCE_ONTOLOGY_TERM,
        "approved": REFERENCE_APPROVED_INDICATION,
        "severity": REFERENCE_RELATIVE_SEVERITY,
    }
    return {name: prepareQuery(prologue(shapes) + text) for name, text in texts.items()}


def fixture_batch() -> KnowledgeGraph:
    """The ontology with every fixture validated together with it (as in test_shapes.py)."""
    together = [p for p in sorted(FIXTURES.glob("*.ttl")) if p.stem != "OntologyMetadataShape"]
    return load_graph([data_root() / "ontology" / "il2kg.ttl", *together], shipped=False)


def edited(base: Graph, seed: int) -> Graph:
    """A seeded edit of ``base``: triples dropped; relations, types, axioms, labels added."""
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    triples = sorted(base, key=lambda t: tuple(map(str, t)))
    subjects = sorted({t[0] for t in triples}, key=str)
    objects = sorted({t[2] for t in triples}, key=str)
    relations = sorted({t[1] for t in triples if str(t[1]).startswith(str(IL2KG))}, key=str)
    kind_names = "CytokineEffect AdverseEffect Indication DosingRegimen StudyOutcome"
    kinds: list[Node] = [IL2KG[k] for k in f"{kind_names} ExperimentalSystem DoseLevel".split()]
    kinds += [URIRef("http://qudt.org/schema/qudt/Unit"), OWL.Class, OWL.ObjectProperty, OWL.Axiom]
    literals: list[Node] = [
        Literal("a"),
        Literal("a", lang="en"),
        Literal("b", lang="en"),
        Literal("a", lang="de"),
        Literal("01", datatype=XSD.integer),
        Literal("1", datatype=XSD.integer),
    ]
    new = [IL2KG[f"zz{i}"] for i in range(3)] + [BNode("b1"), BNode("b2")]
    special = [OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget, DCTERMS.source]
    graph = Graph()
    drop = rnd.choice([0.02, 0.1, 0.3])
    for triple in triples:
        if rnd.random() >= drop:
            graph.add(triple)
    for _ in range(300):
        pick = rnd.random()
        subject = rnd.choice(subjects + new)
        if pick < 0.35:
            graph.add((subject, rnd.choice(relations), rnd.choice(objects + new + literals)))
        elif pick < 0.55:
            graph.add((subject, rnd.choice(special), rnd.choice(objects + new)))
        elif pick < 0.75:
            graph.add((subject, RDF.type, rnd.choice(kinds)))
        else:
            graph.add((subject, rnd.choice([RDFS.label, SKOS.definition]), rnd.choice(literals)))
    sourced = [t for t in graph if str(t[1]).startswith(str(IL2KG))]
    for subject, predicate, obj in rnd.sample(sourced, min(len(sourced), 60)):
        axiom = BNode()
        graph.add((axiom, OWL.annotatedSource, subject))
        graph.add((axiom, OWL.annotatedProperty, predicate))
        graph.add((axiom, OWL.annotatedTarget, obj))
        if rnd.random() < 0.7:
            graph.add((axiom, DCTERMS.source, rnd.choice(objects)))
    return graph


def exemption_matrix() -> Graph:
    """Relations in every combination of subject kind, value kind, value term and axiom."""
    graph = Graph()
    subject_kinds = [None, *(IL2KG[k] for k in ("CytokineEffect", "AdverseEffect", "Indication"))]
    subject_kinds += [IL2KG.DosingRegimen, IL2KG.StudyOutcome, IL2KG.Cytokine]
    value_kinds = [*subject_kinds, IL2KG.ExperimentalSystem, IL2KG.DoseLevel]
    value_kinds.append(URIRef("http://qudt.org/schema/qudt/Unit"))
    declared = [IL2KG.hasPart, URIRef("https://example.org/hasPart")]
    for predicate in declared:
        graph.add((predicate, RDF.type, OWL.ObjectProperty))
    predicates = [*declared, IL2KG.undeclared]
    number = 0
    for subject_kind in subject_kinds:
        for value_kind in value_kinds:
            for predicate in predicates:
                for axiom in ("none", "sourced", "unsourced"):
                    number += 1
                    subject = IL2[f"BadMatrixSubject{number}"]
                    value = IL2[f"BadMatrixValue{number}"]
                    graph.add((subject, RDF.type, subject_kind or IL2KG.Thing))
                    if value_kind is not None:
                        graph.add((value, RDF.type, value_kind))
                    graph.add((subject, predicate, value))
                    graph.add((subject, predicate, Literal(f"literal {number}")))
                    if axiom != "none":
                        node = BNode()
                        graph.add((node, OWL.annotatedSource, subject))
                        graph.add((node, OWL.annotatedProperty, predicate))
                        graph.add((node, OWL.annotatedTarget, value))
                        if axiom == "sourced":
                            graph.add((node, DCTERMS.source, IL2.BadMatrixSource))
    graph.add((IL2.BadMatrixUntyped, IL2KG.hasPart, IL2.BadMatrixValue1))
    return graph


@pytest.fixture(scope="module")
def graphs() -> list[Graph]:
    base = fixture_batch().union()
    return [base, exemption_matrix(), *(edited(base, seed) for seed in range(3))]


def test_relation_provenance_target_selects_what_the_direct_query_selects(
    graphs: list[Graph], shipped_queries: dict[str, Query], reference_queries: dict[str, Query]
) -> None:
    for graph in graphs:
        shipped = {row[0] for row in graph.query(shipped_queries["target"])}
        reference = {row[0] for row in graph.query(reference_queries["target"])}
        assert shipped == reference
    assert shipped, "the last edited graph should have unsourced relations"


def test_ontology_term_constraint_finds_what_the_direct_query_finds(
    graphs: list[Graph], shipped_queries: dict[str, Query], reference_queries: dict[str, Query]
) -> None:
    for graph in graphs:
        bound = {"this": ONTOLOGY_TERM}
        rows = [
            {tuple(row) for row in graph.query(queries["term"], initBindings=bound)}
            for queries in (shipped_queries, reference_queries)
        ]
        assert rows[0] == rows[1]
    assert rows[0], "the last edited graph should have badly described ontology terms"


def combinations_file(tmp_path: Path) -> Path:
    """Indications and adverse effects in every combination the two core rewrites look at."""
    lines = [
        "@prefix il2kg: <https://w3id.org/il2kg/ontology/> .",
        "@prefix il2: <https://w3id.org/il2kg/id/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    statuses = [
        "il2:Approved",
        "il2:AcceleratedApproval",
        "il2:Withdrawn",
        "il2:NotApproved",
        '"Approved"',
        "[]",
    ]
    number = 0
    for first in [None, *statuses]:
        for second in [None, "il2:Withdrawn", '"x"']:
            for agency in (None, "il2:FDA", '"FDA"'):
                for year in (None, "2001"):
                    number += 1
                    node = f"il2:BadComboIndication{number}"
                    lines.append(f"{node} a il2kg:Indication .")
                    lines += [f"{node} il2kg:hasApprovalStatus {s} ." for s in (first, second) if s]
                    lines += [f"{node} il2kg:regulatoryAgency {agency} ."] if agency else []
                    lines += [f"{node} il2kg:approvalYear {year} ."] if year else []
    routes = [None, "il2:IV", "il2:SC", '"IV"', '"01"^^xsd:integer', '"1"^^xsd:integer', '"iv"@en']
    for severity in (None, '"milder"', "il2:Milder"):
        for compared in routes:
            for compared_too in (None, "il2:SC"):
                for under in routes:
                    number += 1
                    node = f"il2:BadComboAdverseEffect{number}"
                    lines.append(f"{node} a il2kg:AdverseEffect .")
                    lines += [f"{node} il2kg:relativeSeverity {severity} ."] if severity else []
                    lines += [
                        f"{node} il2kg:comparedWithRoute {route} ."
                        for route in (compared, compared_too)
                        if route
                    ]
                    lines += [f"{node} il2kg:underRoute {under} ."] if under else []
    path = tmp_path / "combinations.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_core_rewrites_report_what_the_sparql_constraints_reported(
    tmp_path: Path, reference_queries: dict[str, Query]
) -> None:
    kg = load_graph([combinations_file(tmp_path)], shipped=False)
    data = kg.union()
    findings = shacl_findings(kg, shapes_graph(kg), data)
    for name, shape, message, severity, kind in (
        ("approved", IL2SH.ApprovedIndicationShape, APPROVED_MESSAGE, "Warning", IL2KG.Indication),
        ("severity", IL2SH.AdverseEffectShape, SEVERITY_MESSAGE, "Violation", IL2KG.AdverseEffect),
    ):
        reported = [f for f in findings if f.message.startswith(message)]
        expected = {
            str(node)
            for node in data.subjects(RDF.type, kind)
            if len(data.query(reference_queries[name], initBindings={"this": node})) > 0
        }
        assert sorted(f.focus for f in reported) == sorted(expected)
        assert all(
            (f.severity, f.source, f.path, f.value) == (severity, str(shape), None, f.focus)
            for f in reported
        )
        assert 0 < len(expected) < len(set(data.subjects(RDF.type, kind)))


def _finding_key(finding: Finding) -> tuple[str, ...]:
    text = (finding.severity, finding.focus, finding.source, finding.message)
    return (*text, finding.path or "", finding.value or "", *finding.files)


def test_parse_once_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    kg = fixture_batch()
    shapes = shapes_graph(kg)
    original = SPARQLProcessor.query
    with monkeypatch.context() as patch:  # validation without the memo: the plain way
        patch.setattr(shacl_sparql, "parse_once", contextlib.nullcontext)
        plain = sorted(shacl_findings(kg, shapes, kg.union()), key=_finding_key)
    with parse_once():
        assert SPARQLProcessor.query is not original
        cached = sorted(shacl_findings(kg, shapes, kg.union()), key=_finding_key)
    assert SPARQLProcessor.query is original
    assert cached == plain
    assert any(f.source == str(IL2SH.PublicationShape) and "DOI" in f.message for f in plain)


def test_shapes_shared_among_processes_find_what_one_process_finds() -> None:
    kg = fixture_batch()
    shapes = shapes_graph(kg)
    alone = sorted(shacl_findings(kg, shapes, kg.union(), workers=1), key=_finding_key)
    shared = sorted(shacl_findings(kg, shapes, kg.union(), workers=3), key=_finding_key)
    assert shared == alone
    assert len({f.source for f in alone}) > 20  # many shapes fire: the split is exercised
