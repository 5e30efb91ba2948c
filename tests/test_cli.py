"""The il2kg command as a user runs it: exit codes, output formats, error lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

import il2kg
from il2kg.cli.app import cli, main
from il2kg.config import DATA_ROOT_ENV

USER = Path(__file__).parent / "fixtures" / "package" / "user"
VIOLATING = str(USER / "violating.ttl")
WARNING_ONLY = str(USER / "warning-only.ttl")
SYNTAX_ERROR = str(USER / "syntax-error.ttl")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("fixture_root")
class TestInProcess:
    def test_validate_conforms_with_warnings_exits_0(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(["validate", "--data", WARNING_ONLY], capsys)
        assert code == 0
        assert out.startswith("Conforms: 0 violations, 2 warnings")
        assert "Warnings (2):" in out
        assert err == ""

    def test_validate_with_a_violation_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(["validate", "--data", VIOLATING], capsys)
        assert code == 1
        assert out.startswith("Does not conform: 3 violations")
        assert err == ""

    def test_several_data_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            ["validate", "--data", WARNING_ONLY, "--data", VIOLATING, "--format", "json"], capsys
        )
        assert code == 1
        files = {file for f in json.loads(out)["findings"] for file in f["files"]}
        assert files == {"graphs/data.ttl", WARNING_ONLY, VIOLATING}

    @pytest.mark.parametrize(("data", "expected"), [([], 0), (["--data", VIOLATING], 1)])
    def test_validate_json_parses_and_agrees_with_the_exit_code(
        self, capsys: pytest.CaptureFixture[str], data: list[str], expected: int
    ) -> None:
        code, out, _ = run(["validate", *data, "--format", "json"], capsys)
        report = json.loads(out)
        assert code == expected
        assert report["conforms"] is (expected == 0)
        assert report["counts"]["Warning"] == 1

    def test_syntax_error_exits_2_with_one_line_naming_file_and_line(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(["validate", "--data", SYNTAX_ERROR], capsys)
        assert code == 2
        assert out == ""
        assert err.startswith(f"il2kg: error: {SYNTAX_ERROR}, line 7: bad syntax")
        assert err.count("\n") == 1
        assert "Traceback" not in err

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            ("nowhere.ttl", "nowhere.ttl: no such file"),
            (str(USER / "data.csv"), "unsupported file extension '.csv'"),
        ],
    )
    @pytest.mark.parametrize("command", ["validate", "stats"])
    def test_unusable_input_exits_2(
        self, capsys: pytest.CaptureFixture[str], command: str, path: str, message: str
    ) -> None:
        code, out, err = run([command, "--data", path], capsys)
        assert (code, out) == (2, "")
        assert message in err
        assert err.count("\n") == 1

    def test_stats_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(["stats"], capsys)
        assert code == 0
        assert out.startswith("Triples: 42 in 2 files\n")

    def test_stats_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(["stats", "--data", VIOLATING, "--format", "json"], capsys)
        stats = json.loads(out)
        assert code == 0
        assert stats["triples"] == 45
        assert stats["entities_per_class"]["il2kg:Cytokine"] == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert (code, out) == (0, f"il2kg {il2kg.__version__}\n")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "missing command"),
        (["frobnicate"], "no such command 'frobnicate'"),
        (["validate", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["stats", "--data"], "'--data' requires an argument"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("il2kg: error: ") and err.count("\n") == 1, err
    assert said in err
    assert "Usage:" not in err and "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--help"], capsys)
    assert code == 0
    assert "--data FILE" in out
    assert "--format {text,json}" in out


def test_bad_data_root_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "absent"))
    code, _, err = run(["stats"], capsys)
    assert code == 2
    assert "IL2KG_DATA_ROOT is not a directory" in err


def test_console_script_points_at_main() -> None:
    (script,) = entry_points(group="console_scripts", name="il2kg")
    assert script.load() is main


# --- as a separate process, from another directory ----------------------------------


def run_process(
    *args: str, root: Path, cwd: Path, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, DATA_ROOT_ENV: str(root)}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "il2kg", *args]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


EXIT_CODE_CASES = [
    (["validate"], 0),
    (["validate", "--data", VIOLATING], 1),
    (["validate", "--data", SYNTAX_ERROR], 2),
    (["stats", "--data", "missing.ttl"], 2),
]


@pytest.mark.parametrize(("args", "expected"), EXIT_CODE_CASES)
def test_exit_codes_and_no_traceback_from_another_directory(
    fixture_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    expected: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == expected, done.stderr
    assert done.exception is None or isinstance(done.exception, SystemExit)
    if expected == 2:
        assert done.stderr.startswith("il2kg: error: ")
        assert done.stderr.count("\n") == 1
    else:
        assert done.stderr == ""
    if args == ["validate"]:  # validate runs the consistency check too
        assert "Consistent: no disjointness" in done.stdout


@pytest.mark.parametrize(("args", "expected"), [case for case in EXIT_CODE_CASES if case[1] != 1])
def test_subprocess_exit_codes_and_no_traceback(
    fixture_root: Path, tmp_path: Path, args: list[str], expected: int
) -> None:
    done = run_process(*args, root=fixture_root, cwd=tmp_path)
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr
    if expected == 2:
        assert done.stderr.startswith("il2kg: error: ")
        assert done.stderr.count("\n") == 1
    else:
        assert done.stderr == ""
    if args == ["validate"]:  # validate runs the consistency check too
        assert "Consistent: no disjointness" in done.stdout


def test_help_and_import_do_not_load_rdflib(fixture_root: Path, tmp_path: Path) -> None:
    probe = (
        "import sys, contextlib, io\n"
        "import il2kg\n"
        "from il2kg.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['--help'])\n"
        "heavy = sorted(m for m in ('rdflib', 'pyshacl', 'owlrl') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    done = run_process(root=fixture_root, cwd=tmp_path, code=probe)
    assert done.stdout.strip() == "0 []", done.stderr


def test_public_api_is_exported() -> None:
    assert set(il2kg.__all__) <= set(dir(il2kg))
    for name in il2kg.__all__:
        assert getattr(il2kg, name) is not None
    assert callable(il2kg.validate)
    with pytest.raises(AttributeError):
        _ = il2kg.no_such_name


@pytest.mark.parametrize(
    ("argv", "loaded", "absent"),
    [
        (["query", "receptor-chains"], ["pyoxigraph"], ["pyshacl", "owlrl"]),
        (["reason"], ["reasonable"], ["pyshacl", "owlrl"]),
        (["validate"], ["pyshacl"], ["owlrl"]),
    ],
)
def test_commands_import_only_the_engines_they_use(
    tmp_path: Path, argv: list[str], loaded: list[str], absent: list[str]
) -> None:
    probe = (
        "import sys, contextlib, io, json\n"
        "from il2kg.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})\n"
        "print(json.dumps([m for m in ('pyoxigraph', 'reasonable', 'pyshacl', 'owlrl') "
        "if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "IL2KG_CACHE_DIR": str(tmp_path)},
        check=False,
    )
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert set(loaded) <= modules, done.stderr
    assert not set(absent) & modules
