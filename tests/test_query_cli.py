"""The query commands as a user runs them: queries, query, sparql, upload."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from subprocesses import run_il2kg

from il2kg.cli.app import cli, main
from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_query
from il2kg.query.catalogue import load_catalogue

CATALOGUE = load_catalogue()
IL2RA_CELL = "il2:IL2RA (interleukin-2 receptor subunit alpha)"
IL2RG_CELL = "il2:IL2RG (interleukin-2 receptor subunit gamma)"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def il2kg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_il2kg(*args, stdin=stdin, timeout=120)


def assert_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("il2kg: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Usage:" not in err
    for fragment in fragments:
        assert fragment in err


# --- il2kg queries ---


def test_queries_lists_every_query_with_its_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["queries"], capsys)
    assert (code, err) == (0, "")
    for name, query in CATALOGUE.items():
        assert f"{name}  ({query.form})" in out
        assert query.summary in out
    assert "    chain: IRI, CURIE or label, required, default il2:IL2RG" in out
    assert "    receptor: IRI, CURIE or label, optional" in out


def test_queries_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["queries", "--format", "json"], capsys)
    listing = json.loads(out)
    assert code == 0
    assert [q["name"] for q in listing] == list(CATALOGUE)
    chains = next(q for q in listing if q["name"] == "cytokines-sharing-chain")
    assert {k: chains["parameters"][0][k] for k in ("name", "type", "required", "default")} == {
        "name": "chain",
        "type": "IRI, CURIE or label",
        "required": True,
        "default": ["https://w3id.org/il2kg/id/IL2RG"],
    }


def test_queries_ttl_is_the_catalogue_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["queries", "--format", "ttl", "--endpoint", "http://127.0.0.1:1/q"], capsys)
    graph = Graph().parse(data=out, format="turtle")
    assert code == 0
    assert len(set(graph.subjects(RDF.type, SH.SPARQLExecutable))) == len(CATALOGUE)
    assert (None, URIRef("https://schema.org/target"), URIRef("http://127.0.0.1:1/q")) in graph


def test_queries_name_shows_metadata_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    query = CATALOGUE["receptor-chains"]
    code, out, _ = run(["queries", "receptor-chains"], capsys)
    assert code == 0
    assert "name:        receptor-chains" in out
    assert f"example:     {query.example}" in out
    assert f"description: {query.description}" in out
    assert out.rstrip("\n").endswith(query.text.rstrip("\n"))
    code, out, _ = run(["queries", "receptor-chains", "--format", "json"], capsys)
    assert json.loads(out)["text"] == query.text


def test_queries_unknown_name_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert_error(*run(["queries", "receptor-chain"], capsys), "did you mean receptor-chains")


# --- il2kg query ---


def test_query_table_shows_curies_with_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["query", "cytokines-sharing-chain"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["chain", "chainLabel", "cytokine", "cytokineLabel"]
    assert set(lines[1]) <= {"-", " "}
    assert IL2RG_CELL in out
    assert "il2:IL21 (interleukin-21)" in out
    assert lines[-1] == "(6 rows)"


def test_query_parameter_by_label_and_curie(capsys: pytest.CaptureFixture[str]) -> None:
    by_label = run(["query", "therapeutics-targeting", "--param", "target=CD25"], capsys)
    by_curie = run(["query", "therapeutics-targeting", "--param", "target=il2:IL2RA"], capsys)
    assert by_label == by_curie
    assert IL2RA_CELL in by_label[1]
    assert "il2:Basiliximab (basiliximab)" in by_label[1]


def test_repeated_param_gives_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "cytokines-sharing-chain", "--format", "json"]
    both = json.loads(
        run([*argv, "--param", "chain=il2:IL2RB", "--param", "chain=il2:IL2RA"], capsys)[1]
    )
    chains = {row["chain"]["value"] for row in both["results"]["bindings"]}
    assert chains == {"https://w3id.org/il2kg/id/IL2RB", "https://w3id.org/il2kg/id/IL2RA"}
    assert len(both["results"]["bindings"]) == 3  # IL-2 and IL-15 for beta, IL-2 for alpha


def test_machine_formats_are_exactly_the_w3c_serialisations(
    capsys: pytest.CaptureFixture[str], shipped_kg: KnowledgeGraph
) -> None:
    result = run_query("receptor-chains", {"cytokine": "il2:IL2"}, kg=shipped_kg)
    argv = ["query", "receptor-chains", "--param", "cytokine=il2:IL2", "--format"]
    outputs = {fmt: run([*argv, fmt], capsys)[1] for fmt in ("json", "csv", "tsv")}
    assert outputs["json"] == result.to_json() + "\n"
    assert outputs["csv"] == result.to_csv()
    assert outputs["tsv"] == result.to_tsv()
    document = json.loads(outputs["json"])
    assert document["head"]["vars"] == list(result.variables)
    assert len(document["results"]["bindings"]) == len(result.rows) >= 3
    rows = list(csv.reader(io.StringIO(outputs["csv"], newline="")))
    assert rows[0] == list(result.variables)
    assert len(rows) == 1 + len(result.rows)
    tsv = outputs["tsv"].splitlines()
    assert tsv[0].startswith("?cytokine\t")
    assert all(line.count("\t") == len(result.variables) - 1 for line in tsv)


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["query", "receptor-chain"], ["no named query 'receptor-chain'", "receptor-chains"]),
        (["query", "find-entity"], ["parameter 'text' of find-entity is required (plain string)"]),
        (
            ["query", "receptor-chains", "--param", "colour=red"],
            ["unknown parameter 'colour'", "cytokine (IRI, CURIE or label)"],
        ),
        (
            ["query", "receptor-chains", "--param", "cytokine=xyz:IL2"],
            ["parameter 'cytokine'", "unknown prefix 'xyz'", "expected an IRI"],
        ),
        (
            ["query", "receptor-chains", "--param", "cytokine=no such thing"],
            ["parameter 'cytokine'", "nor the label of an entity"],
        ),
        (
            ["sparql", "SELECT * WHERE { ?s ?p ?_n_integer }", "--param", "n=ten"],
            ["parameter 'n' of adhoc: 'ten' is not an integer"],
        ),
        (["query", "receptor-chains", "--param", "cytokine"], ["--param", "expected KEY=VALUE"]),
        (["query", "receptor-chains", "--timeout", "0"], ["--timeout"]),
        (
            ["query", "receptor-chains", "--endpoint", "http://127.0.0.1:1/q", "--data", "x.ttl"],
            ["--data", "--endpoint"],
        ),
        (["sparql", "missing.rq"], ["missing.rq: no such file"]),
        (["upload"], ["--endpoint URL or --graph-store URL"]),
        (
            ["query", "receptor-chains", "--endpoint", "ftp://127.0.0.1/q"],
            ["'ftp://127.0.0.1/q' is not an http(s) URL"],
        ),
    ],
)
def test_errors_exit_2_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragments: list[str]
) -> None:
    assert_error(*run(argv, capsys), *fragments)


def test_syntax_error_shows_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER (?s = }"
    code, out, err = run(["sparql", text], capsys)
    assert_error(code, out, err, "line 4", "FILTER (?s = }", "SPARQL syntax error")
    assert err.count("\n") == 1


# --- il2kg sparql ---


def test_sparql_select_with_a_label_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "PREFIX il2kg: <https://w3id.org/il2kg/ontology/>\n"
        "SELECT ?receptor WHERE { ?receptor il2kg:hasChain ?_chain_iri }"
    )
    code, out, _ = run(["sparql", text, "--param", "chain=CD25"], capsys)
    assert code == 0
    assert "il2:IL2R-high (high-affinity IL-2 receptor)" in out
    assert out.splitlines()[-1] == "(2 rows)"


def test_sparql_ask_prints_true_or_false(capsys: pytest.CaptureFixture[str]) -> None:
    yes = "ASK { ?_x_iri a <https://w3id.org/il2kg/ontology/ReceptorChain> }"
    assert run(["sparql", yes, "--param", "x=il2:IL2RA"], capsys) == (0, "true\n", "")
    # An ASK answering "no" exits 1, like a check that fails.
    assert run(["sparql", yes, "--param", "x=il2:IL2"], capsys) == (1, "false\n", "")
    code, out, _ = run(["sparql", yes, "--param", "x=il2:IL2RA", "--format", "json"], capsys)
    assert (code, json.loads(out)) == (0, {"head": {}, "boolean": True})


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT { ?_x_iri ?p ?o } WHERE { ?_x_iri ?p ?o }",
        "DESCRIBE ?_x_iri WHERE { ?_x_iri ?p ?o }",
    ],
)
def test_sparql_graph_results_are_turtle(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, out, _ = run(["sparql", text, "--param", "x=il2:IL2RA", "--format", "json"], capsys)
    assert code == 0
    assert "@prefix il2: <https://w3id.org/il2kg/id/> ." in out
    graph = Graph().parse(data=out, format="turtle")
    subject = URIRef("https://w3id.org/il2kg/id/IL2RA")
    assert (subject, RDF.type, URIRef("https://w3id.org/il2kg/ontology/ReceptorChain")) in graph


def test_sparql_from_a_file_with_extra_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "extra.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/il2kg/id/Extra> rdfs:label "extra" .\n',
        encoding="utf-8",
    )
    query = tmp_path / "find.rq"
    query.write_text(
        "#+ summary: find a label\n"
        "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?_name }\n",
        encoding="utf-8",
    )
    code, out, _ = run(["sparql", str(query), "--data", str(data), "--param", "name=extra"], capsys)
    assert code == 0
    assert "il2:Extra (extra)" in out
    code, out, _ = run(["sparql", str(query), "--param", "name=extra"], capsys)
    assert out.splitlines()[-1] == "(0 rows)"


# --- with click's runner (its own standard streams), and in real processes ---


def test_query_json_through_click_s_runner() -> None:
    done = CliRunner().invoke(
        cli, ["query", "cytokines-sharing-chain", "--param", "chain=il2:IL2RB", "--format", "json"]
    )
    assert (done.exit_code, done.stderr) == (0, "")
    labels = {b["cytokineLabel"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]}
    assert labels == {"interleukin-2", "interleukin-15"}


def test_sparql_from_stdin_table() -> None:
    done = CliRunner().invoke(
        cli, ["sparql", "-", "--param", "x=CD25"], input="SELECT ?_x_iri WHERE {}"
    )
    assert (done.exit_code, done.stderr) == (0, "")
    assert IL2RA_CELL in done.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["query", "receptor-chain"], "did you mean receptor-chains"),
        (["query", "receptor-chains", "--param", "cytokine"], "expected KEY=VALUE"),
        (["sparql", "SELECT * WHERE { ?s ?p }"], "SPARQL syntax error"),
    ],
)
def test_errors_exit_2_without_traceback_through_click_s_runner(
    args: list[str], fragment: str
) -> None:
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 2, args
    assert isinstance(done.exception, SystemExit)  # not an exception that escaped main
    assert fragment in done.stderr
    assert done.stderr.startswith("il2kg: error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_subprocess_sparql_from_stdin_and_an_error_without_traceback() -> None:
    done = il2kg("sparql", "-", "--param", "x=CD25", stdin="SELECT ?_x_iri WHERE {}")
    assert (done.returncode, done.stderr) == (0, "")
    assert IL2RA_CELL in done.stdout
    done = il2kg("query", "receptor-chains", "--param", "cytokine")
    assert done.returncode == 2
    assert "expected KEY=VALUE" in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_subprocess_ask_false_exits_1() -> None:
    done = il2kg("sparql", "ASK { <urn:nothing> ?p ?o }")
    assert (done.returncode, done.stdout, done.stderr) == (1, "false\n", "")


def test_output_cut_short_by_the_reader_is_not_an_error() -> None:
    # Regression: `il2kg query ... | head` ended with a BrokenPipeError traceback.
    process = subprocess.Popen(
        [sys.executable, "-m", "il2kg", "queries", "--format", "ttl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in err


def test_help_is_fast_and_lists_the_query_commands() -> None:
    started = time.monotonic()
    done = il2kg("--help")
    assert done.returncode == 0
    for command in ("queries", "query", "sparql", "upload"):
        assert command in done.stdout
    assert time.monotonic() - started < 10
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, il2kg.cli.app; il2kg.cli.app.cli.list_commands(None); "
            "print(sorted(m for m in ('rdflib', 'SPARQLWrapper', 'pyshacl') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert check.stdout.strip() == "[]"


def test_data_before_the_query_name_keeps_the_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "empty.ttl"
    data.write_text("", encoding="utf-8")
    code, out, _ = run(["query", "--data", str(data), "cytokines-sharing-chain"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "(6 rows)"


def test_a_broken_shipped_file_is_named_with_its_line_by_the_query_command(
    tmp_root: Path, tmp_path: Path
) -> None:
    """pyoxigraph parses the data root's files for queries; on a syntax error the rdflib
    loader takes over and names the file and line, as everywhere else."""
    data = tmp_root / "graphs" / "data.ttl"
    lines = data.read_text(encoding="utf-8").count("\n")
    with data.open("a", encoding="utf-8") as handle:
        handle.write('<https://w3id.org/il2kg/id/Y> a "unterminated .\n')
    done = run_il2kg(
        "sparql",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        env={"IL2KG_DATA_ROOT": str(tmp_root), "IL2KG_CACHE_DIR": str(tmp_path)},
    )
    assert done.returncode == 2
    assert f"graphs/data.ttl, line {lines + 1}: bad syntax" in done.stderr
    assert "Traceback" not in done.stderr
