"""Every query ends on time: the embedded engines and endpoints have a deadline (issue 11).

The endless queries run in a child process (a query given up at its deadline keeps its worker
thread until the process exits, which the command line does at once). Each command is timed
against the same command answering a trivial query, so that start-up is not counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import serve_on_loopback

from il2kg.errors import QueryError, QueryTimeoutError
from il2kg.query.deadline import FORK_AVAILABLE, in_forked_child, within_deadline

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEADLINE = 2.0


def _timed(*argv: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "il2kg", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return time.monotonic() - start, done


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_endless_local_query_is_stopped_at_its_deadline(engine: str) -> None:
    options = ["--engine", engine, "--timeout", f"{DEADLINE:g}"]
    baseline, quick = _timed("sparql", *options, "ASK { ?s ?p ?o }")
    assert quick.returncode == 0, quick.stderr
    elapsed, done = _timed("sparql", *options, ENDLESS)
    assert done.returncode == 2
    assert done.stderr == (
        f"il2kg: error: query exceeded its deadline of {DEADLINE:g} s and was stopped; narrow it "
        "(a LIMIT, more specific patterns) or give a longer --timeout\n"
    )
    assert elapsed < baseline + DEADLINE + 1.0, (elapsed, baseline)


class _Trickle(BaseHTTPRequestHandler):
    """Sends its headers, then one byte every half second for as long as it is read."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:  # the client gave up
            return

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def trickling_endpoint() -> Iterator[str]:
    with serve_on_loopback(_Trickle) as url:
        yield url


def test_a_trickling_endpoint_is_given_up_at_the_deadline(trickling_endpoint: str) -> None:
    baseline, quick = _timed("sparql", "--timeout", f"{DEADLINE:g}", "ASK { ?s ?p ?o }")
    assert quick.returncode == 0, quick.stderr
    elapsed, done = _timed(
        "sparql", "--endpoint", trickling_endpoint, "--timeout", f"{DEADLINE:g}", ENDLESS
    )
    assert done.returncode == 2
    assert "exceeded its deadline of 2 s" in done.stderr and done.stderr.count("\n") == 1
    assert elapsed < baseline + DEADLINE + 1.0, (elapsed, baseline)


def test_the_library_gets_the_error_at_the_deadline() -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"exceeded its deadline of 0\.3 s"):
        within_deadline(0.3, "query", lambda: time.sleep(1.5))
    assert time.monotonic() - start < 1.0
    assert within_deadline(5, "query", lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        within_deadline(5, "query", lambda: 1 // 0)


def test_a_library_query_on_rdflib_is_stopped_at_the_deadline() -> None:
    from il2kg.query.api import run_sparql

    with pytest.raises(QueryTimeoutError):
        run_sparql(ENDLESS, engine="rdflib", reasoning=False, timeout=1)
    for _ in range(50):  # the worker is told to stop and ends, its resources released
        if not [t for t in threading.enumerate() if t.name == "il2kg-query"]:
            break
        time.sleep(0.1)
    assert not [t for t in threading.enumerate() if t.name == "il2kg-query"]


def _children() -> set[int]:
    """The pids of this process's children, live or not yet reaped (from /proc)."""
    path = f"/proc/self/task/{threading.get_native_id()}/children"
    with open(path) as listing:
        return {int(pid) for pid in listing.read().split()}


@pytest.mark.skipif(not FORK_AVAILABLE, reason="the forked runner needs Linux's fork")
def test_a_forked_evaluation_is_killed_and_reaped_at_the_deadline() -> None:
    before = _children()
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"exceeded its deadline of 0\.5 s"):
        in_forked_child(0.5, "query", lambda: time.sleep(30))
    assert time.monotonic() - start < 1.5
    assert _children() == before  # killed and waited for: no process, no zombie left
    assert in_forked_child(5, "query", lambda: {"answer": 42}) == {"answer": 42}
    with pytest.raises(ZeroDivisionError):
        in_forked_child(5, "query", lambda: 1 // 0)
    with pytest.raises(QueryError, match="without an answer"):  # a child that dies silently
        in_forked_child(5, "query", lambda: os._exit(0))
    assert _children() == before


@pytest.mark.skipif(not FORK_AVAILABLE, reason="the worker is a forked child")
def test_a_forked_worker_answers_many_calls_and_is_replaced_after_a_deadline() -> None:
    from il2kg.query.deadline import ForkedWorker

    def handler(request: object) -> object:
        if request == "sleep":
            time.sleep(30)
        if request == "fail":
            raise ZeroDivisionError("as asked")
        return (request, os.getpid())

    before = _children()
    worker = ForkedWorker(handler)
    first, second = worker.call("a", 5, "query"), worker.call("b", 5, "query")
    assert first[0] == "a" and second[0] == "b"
    assert first[1] == second[1] != os.getpid()  # one child answered both
    with pytest.raises(ZeroDivisionError, match="as asked"):
        worker.call("fail", 5, "query")
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"exceeded its deadline of 0\.5 s"):
        worker.call("sleep", 0.5, "query")
    assert time.monotonic() - start < 1.5
    assert _children() == before  # killed and reaped
    third = worker.call("c", 5, "query")
    assert third[0] == "c" and third[1] != first[1]  # a new child
    worker.close()
    assert _children() == before


def test_the_set_up_for_the_child_is_undone_whatever_happens() -> None:
    undone: list[str] = []
    assert in_forked_child(5, "query", lambda: 1, after_fork=lambda: undone.append("ok")) == 1
    with pytest.raises(QueryTimeoutError):
        in_forked_child(0.2, "query", lambda: time.sleep(5), after_fork=lambda: undone.append("x"))
    assert undone == ["ok", "x"]


@pytest.mark.skipif(not FORK_AVAILABLE, reason="pyoxigraph is stopped by killing a forked child")
def test_a_library_query_on_oxigraph_is_stopped_and_its_store_released() -> None:
    from il2kg.query.api import run_query, run_sparql

    run_sparql("ASK { ?s ?p ?o }", engine="oxigraph", reasoning=False)  # the store is built
    before = _children()
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        run_sparql(ENDLESS, engine="oxigraph", reasoning=False, timeout=1)
    assert time.monotonic() - start < 2.0
    after = _children()
    assert not after - before  # the evaluation ran in the store's worker, now killed and reaped
    assert before - after
    cpu = time.process_time()  # nothing goes on computing the abandoned query
    time.sleep(1.0)
    assert time.process_time() - cpu < 0.3
    # the store is free again at once: a parameterised query (which takes its lock) answers
    answer = run_query(
        "cytokines-sharing-chain", {"chain": "il2:IL2RB"}, engine="oxigraph", timeout=10
    )
    assert len(answer.rows) >= 2


_ORPHAN = """
import os, signal, threading, time
from il2kg.query.deadline import ForkedWorker
worker = ForkedWorker(lambda request: time.sleep(60) if request == "sleep" else os.getpid())
print(worker.call("pid", 5, "query"), flush=True)
threading.Thread(target=worker.call, args=("sleep", 120, "query"), daemon=True).start()
time.sleep(0.5)  # the worker is busy now
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not FORK_AVAILABLE, reason="the worker is a forked child")
def test_a_busy_worker_does_not_outlive_its_parent() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN], capture_output=True, text=True, timeout=60, check=False
    )
    child = int(done.stdout.split()[0])
    for _ in range(50):
        if not os.path.exists(f"/proc/{child}"):
            break
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{child}")
