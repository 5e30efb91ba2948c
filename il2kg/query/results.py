"""Query results in one shape, whatever engine answered, and the W3C formats to write them.

A :class:`QueryResult` holds RDF terms (so nothing is lost) and gives plain Python values on
demand. It is iterable as rdflib's ``Result`` is: a SELECT gives its rows, a CONSTRUCT or
DESCRIBE the triples of its graph, an ASK its answer once. It serialises to the SPARQL 1.1
Query Results JSON, CSV and TSV formats; graph results (CONSTRUCT, DESCRIBE) serialise to
Turtle. :meth:`QueryResult.to_pandas` gives a DataFrame where pandas is installed.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from il2kg.errors import BadParameterError, ExportError

__all__ = ["RESULT_FORMATS", "QueryResult"]

RESULT_FORMATS: tuple[str, ...] = ("json", "csv", "tsv")
"""The formats :meth:`QueryResult.serialize` writes solutions and ASK answers in."""


@dataclass(frozen=True, eq=False)
class QueryResult:
    """The answer to a query.

    Attributes:
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        variables: The projected variables of a SELECT, in order (without ``?``).
        rows: One tuple of terms per solution, aligned with ``variables``; ``None`` where
            a variable is unbound.
        boolean: The answer of an ASK.
        graph: The graph of a CONSTRUCT or DESCRIBE.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, repr=False)

    @classmethod
    def from_rdflib(cls, result: Result) -> QueryResult:
        """Convert an rdflib query result (local, or parsed from an endpoint's answer)."""
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            return cls(result.type, graph=result.graph)
        variables = tuple(str(v) for v in (result.vars or []))
        rows: list[tuple[Node | None, ...]] = []
        for row in result:
            assert isinstance(row, ResultRow)  # noqa: S101 - a SELECT result yields rows
            rows.append(tuple(row.get(Variable(v)) for v in variables))
        return cls("SELECT", variables, tuple(rows))

    def __len__(self) -> int:
        """Number of solutions (SELECT), triples (graph results) or 1 (ASK)."""
        if self.graph is not None:
            return len(self.graph)
        return 1 if self.boolean is not None else len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...] | bool]:
        """Iterate as rdflib's ``Result`` does.

        A SELECT gives its rows (tuples of terms, ``None`` where unbound, in the order of
        :attr:`variables`), a CONSTRUCT or DESCRIBE the ``(subject, predicate, object)``
        triples of its graph, an ASK its boolean answer, once.

        >>> from rdflib import Literal, URIRef
        >>> rows = QueryResult("SELECT", ("s", "n"), ((URIRef("urn:a"), Literal(3)),))
        >>> [(str(s), n.toPython()) for s, n in rows]
        [('urn:a', 3)]
        >>> list(QueryResult("ASK", boolean=True))
        [True]
        """
        if self.graph is not None:
            yield from self.graph
        elif self.boolean is not None:
            yield self.boolean
        else:
            yield from self.rows

    def to_pandas(self) -> Any:
        """The result as a ``pandas.DataFrame`` of plain Python values (as :meth:`records`).

        A SELECT gives one column per variable, a graph result the columns ``subject``,
        ``predicate`` and ``object``. pandas is not a dependency of il2kg: it is imported here.

        Raises:
            ExportError: pandas is not installed, or the result is an ASK (a boolean has no
                table: read :attr:`boolean`).
        """
        if self.form == "ASK":
            raise ExportError("an ASK result is one boolean, not a table; read its .boolean")
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise ExportError("to_pandas() needs pandas; install it (pip install pandas)") from None
        if self.graph is not None:
            triples = sorted(self.graph, key=lambda t: tuple(str(term) for term in t))
            records = [[_python(term) for term in triple] for triple in triples]
            return pandas.DataFrame(records, columns=["subject", "predicate", "object"])
        return pandas.DataFrame(self.records(), columns=list(self.variables))

    def records(self) -> list[dict[str, Any]]:
        """The solutions as dicts of Python values: IRIs as strings, literals as Python.

        >>> from rdflib import Literal, URIRef
        >>> r = QueryResult("SELECT", ("s", "n"), ((URIRef("urn:a"), Literal(3)),))
        >>> r.records()
        [{'s': 'urn:a', 'n': 3}]
        """
        return [
            {v: _python(term) for v, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def column(self, variable: str) -> list[Node | None]:
        """All values of one variable, in row order.

        Raises:
            BadParameterError: ``variable`` is not one of :attr:`variables`.
        """
        if variable not in self.variables:
            known = ", ".join(self.variables) or "none"
            raise BadParameterError(
                f"the result has no variable {variable!r}; its variables are: {known}"
            )
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]

    def to_json(self) -> str:
        """Serialise as SPARQL 1.1 Query Results JSON."""
        if self.form == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=2)
        self._require_solutions("JSON")
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]
        doc = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, indent=2, ensure_ascii=False)

    def to_csv(self) -> str:
        """Serialise as SPARQL 1.1 Query Results CSV (plain values, no types)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if self.form == "ASK":
            writer.writerows([["boolean"], ["true" if self.boolean else "false"]])
            return buffer.getvalue()
        self._require_solutions("CSV")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else _csv_term(t) for t in row])
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """Serialise as SPARQL 1.1 Query Results TSV (terms in SPARQL/N-Triples syntax)."""
        if self.form == "ASK":
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        self._require_solutions("TSV")
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        """Serialise a graph result as Turtle.

        Raises:
            ExportError: The result is a SELECT or ASK, which has no graph.
        """
        if self.graph is None:
            raise ExportError(
                f"a {self.form} result has no graph to write as Turtle; "
                f"write it as one of: {', '.join(RESULT_FORMATS)}"
            )
        from il2kg.terms import PREFIXES

        for prefix, namespace in PREFIXES.items():  # the project's prefixes, not ns1:
            self.graph.bind(prefix, namespace, override=True, replace=True)
        return self.graph.serialize(format="turtle")

    def serialize(self, fmt: str) -> str:
        """Serialise in ``json``, ``csv``, ``tsv`` or (graph results) ``turtle``.

        A graph result is written as Turtle whatever ``fmt`` is.

        Raises:
            ExportError: ``fmt`` is not one of :data:`RESULT_FORMATS` (for solutions).
        """
        writers = {"json": self.to_json, "csv": self.to_csv, "tsv": self.to_tsv}
        if self.graph is not None:
            return self.to_turtle()
        if fmt not in writers:
            raise ExportError(
                f"unknown result format {fmt!r}; choose one of: {', '.join(RESULT_FORMATS)}"
            )
        return writers[fmt]()

    def _require_solutions(self, name: str) -> None:
        if self.graph is not None:
            raise ExportError(f"a {self.form} result is a graph; write it as Turtle, not {name}")

    @classmethod
    def from_sparql_json(cls, document: Mapping[str, Any]) -> QueryResult:
        """Build a result from a SPARQL 1.1 Query Results JSON document."""
        if "boolean" in document:
            return cls("ASK", boolean=bool(document["boolean"]))
        variables = tuple(document["head"]["vars"])
        rows = tuple(
            tuple(_from_json_term(binding.get(v)) for v in variables)
            for binding in document["results"]["bindings"]
        )
        return cls("SELECT", variables, rows)


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)  # noqa: S101 - the three term kinds of a solution
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _from_json_term(value: Mapping[str, str] | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    datatype = value.get("datatype")
    return Literal(
        value["value"],
        lang=value.get("xml:lang"),
        datatype=URIRef(datatype) if datatype else None,
    )


def _csv_term(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv_term(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    text: str = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
