"""The SPARQL quality checks: each finds its bad fixture, all are run, none fires on shipped data.

Each check ``queries/checks/<name>-violation.rq`` has a fixture
``tests/fixtures/checks/<name>-violation.ttl`` whose leading comment lines say what it must
produce: ``# expect: <text>`` (a substring of the message) and ``# focus: <full IRI>``. Every
focus must get a finding from that check with every expected text.

The fixtures are validated together with the shipped ontology (not the shipped data) in one run.
Each one describes only its own ``il2:Bad...`` entities, and a finding counts only if its focus
is the one the fixture names and the fixture states triples about it (it is in ``files``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from fixture_directives import directives as read_directives
from rdflib import BNode, Graph
from rdflib.term import Node

from il2kg import Finding, ValidationReport, load_graph, validate
from il2kg.config import check_files, data_root, ontology_files
from il2kg.validation.checks import check_findings

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))


def directives(path: Path) -> dict[str, list[str]]:
    """Return the fixture's directives, by key."""
    return read_directives(path, ("expect", "focus"))


def checks_folder() -> Path:
    """Return the folder of the shipped quality checks."""
    return data_root() / "queries" / "checks"


@pytest.fixture(scope="module")
def fixtures_report() -> ValidationReport:
    ontology = data_root() / "ontology" / "il2kg.ttl"
    return validate(load_graph([ontology, *FIXTURE_FILES], shipped=False))


@pytest.fixture(scope="module")
def shipped_report() -> ValidationReport:
    return validate(load_graph())


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[path.stem for path in FIXTURE_FILES])
def test_check_finds_its_fixture(path: Path, fixtures_report: ValidationReport) -> None:
    check = f"{path.stem}.rq"
    wanted = directives(path)
    assert wanted["expect"], f"{path.name} has no '# expect:' line"
    assert wanted["focus"], f"{path.name} has no '# focus:' line"
    mine = [f for f in fixtures_report.findings if f.source == check and str(path) in f.files]
    missing = [
        f"{focus}: {text!r}"
        for focus in wanted["focus"]
        for text in wanted["expect"]
        if not any(f.focus == focus and text in f.message for f in mine)
    ]
    produced = "\n".join(f"  {f.focus}: {f.message}" for f in mine)
    assert missing == [], f"The check reported:\n{produced}"


def test_every_check_has_a_fixture_and_every_fixture_a_check() -> None:
    checks = {path.stem for path in checks_folder().glob("*-violation.rq")}
    stems = {path.stem for path in FIXTURE_FILES}
    assert sorted(checks - stems) == [], "checks without a fixture"
    assert sorted(stems - checks) == [], "fixtures named after no check"


def test_every_check_file_is_run(fixtures_report: ValidationReport) -> None:
    on_disk = sorted(path.name for path in checks_folder().glob("*-violation.rq"))
    assert on_disk, "no check files found"
    assert sorted(fixtures_report.checks_run) == on_disk
    assert len(set(fixtures_report.checks_run)) == len(fixtures_report.checks_run)


def test_every_query_in_the_checks_folder_is_a_check() -> None:
    """A query named otherwise would silently never run."""
    others = [p.name for p in checks_folder().glob("*.rq") if not p.name.endswith("-violation.rq")]
    assert others == []


def test_fixtures_describe_only_their_own_entities() -> None:
    owners: dict[Node, set[str]] = defaultdict(set)
    for path in FIXTURE_FILES:
        graph = Graph().parse(path, format="turtle")
        subjects = {s for s in graph.subjects() if not isinstance(s, BNode)}
        assert all("/Bad" in str(s) for s in subjects), f"{path.name} describes a non-Bad term"
        for subject in subjects:
            owners[subject].add(path.stem)
    assert sorted(str(s) for s, stems in owners.items() if len(stems) > 1) == []


def test_shipped_graph_passes_every_check(shipped_report: ValidationReport) -> None:
    checks = set(shipped_report.checks_run)
    found = [
        f"{f.source} {f.focus}: {f.message}" for f in shipped_report.findings if f.source in checks
    ]
    assert found == []


def test_both_engines_find_the_same(fixtures_report: ValidationReport) -> None:
    """The checks run on pyoxigraph by default; rdflib, the reference, finds the same."""
    ontology = data_root() / "ontology" / "il2kg.ttl"
    kg = load_graph([ontology, *FIXTURE_FILES], shipped=False)
    checks = [f for f in fixtures_report.findings if f.source.endswith("-violation.rq")]
    reference = validate(kg, engine="rdflib").findings
    assert len(checks) >= len(FIXTURE_FILES)
    assert [f for f in reference if f.source.endswith("-violation.rq")] == checks


def test_language_tags_in_upper_case_count_as_english_on_both_engines() -> None:
    fixture = Path(__file__).parent / "fixtures" / "engines" / "language-case.ttl"
    kg = load_graph([*ontology_files(), fixture], shipped=False)  # the data is tested above

    # the shapes do not depend on the engine: compare what the checks find, on each engine
    def found(engine: str) -> list[Finding]:
        findings = [f for path in check_files() for f in check_findings(kg, path, engine)]
        return sorted(findings, key=lambda f: (f.source, f.focus, f.value or "", f.message))

    quick, reference = found("oxigraph"), found("rdflib")
    assert quick == reference
    mine = [f for f in quick if f.focus.endswith("/LangTest")]
    assert not [f for f in mine if f.source == "label-missing-violation.rq"]
    assert [f for f in quick if f.focus.endswith("/LangTest2")]  # two labels: still found
