"""The shared options of the il2kg command behave the same on every command that has them.

Each option is defined once (il2kg/cli/options.py); these tests hold every command to it, and
hold every usage mistake (click's own included) to one line on stderr and exit 2. They run
in-process, through :func:`il2kg.cli.app.main` and through click's ``CliRunner``.
"""

from __future__ import annotations

import errno
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from il2kg.cli.app import cli, main
from il2kg.cli.options import EXIT_NO, EXIT_OK, EXIT_UNUSABLE
from il2kg.query.engines import QUERY_ENGINES
from il2kg.reasoning.closure import REASONERS

#: Each command with --data, and the arguments it needs besides (an endpoint that is never
#: reached: every command loads the --data files, and fails on the missing one, first).
DATA_COMMANDS = {
    "validate": [],
    "stats": [],
    "reason": [],
    "explain": ["il2:IL2", "a", "il2kg:Cytokine"],
    "query": ["receptor-chains"],
    "sparql": ["ASK { ?s ?p ?o }"],
    "export": ["--format", "nt"],
    "build": ["--out", "{tmp}/dist"],
    "upload": ["--endpoint", "http://127.0.0.1:9/sparql"],
}


def _argv(command: str, tmp_path: Path, *extra: str) -> list[str]:
    rest = [arg.replace("{tmp}", str(tmp_path)) for arg in DATA_COMMANDS[command]]
    return [command, *rest, *extra]


def _option(command: str, name: str) -> click.Parameter:
    (param,) = [p for p in cli.commands[command].params if p.name == name]
    return param


