"""The release build writes every artifact, byte-stable, and never leaves a partial dist/."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import shared_closure_cache
from subprocesses import run_il2kg

from il2kg import load_graph
from il2kg.errors import BuildError
from il2kg.release.builder import BuildReport, build

FIXTURES = Path(__file__).parent / "fixtures" / "release"
EXPECTED = {
    *(f"il2kg.{ext}" for ext in ("ttl", "nt", "nq", "trig", "jsonld", "rdf")),
    *(f"il2kg-inferred.{ext}" for ext in ("ttl", "nt", "nq", "trig", "jsonld", "rdf")),
    "il2kg-external.ttl",
    "context.jsonld",
    "il2kg.sssom.tsv",
    "queries.ttl",
    "void.ttl",
    "docs/index.html",
    "manifest.json",
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_closure_cache(tmp_path_factory)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("release") / "dist"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_CACHE_DIR", str(cache))
        return out, build(load_graph(), out)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_writes_every_artifact_with_a_true_manifest(dist: tuple[Path, BuildReport]) -> None:
    out, report = dist
    files = _files(out)
    assert set(files) == EXPECTED
    assert {name for name, _ in report.files} == EXPECTED
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["file"]]).hexdigest() == entry["sha256"]
        assert len(files[entry["file"]]) == entry["bytes"]
    assert report.inferred > 500 and report.triples > 5000
    assert [name for name, _ in report.stages] == ["validate", "reason", "consistency", "write"]
    assert b"common gamma chain cytokine" in files["docs/index.html"]


def test_a_second_build_replaces_the_first_with_identical_bytes(
    dist: tuple[Path, BuildReport], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = dist
    before = _files(out)
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    build(load_graph(), out)
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist"]  # no staging left behind


def test_failed_build_leaves_the_previous_dist_untouched(
    dist: tuple[Path, BuildReport], cache: Path
) -> None:
    out, _ = dist
    before = _files(out)
    failed = run_il2kg(
        "build", "--out", str(out), "--data", str(FIXTURES / "violating.ttl"),
        env={"IL2KG_CACHE_DIR": str(cache)},
    )  # fmt: skip
    assert failed.returncode == 1, failed.stderr
    assert "build failed at validate" in failed.stderr and "Traceback" not in failed.stderr
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist"]


def test_unwritable_output_is_a_usage_error(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(cache))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(BuildError) as caught:
        build(load_graph(), blocker / "dist")
    assert caught.value.stage == "write" and not caught.value.data_said_no
    assert str(blocker) in str(caught.value)


def _small_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: BaseException
) -> pytest.ExceptionInfo[BaseException]:
    """Build the fixture package with a write stage that fails with ``fail``."""
    from il2kg.release import builder

    def failing(_kg: object, target: Path) -> None:
        (target / "half.ttl").write_text("half a release")
        raise fail

    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(builder, "_write_artifacts", failing)
    with pytest.raises(BaseException) as caught:
        build(load_graph(), tmp_path / "out" / "dist")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []  # nothing half-written
    return caught


@pytest.mark.usefixtures("fixture_root")
@pytest.mark.parametrize(
    "bug", [AttributeError("'str' object has no attribute 'resolve'"), TypeError("bad call")]
)
def test_a_bug_while_writing_surfaces_as_the_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bug: Exception
) -> None:
    caught = _small_build(tmp_path, monkeypatch, bug)
    assert caught.value is bug  # not relabelled as BuildError("write"), exit 2


@pytest.mark.usefixtures("fixture_root")
def test_an_input_that_cannot_be_written_keeps_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg.errors import ExportError

    caught = _small_build(tmp_path, monkeypatch, ExportError("the IRI <a b> has a space"))
    assert isinstance(caught.value, BuildError)
    assert caught.value.stage == "write" and not caught.value.data_said_no
    assert str(caught.value) == "build failed at write: the IRI <a b> has a space"


@pytest.mark.usefixtures("fixture_root")
def test_a_full_disk_while_writing_is_a_write_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = OSError(28, "No space left on device", "dist/il2kg.nt")
    caught = _small_build(tmp_path, monkeypatch, full)
    assert isinstance(caught.value, BuildError)
    assert caught.value.stage == "write" and not caught.value.data_said_no
    assert str(caught.value).endswith("dist/il2kg.nt: No space left on device")


@pytest.mark.usefixtures("fixture_root")
def test_a_bad_setting_is_said_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg.errors import ConfigurationError

    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("IL2KG_REASONER", "bogus")
    with pytest.raises(ConfigurationError, match=r"'bogus' \(from \$IL2KG_REASONER\)"):
        build(load_graph(), tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
