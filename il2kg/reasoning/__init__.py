"""Reason over a loaded graph.

The OWL 2 RL closure (owlrl, or reasonable as the fast path), its disk cache, the consistency
check, the report, and explanations of inferences.

May import: errors, config, terms, graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.reasoning.closure import (
        INFERRED_GRAPH,
        REASONERS,
        Closure,
        compute_closure,
        with_inferences,
    )
    from il2kg.reasoning.consistency import Inconsistency, find_inconsistencies
    from il2kg.reasoning.derivation import Explanation, Step
    from il2kg.reasoning.explanation import explain
    from il2kg.reasoning.report import ReasoningReport, run_reasoning

__all__ = [
    "INFERRED_GRAPH",
    "REASONERS",
    "Closure",
    "Explanation",
    "Inconsistency",
    "ReasoningReport",
    "Step",
    "compute_closure",
    "explain",
    "find_inconsistencies",
    "run_reasoning",
    "with_inferences",
]

_NAMES = {
    "Closure": "closure",
    "Explanation": "derivation",
    "INFERRED_GRAPH": "closure",
    "Inconsistency": "consistency",
    "REASONERS": "closure",
    "ReasoningReport": "report",
    "Step": "derivation",
    "compute_closure": "closure",
    "explain": "explanation",
    "find_inconsistencies": "consistency",
    "run_reasoning": "report",
    "with_inferences": "closure",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
