"""Same answers on the embedded graph and on a real SPARQL endpoint (Oxigraph on loopback).

The session fixture starts the ``oxigraph`` binary (from the ``oxigraph`` package of the
``test`` extra) on a free port of 127.0.0.1, uploads the shipped graph with
:func:`il2kg.release.upload.upload_graph` (one named graph per file; the server runs with
``--union-default-graph``) and stops it at the end. It never skips: without the binary the
tests fail with a message saying how to install it.
"""

from __future__ import annotations

import base64
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RecordingServer
from query_cases import CASES, CATALOGUE, rows_of, triples_of
from rdflib import Literal, URIRef, Variable
from rdflib.term import Node

from il2kg.cli.app import main
from il2kg.errors import EndpointError
from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_query, run_sparql
from il2kg.query.engines.remote import POST_THRESHOLD, query_endpoint
from il2kg.reasoning.closure import INFERRED_GRAPH, compute_closure
from il2kg.release.upload import store_url_for, upload_graph

START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail(
            "the oxigraph server binary is not installed; install the test extra "
            "(pip install -e '.[test]'), which brings the 'oxigraph' package"
        )
    return found


@dataclass(frozen=True)
class Oxigraph:
    query: str
    store: str
    process: subprocess.Popen[bytes]


def _answers(url: str) -> bool:
    probe = f"{url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    try:
        with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """A fresh Oxigraph server on a free loopback port, for the whole session."""
    binary = _oxigraph_binary()
    location = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = (location.parent / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(f"{base}/query"):
            if process.poll() is not None:
                pytest.fail(f"oxigraph exited with {process.returncode}; see {log.name}")
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not answer on {base} within {START_TIMEOUT:g} s")
            time.sleep(0.1)
        yield Oxigraph(f"{base}/query", f"{base}/store", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def loaded(oxigraph: Oxigraph, shipped_kg: KnowledgeGraph) -> Oxigraph:
    """The server with the shipped graph uploaded."""
    upload_graph(shipped_kg, oxigraph.store, timeout=30)
    return oxigraph


# --- comparing answers: see query_cases.py ---


def test_every_named_query_is_compared() -> None:
    names = {name for name, _, _ in CASES}
    assert names == set(CATALOGUE)
    with_parameters = [q for q in CATALOGUE.values() if q.parameters]
    assert with_parameters, "no query has parameters: the second-value runs test nothing"
    for query in with_parameters:
        labels = [label for name, label, _ in CASES if name == query.name]
        assert len(labels) >= 3, f"{query.name}: no second value found for any parameter"


@pytest.mark.parametrize(
    ("name", "label", "params"), CASES, ids=[f"{n}[{lab}]" for n, lab, _ in CASES]
)
def test_same_answers_local_and_remote(
    loaded: Oxigraph,
    shipped_kg: KnowledgeGraph,
    name: str,
    label: str,
    params: dict[str, list[str]],
) -> None:
    local = run_query(name, params, kg=shipped_kg, catalogue=CATALOGUE)
    remote = run_query(name, params, endpoint=loaded.query, catalogue=CATALOGUE, timeout=30)
    assert local.form == remote.form
    assert local.variables == remote.variables
    assert rows_of(local) == rows_of(remote)
    if label == "defaults":
        assert local.rows, f"{name} with its defaults returns nothing: a vacuous comparison"


def test_upload_puts_one_named_graph_per_file(loaded: Oxigraph, shipped_kg: KnowledgeGraph) -> None:
    counts = run_sparql(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        endpoint=loaded.query,
    )
    on_server = {str(g): int(n.toPython()) for g, n in counts.rows}  # type: ignore[union-attr]
    inferred = compute_closure(shipped_kg).inferred
    expected = {source.graph_iri: source.triples for source in shipped_kg.files}
    assert on_server == {**expected, str(INFERRED_GRAPH): len(inferred)}
    # A second upload replaces each graph rather than adding to it.
    again = upload_graph(shipped_kg, loaded.store, timeout=30)
    assert again == [*expected.items(), (str(INFERRED_GRAPH), len(inferred))]
    total = run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=loaded.query)
    assert total.rows[0][0] == Literal(len(shipped_kg.union()) + len(inferred))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ASK { ?_x_iri a <https://w3id.org/il2kg/ontology/ReceptorChain> }", True),
        ("ASK { ?_x_iri a <https://w3id.org/il2kg/ontology/Cytokine> }", False),
    ],
)
def test_adhoc_ask_on_both(
    loaded: Oxigraph, shipped_kg: KnowledgeGraph, text: str, answer: bool
) -> None:
    bindings: dict[Variable, list[Node]] = {
        Variable("_x_iri"): [URIRef("https://w3id.org/il2kg/id/IL2RA")]
    }
    local = run_sparql(text, bindings=bindings, kg=shipped_kg)
    remote = run_sparql(text, bindings=bindings, endpoint=loaded.query)
    assert local.boolean is remote.boolean is answer


def test_adhoc_construct_on_both(loaded: Oxigraph, shipped_kg: KnowledgeGraph) -> None:
    text = (
        "PREFIX il2kg: <https://w3id.org/il2kg/ontology/>\n"
        "CONSTRUCT { ?receptor il2kg:hasChain ?chain . ?chain ?p ?o }\n"
        "WHERE { ?receptor il2kg:hasChain ?chain . ?chain ?p ?o . FILTER (!isBlank(?o)) }"
    )
    local = run_sparql(text, kg=shipped_kg)
    remote = run_sparql(text, endpoint=loaded.query)
    assert local.form == remote.form == "CONSTRUCT"
    assert len(local) > 10
    assert triples_of(local) == triples_of(remote)


