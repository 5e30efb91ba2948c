"""Competency questions as files: ``tests/competency/*.rq``, each a SPARQL ASK or SELECT.

A file's comment header states the question and the answer it must give::

    # question: Which cells carry the high-affinity IL-2 receptor constitutively?
    # expect: true                  an ASK's answer (true or false)
    # expect-row: il2:CD56brightNKCell
                                    a SELECT row that must be in the answer; columns are
                                    separated by " | "; a CURIE (any prefix il2kg knows), a
                                    "quoted" plain literal, a number, or true / false
    # expect-exact                  the answer must be exactly the expected rows
    # forbid-row: il2:NaiveTCell    a row that must not be in the answer

The answer is compared on the OWL 2 RL closure by both engine pairs (pyoxigraph over the
``reasonable`` closure, rdflib over the owlrl closure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from il2kg.terms import PREFIXES

FOLDER = Path(__file__).parent / "competency"


@dataclass(frozen=True)
class Case:
    """One competency question and its expected answer."""

    path: Path
    question: str
    boolean: bool | None = None
    rows: tuple[tuple[Any, ...], ...] = ()
    forbidden: tuple[tuple[Any, ...], ...] = ()
    exact: bool = False
    text: str = field(default="", repr=False)

    @property
    def name(self) -> str:
        return self.path.stem


def cell(text: str) -> Any:
    """One expected value, normalised as :func:`normal_value` normalises answers."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return ("text", text[1:-1])
    if text in {"true", "false"}:
        return ("boolean", text == "true")
    try:
        return ("number", Decimal(text).normalize())
    except InvalidOperation:
        pass
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        return ("iri", PREFIXES[prefix] + local)
    if text.startswith("<") and text.endswith(">"):
        return ("iri", text[1:-1])
    raise ValueError(f"cannot read the expected value {text!r}")


def normal_value(term: Any) -> Any:
    """An answer term, comparable with :func:`cell`."""
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return ("boolean", value)
        if isinstance(value, int | float | Decimal):
            return (
                "number",
                Decimal(repr(value) if isinstance(value, float) else str(value)).normalize(),
            )
        return ("text", str(term))
    return ("other", str(term))


def read(path: Path) -> Case:
    """Read a competency file's header."""
    text = path.read_text(encoding="utf-8")
    question, boolean, exact = "", None, False
    rows: list[tuple[Any, ...]] = []
    forbidden: list[tuple[Any, ...]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip(), value.strip()
        if key == "question":
            question = value
        elif key == "expect":
            if value not in {"true", "false"}:
                raise ValueError(f"{path.name}: expect must be true or false, not {value!r}")
            boolean = value == "true"
        elif key == "expect-row":
            rows.append(tuple(cell(c) for c in value.split(" | ")))
        elif key == "forbid-row":
            forbidden.append(tuple(cell(c) for c in value.split(" | ")))
        elif key == "expect-exact":
            exact = True
    return Case(path, question, boolean, tuple(rows), tuple(forbidden), exact, text)


CASES = [read(p) for p in sorted(FOLDER.glob("*.rq"))]
