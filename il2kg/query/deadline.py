"""Run one query's evaluation and give it up at its deadline, releasing what it held.

Two ways, by what the engine allows:

- :func:`within_deadline` runs Python work (rdflib's engine, a remote exchange) in a worker
  thread and, at the deadline, raises :class:`~il2kg.errors.QueryTimeoutError` inside it,
  which stops Python code at its next instruction.
- :class:`ForkedWorker` keeps one such child alive to answer many calls (a query store's:
  the child holds a copy-on-write copy of the store), killed at a call's deadline and forked
  again for the next call, so that a query pays a pipe round trip, not a fork.
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
import functools
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from il2kg.errors import QueryError, QueryTimeoutError

__all__ = [
    "FORK_AVAILABLE",
    "ForkedWorker",
    "deadline_exceeded",
    "in_forked_child",
    "within_deadline",
]

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
        _die_with_parent()
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


def _pickled_outcome(work: Callable[[], Any]) -> bytes:
    """``(True, work())`` or ``(False, the exception it raised)``, pickled for the parent."""
    try:
        outcome: tuple[bool, Any] = (True, work())
    except BaseException as exc:  # sent to the parent, whatever it is
        outcome = (False, exc)
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle: keep its message
        return pickle.dumps((False, QueryError(str(outcome[1]))))


def _answer(work: Callable[[], Any], out: int) -> None:
    """In the child: run ``work``, write its pickled outcome to ``out`` and exit."""
    status = 0
    try:
        payload = _pickled_outcome(work)
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


_LENGTH = struct.Struct("!Q")


class ForkedWorker:
    """A forked child process that answers ``handler(request)`` calls, one at a time.

    The child is forked on the first call and shares the parent's memory as it was then
    (copy-on-write): whatever ``handler`` reads must not change in the parent afterwards.
    Requests and answers are pickled through two pipes. A call that runs past its deadline
    has the child killed and reaped (its CPU and memory released at once); the next call
    forks a new one. The child ends when the worker is closed or garbage-collected, or when
    the parent exits (it then reads the end of its request pipe). Without ``fork`` (see
    :data:`FORK_AVAILABLE`) each call runs in a worker thread (:func:`within_deadline`).
    """

    def __init__(self, handler: Callable[[Any], Any]) -> None:
        """Answer calls with ``handler`` (run in the child)."""
        self._handler = handler
        self._lock = threading.Lock()
        self._child: tuple[int, int, int] | None = None  # pid, request fd, answer fd
        self._finalizer: weakref.finalize[Any, ForkedWorker] | None = None

    def call(self, request: Any, timeout: float, shown: str) -> Any:
        """Send ``request``, wait at most ``timeout`` seconds for the answer and return it.

        Raises:
            QueryTimeoutError: No answer in time; the child has been killed and reaped.
            QueryError: The child ended without answering (killed from outside).
            Exception: Whatever ``handler`` raised, raised here.
        """
        if not FORK_AVAILABLE:
            return within_deadline(timeout, shown, lambda: self._handler(request))
        with self._lock:
            if self._child is None:
                self._start()
            assert self._child is not None  # noqa: S101 - _start sets it
            _, requests, answers = self._child
            try:
                _write_message(requests, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
                payload = _read_message(answers, time.monotonic() + timeout)
            except OSError:  # the child is gone: its pipe is closed
                payload = b""
            if payload is None or not payload:
                self.close()
                if payload is None:
                    raise deadline_exceeded(shown, timeout)
                raise QueryError(f"{shown}: the query's evaluation ended without an answer")
        done, value = pickle.loads(payload)  # noqa: S301 - written by our own child, through a pipe
        if done:
            return value
        raise value

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: serve until the request pipe closes, then leave at once
            for fd in (request_write, answer_read, *_PARENT_ENDS):  # other workers' pipes too
                with contextlib.suppress(OSError):
                    os.close(fd)
            _die_with_parent()
            _serve(self._handler, request_read, answer_write)
        os.close(request_read)
        os.close(answer_write)
        _PARENT_ENDS.update((request_write, answer_read))
        self._child = (pid, request_write, answer_read)
        self._finalizer = weakref.finalize(self, _stop_child, pid, request_write, answer_read)

    def close(self) -> None:
        """Stop the child, if there is one (the next call starts another)."""
        if self._finalizer is not None:
            self._finalizer()
        self._child = self._finalizer = None


# The parent's ends of every worker's pipes, closed in each new child so that a worker sees
# its request pipe end (and exits) as soon as its own parent closes it.
_PARENT_ENDS: set[int] = set()


def _die_with_parent() -> None:
    """In a child: be killed when the parent dies, whatever the child is doing (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call took effect
            os._exit(1)


def _stop_child(pid: int, requests: int, answers: int) -> None:
    _PARENT_ENDS.difference_update((requests, answers))
    for fd in (requests, answers):
        with contextlib.suppress(OSError):
            os.close(fd)
    _reap(pid)


def _serve(handler: Callable[[Any], Any], requests: int, answers: int) -> None:
    """In the child: answer each request until the parent closes the pipe, then exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    status = 0
    try:
        while (payload := _read_message(requests, None)) is not None and payload:
            request = pickle.loads(payload)  # noqa: S301 - written by our own parent
            _write_message(answers, _pickled_outcome(functools.partial(handler, request)))
    except BaseException:  # the parent stopped listening; nothing to tell anyone
        status = 1
    finally:
        os._exit(status)


def _write_message(fd: int, payload: bytes) -> None:
    data = memoryview(_LENGTH.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_message(fd: int, deadline: float | None) -> bytes | None:
    """One length-prefixed message; ``b""`` if the pipe closed, ``None`` at ``deadline``."""
    header = _read_exactly(fd, _LENGTH.size, deadline)
    if not header:
        return header
    (length,) = _LENGTH.unpack(header)
    body = _read_exactly(fd, length, deadline)
    return body if body is None or len(body) == length else b""


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    remaining_bytes = count
    while remaining_bytes:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, min(remaining_bytes, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        remaining_bytes -= len(chunk)
    return b"".join(chunks)
