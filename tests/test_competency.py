"""The competency questions of ``tests/competency/`` get their expected answers on both engines.

See :mod:`competency_cases` for the file format. Every file must state a question and an
answer that could fail: an ASK states true or false, a SELECT at least one expected or
forbidden row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from competency_cases import CASES, Case, cell, normal_value, read
from conftest import ENGINE_PAIRS
from rdflib import Literal, URIRef

from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_sparql


def test_the_header_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "control.rq"
    path.write_text(
        '# question: q?\n# expect-row: il2:IL2 | "IL-2" | 2.50 | true\n'
        "# forbid-row: obo:CL_0000084\n# expect-exact\nSELECT * WHERE {}\n",
        encoding="utf-8",
    )
    case = read(path)
    row = (URIRef("https://w3id.org/il2kg/id/IL2"), Literal("IL-2"), Literal(2.5), Literal(True))
    assert case.rows == (tuple(normal_value(t) for t in row),)
    assert case.forbidden == ((("iri", "http://purl.obolibrary.org/obo/CL_0000084"),),)
    assert case.exact and case.boolean is None
    with pytest.raises(ValueError, match="nope:thing"):
        cell("nope:thing")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_question_can_fail(case: Case) -> None:
    assert case.question, f"{case.name}: no '# question:' line"
    if case.boolean is None:
        assert case.rows or case.forbidden, f"{case.name}: a SELECT needs expect-row or forbid-row"
    else:
        assert not (case.rows or case.forbidden), f"{case.name}: an ASK takes only 'expect'"


@pytest.mark.parametrize("pair", sorted(ENGINE_PAIRS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_competency_question(
    case: Case, pair: str, reasoned_pairs: dict[str, KnowledgeGraph]
) -> None:
    engine, reasoner = ENGINE_PAIRS[pair]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IL2KG_REASONER", reasoner)
        result = run_sparql(case.text, kg=reasoned_pairs[pair], engine=engine, reasoning=True)
    if case.boolean is not None:
        assert result.form == "ASK"
        assert result.boolean is case.boolean, case.question
        return
    assert result.form == "SELECT"
    answer = {tuple(normal_value(t) for t in row) for row in result.rows}
    missing = [row for row in case.rows if row not in answer]
    assert missing == [], f"{case.question}: expected rows missing; the answer was {sorted(answer)}"
    present = [row for row in case.forbidden if row in answer]
    assert present == [], f"{case.question}: forbidden rows in the answer"
    if case.exact:
        assert answer == set(case.rows), (
            f"{case.question}: unexpected rows {answer - set(case.rows)}"
        )


def test_there_are_at_least_twenty_questions() -> None:
    """Issue 10 asks for 20 or more competency questions of the deeper graph, each distinct."""
    assert len(CASES) >= 20, f"only {len(CASES)} competency questions in tests/competency/"
    assert len({case.question for case in CASES}) == len(CASES), "two files ask the same question"
