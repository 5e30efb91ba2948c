"""Check query parameters against their declared types and turn them into RDF terms.

Values arrive as strings (from the command line or a notebook) or lists of strings (a
parameter may take several values). Each is validated against the parameter's kind and
converted to an rdflib term; nothing is ever pasted into query text. An IRI parameter is
resolved by :func:`il2kg.lookup.resolve`, as ``il2kg explain`` resolves its terms: a full IRI
(optionally in angle brackets), a CURIE with a prefix or synonym of the prefix map, ``a``, or a
label or synonym that names exactly one entity of the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef, Variable
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.lookup import Names, resolve
from il2kg.query.catalogue import NamedQuery, Parameter

__all__ = ["Bindings", "LabelResolver", "bind_parameters", "to_term"]

#: Parameter variable -> the values it is bound to (one VALUES row per value).
Bindings = dict[Variable, list[Node]]


#: Where IRI parameters given as a label are looked up: a :class:`il2kg.lookup.Names`, or
#: a plain function text → the entities named so (case-insensitive).
LabelResolver = Names | Callable[[str], list[URIRef]]

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def bind_parameters(
    query: NamedQuery,
    given: Mapping[str, str | Sequence[str]],
    resolve_label: LabelResolver | None = None,
) -> Bindings:
    """Validate the given parameters of a named query and return them as RDF terms.

    Required parameters that are not given take their defaults; optional ones without a
    value stay unbound.

    Args:
        query: The named query.
        given: Parameter name -> a value or a list of values, as strings.
        resolve_label: Used for IRI parameters given as a label; without it labels are
            refused.

    Returns:
        Each bound parameter's variable and its terms.

    Raises:
        BadParameterError: A parameter is unknown, missing, or a value does not fit its
            type; the message names the parameter, the value and the expected type.

    >>> from il2kg.query.catalogue import parse_named_query
    >>> q = parse_named_query("SELECT * WHERE { ?s ?p ?_n_integer }", "t", "t.rq")
    >>> [term.n3() for term in bind_parameters(q, {"n": ["1", "2"]})[Variable("_n_integer")]]
    ['"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
    >>> bind_parameters(q, {"n": "x"})
    Traceback (most recent call last):
    ...
    il2kg.errors.BadParameterError: parameter 'n' of t: 'x' is not an integer
    """
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(known))
    if unknown:
        listing = ", ".join(f"{p.name} ({p.type_label})" for p in query.parameters) or "none"
        raise BadParameterError(
            f"unknown parameter {', '.join(map(repr, unknown))} for {query.name}; "
            f"it takes: {listing}"
        )
    bindings: Bindings = {}
    for parameter in query.parameters:
        raw = given.get(parameter.name)
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if parameter.required and any(not value.strip() for value in values):
            raise BadParameterError(
                f"parameter {parameter.name!r} of {query.name} is required and was given an "
                f"empty value; give a {parameter.type_label}, or leave it out for its default"
            )
        if not values:
            values = list(parameter.default)
        if not values:
            if parameter.required:
                raise BadParameterError(
                    f"parameter {parameter.name!r} of {query.name} is required "
                    f"({parameter.type_label}); pass it as --param {parameter.name}=VALUE"
                )
            continue
        bindings[Variable(parameter.variable)] = [
            to_term(parameter, value, query.name, resolve_label) for value in values
        ]
    return bindings


def to_term(
    parameter: Parameter, value: str, query_name: str, resolve_label: LabelResolver | None = None
) -> Node:
    """Convert one string value of ``parameter`` to an RDF term, or raise BadParameterError."""

    def bad(reason: str) -> BadParameterError:
        return BadParameterError(
            f"parameter {parameter.name!r} of {query_name}: {value!r} {reason}"
        )

    if parameter.kind == "iri":
        return _iri(value, bad, resolve_label)
    if parameter.kind == "integer":
        if not _INTEGER.match(value.strip()):
            raise bad("is not an integer")
        return Literal(int(value.strip()))
    if parameter.kind == "decimal":
        try:
            return Literal(Decimal(value.strip()))
        except InvalidOperation:
            raise bad("is not a decimal number") from None
    if parameter.kind == "boolean":
        lowered = value.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise bad("is not a boolean (true or false)")
        return Literal(lowered in _TRUE)
    if parameter.kind == "lang":
        return Literal(value, lang=parameter.language)
    if parameter.kind == "datatype":
        literal = Literal(value, datatype=URIRef(str(parameter.datatype)))
        if literal.ill_typed:
            raise bad(f"is not a valid <{parameter.datatype}>")
        return literal
    return Literal(value)


def _iri(
    value: str, bad: Callable[[str], BadParameterError], resolve_label: LabelResolver | None
) -> URIRef:
    return resolve(value, None if resolve_label is None else _as_names(resolve_label), bad)


class _CallableNames:
    """A plain function text → entities, seen as :class:`il2kg.lookup.Names` (all exact)."""

    def __init__(self, find: Callable[[str], list[URIRef]]) -> None:
        self._find = find

    def matches(self, text: str) -> list[tuple[URIRef, bool]]:
        return [(term, True) for term in self._find(text)]

    def candidates(self, text: str) -> list[tuple[URIRef, str]]:
        suggest = getattr(self._find, "candidates", None)
        return list(suggest(text)) if suggest is not None else []


def _as_names(resolver: LabelResolver) -> Names:
    return resolver if isinstance(resolver, Names) else _CallableNames(resolver)
