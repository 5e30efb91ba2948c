"""Turn what a user typed into a term: one resolver for ``il2kg query``, ``explain`` and the API.

:func:`resolve` accepts, in this order:

1. ``a``, for ``rdf:type``;
2. a full IRI in ``<>`` (any scheme);
3. a CURIE whose prefix is a prefix or a synonym of :data:`il2kg.terms.PREFIX_MAP`
   (``il2:IL2``, ``uniprot:P60568``, ``UniProtKB:P60568``);
4. a full IRI with an authority (``http://``, ``https://``, ``ftp://`` ...) or one of the
   schemes without one in :data:`OPAQUE_SCHEMES` (``urn:``, ``tag:``, ``mailto:``, ``info:``);
5. a label or synonym naming exactly one entity: the names are the values of
   :data:`NAME_PREDICATES`; a name equal to the text wins over one equal ignoring case
   (:func:`fold`, the rule SPARQL's ``LCASE`` applies, so that an endpoint ranks alike).

The names come from a :class:`Names` source: :class:`GraphNames` indexes a loaded
:class:`~il2kg.graph.KnowledgeGraph`; :mod:`il2kg.query.api` asks the same of a SPARQL store
or endpoint, with queries built from :data:`NAME_PREDICATES` and :func:`fold`'s rule.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from il2kg.errors import BadParameterError, Il2kgError
from il2kg.graph import KnowledgeGraph
from il2kg.terms import IL2KG, PREFIXES, curie, expand

__all__ = [
    "BAD_IRI",
    "NAME_PREDICATES",
    "OPAQUE_SCHEMES",
    "GraphNames",
    "Names",
    "fold",
    "resolve",
]

NAME_PREDICATES: tuple[URIRef, ...] = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    IL2KG.brandName,
    IL2KG.historicalName,
)
"""The properties whose values name an entity, for label lookup."""

OPAQUE_SCHEMES = ("urn:", "tag:", "mailto:", "info:")
"""IRI schemes without ``//`` that are read as IRIs, not as CURIEs."""

BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters the SPARQL ``IRIREF`` production forbids, plus whitespace and controls."""

_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CURIE_SHAPE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):(\S*)$")
_SHOWN = 8


def fold(text: str) -> str:
    """The case rule of label lookup: Unicode lower case, as SPARQL's ``LCASE``."""
    return text.lower()


@runtime_checkable
class Names(Protocol):
    """Where :func:`resolve` finds entities by name."""

    def matches(self, text: str) -> list[tuple[URIRef, bool]]:
        """The entities one of whose names equals ``text`` ignoring case.

        Each comes with whether one of its names equals ``text`` exactly.
        """
        ...

    def candidates(self, text: str) -> list[tuple[URIRef, str]]:
        """The entities one of whose names contains ``text`` (ignoring case).

        Each comes with its ``rdfs:label``, sorted by label: what a text that names none
        could mean.
        """
        ...


_Index = tuple[dict[str, set[URIRef]], dict[str, set[URIRef]]]
_INDEXES: weakref.WeakKeyDictionary[KnowledgeGraph, _Index] = weakref.WeakKeyDictionary()


