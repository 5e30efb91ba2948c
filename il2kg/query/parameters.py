"""Check query parameters against their declared types and turn them into RDF terms.

Values arrive as strings (from the command line or a notebook) or lists of strings (a
parameter may take several values). Each is validated against the parameter's kind and
converted to an rdflib term; nothing is ever pasted into query text. An IRI parameter takes
a full IRI (optionally in angle brackets), a CURIE with a known prefix, or a label or
synonym that names exactly one entity of the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef, Variable
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.query.catalogue import NamedQuery, Parameter
from il2kg.terms import PREFIXES
from il2kg.terms import curie as compact_iri

__all__ = ["Bindings", "LabelResolver", "bind_parameters", "to_term"]

#: Parameter variable -> the values it is bound to (one VALUES row per value).
Bindings = dict[Variable, list[Node]]
#: Finds the entities whose label or synonym equals a text (case-insensitive).
LabelResolver = Callable[[str], list[URIRef]]

# Characters the SPARQL IRIREF production forbids, plus whitespace and controls.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):(\S*)$")
# An absolute IRI has an authority (``scheme://``) or one of these schemes without one;
# anything else shaped like ``prefix:local`` is taken for a CURIE.
_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_OPAQUE_SCHEMES = ("urn:", "tag:", "mailto:", "info:")
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
    text = value.strip()
    bracketed = text.startswith("<") and text.endswith(">")
    if bracketed:  # <...> is a full IRI, whatever its scheme
        text = text[1:-1]
    curie = None if bracketed else _CURIE.match(text)
    absolute = bracketed or bool(_AUTHORITY.match(text)) or text.lower().startswith(_OPAQUE_SCHEMES)
    if curie and curie.group(1) in PREFIXES and not text.startswith(("http:", "https:", "urn:")):
        text = PREFIXES[curie.group(1)] + curie.group(2)
    elif not absolute or (" " in text and not bracketed):
        miss = _no_label_reason(text, absolute, curie)
        if resolve_label is None:
            raise bad(miss or "is not an IRI or a CURIE with a known prefix")
        matches = resolve_label(value.strip())
        if len(matches) == 1:
            return matches[0]
        if not matches:
            suggest = getattr(resolve_label, "candidates", None)
            found = suggest(value.strip()) if suggest and not miss else []
            if found:
                named = [f"{compact_iri(str(iri)) or iri} ({label})" for iri, label in found[:8]]
                shown = "; ".join(named)
                more = f" and {len(found) - 8} more" if len(found) > 8 else ""
                raise bad(
                    f"is not the full name of an entity; it is part of the names of "
                    f"{len(found)}: {shown}{more}; give one of these as an IRI, CURIE or full name"
                )
            raise bad(
                miss or "is neither an IRI, a CURIE with a known prefix, nor the label of an entity"
            )
        listing = ", ".join(sorted(str(m) for m in matches)[:5])
        raise bad(f"is the label of {len(matches)} entities ({listing}); give an IRI or CURIE")
    if _BAD_IRI.search(text):
        raise bad("contains characters an IRI cannot hold (spaces, quotes, braces, <, >, ...)")
    return URIRef(text)


def _no_label_reason(text: str, absolute: bool, curie: re.Match[str] | None) -> str:
    """What to say about a value that is no label: an IRI with a space, an unknown prefix."""
    if absolute:
        return "contains characters an IRI cannot hold (spaces, quotes, braces, <, >, ...)"
    if curie and " " not in text:
        return (
            f"has an unknown prefix {curie.group(1)!r}; expected an IRI, a label, or a CURIE "
            f"with one of the prefixes {', '.join(PREFIXES)}"
        )
    return ""
