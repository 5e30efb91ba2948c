"""Nothing a user owns is lost: where il2kg writes, and what it refuses to write over (issue 11).

``build --out`` writes only into a new or empty folder or over a previous il2kg release, and
never into the folder the user is in; ``export -o`` replaces regular files atomically, writes
through devices and FIFOs, follows symbolic links; a full standard output ends in exit 2.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from il2kg.cli.app import main
from il2kg.release.builder import check_output_dir

EXIT_UNUSABLE = 2


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("what", ["user-file", "user-folder", "foreign-manifest"])
def test_build_refuses_a_folder_of_user_files_and_touches_nothing(
    tmp_path: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "d"
    out.mkdir()
    if what == "user-file":
        (out / "keep.txt").write_text("mine\n")
    elif what == "user-folder":
        (out / "notes").mkdir()
        (out / "notes" / "a.md").write_text("mine\n")
    else:  # a manifest that is not il2kg's, or a release with a user file added
        (out / "manifest.json").write_text(json.dumps({"files": []}))
    before = _tree(out)
    assert main(["build", "--out", str(out)]) == EXIT_UNUSABLE
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["d"]  # no staging folder either
    error = capsys.readouterr().err
    assert str(out) in error and "not an il2kg release" in error and error.count("\n") == 1


def test_build_refuses_a_file_and_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile.txt"
    afile.write_text("mine\n")
    assert main(["build", "--out", str(afile)]) == EXIT_UNUSABLE
    assert afile.read_text() == "mine\n"
    assert "is not a folder" in capsys.readouterr().err
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for out in (".", str(tmp_path)):
        assert main(["build", "--out", out]) == EXIT_UNUSABLE
        assert "holds the current directory" in capsys.readouterr().err
    assert here.is_dir() and afile.read_text() == "mine\n"


def test_check_accepts_new_empty_and_previous_release_folders(tmp_path: Path) -> None:
    assert check_output_dir(tmp_path / "new") == (tmp_path / "new").absolute()
    (tmp_path / "empty").mkdir()
    assert check_output_dir(tmp_path / "empty") == (tmp_path / "empty").absolute()
    release = tmp_path / "release"
    (release / "docs").mkdir(parents=True)
    (release / "docs" / "index.html").write_text("x")
    (release / "il2kg.ttl").write_text("x")
    files = [{"file": "docs/index.html"}, {"file": "il2kg.ttl"}]
    (release / "manifest.json").write_text(json.dumps({"il2kg": "0", "files": files}))
    assert check_output_dir(release) == release.absolute()
    (release / "docs" / "mine.txt").write_text("mine")
    with pytest.raises(Exception, match=r"docs/mine\.txt"):
        check_output_dir(release)


def test_a_rebuild_replaces_the_release_with_readable_files_and_clears_killed_builds(
    tmp_path: Path,
) -> None:
    out = tmp_path / "dist"
    dead = tmp_path / ".dist-new-killed"  # what a SIGKILLed build leaves behind
    dead.mkdir()
    (dead / ".il2kg-staging").write_text("999999999")
    (dead / "il2kg.ttl").write_text("half")
    foreign = tmp_path / ".dist-new-mine"  # the user's, by name only: not ours, left alone
    foreign.mkdir()
    (out / "docs").mkdir(parents=True)  # a previous release, as il2kg writes its manifest
    (out / "docs" / "index.html").write_text("old")
    (out / "il2kg.ttl").write_text("old")
    listed = [{"file": "docs/index.html"}, {"file": "il2kg.ttl"}]
    (out / "manifest.json").write_text(json.dumps({"il2kg": "0", "files": listed}))
    umask = os.umask(0o022)
    try:
        assert main(["build", "--out", str(out)]) == 0  # over the previous release
    finally:
        os.umask(umask)
    assert (out / "il2kg.ttl").read_text() != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist-new-mine", "dist"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "il2kg.ttl").stat().st_mode) == 0o644
    assert not (out / ".il2kg-staging").exists()
    listed = {e["file"] for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert ".il2kg-staging" not in listed and "il2kg.ttl" in listed


def test_export_writes_through_a_fifo_and_a_device_and_follows_a_symlink(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["export", "--format", "nt", "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO, not a regular file
    assert received and received[0].count(b"\n") > 1000

    null = Path(os.devnull)  # a character device: written through, never replaced
    assert main(["export", "--format", "nt", "-o", str(null)]) == 0
    assert stat.S_ISCHR(null.stat().st_mode)

    target = tmp_path / "real.nt"
    target.write_text("old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(target)
    assert main(["export", "--format", "nt", "-o", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes().count(b"\n") > 1000


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "argv", [["export", "--format", "nt"], ["query", "graph-statistics"]], ids=["export", "query"]
)
def test_a_full_standard_output_exits_2_with_one_line(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "il2kg", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == EXIT_UNUSABLE
    assert done.stderr == "il2kg: error: cannot write standard output: No space left on device\n"


def test_an_export_replaces_a_file_whole_with_the_umask_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg import files
    from il2kg.errors import ExportError
    from il2kg.export.formats import write_bytes

    target = tmp_path / "out.ttl"
    target.write_bytes(b"the old export")
    old_umask = os.umask(0o027)
    try:
        assert write_bytes(b"new", target) == 3
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 less the umask, as open() gives

    def full_disk(_source: str, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    with pytest.raises(ExportError, match=r"cannot write .*out\.ttl: No space left on device"):
        write_bytes(b"never seen", target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no temporary file left
