"""Shared fixtures.

The library's tests run against the small package under ``tests/fixtures/package``
(an ontology, shapes, checks and data laid out like the real data root), not against
the shipped data: a test opts in with the ``fixture_root`` fixture, which points
``IL2KG_DATA_ROOT`` at it. Tests of the real data simply do not use that fixture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from il2kg.paths import DATA_ROOT_ENV

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
