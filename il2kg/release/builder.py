"""The release build: load, validate, reason, check consistency, then write every artifact.

:func:`build` validates, reasons, checks consistency and writes the artifacts, and
raises :class:`BuildError` for the first stage that fails (validation before consistency
before writing). Validation, the slowest stage, runs in a forked child process while the
parent reasons and writes, so that the two cores work at once; where ``fork`` is not
available the stages run one after the other. The artifacts are written to a fresh
directory beside the output directory and swapped in only when every one is written and
validation has passed, so a failed build leaves the previous ``dist/`` exactly as it was.

Artifacts (``dist/``):

* ``il2kg.ttl .nt .nq .trig .jsonld .rdf`` - ontology and data, as asserted;
* ``il2kg-inferred.ttl .nt .nq .trig .jsonld .rdf`` - the same with the OWL 2 RL closure
  (quad formats keep the inferred triples in their own named graph);
* ``il2kg-external.ttl`` - with entities renamed to their canonical external IRIs;
* ``context.jsonld`` - the JSON-LD context the ``.jsonld`` files use;
* ``il2kg.sssom.tsv`` - every external mapping, SSSOM;
* ``queries.ttl`` - the named-query catalogue (SIB sparql-examples form);
* ``void.ttl`` - a VoID description of the dataset;
* ``docs/index.html`` - HTML documentation of the ontology;
* ``manifest.json`` - each file's size and SHA-256, and the build's figures.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from il2kg._version import __version__
from il2kg.config import data_root
from il2kg.errors import BuildError, Il2kgError
from il2kg.files import apply_umask
from il2kg.graph import KnowledgeGraph

if TYPE_CHECKING:
    from il2kg.validation.report import ValidationReport

__all__ = ["BuildReport", "build", "check_output_dir"]

#: Export formats and the file extension each is written with.
FILE_EXTENSIONS = {
    "turtle": "ttl",
    "nt": "nt",
    "nquads": "nq",
    "trig": "trig",
    "jsonld": "jsonld",
    "xml": "rdf",
}


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the files written and the time each stage took."""

    out_dir: Path
    files: tuple[tuple[str, int], ...]
    stages: tuple[tuple[str, float], ...]
    triples: int
    inferred: int
    warnings: int = 0

    def to_text(self) -> str:
        """A short summary for people."""
        lines = [
            f"Built il2kg {__version__} in {self.out_dir}: {self.triples} asserted and "
            f"{self.inferred} inferred triples, {len(self.files)} files "
            f"({sum(size for _, size in self.files) / 1e6:.1f} MB)",
            "Stages: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.stages),
        ]
        if self.warnings:
            lines.append(f"Validation warnings: {self.warnings} (see il2kg validate)")
        lines += [f"  {name:28} {size:>10,d} bytes" for name, size in self.files]
        return "\n".join(lines)


def build(kg: KnowledgeGraph, out_dir: str | os.PathLike[str] = Path("dist")) -> BuildReport:
    """Validate and reason over ``kg``, then write every release artifact to ``out_dir``.

    Args:
        kg: The loaded graph.
        out_dir: The folder to write the release to (a ``str`` or a path): new, empty or
            a previous il2kg release.

    Returns:
        What was written, and the time each stage took.

    Raises:
        BuildError: Validation found a violation or the closure is inconsistent (the
            data said no), or an artifact could not be written.
        Il2kgError: A setting or input the stages use is wrong (a bad ``IL2KG_*`` variable,
            say); its own message says what to change.
    """
    from il2kg.reasoning.closure import compute_closure, with_inferences
    from il2kg.reasoning.consistency import find_inconsistencies

    stages: list[tuple[str, float]] = []

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        stages.append((name, time.perf_counter() - start))

    target = check_output_dir(Path(out_dir))
    validation = _Validation(kg)
    try:
        with stage("reason"):
            closure = compute_closure(kg)
        with stage("consistency"):
            problems = find_inconsistencies(kg.union(), with_inferences(kg, closure))
        if problems:
            _conforming(validation, stages)  # a validation failure is reported first
            raise BuildError(
                "consistency",
                f"{len(problems)} inconsistency(ies); run il2kg reason for the causes",
                data_said_no=True,
            )
        staging = _staging_dir(target)
        try:
            with stage("write"), _write_stage():
                _write_artifacts(kg, staging)
            report = _conforming(validation, stages)
            with _write_stage():
                files = _manifest(staging)
                _swap(staging, target)
        except BaseException:  # a failure, or a bug: either way drop the half-written build
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        validation.stop()
    return BuildReport(
        out_dir=target,
        files=tuple(files),
        stages=tuple(stages),
        triples=len(kg.union()),
        inferred=len(closure.inferred),
        warnings=len(report.warnings),
    )


