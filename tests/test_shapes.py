"""The SHACL shapes: every node shape fires on a bad fixture, with its own messages and severities.

Each node shape with a target has a fixture ``tests/fixtures/shapes/<ShapeLocalName>.ttl`` of bad
data (``CitableSourceShape``, reached only through ``sh:node``, has one too). The fixture's
leading comment lines say what it must produce:

* ``# expect: <text>`` - a finding from that shape whose message contains the text, with the
  severity of the constraint holding that message in ``ontology/shapes.ttl`` (the property
  shape's ``sh:severity``, for a node-level or SPARQL constraint the node shape's, else
  ``Violation``). The text must occur in exactly one message of the shape.
* ``# validate: alone`` - validate the fixture without the shipped ontology. Only for a shape
  that fires when triples are missing that the shipped ontology states (a fixture can only add
  triples): the ontology's own metadata.

All other fixtures are validated together with the shipped ontology (not the shipped data) in
one run: about 6 s, where one run per fixture takes about 3 s each, over 3 minutes in all. Each
fixture still stands alone: it describes only its own ``il2:Bad...`` entities (or the node its
shape targets), no two fixtures share one, and an expectation is met only by a finding whose
focus node the fixture itself describes, i.e. whose ``files`` hold the fixture.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from fixture_directives import directives as read_directives
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from il2kg import ValidationReport, load_graph, validate
from il2kg.config import data_root, shapes_file
from il2kg.terms import IL2, IL2KG, IL2SH

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)


def directives(path: Path) -> dict[str, list[str]]:
    """Return the fixture's directives, by key."""
    return read_directives(path, ("expect", "validate"))


def validated_alone(path: Path) -> bool:
    """Whether the fixture is validated on its own, without the shipped ontology."""
    return "alone" in directives(path)["validate"]


def ontology_file() -> Path:
    """Return the shipped ontology file."""
    return data_root() / "ontology" / "il2kg.ttl"


def severity_name(node: Node | None, default: str) -> str:
    """Return ``Violation``, ``Warning`` or ``Info`` for a severity IRI, or the default."""
    return str(node).removeprefix(str(SH)) if node is not None else default


def shape_messages(shapes: Graph, shape: URIRef) -> dict[str, str]:
    """Return each message of a node shape's constraints with the severity it is reported at."""
    own = severity_name(shapes.value(shape, SH.severity), "Violation")
    messages = {str(message): own for message in shapes.objects(shape, SH.message)}
    for constraint in shapes.objects(shape, SH.property):
        severity = severity_name(shapes.value(constraint, SH.severity), "Violation")
        messages.update({str(m): severity for m in shapes.objects(constraint, SH.message)})
    for constraint in shapes.objects(shape, SH.sparql):
        severity = severity_name(shapes.value(constraint, SH.severity), own)
        messages.update({str(m): severity for m in shapes.objects(constraint, SH.message)})
    return messages


def node_shapes(shapes: Graph) -> set[URIRef]:
    """Return the named node shapes."""
    return {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


@pytest.fixture(scope="module")
def reports() -> dict[Path, ValidationReport]:
    """Validate the fixtures: most together with the ontology, the ``alone`` ones by themselves."""
    together = [path for path in FIXTURE_FILES if not validated_alone(path)]
    batch = validate(load_graph([ontology_file(), *together], shipped=False))
    found = dict.fromkeys(together, batch)
    for path in FIXTURE_FILES:
        if validated_alone(path):
            found[path] = validate(load_graph([path], shipped=False))
    return found


@pytest.fixture(scope="module")
def shipped_report() -> ValidationReport:
    return validate(load_graph())


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[path.stem for path in FIXTURE_FILES])
def test_shape_fires_on_its_fixture(
    path: Path, shapes: Graph, reports: dict[Path, ValidationReport]
) -> None:
    shape = IL2SH[path.stem]
    assert shape in node_shapes(shapes), f"{path.name} names no node shape of shapes.ttl"
    expected = directives(path)["expect"]
    assert expected, f"{path.name} has no '# expect:' line"
    messages = shape_messages(shapes, shape)
    mine = [f for f in reports[path].findings if f.source == str(shape) and str(path) in f.files]
    problems = []
    for text in expected:
        matching = [message for message in messages if text in message]
        if len(matching) != 1:
            problems.append(f"{text!r} is in {len(matching)} messages of the shape, not 1")
            continue
        severity = messages[matching[0]]
        hits = [f for f in mine if text in f.message]
        if not any(f.severity == severity for f in hits):
            got = sorted({f.severity for f in hits}) or "no finding"
            problems.append(f"{text!r}: expected a {severity}, got {got}")
    produced = "\n".join(f"  {f.severity} {f.focus}: {f.message}" for f in mine)
    assert not problems, "\n".join(problems) + f"\nThe shape reported:\n{produced}"


