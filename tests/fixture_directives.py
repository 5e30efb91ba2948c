"""Read the ``# key: value`` directives at the top of a bad-data fixture file."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path


def directives(path: Path, keys: tuple[str, ...]) -> dict[str, list[str]]:
    """Return the leading comment's ``# key: value`` lines for the given keys, by key."""
    pattern = re.compile(rf"^#\s*({'|'.join(map(re.escape, keys))})\s*:\s*(.*?)\s*$")
    found: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            break
        match = pattern.match(line)
        if match:
            found[match.group(1)].append(match.group(2))
    return found
