"""Parse one RDF file into an rdflib graph, with errors that name the file and line.

The format is chosen by the extension (:data:`PARSERS`). A syntax error, an invalid IRI
(which rdflib only logs), a remote JSON-LD context or an unreadable file becomes one
:class:`~il2kg.errors.LoadError` naming the file and, where known, the line.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Dataset, Graph

from il2kg.errors import LoadError

__all__ = ["PARSERS", "format_of", "parse_into"]

PARSERS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
"""Accepted file extensions and the rdflib parser each one uses (``.owl``, ``.xml``: RDF/XML)."""


_QUAD_FORMATS = frozenset({"nquads", "trig"})
_LINE_FORMATS = frozenset({"nt", "nquads"})
_SNIPPET = 60


def format_of(location: Path, shown: str) -> str:
    """Return the rdflib format name for a file, chosen by its extension.

    Raises:
        LoadError: The extension is not one of :data:`PARSERS`.
    """
    fmt = PARSERS.get(location.suffix.lower())
    if fmt is None:
        accepted = ", ".join(PARSERS)
        raise LoadError(
            shown,
            None,
            f"unsupported file extension {location.suffix or '(none)'!r}; accepted: {accepted}",
        )
    return fmt


def parse_into(graph: Graph, location: Path, shown: str) -> None:
    """Parse one RDF file into ``graph``, turning every failure into a :class:`LoadError`.

    Args:
        graph: Where the triples go.
        location: The file to read.
        shown: How to name the file in error messages.

    Raises:
        LoadError: The file is missing, unreadable, of an unsupported type, or does
            not parse.
    """
    fmt = format_of(location, shown)
    data = _read(location, shown)
    source: str | bytes = data
    if fmt != "xml":  # RDF/XML may declare its own encoding; every other format is UTF-8
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise LoadError(shown, bad_line, "not valid UTF-8 text") from None
    text = source if isinstance(source, str) else data.decode("utf-8", errors="replace")
    if fmt == "json-ld":
        _check_json_ld(text, shown)
    base = location.resolve().as_uri()
    invalid = _InvalidIris()
    term_logger = logging.getLogger("rdflib.term")  # where rdflib says an IRI is invalid
    term_logger.addHandler(invalid)
    propagate, term_logger.propagate = term_logger.propagate, False  # said below instead
    try:
        if fmt in _QUAD_FORMATS:
            scratch = Dataset()
            scratch.parse(data=source, format=fmt, publicID=base)
            for subject, predicate, obj, _context in scratch.quads((None, None, None, None)):
                graph.add((subject, predicate, obj))
        else:
            graph.parse(data=source, format=fmt, publicID=base)
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        line, reason = _describe(exc, text, fmt)
        raise LoadError(shown, line, reason) from exc
    finally:
        term_logger.removeHandler(invalid)
        term_logger.propagate = propagate
    if invalid.iris:
        iri = invalid.iris[0]
        raise LoadError(shown, _line_of(text, iri, base), _bad_iri_reason(iri, base))


class _InvalidIris(logging.Handler):
    """Collects the IRIs rdflib warns are invalid while a file is parsed."""

    _SUFFIX = " does not look like a valid URI, trying to serialize this will break."

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.iris: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.endswith(self._SUFFIX):
            self.iris.append(message.removesuffix(self._SUFFIX))


def _bad_iri_reason(term: str, base: str) -> str:
    written = str(term).removeprefix(base.rsplit("/", 1)[0] + "/")
    return (
        f"<{written}> is not a valid IRI (it holds a space, a quote, a brace or another character "
        "an IRI cannot hold); write it with %-escapes or as a full IRI"
    )


def _line_of(text: str, term: str, base: str) -> int | None:
    """The first line of ``text`` that holds the IRI as written (relative or whole)."""
    candidates = [str(term), str(term).removeprefix(base.rsplit("/", 1)[0] + "/")]
    for number, line in enumerate(text.splitlines(), start=1):
        if any(c and c in line for c in candidates):
            return number
    return None


def _read(location: Path, shown: str) -> bytes:
    try:
        return location.read_bytes()
    except FileNotFoundError:
        raise LoadError(shown, None, "no such file") from None
    except IsADirectoryError:
        raise LoadError(shown, None, "is a directory, not a file") from None
    except OSError as exc:
        raise LoadError(shown, None, f"cannot be read ({exc.strerror or exc})") from None


_AT_LINE = re.compile(r"at line (\d+)")
_WHY = re.compile(r"Bad syntax \((.*?)\) at \^", re.DOTALL)


def _describe(exc: Exception, text: str, fmt: str) -> tuple[int | None, str]:
    """Return the 1-based line and a one-line reason for a parser exception."""
    line: int | None = None
    reason: str
    name = type(exc).__name__
    if name == "BadSyntax":  # rdflib.plugins.parsers.notation3 (Turtle, TriG)
        found = _AT_LINE.search(str(exc))
        if found:
            line = int(found.group(1))
        else:
            lines = getattr(exc, "lines", None)  # a 0-based count
            line = lines + 1 if isinstance(lines, int) else None
        why = getattr(exc, "_why", None)
        if not isinstance(why, str):
            matched = _WHY.search(str(exc))
            why = matched.group(1) if matched else _first_line(str(exc))
        reason = f"bad syntax ({why})"
    elif isinstance(exc, SAXParseException):  # RDF/XML
        number = exc.getLineNumber()
        line = number if number is not None and number > 0 else None
        reason = f"bad RDF/XML ({exc.getMessage()})"
    elif fmt in _LINE_FORMATS and name == "ParserError":
        line = _first_bad_line(text, fmt)
        reason = f"bad {'N-Quads' if fmt == 'nquads' else 'N-Triples'} line"
    else:
        found = _AT_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        reason = f"{name}: {_first_line(str(exc))}"
    if line is not None:
        snippet = _line_text(text, line)
        if snippet:
            reason = f"{reason} near {snippet!r}"
    return line, reason


def _first_line(message: str) -> str:
    stripped = message.strip()
    return stripped.splitlines()[0] if stripped else "unknown error"


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    content = lines[line - 1].strip()
    return content if len(content) <= _SNIPPET else content[: _SNIPPET - 1] + "…"


def _first_bad_line(text: str, fmt: str) -> int | None:
    """Find the first line of an N-Triples/N-Quads document that does not parse alone."""
    for number, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        scratch: Graph = Dataset() if fmt in _QUAD_FORMATS else Graph()
        try:
            scratch.parse(data=content + "\n", format=fmt)
        except Exception:  # any failure means this is the line
            return number
    return None


def _check_json_ld(text: str, shown: str) -> None:
    """Refuse JSON-LD that is not JSON, or that would make rdflib fetch a remote context."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(shown, exc.lineno, f"not valid JSON ({exc.msg})") from None
    for url in _remote_contexts(document):
        offset = text.find(url)
        line = text[:offset].count("\n") + 1 if offset >= 0 else None
        raise LoadError(
            shown,
            line,
            f"remote JSON-LD context {url!r} is not fetched; put the context inline",
        )


def _remote_contexts(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                yield from (item for item in items if isinstance(item, str))
            elif key == "@import" and isinstance(value, str):
                yield value
            yield from _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)
