"""The closure cache is private, says why when it cannot be used, trusts only its owner's
entries and prunes old ones (issue 11)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from il2kg.reasoning import closure as reasoning
from il2kg.reasoning.closure import CACHE_KEEP, usable_cache_dir

TRIPLE = (URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reasoning, "_WARNED", set())


def _one_closure() -> Graph:
    graph = Graph()
    graph.add(TRIPLE)
    return graph


def test_a_new_cache_folder_is_private_to_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "deep" / "cache"))
    folder = usable_cache_dir()
    assert folder == tmp_path / "deep" / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("what", ["a file", "open to others", "another user's"])
def test_an_unusable_cache_is_not_used_and_says_why_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    what: str,
) -> None:
    place = tmp_path / "cache"
    if what == "a file":
        place.write_text("not a folder")
        said, fix = "is not a folder", "remove it or set IL2KG_CACHE_DIR"
    elif what == "open to others":
        place.mkdir()
        place.chmod(0o777)
        said, fix = "can be written by other users", f"chmod 700 {place}"
    else:
        if os.getuid() != 0:
            pytest.skip("giving a folder to another user needs root")  # CI runs as root
        place.mkdir(mode=0o700)
        os.chown(place, 65534, 65534)
        said, fix = "belongs to another user", "set IL2KG_CACHE_DIR"
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(place))
    assert usable_cache_dir() is None
    reasoning._write_cache("k" * 64, _one_closure())  # nothing written, nothing raised
    assert reasoning.cached_ntriples("k" * 64) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # once, however often the cache is asked for
    assert err.startswith(f"il2kg: warning: closure cache {place} {said};") and fix in err
    if place.is_dir():
        assert list(place.iterdir()) == []


def test_an_entry_written_by_another_user_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    key = "a" * 64
    reasoning._write_cache(key, _one_closure())
    assert reasoning.cached_ntriples(key) is not None
    if os.getuid() != 0:
        pytest.skip("changing an entry's owner needs root")  # CI runs as root
    for path in (tmp_path / "cache").glob(f"closure-{key}.*"):
        os.chown(path, 65534, 65534)
    assert reasoning.cached_ntriples(key) is None


def test_old_entries_are_pruned_and_recently_read_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    keys = [f"{n:064x}" for n in range(CACHE_KEEP + 4)]
    prune = reasoning._prune
    monkeypatch.setattr(reasoning, "_prune", lambda folder: None)  # let them pile up first
    for age, key in enumerate(keys):
        reasoning._write_cache(key, _one_closure())
        for path in (tmp_path / "cache").glob(f"closure-{key}.*"):
            os.utime(path, (1_000_000 + age, 1_000_000 + age))  # older first
    monkeypatch.setattr(reasoning, "_prune", prune)
    reasoning.cached_ntriples(keys[0])  # the oldest is read again: now the most recent
    stray = tmp_path / "cache" / "closure-x.nt.123.tmp"
    stray.write_text("left by a killed write")
    os.utime(stray, (1_000_000, 1_000_000))
    reasoning._write_cache("f" * 64, _one_closure())
    names = [p.name for p in (tmp_path / "cache").glob("*.nt")]
    kept = {name.removeprefix("closure-").removesuffix(".nt") for name in names}
    assert len(kept) == CACHE_KEEP
    assert keys[0] in kept and "f" * 64 in kept
    assert not {keys[1], keys[2], keys[3], keys[4], keys[5]} & kept
    assert len(list((tmp_path / "cache").glob("*.json"))) == CACHE_KEEP
    assert not stray.exists()


def test_the_cache_is_in_the_user_cache_directory_platformdirs_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("IL2KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = Path(platformdirs.user_cache_dir("il2kg", appauthor=False))
    assert reasoning.cache_dir() == expected
    if sys.platform.startswith("linux"):
        assert expected == tmp_path / "xdg" / "il2kg"
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "mine"))  # the variable wins
    assert reasoning.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("IL2KG_CACHE_DIR", "")  # empty is unset
    assert reasoning.cache_dir() == expected


def test_entries_are_written_whole_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "umask", lambda _mask: 0)  # not the umask: the entries stay 0600
    key = "b" * 64
    reasoning._write_cache(key, _one_closure())
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert names == [f"closure-{key}.json", f"closure-{key}.nt"]  # no temporary file left
    for name in names:
        assert stat.S_IMODE((tmp_path / "cache" / name).stat().st_mode) == 0o600
    assert reasoning.cached_ntriples(key) is not None


def test_a_failed_entry_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from il2kg import files

    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))

    def full_disk(_source: str, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    reasoning._write_cache("c" * 64, _one_closure())  # not kept, and no error
    assert list((tmp_path / "cache").iterdir()) == []


def test_stray_temporaries_of_either_name_are_pruned_after_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    folder = usable_cache_dir()
    assert folder is not None
    old = folder / ".closure-x.nt.abc123.tmp"
    fresh = folder / ".closure-y.nt.def456.tmp"
    for path in (old, fresh):
        path.write_text("left by a killed write")
    os.utime(old, (1_000_000, 1_000_000))
    reasoning._prune(folder)
    assert not old.exists() and fresh.exists()
