"""The named-query runs that tests compare across engines, and how answers are compared.

Every named query runs with its defaults, then per parameter with a second value and with
a list of two values. Answers are compared as sorted rows of normalised terms.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.query.catalogue import NamedQuery, Parameter, load_catalogue
from il2kg.query.parameters import to_term
from il2kg.query.results import QueryResult

CATALOGUE = load_catalogue()

# --- comparing answers ---


def normal(term: Node | None) -> Any:
    """A term as compared across engines.

    Numeric literals are compared by value, through ``Literal.toPython()``: engines may
    write the same number differently (``1.0E-8`` and ``1e-8``, ``3.0`` and ``3`` for a
    decimal). Blank node labels are local to each answer, so all blank nodes compare equal.
    """
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, bool):
            return ("literal", str(term.datatype), value)
        if isinstance(value, Decimal):
            return ("number", value.normalize())
        if isinstance(value, int | float):
            return ("number", Decimal(repr(float(value))).normalize())
    return ("term", term)


def rows_of(result: QueryResult) -> list[tuple[Any, ...]]:
    return sorted((tuple(normal(t) for t in row) for row in result.rows), key=repr)


def triples_of(result: QueryResult) -> list[tuple[Any, ...]]:
    assert result.graph is not None
    return sorted((tuple(normal(t) for t in triple) for triple in result.graph), key=repr)


# --- the runs: every named query with its defaults, a second value, and a list of two ---

#: Other values for parameters, by name, after those of the query's example.
OTHER = {
    "chain": ["il2:IL2RB", "il2:IL2RA"],
    "therapeutic": ["il2:Daclizumab", "il2:Basiliximab"],
    "cytokine": ["il2:IL15", "il2:IL2"],
    "entity": ["il2:IL2RA", "il2:Aldesleukin"],
    "target": ["il2:IL2R-high", "il2:IL2RB"],
    "condition": ["il2:HIVInfection", "il2:MetastaticMelanoma"],
    "receptor": ["il2:IL2R-intermediate", "il2:IL2R-low"],
    "external": ["uniprot:P60568", "uniprot:P01589"],
    "text": ["interleukin", "Proleukin"],
    "accession": ["P60568", "DB00111"],
}
#: For a parameter not listed there, by kind.
FALLBACK = {
    "iri": ["il2:IL2RA", "il2:IL2"],
    "string": ["IL-2", "CD25"],
    "lang": ["interleukin-2", "CD25"],
    "integer": ["1", "2"],
}


def example_values(query: NamedQuery) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name, value in re.findall(r"--param\s+([A-Za-z0-9]+)=(\S+)", query.example):
        values.setdefault(name, []).append(value)
    return values


def as_term(parameter: Parameter, value: str) -> Node | str:
    """The term a value stands for (il2:IL2 and its full IRI are the same value)."""
    try:
        return to_term(parameter, value, "")
    except BadParameterError:
        return value


def runs(query: NamedQuery) -> list[tuple[str, dict[str, list[str]]]]:
    """(label, params) for the defaults, then per parameter a second value and a list of two."""
    example = example_values(query)
    base = {
        p.name: example[p.name][:1]
        for p in query.parameters
        if p.required and not p.default and p.name in example
    }
    runs = [("defaults", base)]
    for parameter in query.parameters:
        first = list(parameter.default[:1]) or base.get(parameter.name, [])
        taken = {as_term(parameter, value) for value in first}
        others: list[str] = []
        for value in [
            *example.get(parameter.name, []),
            *OTHER.get(parameter.name, FALLBACK.get(parameter.kind, [])),
        ]:
            if as_term(parameter, value) not in taken:
                taken.add(as_term(parameter, value))
                others.append(value)
        if not others:
            continue
        pair = [*first, others[0]] if first else others[:2]
        runs.append((f"{parameter.name}={others[0]}", {**base, parameter.name: others[:1]}))
        runs.append((f"{parameter.name}={'+'.join(pair)}", {**base, parameter.name: pair}))
    return runs


CASES = [(name, label, params) for name, q in CATALOGUE.items() for label, params in runs(q)]
