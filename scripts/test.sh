#!/usr/bin/env bash
# Install il2kg with its test and dev extras, then run the linters and the test suite.
# This is the README's test command; .ci/run runs it on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."

# HermiT, the OWL 2 DL reasoner the ontology test uses (shipped in owlready2), needs Java.
if ! command -v java >/dev/null 2>&1; then
    echo "Java not found: installing a headless JRE for the HermiT reasoner" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

# Graphviz renders docs/architecture.svg; tests/test_architecture_doc.py checks it is current.
if ! command -v dot >/dev/null 2>&1; then
    echo "Graphviz not found: installing it for the architecture picture's test" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq graphviz >/dev/null
fi

# Where a bare pip install is refused (PEP 668: Debian, Ubuntu) and no virtual environment is
# active, install into .venv-test beside the checkout instead of the system's Python.
if [ -z "${VIRTUAL_ENV:-}" ] && "${PYTHON:-python3}" -c '
import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    if ! "${PYTHON:-python3}" -m venv .venv-test 2>/dev/null; then
        echo "python3 -m venv failed: installing python3-venv" >&2
        if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
        $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv >/dev/null
        "${PYTHON:-python3}" -m venv .venv-test
    fi
    # shellcheck disable=SC1091
    . .venv-test/bin/activate
fi
if [ -n "${VIRTUAL_ENV:-}" ]; then PY=python; else PY="${PYTHON:-python3}"; fi

# An editable install: the tests run against this checkout's code and data.
"$PY" -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
"$PY" -m ruff check il2kg tests
"$PY" -m mypy il2kg
# The stages import downward only, with no cycles (the contracts are in pyproject.toml).
"$PY" -c "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
# Two workers or more (one per core), each test file kept on one worker so that its module
# fixtures (loaded graphs, closures, servers) are built once: 4.2 min instead of 7 on 2 cores.
"$PY" -m pytest -n auto --dist loadfile "$@"
