"""Run one query's evaluation and give it up at its deadline, releasing what it held.

Two ways, by what the engine allows:

- :func:`within_deadline` runs Python work (rdflib's engine, a remote exchange) in a worker
  thread and, at the deadline, raises :class:`~il2kg.errors.QueryTimeoutError` inside it,
  which stops Python code at its next instruction.
- :func:`in_forked_child` runs work that cannot be interrupted (pyoxigraph evaluates in Rust,
  with no way to cancel it) in a forked child process, which shares the parent's memory
  copy-on-write, sends its answer back through a pipe, and is killed at the deadline, so its
  CPU and memory are released at once whatever it was doing. Where ``fork`` is not
  available (Windows, and macOS, where forking a threaded process is unsafe) it falls back
  to the worker thread, which stops only when the engine's call returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from il2kg.errors import QueryError, QueryTimeoutError

__all__ = ["FORK_AVAILABLE", "deadline_exceeded", "in_forked_child", "within_deadline"]

_T = TypeVar("_T")

FORK_AVAILABLE = sys.platform.startswith("linux") and hasattr(os, "fork")


def deadline_exceeded(shown: str, timeout: float) -> QueryTimeoutError:
    """The error for ``shown`` (a query's name) having run past ``timeout`` seconds."""
    return QueryTimeoutError(
        f"{shown} exceeded its deadline of {timeout:g} s and was stopped; narrow it (a "
        "LIMIT, more specific patterns) or give a longer --timeout"
    )


def _stop(worker: threading.Thread) -> None:
    """Raise QueryTimeoutError inside ``worker`` at its next Python instruction."""
    if worker.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident), ctypes.py_object(QueryTimeoutError)
        )


def within_deadline(timeout: float, shown: str, work: Callable[[], _T]) -> _T:
    """Run ``work`` in a worker thread and give it up after ``timeout`` seconds.

    The caller regains control at the deadline whatever the work is doing. The worker is
    then told to stop: Python code (rdflib's engine, a socket read) stops at once; a call
    into native code stops when it returns.

    Raises:
        QueryTimeoutError: ``work`` did not finish in time.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller below, whatever it is
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="il2kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        _stop(worker)
        raise deadline_exceeded(shown, timeout)
    done, value = outcome[0]
    if done:
        return cast(_T, value)
    raise value


def in_forked_child(
    timeout: float,
    shown: str,
    work: Callable[[], _T],
    *,
    after_fork: Callable[[], None] | None = None,
) -> _T:
    """Run ``work`` in a forked child process, killed if it runs past ``timeout`` seconds.

    ``work`` must return something picklable; an exception it raises is raised here (a
    :class:`~il2kg.errors.QueryError` with its message if it cannot be pickled).
    ``after_fork`` runs in the parent as soon as the child exists (e.g. to undo what was
    set up for the child alone), before the parent waits for the answer.

    Raises:
        QueryTimeoutError: The child did not answer in time; it has been killed and reaped.
    """
    if not FORK_AVAILABLE:  # the set-up stays until the work is done
        try:
            return within_deadline(timeout, shown, work)
        finally:
            if after_fork is not None:
                after_fork()
    try:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
    except BaseException:
        if after_fork is not None:
            after_fork()
        raise
    if pid == 0:  # the child: answer, then leave without running the parent's clean-ups
        os.close(read_end)
        _answer(work, write_end)
    os.close(write_end)
    try:
        if after_fork is not None:
            after_fork()
        payload = _read_until(read_end, time.monotonic() + timeout)
    finally:
        os.close(read_end)
        _reap(pid)
    if payload is None:
        raise deadline_exceeded(shown, timeout)
    if not payload:  # killed from outside (the OOM killer), or it could not write
        raise QueryError(f"{shown}: the query's evaluation ended without an answer")
    done, value = pickle.loads(payload)  # noqa: S301 - written by our own child, through a pipe
    if done:
        return cast(_T, value)
    raise value


def _answer(work: Callable[[], Any], out: int) -> None:
    """In the child: run ``work``, write its pickled outcome to ``out`` and exit."""
    status = 0
    try:
        try:
            outcome: tuple[bool, Any] = (True, work())
        except BaseException as exc:  # sent to the parent, whatever it is
            outcome = (False, exc)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle: keep its message
            payload = pickle.dumps((False, QueryError(str(outcome[1]))))
        with os.fdopen(out, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # the parent stopped listening; nothing to tell anyone
        status = 1
    finally:
        os._exit(status)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until it is closed, or ``None`` at ``deadline``."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it still runs and collect its exit status (no zombie is left)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
