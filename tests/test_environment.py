"""Every environment variable il2kg reads is in one table (config.ENVIRONMENT) and the README."""

from __future__ import annotations

import re
from pathlib import Path

from il2kg.config import ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"\bIL2KG_[A-Z_]+\b")


def _names_in_code() -> set[str]:
    found: set[str] = set()
    for module in (ROOT / "il2kg").rglob("*.py"):
        found.update(_NAME.findall(module.read_text(encoding="utf-8")))
    return found - {"IL2KG_NO_SUCH_SETTING"}  # a doctest's example of an unset variable


def test_the_table_lists_every_variable_the_code_reads_and_no_other() -> None:
    assert _names_in_code() == set(ENVIRONMENT)


def test_the_readme_documents_every_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(ENVIRONMENT) <= set(_NAME.findall(readme))
    for name, meaning in ENVIRONMENT.items():
        assert len(meaning) > 20, name
