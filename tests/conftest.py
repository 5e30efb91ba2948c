"""Shared fixtures.

The library's tests run against the small package under ``tests/fixtures/package``
(an ontology, shapes, checks and data laid out like the real data root), not against
the shipped data: a test opts in with the ``fixture_root`` fixture, which points
``IL2KG_DATA_ROOT`` at it. Tests of the real data simply do not use that fixture.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from il2kg.config import DATA_ROOT_ENV
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.query import engines
from il2kg.query.api import reasoned_graph

FIXTURE_ROOT = Path(__file__).parent / "fixtures" / "package"


@pytest.fixture
def fixture_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the fixture package as the data root for this test."""
    monkeypatch.setenv(DATA_ROOT_ENV, str(FIXTURE_ROOT))
    return FIXTURE_ROOT


@pytest.fixture
def tmp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use a writable copy of the fixture package (without its user files) as data root."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURE_ROOT, root, ignore=shutil.ignore_patterns("user"))
    monkeypatch.setenv(DATA_ROOT_ENV, str(root))
    return root


# --- The shipped graph, and a recording HTTP server on loopback. ---


#: A fixed SPARQL JSON answer: one row, ?s = <urn:recorded>.
RECORDED_ANSWER = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": "urn:recorded"}}]},
}


@pytest.fixture(scope="session")
def shipped_kg() -> KnowledgeGraph:
    """The shipped ontology and data, loaded once (treat as read-only)."""
    return load_graph()


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingServer:
    """An HTTP server on 127.0.0.1 that records every request and answers RECORDED_ANSWER.

    Set ``status`` to make it answer with an HTTP error instead.
    """

    url: str
    requests: list[RecordedRequest] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    """Start a recording server on a free loopback port for one test."""
    server_state = RecordingServer(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server_state.requests.append(
                RecordedRequest(self.command, self.path, dict(self.headers.items()), body)
            )
            payload = json.dumps(RECORDED_ANSWER).encode()
            if server_state.status != 200:
                payload = b"recording server says no"
            self.send_response(server_state.status)
            self.send_header(
                "Content-Type",
                "application/sparql-results+json" if server_state.status == 200 else "text/plain",
            )
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer  # noqa: N815 - http.server's naming

        def log_message(self, format: str, *args: object) -> None:
            return

    with serve_on_loopback(Handler) as url:
        server_state.url = url
        yield server_state


@contextlib.contextmanager
def serve_on_loopback(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1 in a thread; yield its /sparql URL.

    The server stops when the block ends, even while a handler is still answering.
    """
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- The shipped graph with its closure on both engine pairs (competency and regression tests). ---


def shared_closure_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One closure cache for the whole test run, shared by the pytest-xdist workers.

    Entries are keyed by the content of every input, so sharing them is safe; a closure
    (owlrl's takes about 10 s) is then computed once per run, not once per module.
    """
    folder = tmp_path_factory.getbasetemp().parent / "shared-closure-cache"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


#: Engine pair name -> (query engine, reasoner): the fast path and the reference path.
ENGINE_PAIRS = {
    "oxigraph+reasonable": ("oxigraph", "reasonable"),
    "rdflib+owlrl": ("rdflib", "owlrl"),
}


@pytest.fixture(scope="session")
def reasoned_pairs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, KnowledgeGraph]]:
    """The shipped graph loaded once per engine pair, each closed by its own reasoner."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(shared_closure_cache(tmp_path_factory)))
        fast, reference = load_graph(), load_graph()
        patch.setenv("IL2KG_REASONER", "owlrl")
        reasoned_graph(reference)
        patch.setenv("IL2KG_REASONER", "reasonable")
        engines.local_store(fast, reasoning=True)
        yield {"oxigraph+reasonable": fast, "rdflib+owlrl": reference}
