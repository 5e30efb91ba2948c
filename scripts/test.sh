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

python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
ruff check il2kg tests
mypy il2kg
# Two workers or more (one per core), each test file kept on one worker so that its module
# fixtures (loaded graphs, closures, servers) are built once: 4.2 min instead of 7 on 2 cores.
python -m pytest -n auto --dist loadfile "$@"