def _one_error_line(err: str) -> str:
    assert err.startswith("il2kg: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Usage:" not in err and "Try " not in err
    return err


def test_every_command_is_listed() -> None:
    assert set(DATA_COMMANDS) | {"queries"} == set(cli.commands)


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_data_is_the_same_option_on_every_command(command: str) -> None:
    data = _option(command, "data")
    reference = _option("validate", "data")
    assert isinstance(data, click.Option) and isinstance(reference, click.Option)
    assert (data.opts, data.multiple, data.metavar, data.help) == (
        reference.opts,
        reference.multiple,
        reference.metavar,
        reference.help,
    )
    assert data.multiple and data.metavar == "FILE"


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_data_is_repeatable_on_every_command(command: str, tmp_path: Path) -> None:
    argv = _argv(command, tmp_path, "--data", "a.ttl", "--data=b.ttl")
    ctx = cli.commands[command].make_context(command, argv[1:])
    assert tuple(ctx.params["data"]) == ("a.ttl", "b.ttl")


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_a_missing_data_file_is_one_line_and_exit_2_on_every_command(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(_argv(command, tmp_path, "--data", "nowhere.ttl"))
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_UNUSABLE, "")
    assert "nowhere.ttl: no such file" in _one_error_line(err)
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("command", ["validate", "stats", "reason", "export", "build", "upload"])
def test_several_files_after_one_data_flag_say_how_to_give_them(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_argv(command, tmp_path, "--data", "a.ttl", "b.ttl")) == EXIT_UNUSABLE
    err = _one_error_line(capsys.readouterr().err)
    assert "unexpected extra argument (b.ttl)" in err
    assert "give each file its own --data" in err and f"'il2kg {command} --help'" in err


@pytest.mark.parametrize("command", ["query", "sparql", "upload"])
@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_timeout_is_the_same_option_on_every_command(
    command: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _option(command, "timeout").default == 60.0
    assert main(_argv(command, tmp_path, "--timeout", value)) == EXIT_UNUSABLE
    err = _one_error_line(capsys.readouterr().err)
    assert f"argument --timeout: expected a number of seconds above 0, got '{value}'" in err


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_engine_choices_are_the_library_s(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = _option(command, "engine")
    assert isinstance(engine.type, click.Choice)
    assert tuple(engine.type.choices) == QUERY_ENGINES
    assert main(_argv(command, tmp_path, "--engine", "jena")) == EXIT_UNUSABLE
    names = ", ".join(repr(name) for name in QUERY_ENGINES)
    err = _one_error_line(capsys.readouterr().err)
    assert f"argument --engine: invalid choice: 'jena' (choose from {names})" in err


def test_reasoner_choices_are_the_library_s(capsys: pytest.CaptureFixture[str]) -> None:
    reasoner = _option("reason", "reasoner")
    assert isinstance(reasoner.type, click.Choice)
    assert tuple(reasoner.type.choices) == REASONERS
    assert main(["reason", "--reasoner", "hermit"]) == EXIT_UNUSABLE
    names = ", ".join(repr(name) for name in REASONERS)
    err = _one_error_line(capsys.readouterr().err)
    assert f"invalid choice: 'hermit' (choose from {names})" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "missing command"),
        (["frobnicate"], "no such command 'frobnicate'"),
        (["validate", "--formt", "json"], "no such option '--formt' (did you mean '--format'?)"),
        (["query"], "missing argument NAME"),
        (["explain", "il2:IL2", "a"], "missing argument OBJECT"),
        (["export"], "missing option --format (choose from 'turtle', 'nt'"),
        (["export", "--format", "rdfa"], "invalid choice: 'rdfa'"),
        (["export", "--format", "nt", "--graph", "x"], "argument --graph: invalid choice: 'x'"),
        (["export", "--format", "nt", "--iris", "purl"], "argument --iris: invalid choice"),
        (["queries", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["query", "receptor-chains", "--format", "xml"], "(choose from 'table', 'json'"),
        (["query", "receptor-chains", "--param", "=x"], "expected KEY=VALUE, got '=x'"),
        (["queries", "a", "b"], "unexpected extra argument (b)"),
        (["stats", "--data"], "'--data' requires an argument"),
        (["--frobnicate"], "no such option '--frobnicate'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(argv)
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_UNUSABLE, "")
    assert said in _one_error_line(err)


def test_a_usage_error_names_the_help_to_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "xml"]) == EXIT_UNUSABLE
    assert capsys.readouterr().err.endswith("; see 'il2kg validate --help'\n")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--version"], EXIT_OK),
        (["-h"], EXIT_OK),
        (["sparql", "ASK { <urn:nothing> ?p ?o }"], EXIT_NO),
        (["sparql", "ASK { ?s ?p ?o }", "--engine", "rdflib"], EXIT_OK),
        (["validate", "--format", "xml"], EXIT_UNUSABLE),
        (["query", "receptor-chain"], EXIT_UNUSABLE),
    ],
)
def test_click_s_runner_gets_the_exit_codes_and_the_lines_of_main(
    argv: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert (result.stdout.split(), result.stderr) == (out.split(), err)  # help wraps by width
    if code == EXIT_UNUSABLE:
        _one_error_line(result.stderr)


def test_help_lists_the_commands_in_the_pipeline_s_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == EXIT_OK
    out = capsys.readouterr().out
    commands = out.split("Commands:\n")[1]
    listed = re.findall(r"^  ([a-z]+)  ", commands, flags=re.MULTILINE)
    assert listed == ["validate", "stats", "reason", "explain", "build", "queries", "query",
                      "sparql", "upload", "export"]  # fmt: skip
    assert "IL2KG_DATA_ROOT" in out


def test_every_command_has_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name in cli.commands:
        assert main([name, "--help"]) == EXIT_OK
        out = capsys.readouterr().out
        assert out.startswith(f"Usage: il2kg {name} ")
        assert "-h, --help" in out


def test_the_installed_script_runs_main(tmp_path: Path) -> None:
    script = shutil.which("il2kg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the il2kg script is not installed beside this interpreter")
    done = subprocess.run(
        [script, "validate", "--format", "xml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (EXIT_UNUSABLE, "")
    assert done.stderr.startswith("il2kg: error: argument --format: invalid choice: 'xml'")
    assert done.stderr.count("\n") == 1


class _Refusing(io.StringIO):
    """A standard output that refuses every write with ``error``."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize("argv", [["queries"], ["stats"], ["export", "--format", "nt"]])
def test_a_full_standard_output_is_one_line_and_exit_2(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Refusing(OSError(errno.ENOSPC, "No space left on device")))
    assert main(argv) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert err == "il2kg: error: cannot write standard output: No space left on device\n"


def test_a_reader_gone_early_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Refusing(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    assert main(["queries"]) == EXIT_OK
    assert capsys.readouterr().err == ""