class GraphNames:
    """The names of a loaded graph's entities, indexed once per graph."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        """Index (or reuse the index of) the names of ``kg``."""
        self._kg = kg
        index = _INDEXES.get(kg)
        if index is None:
            index = ({}, {})
            union = kg.union()
            for predicate in NAME_PREDICATES:
                for term, name in union.subject_objects(predicate):
                    if isinstance(term, URIRef) and isinstance(name, Literal):
                        index[0].setdefault(str(name), set()).add(term)
                        index[1].setdefault(fold(str(name)), set()).add(term)
            _INDEXES[kg] = index
        self._exact, self._folded = index

    def matches(self, text: str) -> list[tuple[URIRef, bool]]:
        """See :meth:`Names.matches`."""
        exact = self._exact.get(text, set())
        return [(term, term in exact) for term in sorted(self._folded.get(fold(text), set()))]

    def candidates(self, text: str) -> list[tuple[URIRef, str]]:
        """See :meth:`Names.candidates`."""
        needle = fold(text)
        if not needle.strip():
            return []
        found = {term for name, terms in self._folded.items() if needle in name for term in terms}
        union = self._kg.union()
        shown: list[tuple[str, URIRef]] = []
        for term in found:
            labels = [str(o) for o in union.objects(term, RDFS.label) if isinstance(o, Literal)]
            if labels:
                shown.append((min(labels), term))
        return [(term, label) for label, term in sorted(shown)]


def resolve(
    text: str,
    names: Names | None,
    bad: Callable[[str], Il2kgError] | None = None,
) -> URIRef:
    """Turn what a user typed into a term (see the module docstring for what is accepted).

    Args:
        text: The text, as typed; surrounding whitespace is ignored.
        names: Where to look labels up; without it a label is refused.
        bad: Makes the error from a reason (``"is not an IRI ..."``); by default a
            :class:`~il2kg.errors.BadParameterError` ``"'<text>' <reason>"``.

    Raises:
        BadParameterError: (or what ``bad`` makes) The IRI holds characters no IRI can, the
            prefix is unknown, or the text names no entity or several (the message lists
            them, or the entities whose names contain it).

    >>> resolve("UniProtKB:P60568", None)
    rdflib.term.URIRef('http://purl.uniprot.org/uniprot/P60568')
    >>> resolve("a", None) == RDF.type
    True
    """
    value = text.strip()

    def fail(reason: str) -> Il2kgError:
        return bad(reason) if bad is not None else BadParameterError(f"{value!r} {reason}")

    if value == "a":
        return URIRef(RDF.type)
    bracketed = len(value) > 1 and value.startswith("<") and value.endswith(">")
    body = value[1:-1] if bracketed else value
    absolute = bracketed or bool(_AUTHORITY.match(body)) or body.lower().startswith(OPAQUE_SCHEMES)
    if not absolute and not any(char.isspace() for char in body):
        expanded = expand(body)
        if expanded is not None:
            return _checked(expanded, fail)
    if absolute and (bracketed or not any(char.isspace() for char in body)):
        return _checked(body, fail)
    return _by_name(value, names, fail, _no_label_reason(body, absolute))


def _checked(iri: str, fail: Callable[[str], Il2kgError]) -> URIRef:
    if BAD_IRI.search(iri):
        raise fail("contains characters an IRI cannot hold (spaces, quotes, braces, <, >, ...)")
    return URIRef(iri)


def _by_name(
    value: str, names: Names | None, fail: Callable[[str], Il2kgError], miss: str
) -> URIRef:
    """The one entity named ``value``: exact names first, then ignoring case."""
    if names is None:
        raise fail(miss or "is not an IRI or a CURIE with a known prefix")
    found = names.matches(value)
    chosen = sorted({term for term, exact in found if exact} or {term for term, _ in found})
    if len(chosen) == 1:
        return chosen[0]
    if chosen:
        listing = ", ".join(sorted(curie(str(term)) or str(term) for term in chosen)[:5])
        more = f" and {len(chosen) - 5} more" if len(chosen) > 5 else ""
        raise fail(
            f"is the label of {len(chosen)} entities ({listing}{more}); give an IRI or CURIE"
        )
    near = names.candidates(value) if not miss else []
    if near:
        shown = "; ".join(f"{curie(str(iri)) or iri} ({label})" for iri, label in near[:_SHOWN])
        more = f" and {len(near) - _SHOWN} more" if len(near) > _SHOWN else ""
        raise fail(
            f"is not the full name of an entity; it is part of the names of {len(near)}: "
            f"{shown}{more}; give one of these as an IRI, CURIE or full name"
        )
    raise fail(miss or "is neither an IRI, a CURIE with a known prefix, nor the label of an entity")


def _no_label_reason(text: str, absolute: bool) -> str:
    """What to say about a text that is no label: an IRI with a space, an unknown prefix."""
    if absolute:
        return "contains characters an IRI cannot hold (spaces, quotes, braces, <, >, ...)"
    shape = _CURIE_SHAPE.match(text)
    if shape:
        return (
            f"has an unknown prefix {shape.group(1)!r}; expected an IRI, a label, or a CURIE "
            f"with one of the prefixes {', '.join(PREFIXES)}"
        )
    return ""
