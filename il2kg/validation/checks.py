"""The quality-check half of validation: each ``queries/checks/*-violation.rq`` file.

A check is a SPARQL SELECT of which every row is a finding. ``?focus`` is the focus node;
``?value``, ``?path`` and ``?message`` are optional. Header comments give the defaults:
``#+ summary: ...`` (the message when the row has no ``?message``) and
``#+ severity: Violation|Warning|Info`` (``Violation`` if absent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from il2kg.config import display_path
from il2kg.errors import LoadError, QueryError
from il2kg.graph import KnowledgeGraph
from il2kg.query.results import QueryResult
from il2kg.validation.report import SEVERITIES, Finding, render_path, term_text

__all__ = ["check_findings"]

_HEADER = re.compile(r"^#\+\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class _Check:
    name: str
    shown: str
    summary: str
    severity: str
    text: str


def _read_check(path: Path, shown: str) -> _Check:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(shown, None, f"cannot be read ({exc})") from None
    summary = ""
    severity = "Violation"
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line.strip())
        if not header:
            continue
        key, value = header.group(1).lower(), header.group(2)
        if key == "summary":
            summary = value
        elif key == "severity":
            canonical = {s.lower(): s for s in SEVERITIES}.get(value.lower())
            if canonical is None:
                raise LoadError(
                    shown, number, f"severity {value!r} is not one of {', '.join(SEVERITIES)}"
                )
            severity = canonical
    return _Check(path.name, shown, summary or path.stem, severity, text)


def _evaluation_errors() -> tuple[type[Exception], ...]:
    """What a check that parses may still raise when it runs, because of its text.

    il2kg's refusals (SERVICE, a deadline), rdflib's evaluation errors (a bad regular
    expression, say) and pyoxigraph's (an unsupported function). A bad setting (a
    :class:`~il2kg.errors.ConfigurationError`) or a bug in il2kg is not the check's fault and
    keeps its own message and traceback. (rdflib's SPARQL is imported here, when a check runs.)
    """
    from rdflib.plugins.sparql.sparql import SPARQLError

    return (QueryError, SPARQLError, re.error, RuntimeError)


def _run_check(kg: KnowledgeGraph, check: _Check, engine: str | None) -> QueryResult:
    """Run one check, after making sure it is a SELECT of ``?focus``.

    Raises:
        LoadError: The check does not parse, is not such a SELECT, or cannot be evaluated;
            the message names the check file.
        ConfigurationError: ``engine`` (or ``IL2KG_QUERY_ENGINE``) names no engine.
    """
    from rdflib.plugins.sparql import prepareQuery

    from il2kg.query.api import run_sparql

    try:
        query = prepareQuery(check.text)
    except Exception as exc:  # pyparsing's ParseException, undeclared prefixes ...
        line = getattr(exc, "lineno", None)
        reason = getattr(exc, "msg", None) or str(exc)
        raise LoadError(
            check.shown, line if isinstance(line, int) else None, f"bad SPARQL ({reason})"
        ) from None
    if query.algebra.name != "SelectQuery":
        raise LoadError(check.shown, None, "a check must be a SPARQL SELECT query")
    projected = {str(v) for v in query.algebra.get("PV") or ()}
    if "focus" not in projected:
        raise LoadError(check.shown, None, "a check must select the variable ?focus")
    try:
        return run_sparql(check.text, kg=kg, reasoning=False, engine=engine)
    except _evaluation_errors() as exc:  # a query that parses but cannot be evaluated
        raise LoadError(check.shown, None, f"the check failed to run ({exc})") from None


def check_findings(kg: KnowledgeGraph, path: Path, engine: str | None) -> list[Finding]:
    """Run the check in ``path`` on ``kg`` (with ``engine``) and return one finding per row."""
    check = _read_check(path, display_path(path, kg.root))
    findings = []
    result = _run_check(kg, check, engine)
    for values in result.rows:
        row = dict(zip(result.variables, values, strict=True))
        focus = row.get("focus")
        value = row.get("value")
        path_node = row.get("path")
        message = row.get("message")
        findings.append(
            Finding(
                severity=check.severity,
                focus=term_text(focus) or "",
                focus_label=kg.label(focus) if focus is not None else "",
                path=render_path(kg.union(), path_node) if path_node is not None else None,
                value=term_text(value),
                message=str(message) if message is not None else check.summary,
                source=check.name,
                files=tuple(kg.graph_of(focus)) if focus is not None else (),
            )
        )
    return findings
