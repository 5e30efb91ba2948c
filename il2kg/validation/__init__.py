"""Validate a loaded graph: the SHACL shapes (pySHACL) and the SPARQL quality checks.

May import: errors, config, terms, graph, reasoning, query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.validation.report import SEVERITIES, Finding, ValidationReport
    from il2kg.validation.validator import validate

__all__ = [
    "SEVERITIES",
    "Finding",
    "ValidationReport",
    "validate",
]

_NAMES = {
    "Finding": "report",
    "SEVERITIES": "report",
    "ValidationReport": "report",
    "validate": "validator",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
