"""No sentence of a source document is copied into the project.

Every run of seven consecutive words from the body of either source document is searched for in
every text file of the project (ontology, data, queries, code, tests, docs). Bibliographic lines
(titles of cited works, publisher names) are excluded: quoting a title is citing, not copying.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
SHINGLE = 7
# Article body of each document; reference lines (cited titles) are left out.
BODY = {
    "interleukin-2-aids-infonet-fact-sheet-482-2014.txt": set(range(28, 79)),
    "interleukin-2-allergy-notes-dimov-2011.txt": set(range(6, 39)),
}
PROJECT_SUFFIXES = {".ttl", ".py", ".rq", ".md", ".toml", ".tsv", ".txt", ".json", ".cfg"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'\u2019][a-z0-9]+)*", text.lower())


def _project_text() -> dict[str, str]:
    texts = {}
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if (
            path.is_file()
            and path.suffix in PROJECT_SUFFIXES
            and not any(
                part.startswith(".")
                or part in {"build", "dist", "__pycache__"}
                or part.endswith(".egg-info")
                for part in parts
            )
        ):
            texts[str(path.relative_to(ROOT))] = " ".join(_words(path.read_text(errors="ignore")))
    return texts


def _shingles(document: str) -> list[tuple[int, str]]:
    lines = (SOURCES / document).read_text(encoding="utf-8").splitlines()
    found = []
    for number in sorted(BODY[document]):
        words = _words(lines[number - 1])
        found += [
            (number, " ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)
        ]
    return found


@pytest.mark.parametrize("document", sorted(BODY))
def test_no_source_sentence_is_copied(document: str) -> None:
    texts = _project_text()
    assert texts, "no project files found"
    copied = [
        f"line {line} -> {path}: {shingle!r}"
        for line, shingle in _shingles(document)
        for path, text in texts.items()
        if shingle in text
    ]
    assert copied == []


def test_the_check_would_see_a_copied_sentence() -> None:
    """A seven-word run from the source does appear in the source itself (the check is live)."""
    document = "interleukin-2-allergy-notes-dimov-2011.txt"
    shingles = _shingles(document)
    assert len(shingles) > 50
    source_text = " ".join(_words((SOURCES / document).read_text(encoding="utf-8")))
    assert all(shingle in source_text for _, shingle in shingles)