def test_every_targeted_shape_has_a_fixture_and_every_fixture_a_shape(shapes: Graph) -> None:
    names = {str(shape).removeprefix(str(IL2SH)) for shape in node_shapes(shapes)}
    targeted = {
        str(shape).removeprefix(str(IL2SH))
        for shape in node_shapes(shapes)
        if any((shape, target, None) in shapes for target in TARGETS)
    }
    stems = {path.stem for path in FIXTURE_FILES}
    assert sorted(targeted - stems) == [], "shapes without a fixture"
    assert sorted(stems - names) == [], "fixtures named after no node shape"


def test_every_message_is_expected_by_a_fixture(shapes: Graph) -> None:
    expected = [text for path in FIXTURE_FILES for text in directives(path)["expect"]]
    messages = sorted({str(message) for message in shapes.objects(None, SH.message)})
    missing = [m for m in messages if not any(text in m for text in expected)]
    assert missing == [], f"{len(missing)} of {len(messages)} messages are never expected"


def test_every_ontology_class_is_the_target_of_a_shape(shapes: Graph) -> None:
    ontology = Graph().parse(ontology_file(), format="turtle")
    classes = {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(str(IL2KG))
    }
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes, "the ontology declares no class"
    assert sorted(str(c) for c in classes - targeted) == []


def test_fixtures_describe_only_their_own_entities(shapes: Graph) -> None:
    """Batching is safe: no fixture states anything about another's or a shipped entity."""
    subjects: dict[Node, set[str]] = defaultdict(set)
    bad_terms: dict[Node, set[str]] = defaultdict(set)
    problems = []
    for path in FIXTURE_FILES:
        graph = Graph().parse(path, format="turtle")
        own_targets = set(shapes.objects(IL2SH[path.stem], SH.targetNode))
        for subject in set(graph.subjects()):
            if isinstance(subject, BNode):
                continue
            name = str(subject)
            is_bad = name.startswith((f"{IL2}Bad", f"{IL2KG}Bad"))
            if not is_bad and subject not in own_targets:
                problems.append(f"{path.name} describes {name}: not Bad..., not a target node")
            if not validated_alone(path):
                subjects[subject].add(path.stem)
        if validated_alone(path):
            continue
        for term in set(graph.subjects()) | set(graph.objects()):
            if str(term).startswith((f"{IL2}Bad", f"{IL2KG}Bad")):
                bad_terms[term].add(path.stem)
    for term, owners in [*subjects.items(), *bad_terms.items()]:
        if len(owners) > 1:
            problems.append(f"{term} is used by several fixtures: {sorted(owners)}")
    assert problems == []


def test_a_finding_names_the_fixture_file(reports: dict[Path, ValidationReport]) -> None:
    path = FIXTURES / "GeneShape.ttl"
    report = reports[path]
    (finding,) = [
        f
        for f in report.findings
        if f.source == str(IL2SH.GeneShape)
        and f.focus == str(IL2.BadGene)
        and f.path == "il2kg:hasGeneProduct"
    ]
    assert finding.files == (str(path),)
    assert f"file:   {path}" in report.to_text()


def test_shipped_graph_conforms(shipped_report: ValidationReport) -> None:
    violations = [f"{f.focus} ({f.source}): {f.message}" for f in shipped_report.violations]
    assert violations == []
    assert shipped_report.conforms
