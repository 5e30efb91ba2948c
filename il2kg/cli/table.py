"""A readable table of query solutions, for people (machines get the W3C formats).

IRIs are shortened to CURIEs with :data:`il2kg.terms.PREFIXES` and shown with the
entity's label beside them, ``il2:IL2RA (interleukin-2 receptor subunit alpha)``; literals
show their lexical form; an unbound variable leaves its cell empty.

>>> from rdflib import Literal, URIRef
>>> from il2kg.query.results import QueryResult
>>> iri = "https://w3id.org/il2kg/id/IL2"
>>> result = QueryResult("SELECT", ("cytokine", "n"), ((URIRef(iri), Literal(2)),))
>>> print(format_table(result, {iri: "interleukin-2"}))
cytokine                 n
-----------------------  -
il2:IL2 (interleukin-2)  2
(1 row)
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode, URIRef
from rdflib.term import Node

from il2kg.query.results import QueryResult
from il2kg.terms import curie

__all__ = ["cell_text", "format_table", "result_iris"]

#: Cells longer than this are cut, with an ellipsis (the machine formats keep everything).
MAX_CELL = 60
_GAP = "  "


def format_table(
    result: QueryResult, labels: Mapping[str, str] | None = None, *, max_cell: int = MAX_CELL
) -> str:
    """Lay out the solutions of a SELECT as aligned columns, with a row count at the end.

    Args:
        result: A SELECT result.
        labels: IRI -> label, shown beside each IRI that has one.
        max_cell: Cut cells longer than this many characters.

    Returns:
        The table, without a trailing newline.

    Raises:
        ValueError: The result is not a SELECT result.
    """
    if result.form != "SELECT":
        raise ValueError(f"a {result.form} result is not a table")
    known = labels or {}
    rows = [[cell_text(term, known, max_cell) for term in row] for row in result.rows]
    widths = [
        max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(result.variables)
    ]
    lines = [
        _GAP.join(name.ljust(w) for name, w in zip(result.variables, widths, strict=True)),
        _GAP.join("-" * w for w in widths),
    ]
    lines += [_GAP.join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(line.rstrip() for line in lines)


def cell_text(term: Node | None, labels: Mapping[str, str], max_cell: int = MAX_CELL) -> str:
    r"""Write one term for the table: a CURIE (or ``<IRI>``) with its label, or a value.

    >>> cell_text(URIRef("https://w3id.org/il2kg/id/IL2RA"), {})
    'il2:IL2RA'
    >>> from rdflib import Literal
    >>> cell_text(Literal("two\nlines"), {})
    'two lines'
    """
    if term is None:
        text = ""
    elif isinstance(term, URIRef):
        iri = str(term)
        text = curie(iri) or f"<{iri}>"
        label = labels.get(iri)
        if label:
            text = f"{text} ({label})"
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    text = " ".join(text.split())  # line breaks and tabs would break the layout
    return text if len(text) <= max_cell else text[: max_cell - 1] + "…"


def result_iris(result: QueryResult) -> list[str]:
    """The distinct IRIs of a SELECT result, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in result.rows:
        for term in row:
            if isinstance(term, URIRef):
                seen.setdefault(str(term), None)
    return list(seen)
