"""Run il2kg, or a snippet of Python, in a fresh process (for CLI and determinism tests)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Mapping


def run_il2kg(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m il2kg ARGS`` with extra environment variables; never raise on exit code."""
    return subprocess.run(
        [sys.executable, "-m", "il2kg", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def digest_in_fresh_process(imports: str, expression: str, hash_seed: str) -> str:
    """SHA-256 of ``expression`` (a str) evaluated in a new interpreter with another hash seed."""
    code = f"import hashlib; {imports}; print(hashlib.sha256(({expression}).encode()).hexdigest())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def digest(text: str) -> str:
    """SHA-256 of a string, as :func:`digest_in_fresh_process` computes it."""
    return hashlib.sha256(text.encode()).hexdigest()
