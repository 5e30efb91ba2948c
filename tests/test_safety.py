"""The embedded engine stays inside the graph: SERVICE and FROM are refused, nothing is sent.

A recording HTTP server on loopback stands for "outside": every test checks that it
received nothing while the refused query ran.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from conftest import RecordingServer
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from il2kg.cli.app import main
from il2kg.errors import QueryError
from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_sparql
from il2kg.query.safety import no_outside_access


def _service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?v }} }} }}",
        f"ASK {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1 }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_and_nothing_is_sent(
    recording_server: RecordingServer, shipped_kg: KnowledgeGraph
) -> None:
    for text in _service_queries(recording_server.url):
        with pytest.raises(QueryError, match="SERVICE is disabled on the embedded graph"):
            run_sparql(text, kg=shipped_kg)
    assert recording_server.requests == []


@pytest.mark.parametrize(
    "clause",
    [
        "FROM <file:///etc/passwd>",
        "FROM NAMED <file:///etc/passwd>",
        "FROM <{url}/data.ttl>",
    ],
)
def test_from_is_refused_and_nothing_is_read(
    recording_server: RecordingServer, shipped_kg: KnowledgeGraph, clause: str
) -> None:
    text = f"SELECT * {clause.format(url=recording_server.url)} WHERE {{ ?s ?p ?o }}"
    with pytest.raises(QueryError, match="FROM and FROM NAMED are disabled"):
        run_sparql(text, kg=shipped_kg)
    assert recording_server.requests == []


@pytest.mark.parametrize("kind", ["SERVICE", "FROM"])
def test_refusals_via_the_cli_exit_2(
    recording_server: RecordingServer, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    text = (
        _service_queries(recording_server.url)[0]
        if kind == "SERVICE"
        else "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
    )
    code = main(["sparql", text])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("il2kg: error: query: ")
    assert kind in err
    assert "Traceback" not in err
    assert recording_server.requests == []


def test_service_refused_in_a_real_process(recording_server: RecordingServer) -> None:
    text = _service_queries(recording_server.url)[0]
    done = subprocess.run(
        [sys.executable, "-m", "il2kg", "sparql", text],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "SERVICE is disabled" in done.stderr
    assert "Traceback" not in done.stderr
    assert recording_server.requests == []


def test_audit_hook_refuses_direct_urlopen_inside_the_block(
    recording_server: RecordingServer,
) -> None:
    with no_outside_access(), pytest.raises(QueryError, match="tried to reach outside"):
        urllib.request.urlopen(recording_server.url, timeout=5)  # noqa: S310 - loopback
    with no_outside_access(), pytest.raises(QueryError, match="tried to reach outside"):
        socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(recording_server.url).port))
    assert recording_server.requests == []
    # Outside the block the same call goes through: the guard is scoped, not global.
    with urllib.request.urlopen(recording_server.url, timeout=5) as response:  # noqa: S310
        assert response.status == 200
    assert len(recording_server.requests) == 1


def test_audit_hook_stops_rdflib_if_a_service_query_got_past_the_check(
    recording_server: RecordingServer,
) -> None:
    # The second line of defence: a SERVICE query prepared without il2kg's check.
    prepared = prepareQuery(f"SELECT * WHERE {{ SERVICE <{recording_server.url}> {{ ?s ?p ?o }} }}")
    with no_outside_access(), pytest.raises(QueryError, match="tried to reach outside"):
        list(Graph().query(prepared))
    assert recording_server.requests == []
