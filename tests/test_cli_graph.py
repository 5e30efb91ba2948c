"""The commands over the whole graph as a user runs them: ``explain`` and ``reason``.

``validate``, ``stats`` and ``build`` have theirs in tests/test_cli.py and tests/test_outputs.py.
In-process, through :func:`il2kg.cli.app.main` and click's ``CliRunner``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from il2kg.cli.app import cli, main
from il2kg.cli.options import EXIT_NO, EXIT_OK, EXIT_UNUSABLE

INCONSISTENT = Path(__file__).parent / "fixtures" / "reasoning" / "inconsistent.ttl"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A closure cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("IL2KG_CACHE_DIR", str(folder))
    return folder


@pytest.mark.usefixtures("cache")
def test_explain_an_inferred_statement_exits_0_with_its_reasons() -> None:
    done = CliRunner().invoke(
        cli, ["explain", "interleukin-4", "a", "il2kg:CommonGammaChainCytokine"]
    )
    assert (done.exit_code, done.stderr) == (EXIT_OK, "")
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "interleukin-4 (il2:IL4) is a common gamma chain cytokine (il2kg:CommonGammaChainCytokine)"
    )
    assert lines[1].startswith("inferred by OWL 2 RL reasoning from ")
    assert "type I IL-4 receptor (il2:IL4R-typeI) has chain" in done.stdout


@pytest.mark.usefixtures("cache")
def test_explain_an_absent_statement_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "il2:IL2", "a", "il2kg:ReceptorChain"]) == EXIT_NO
    out, err = capsys.readouterr()
    assert "absent: neither stated in the graph nor inferred" in out and err == ""


@pytest.mark.usefixtures("cache")
def test_explain_an_unknown_term_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "zzzqq", "a", "il2kg:ReceptorChain"]) == EXIT_UNUSABLE
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("il2kg: error: 'zzzqq' is neither an IRI")


def test_reason_exits_1_on_inconsistent_data_and_0_as_json(cache: Path) -> None:
    bad = CliRunner().invoke(
        cli, ["reason", "--data", str(INCONSISTENT), "--reasoner", "reasonable"]
    )
    assert bad.exit_code == EXIT_NO, bad.stderr
    assert "INCONSISTENT" in bad.stdout
    good = CliRunner().invoke(cli, ["reason", "--format", "json"])
    assert good.exit_code == EXIT_OK, good.stderr
    assert json.loads(good.stdout)["consistent"] is True
    assert any(cache.iterdir())  # the closure was cached ...
    cleared = CliRunner().invoke(cli, ["reason", "--clear-cache", "--no-cache"])
    assert cleared.exit_code == EXIT_OK
    assert cleared.stderr.startswith("Cleared ") and "cached closure(s)." in cleared.stderr
    assert not any(cache.iterdir())  # ... then cleared, and not written again with --no-cache
