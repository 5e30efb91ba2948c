#!/usr/bin/env bash
# Re-render the architecture picture from its source: docs/architecture.dot -> docs/architecture.svg.
# Usage: scripts/render-architecture.sh [OUTPUT.svg]   (default: docs/architecture.svg)
# Run it after every change to the .dot and commit both; tests/test_architecture_doc.py checks
# that they agree.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/architecture.svg}"
if ! command -v dot >/dev/null 2>&1; then
    echo "render-architecture: Graphviz's dot is not installed; install graphviz" \
        "(apt-get install graphviz, brew install graphviz) and run this again" >&2
    exit 2
fi
dot -Tsvg "$root/docs/architecture.dot" -o "$out"
echo "wrote $out"