def test_cli_query_on_the_endpoint_shows_curies_with_labels(
    loaded: Oxigraph, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", "cytokines-sharing-chain", "--endpoint", loaded.query])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "il2:IL2RG (interleukin-2 receptor subunit gamma)" in out
    assert "il2:IL15 (interleukin-15)" in out


def test_cli_upload(oxigraph: Oxigraph, capsys: pytest.CaptureFixture[str]) -> None:
    assert store_url_for(oxigraph.query) == oxigraph.store
    code = main(["upload", "--endpoint", oxigraph.query, "--timeout", "30"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].endswith(f"named graphs to {oxigraph.store}")


# --- errors ---


def test_unreachable_endpoint_names_the_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    with pytest.raises(EndpointError, match=rf"cannot reach {re.escape(url)}: .*refused"):
        run_sparql("ASK { ?s ?p ?o }", endpoint=url, timeout=5)
    with pytest.raises(EndpointError, match=rf"cannot reach {re.escape(url)}"):
        query_endpoint(url, "SELECT * WHERE { ?s ?p ?o }", timeout=5)


def test_unreachable_store_names_the_url(shipped_kg: KnowledgeGraph) -> None:
    store = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(EndpointError, match=rf"^cannot reach {re.escape(store)}: "):
        upload_graph(shipped_kg, store, timeout=5)


def test_unreachable_endpoint_via_the_cli_exits_2_without_traceback() -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    done = subprocess.run(
        [sys.executable, "-m", "il2kg", "query", "receptor-chains", "--endpoint", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"il2kg: error: cannot reach {url}: ")
    assert "Traceback" not in done.stderr


def test_query_the_server_refuses_is_an_endpoint_error(loaded: Oxigraph) -> None:
    # rdflib accepts this (it projects an ungrouped variable); Oxigraph answers HTTP 400.
    with pytest.raises(EndpointError, match=rf"^{re.escape(loaded.query)} refused the query: "):
        run_sparql("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p", endpoint=loaded.query)


def test_http_error_is_an_endpoint_error(recording_server: RecordingServer) -> None:
    recording_server.status = 500
    with pytest.raises(EndpointError, match=re.escape(recording_server.url)):
        run_sparql("SELECT * WHERE { ?s ?p ?o }", endpoint=recording_server.url)


# --- the request itself: method, User-Agent, credentials (a recording server) ---


def test_short_query_uses_get_and_long_query_uses_post(recording_server: RecordingServer) -> None:
    short = "SELECT ?s WHERE { ?s ?p ?o }"
    long = "# " + "padding " * (POST_THRESHOLD // 8 + 10) + "\n" + short
    for text in (short, long):
        result = run_sparql(text, endpoint=recording_server.url)
        assert result.rows == ((URIRef("urn:recorded"),),)
    first, second = recording_server.requests
    assert first.method == "GET"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(first.path).query)["query"] == [short]
    assert second.method == "POST"
    assert urllib.parse.parse_qs(second.body.decode())["query"] == [long]
    for request in (first, second):
        assert re.match(r"il2kg/\S+ ", request.headers["User-Agent"])


def test_comment_words_do_not_turn_a_query_into_an_update(
    recording_server: RecordingServer,
) -> None:
    # Regression: SPARQLWrapper read "added" in the header comments as the update ADD and
    # sent the named query clinical-studies as update=... (Oxigraph answered 400).
    text = "#+ summary: a\n#+ description: b\n#+   c\n#+   the therapy it was added to\n"
    run_sparql(text + "SELECT ?s WHERE { ?s ?p ?o }", endpoint=recording_server.url)
    (request,) = recording_server.requests
    sent = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query or request.body.decode())
    assert set(sent) == {"query"}


def _environment(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IL2KG_ENDPOINT_USER", "reader")
    monkeypatch.setenv("IL2KG_ENDPOINT_PASSWORD", "s3cret")
    monkeypatch.setenv("IL2KG_ENDPOINT_HEADERS", "X-Api-Key: abc123\nX-Team: il2")
    return "Basic " + base64.b64encode(b"reader:s3cret").decode()


def test_env_credentials_and_headers_reach_the_endpoint(
    recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    basic = _environment(monkeypatch)
    run_sparql("SELECT ?s WHERE { ?s ?p ?o }", endpoint=recording_server.url)
    (request,) = recording_server.requests
    # SPARQLWrapper sends Basic credentials unasked (no 401 round trip).
    assert request.headers["Authorization"] == basic
    assert request.headers["X-Api-Key"] == "abc123"
    assert request.headers["X-Team"] == "il2"


def test_upload_sends_ntriples_with_credentials(
    recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from il2kg.graph import load_graph

    data = tmp_path / "tiny.ttl"
    data.write_text('<urn:a> <urn:p> "x" .\n<urn:a> <urn:p> "y" .\n', encoding="utf-8")
    kg = load_graph([data], shipped=False)
    basic = _environment(monkeypatch)
    store = recording_server.url.replace("/sparql", "/store")
    assert upload_graph(kg, store, reasoning=False) == [(data.resolve().as_uri(), 2)]
    (request,) = recording_server.requests
    assert request.method == "PUT"
    graph = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)["graph"]
    assert graph == [data.resolve().as_uri()]
    assert request.headers["Content-Type"].startswith("application/n-triples")
    assert request.headers["Authorization"] == basic
    assert request.headers["X-Api-Key"] == "abc123"
    assert request.headers["User-Agent"].startswith("il2kg/")
    assert sorted(request.body.decode().splitlines()) == [
        '<urn:a> <urn:p> "x" .',
        '<urn:a> <urn:p> "y" .',
    ]
