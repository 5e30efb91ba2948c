"""validate(): SHACL shapes and SPARQL quality checks, findings and the report."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from il2kg import Finding, ValidationReport, load_graph, validate
from il2kg.errors import LoadError
from il2kg.terms import IL2, IL2SH

USER = Path(__file__).parent / "fixtures" / "package" / "user"
VIOLATING = USER / "violating.ttl"
WARNING_ONLY = USER / "warning-only.ttl"
CHECKS = ("missing-weight-violation.rq", "unsourced-binding-violation.rq")


@pytest.fixture
def shipped_report(fixture_root: Path) -> ValidationReport:
    return validate(load_graph())


@pytest.fixture
def violating_report(fixture_root: Path) -> ValidationReport:
    return validate(load_graph([VIOLATING]))


def test_warnings_and_infos_do_not_fail_validation(shipped_report: ValidationReport) -> None:
    assert shipped_report.conforms
    assert shipped_report.violations == ()
    assert len(shipped_report.warnings) == 1
    assert len(shipped_report.infos) == 1


def test_a_warning_names_focus_path_shape_and_file(shipped_report: ValidationReport) -> None:
    (warning,) = shipped_report.warnings
    assert warning == Finding(
        severity="Warning",
        focus=str(IL2.IL2RA),
        focus_label="IL-2 receptor subunit alpha",
        path="skos:definition",
        value=None,
        message="A protein should have a definition",
        source=str(IL2SH.ProteinDefinitionShape),
        files=("graphs/data.ttl",),
    )


def test_every_check_file_is_run_and_nothing_else(shipped_report: ValidationReport) -> None:
    assert shipped_report.checks_run == CHECKS
    assert shipped_report.shapes_run == 3


def test_a_user_file_with_only_a_warning_still_conforms(fixture_root: Path) -> None:
    report = validate(load_graph([WARNING_ONLY]))
    assert report.conforms
    assert {f.focus for f in report.warnings} == {str(IL2.IL2RA), str(IL2.IL15)}
    (mine,) = [f for f in report.warnings if f.focus == str(IL2.IL15)]
    assert mine.files == (str(WARNING_ONLY),)


def test_violations_come_from_shapes_sparql_constraints_and_checks(
    violating_report: ValidationReport,
) -> None:
    assert not violating_report.conforms
    found = {(f.source, f.path, f.message) for f in violating_report.violations}
    assert found == {
        # a blank property shape is reported under the node shape holding it
        (str(IL2SH.ProteinShape), "rdfs:label", "A protein needs a label"),
        (str(IL2SH.ProteinShape), None, "A protein does not bind to itself"),
        ("unsourced-binding-violation.rq", None, "A binding is stated without a source"),
    }
    for finding in violating_report.violations:
        assert finding.focus == str(IL2.IL7)
        assert finding.focus_label == "il2:IL7"  # no label: the CURIE
        assert finding.files == (str(VIOLATING),)


def test_values_are_reported(violating_report: ValidationReport) -> None:
    values = {f.source: f.value for f in violating_report.violations if f.value is not None}
    assert values == {
        str(IL2SH.ProteinShape): str(IL2.IL7),
        "unsourced-binding-violation.rq": str(IL2.IL7),
    }


def test_findings_are_ordered_by_severity(violating_report: ValidationReport) -> None:
    severities = [f.severity for f in violating_report.findings]
    assert severities == ["Violation"] * 3 + ["Warning"] + ["Info"] * 2


def test_check_message_comes_from_the_row_else_the_summary(
    violating_report: ValidationReport,
) -> None:
    infos = {f.focus: f.message for f in violating_report.infos}
    assert infos[str(IL2.IL7)] == f"no il2kg:molecularWeight on {IL2.IL7}"


def test_to_dict_is_json_and_matches_the_findings(violating_report: ValidationReport) -> None:
    data = json.loads(json.dumps(violating_report.to_dict()))
    assert data["conforms"] is False
    assert data["counts"] == {"Violation": 3, "Warning": 1, "Info": 2}
    assert data["checks_run"] == list(CHECKS)
    assert len(data["findings"]) == 6
    assert data["findings"][0]["files"] == [str(VIOLATING)]


def test_to_text_groups_by_severity_with_label_curie_path_and_file(
    violating_report: ValidationReport,
) -> None:
    text = violating_report.to_text()
    assert text.splitlines()[0] == (
        "Does not conform: 3 violations, 1 warning, 2 infos (3 shapes, 2 checks run)"
    )
    assert text.index("Violations (3):") < text.index("Warnings (1):") < text.index("Infos (2):")
    assert "- IL-2 receptor subunit alpha (il2:IL2RA): A protein should have a definition" in text
    assert "    path:   skos:definition" in text
    assert "    source: il2sh:ProteinDefinitionShape" in text
    assert f"    file:   {VIOLATING}" in text


def test_results_are_frozen(violating_report: ValidationReport) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        violating_report.findings[0].message = "changed"  # type: ignore[misc]


def test_validation_does_not_change_the_graph(fixture_root: Path) -> None:
    kg = load_graph([VIOLATING])
    before = len(kg.union())
    validate(kg)
    assert len(kg.union()) == before


def _write_check(root: Path, name: str, text: str) -> Path:
    path = root / "queries" / "checks" / name
    path.write_text(text)
    return path


def test_check_without_headers_is_a_violation_named_after_the_file(tmp_root: Path) -> None:
    _write_check(
        tmp_root,
        "no-header-violation.rq",
        "PREFIX il2: <https://w3id.org/il2kg/id/>\n"
        "SELECT ?focus WHERE { BIND (il2:IL2 AS ?focus) }\n",
    )
    report = validate(load_graph())
    (finding,) = [f for f in report.findings if f.source == "no-header-violation.rq"]
    assert (finding.severity, finding.message) == ("Violation", "no-header-violation")
    assert finding.focus_label == "interleukin-2"
    assert not report.conforms


def test_check_can_report_a_path(tmp_root: Path) -> None:
    _write_check(
        tmp_root,
        "path-violation.rq",
        "#+ severity: warning\nPREFIX il2: <https://w3id.org/il2kg/id/>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?focus ?path WHERE { BIND (il2:IL2 AS ?focus) BIND (skos:altLabel AS ?path) }\n",
    )
    report = validate(load_graph())
    (finding,) = [f for f in report.findings if f.source == "path-violation.rq"]
    assert (finding.severity, finding.path) == ("Warning", "skos:altLabel")
    assert report.conforms


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("# ok\n#+ severity: Fatal\nSELECT ?focus WHERE {}\n", 2, "severity 'Fatal' is not one"),
        ("SELECT ?focus WHERE {\n  ?focus ?p\n}\n", 2, "bad SPARQL"),
        ("ASK { ?s ?p ?o }\n", None, "must be a SPARQL SELECT"),
        ("SELECT ?thing WHERE { ?thing ?p ?o }\n", None, "must select the variable ?focus"),
    ],
)
def test_a_broken_check_is_a_load_error_naming_it(
    tmp_root: Path, text: str, line: int | None, reason: str
) -> None:
    _write_check(tmp_root, "broken-violation.rq", text)
    with pytest.raises(LoadError) as caught:
        validate(load_graph())
    assert caught.value.path == "queries/checks/broken-violation.rq"
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_missing_shapes_file_is_a_load_error(tmp_root: Path) -> None:
    (tmp_root / "ontology" / "shapes.ttl").unlink()
    with pytest.raises(LoadError, match=r"^ontology/shapes\.ttl: no such file$"):
        validate(load_graph())


def test_complex_paths_are_rendered(tmp_root: Path) -> None:
    shapes = tmp_root / "ontology" / "shapes.ttl"
    shapes.write_text(
        shapes.read_text()
        + """
