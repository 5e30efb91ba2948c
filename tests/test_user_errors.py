"""User mistakes end in one clear line and exit 2, never a traceback (issue 11).

Endpoint URLs that cannot be used, an endpoint's HTML error page, SPARQL updates, an empty
required parameter and a partial label each get a message that names what is wrong and what to
do.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import serve_on_loopback

from il2kg.cli.app import main

EXIT_UNUSABLE = 2
ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>501 Not Implemented</title></head>\n<body>\n"
    b"<h1>Not Implemented</h1>\n<p>The server does not support the action requested.</p>\n"
    b"</body></html>\n"
)


class _NotImplemented(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.send_response(501)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(ERROR_PAGE)))
        self.end_headers()
        self.wfile.write(ERROR_PAGE)

    do_GET = _answer  # noqa: N815 - the names http.server calls
    do_POST = _answer  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def error_page_server() -> Iterator[str]:
    with serve_on_loopback(_NotImplemented) as url:
        yield url


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("il2kg: error: "), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://[::1", "is not a valid URL: Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/sparql", "port 99999 is out of range (1-65535)"),
        ("http://127.0.0.1:0/sparql", "port 0 is out of range"),
        ("http:///sparql", "names no host"),
        ("ftp://example.org/sparql", "is not an http(s) URL"),
    ],
)
def test_an_unusable_endpoint_url_is_named_in_one_line(
    url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "graph-statistics", "--endpoint", url]) == EXIT_UNUSABLE
    err = _one_error_line(capsys)
    assert said in err and url in err


def test_an_endpoint_error_page_becomes_its_status_and_one_line_of_text(
    error_page_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", error_page_server])
    assert code == EXIT_UNUSABLE
    err = _one_error_line(capsys)
    assert "501" in err and "Not Implemented" in err
    assert "<" not in err and "DOCTYPE" not in err


@pytest.mark.parametrize(
    "update",
    ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "CLEAR DEFAULT", "LOAD <urn:x>"],
)
@pytest.mark.parametrize("where", ["embedded", "endpoint"])
def test_updates_are_refused_as_read_only(
    update: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--endpoint", "http://127.0.0.1:9/sparql"] if where == "endpoint" else []
    assert main(["sparql", update, *extra]) == EXIT_UNUSABLE
    err = _one_error_line(capsys)
    assert "updates" in err and "read-only" in err and "syntax error" not in err


def test_a_query_with_a_typo_is_still_a_syntax_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "SELEC * WHERE { ?s ?p ?o }"]) == EXIT_UNUSABLE
    assert "SPARQL syntax error" in _one_error_line(capsys)


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_required_parameter_is_refused(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "find-entity", "--param", f"text={value}"]) == EXIT_UNUSABLE
    err = _one_error_line(capsys)
    assert "'text'" in err and "empty value" in err


def test_a_partial_label_lists_the_entities_it_could_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["query", "cytokines-sharing-chain", "--param", "chain=receptor subunit beta"])
    assert code == EXIT_UNUSABLE
    err = _one_error_line(capsys)
    assert "'chain'" in err and "not the full name" in err
    assert "il2:IL2RB (interleukin-2 receptor subunit beta)" in err
    assert main(["query", "cytokines-sharing-chain", "--param", "chain=zzzqq"]) == EXIT_UNUSABLE
    assert "nor the label of an entity" in _one_error_line(capsys)


def test_an_invalid_iri_in_user_data_is_named_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "b.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/ok> rdfs:label "fine" .\n'
        '<a b> rdfs:label "x" .\n',
        encoding="utf-8",
    )
    assert main(["validate", "--data", str(data)]) == EXIT_UNUSABLE
    err = _one_error_line(capsys)  # no rdflib warning beside it, no shipped check blamed
    assert "b.ttl, line 3" in err and "<a b> is not a valid IRI" in err


def test_rdf_xml_in_an_xml_file_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "extra.xml"
    data.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="https://example.org/x"><rdfs:label>x</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n",
        encoding="utf-8",
    )
    assert main(["sparql", "ASK { <https://example.org/x> ?p ?o }", "--data", str(data)]) == 0
    assert "true" in capsys.readouterr().out.lower()


def test_validate_reports_an_inconsistent_graph_as_reason_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "reasoning" / "inconsistent.ttl"
    assert main(["validate", "--data", str(fixture)]) == 1
    out = capsys.readouterr().out
    assert "INCONSISTENT:" in out and "- disjoint classes:" in out
    assert "- member of owl:Nothing:" in out
