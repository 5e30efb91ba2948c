"""Choosing the reasoner and the query engine: by argument, environment, or default."""

from __future__ import annotations

import pytest
from subprocesses import run_il2kg

from il2kg.errors import ConfigurationError
from il2kg.query.engines import query_engine
from il2kg.reasoning.closure import reasoner_name


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IL2KG_REASONER", raising=False)
    monkeypatch.delenv("IL2KG_QUERY_ENGINE", raising=False)
    assert (reasoner_name(), query_engine()) == ("reasonable", "oxigraph")
    monkeypatch.setenv("IL2KG_REASONER", "owlrl")
    monkeypatch.setenv("IL2KG_QUERY_ENGINE", "rdflib")
    assert (reasoner_name(), query_engine()) == ("owlrl", "rdflib")
    assert (reasoner_name("reasonable"), query_engine("oxigraph")) == ("reasonable", "oxigraph")


def test_an_unknown_name_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown reasoner 'hermit'.*reasonable, owlrl"):
        reasoner_name("hermit")
    with pytest.raises(ConfigurationError, match=r"unknown query engine 'jena'.*oxigraph, rdflib"):
        query_engine("jena")


@pytest.mark.parametrize(
    ("variable", "args", "words"),
    [
        ("IL2KG_REASONER", ("reason",), "unknown reasoner 'fast' (from $IL2KG_REASONER)"),
        ("IL2KG_QUERY_ENGINE", ("query", "receptor-chains"), "unknown query engine 'fast'"),
    ],
)
def test_a_bad_environment_value_exits_2_without_traceback(
    variable: str, args: tuple[str, ...], words: str
) -> None:
    proc = run_il2kg(*args, env={variable: "fast"})
    assert proc.returncode == 2
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_bad_option_value_is_a_usage_error() -> None:
    proc = run_il2kg("reason", "--reasoner", "fast")
    assert proc.returncode == 2
    assert "invalid choice: 'fast'" in proc.stderr