@contextmanager
def _write_stage() -> Iterator[None]:
    """Turn what stops the writing into a :class:`BuildError` of the ``write`` stage.

    An unwritable file (an ``OSError``) or an input that cannot be written (an
    :class:`~il2kg.errors.Il2kgError`, whose message is kept) is a user's problem, exit 2.
    Anything else is a bug in il2kg and is left to surface as it is.
    """
    try:
        yield
    except BuildError:
        raise
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise BuildError("write", f"{where}{exc.strerror or exc}", data_said_no=False) from None
    except Il2kgError as exc:
        raise BuildError("write", str(exc), data_said_no=False) from None


def _conforming(validation: _Validation, stages: list[tuple[str, float]]) -> ValidationReport:
    """Wait for the validation; raise :class:`BuildError` if it found a violation."""
    report, seconds = validation.result()
    if not any(name == "validate" for name, _ in stages):
        stages.insert(0, ("validate", seconds))
    if not report.conforms:
        raise BuildError(
            "validate",
            f"{len(report.violations)} violation(s); run il2kg validate for the report",
            data_said_no=True,
        )
    return report


class _Validation:
    """:func:`il2kg.validate` of a graph, run in a forked child process when possible."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._kg = kg
        self._process: multiprocessing.process.BaseProcess | None = None
        self._outcome: tuple[str, object, float] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=self._child, args=(sender,), daemon=True)
        self._process.start()
        sender.close()

    def _child(self, sender: multiprocessing.connection.Connection) -> None:
        sender.send(self._run())
        sender.close()

    def _run(self) -> tuple[str, object, float]:
        from il2kg.validation.validator import validate

        start = time.perf_counter()
        try:
            # One process: the build already runs validation beside the writing, and a
            # forked pool here would outlive this child if stop() ends it.
            report = validate(self._kg, workers=1)
            return "report", report, time.perf_counter() - start
        except Exception as exc:  # handed to the parent, which raises it
            return "error", exc, time.perf_counter() - start

    def result(self) -> tuple[ValidationReport, float]:
        """The report and the seconds validation took; re-raises the child's error."""
        if self._outcome is None:
            if self._process is None:
                self._outcome = self._run()
            else:
                try:
                    self._outcome = self._receiver.recv()
                except EOFError:
                    raise BuildError(
                        "validate",
                        "the validation process ended without a report",
                        data_said_no=False,
                    ) from None
                self._process.join()
        from il2kg.validation.report import ValidationReport

        kind, value, seconds = self._outcome
        if kind == "error":
            assert isinstance(value, BaseException)  # noqa: S101 - sent as such
            raise value
        assert isinstance(value, ValidationReport)  # noqa: S101 - sent as such
        return value, seconds

    def stop(self) -> None:
        """End the child process if it is still running (after a failure elsewhere)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


_STAGING_MARK = ".il2kg-staging"  # in a staging or retired folder: the pid of the build


def check_output_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Say whether a build may write its release to ``out_dir``, before any work is done.

    A build writes only into a folder that does not exist, is empty, or holds a previous
    il2kg release (every entry listed in the ``manifest.json`` il2kg wrote), and never replaces
    the folder the user is working in. Returns the absolute path.

    Raises:
        BuildError: Anything else is in the way; the message names the folder and what is in
            it, and nothing has been touched.
    """
    out_dir = Path(out_dir).absolute()
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise BuildError(
            "output",
            f"{out_dir} exists and is not a folder; give --out a new or empty folder",
            data_said_no=False,
        )
    cwd = Path.cwd().absolute()
    if cwd == out_dir or out_dir in cwd.parents:
        raise BuildError(
            "output",
            f"{out_dir} holds the current directory and would be replaced; give --out a folder "
            "beside or below it",
            data_said_no=False,
        )
    if out_dir.is_dir():
        foreign = _foreign_entries(out_dir)
        if foreign:
            more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
            shown = ", ".join(foreign[:3]) + more
            raise BuildError(
                "output",
                f"{out_dir} is not empty and not an il2kg release (it holds {shown}); "
                "give --out a new or empty folder",
                data_said_no=False,
            )
    return out_dir