il2sh:BoundShape a sh:NodeShape ;
    sh:targetNode <https://w3id.org/il2kg/id/IL2RA> ;
    sh:property [ sh:path [ sh:inversePath il2kg:bindsTo ] ; sh:maxCount 0 ;
                  sh:severity sh:Info ] ;
    sh:property [ sh:path ( [ sh:inversePath il2kg:bindsTo ] [ sh:zeroOrMorePath skos:altLabel ] ) ;
                  sh:maxCount 0 ; sh:severity sh:Info ] ;
    sh:property [ sh:path [ sh:alternativePath ( skos:altLabel skos:prefLabel ) ] ;
                  sh:maxCount 0 ; sh:severity sh:Info ] ;
    sh:property [ sh:path ( [ sh:inversePath il2kg:bindsTo ]
                            [ sh:alternativePath ( skos:altLabel rdfs:label ) ] ) ;
                  sh:maxCount 0 ; sh:severity sh:Info ] .
"""
    )
    report = validate(load_graph())
    paths = {f.path for f in report.infos if f.source == str(IL2SH.BoundShape)}
    assert paths == {
        "^il2kg:bindsTo",
        "^il2kg:bindsTo/skos:altLabel*",
        "skos:altLabel|skos:prefLabel",
        "^il2kg:bindsTo/(skos:altLabel|rdfs:label)",
    }
    assert report.shapes_run == 8


_BAD_REGEX = 'SELECT ?focus WHERE { ?focus ?p ?o FILTER (REGEX(STR(?o), "(")) }\n'
_NO_FUNCTION = "SELECT ?focus WHERE { BIND (<urn:no-such-function>(1) AS ?focus) }\n"
_SERVICE = "SELECT ?focus WHERE { SERVICE <http://example.org/> { ?focus ?p ?o } }\n"


@pytest.mark.parametrize(
    ("engine", "text", "reason"),
    [  # each engine's own evaluation error, and il2kg's refusal on both
        ("rdflib", _BAD_REGEX, "the check failed to run"),
        ("oxigraph", _NO_FUNCTION, "the check failed to run"),
        ("rdflib", _SERVICE, "SERVICE is disabled"),
        ("oxigraph", _SERVICE, "SERVICE is disabled"),
    ],
)
def test_a_check_that_cannot_run_is_a_load_error_naming_it(
    tmp_root: Path, engine: str, text: str, reason: str
) -> None:
    _write_check(tmp_root, "unrunnable-violation.rq", text)
    with pytest.raises(LoadError) as caught:
        validate(load_graph(), engine=engine, workers=1)
    assert caught.value.path == "queries/checks/unrunnable-violation.rq"
    assert reason in caught.value.reason


def test_a_bad_engine_setting_is_said_as_such_not_blamed_on_a_check(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg.errors import ConfigurationError

    monkeypatch.setenv("IL2KG_QUERY_ENGINE", "bogus")
    with pytest.raises(ConfigurationError) as caught:
        validate(load_graph(), workers=1)
    assert "'bogus' (from $IL2KG_QUERY_ENGINE)" in str(caught.value)
    assert "oxigraph, rdflib" in str(caught.value)
    assert not isinstance(caught.value, LoadError)


def test_a_bad_engine_setting_on_the_command_line_is_one_line_and_exit_2(
    fixture_root: Path,
) -> None:
    from subprocesses import run_il2kg

    done = run_il2kg("validate", env={"IL2KG_QUERY_ENGINE": "bogus"}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "IL2KG_QUERY_ENGINE" in done.stderr and "bogus" in done.stderr
    assert ".rq" not in done.stderr and "Traceback" not in done.stderr


def test_a_bug_while_a_check_runs_surfaces_as_the_bug(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg.query import api

    def broken(*_args: object, **_kwargs: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'rows'")

    monkeypatch.setattr(api, "run_sparql", broken)
    with pytest.raises(AttributeError, match="no attribute 'rows'"):
        validate(load_graph(), workers=1)


def test_validation_does_not_fork_from_a_process_running_threads(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from il2kg.validation import validator

    asked: list[int] = []
    real = validator.shacl_findings

    def recording(*args: object, workers: int) -> object:
        asked.append(workers)
        return real(*args, workers=workers)  # type: ignore[arg-type]

    monkeypatch.setattr(validator, "shacl_findings", recording)
    monkeypatch.setattr(validator.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    alone = validate(load_graph())
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a Jupyter kernel, say
    threaded = validate(load_graph())
    assert asked == [4, 1]
    assert threaded.findings == alone.findings
