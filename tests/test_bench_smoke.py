"""Smoke test of the benchmark harness (bench/run.py) and its graph generator."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import il2kg

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_harness_writes_results_with_numbers(tmp_path: Path) -> None:
    out = tmp_path / "results"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "500",
            "--repeat",
            "1",
            "--stages",
            "load,reason,export",
            "--max-seconds",
            "50",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    rows = {row["stage"]: row for row in doc["results"]}
    assert set(rows) == {"load", "reason", "reason-reference", "export"}
    for row in rows.values():
        assert row["status"] == "ok"
        assert row["median"] > 0 and row["peak_mb"] > 0 and row["triples"] > 500
    assert doc["machine"]["cpus"]
    md = (out / "results.md").read_text(encoding="utf-8")
    assert "| 500 | load |" in md and "| 500 | export |" in md
    assert rows["reason"]["inferred"] == rows["reason-reference"]["inferred"] > 0
    assert "## Pipeline" in md


def test_generator_is_deterministic(tmp_path: Path) -> None:
    gen = _generator()
    a, b, c = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "c.ttl"
    gen.generate(3000, a, seed=7)
    gen.generate(3000, b, seed=7)
    gen.generate(3000, c, seed=8)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_generated_graph_conforms(tmp_path: Path) -> None:
    path = tmp_path / "generated.ttl"
    written = _generator().generate(2000, path, seed=0)
    assert 2000 <= written < 2400
    kg = il2kg.load_graph([path])
    assert len(kg.named_graph(kg.files[-1])) == written
    report = il2kg.validate(kg)
    assert report.violations == (), report.to_text()