def _foreign_entries(folder: Path) -> list[str]:
    """The entries of ``folder`` that a previous release's manifest does not account for."""
    entries = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    if not entries:
        return []
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        listed = {entry["file"] for entry in manifest["files"]} | {"manifest.json"}
        if "il2kg" not in manifest:
            return entries
    except (OSError, ValueError, KeyError, TypeError):
        return entries
    parents = {str(Path(name).parent) for name in listed} - {"."}
    return [name for name in entries if name not in listed and name not in parents]


def _staging_dir(out_dir: Path) -> Path:
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(parent, out_dir.name)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=parent))
        (staging / _STAGING_MARK).write_text(str(os.getpid()), encoding="utf-8")
        apply_umask(staging, 0o777)  # mkdtemp makes it private; a release is not
        return staging
    except OSError as exc:
        raise BuildError("write", f"cannot create {out_dir}: {exc}", data_said_no=False) from None


def _remove_abandoned(parent: Path, name: str) -> None:
    """Remove the staging and retired folders of builds that were killed (their pid is gone)."""
    for candidate in [*parent.glob(f".{name}-new-*"), *parent.glob(f".{name}-old-*")]:
        mark = candidate / _STAGING_MARK
        try:
            pid = int(mark.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours: leave it
        if not _alive(pid):
            shutil.rmtree(candidate, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_artifacts(kg: KnowledgeGraph, target: Path) -> None:
    from il2kg.export.formats import export_graph, stable_turtle
    from il2kg.query.catalogue import load_catalogue
    from il2kg.query.examples import catalogue_graph
    from il2kg.reasoning.closure import compute_closure
    from il2kg.release.docs_html import render_docs
    from il2kg.release.sssom import write_sssom
    from il2kg.release.void import void_description

    for fmt, extension in FILE_EXTENSIONS.items():
        (target / f"il2kg.{extension}").write_bytes(_bytes(export_graph(kg, fmt)))
        inferred = export_graph(kg, fmt, reasoning=True)
        (target / f"il2kg-inferred.{extension}").write_bytes(_bytes(inferred))
    external = export_graph(kg, "turtle", iris="external")
    (target / "il2kg-external.ttl").write_bytes(_bytes(external))
    shutil.copyfile(data_root() / "ontology" / "context.jsonld", target / "context.jsonld")
    (target / "il2kg.sssom.tsv").write_text(write_sssom(kg), encoding="utf-8")
    catalogue = catalogue_graph(load_catalogue(kg.root))
    (target / "queries.ttl").write_text(stable_turtle(catalogue), encoding="utf-8")
    void = void_description(kg, closure=compute_closure(kg))
    (target / "void.ttl").write_text(stable_turtle(void), encoding="utf-8")
    (target / "docs").mkdir()
    (target / "docs" / "index.html").write_text(render_docs(kg), encoding="utf-8")


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _manifest(target: Path) -> list[tuple[str, int]]:
    files = sorted(p for p in target.rglob("*") if p.is_file() and p.name != _STAGING_MARK)
    sizes = [(str(p.relative_to(target)), p.stat().st_size) for p in files]
    entries = [
        {
            "file": name,
            "bytes": size,
            "sha256": hashlib.sha256((target / name).read_bytes()).hexdigest(),
        }
        for name, size in sizes
    ]
    manifest = {"il2kg": __version__, "files": entries}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return [*sizes, ("manifest.json", (target / "manifest.json").stat().st_size)]


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the new build in place; the old one is removed only once the new one is there."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old-{time.time_ns()}")
        out_dir.rename(old)
        (old / _STAGING_MARK).write_text(str(os.getpid()), encoding="utf-8")
    try:
        (staging / _STAGING_MARK).unlink()
        staging.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)  # put the previous build back
            (out_dir / _STAGING_MARK).unlink(missing_ok=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
