"""Compact, byte-stable JSON-LD for :mod:`il2kg.export.formats`, with the shipped context embedded.

The context (``ontology/context.jsonld``) defines the prefixes of
:data:`il2kg.terms.PREFIXES` and short names for common properties: ``label``,
``definition``, ``altLabel`` … stand for English literals, ``exactMatch``, ``source``,
``subClassOf`` … take IRIs. It is embedded in the output, never referenced, so reading the
file fetches nothing. A value the short name cannot carry (an untagged label, say) is
written under the prefixed name (``rdfs:label``) in expanded form.

rdflib's JSON-LD serializer is not used: it orders nodes by hash and writes numbers and
booleans as JSON numbers, which changes their lexical form (``2.5e-11`` comes back as
``2.5E-11``). Here every node is a top-level entry of ``@graph``, sorted by ``@id``, with
sorted keys and values, and every literal keeps its lexical form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from il2kg.errors import ExportError
from il2kg.export.rdf import Statement, sort_key

__all__ = ["CONTEXT_NAME", "JsonLdContext", "write_jsonld"]

CONTEXT_NAME = "context.jsonld"
"""The context file, in the data root's ``ontology/`` folder."""

_DELIMITERS = ("/", "#", ":", "?")


@dataclass(frozen=True)
class _Term:
    name: str
    iri: str
    coerce: str | None  # "@id", a datatype IRI, or None
    language: str | None

    def bare(self, value: Node) -> str | None:
        """The value as a plain JSON string under this term, or None if it cannot be."""
        if self.coerce == "@id":
            return None if isinstance(value, Literal) else _node_id(value)
        if not isinstance(value, Literal):
            return None
        if self.language is not None:
            return str(value) if value.language == self.language else None
        if self.coerce is not None:
            return str(value) if str(value.datatype or "") == self.coerce else None
        return str(value) if value.language is None and value.datatype is None else None


def _node_id(value: Node) -> str:
    return f"_:{value}" if isinstance(value, BNode) else str(value)


class JsonLdContext:
    """The prefixes and short names of a JSON-LD context, for compacting statements."""

    def __init__(self, document: dict[str, Any]) -> None:
        """Read ``document``, a JSON object with an ``@context`` object."""
        context = document.get("@context")
        if not isinstance(context, dict):
            raise ExportError("the JSON-LD context file holds no @context object")
        self.context: dict[str, Any] = context
        self.prefixes = {
            name: value
            for name, value in context.items()
            if isinstance(value, str) and value.endswith(_DELIMITERS) and ":" not in name
        }
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.terms: dict[str, list[_Term]] = {}
        for name, value in sorted(context.items()):
            if name in self.prefixes or name.startswith("@"):
                continue
            spec = {"@id": value} if isinstance(value, str) else value
            iri = self.expand(str(spec["@id"]))
            coerce = spec.get("@type")
            term = _Term(
                name, iri, None if coerce is None else self.expand(coerce), spec.get("@language")
            )
            self.terms.setdefault(iri, []).append(term)

    @classmethod
    def from_file(cls, path: Path) -> JsonLdContext:
        """Read a context file.

        Raises:
            ExportError: The file is missing or not JSON.
        """
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise ExportError(f"{path}: cannot read the JSON-LD context ({exc})") from None

    def expand(self, text: str) -> str:
        """Expand a compact IRI (``skos:exactMatch``); keywords and full IRIs stay."""
        prefix, sep, local = text.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return str(self.prefixes[prefix]) + local
        return text

    def compact(self, iri: str) -> str:
        """Abbreviate an IRI with the longest matching prefix, if any."""
        if iri.partition(":")[0] in self.context:
            raise ExportError(
                f"the IRI <{iri}> cannot be written in JSON-LD: its scheme is a name "
                "the context defines"
            )
        for prefix, namespace in self._by_length:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def entry(self, predicate: Node, value: Node) -> tuple[str, Any]:
        """The key and JSON value of one statement's predicate and object."""
        terms = self.terms.get(str(predicate), [])
        for term in terms:
            bare = term.bare(value)
            if bare is not None:
                return term.name, self.compact(bare) if isinstance(value, URIRef) else bare
        plain = [t.name for t in terms if t.coerce is None and t.language is None]
        return (plain[0] if plain else self.compact(str(predicate))), self.expanded(value)

    def expanded(self, value: Node) -> Any:
        """A value in JSON-LD's expanded form (a plain literal as a bare string)."""
        if isinstance(value, URIRef):
            return {"@id": self.compact(str(value))}
        if isinstance(value, BNode):
            return {"@id": _node_id(value)}
        if not isinstance(value, Literal):
            raise ExportError(f"cannot export the term {value!r}")
        if value.language:
            return {"@value": str(value), "@language": value.language}
        if value.datatype:
            return {"@value": str(value), "@type": self.compact(str(value.datatype))}
        return str(value)


def _sorted_values(values: list[Any]) -> Any:
    ordered = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    unique = [v for i, v in enumerate(ordered) if i == 0 or v != ordered[i - 1]]
    return unique[0] if len(unique) == 1 else unique


def write_jsonld(statements: Iterable[Statement], context: JsonLdContext) -> str:
    """JSON-LD: the context embedded, then every subject as a node of ``@graph``, sorted."""
    nodes: dict[Node, dict[str, list[Any]]] = {}
    for s, p, o, _ in statements:
        node = nodes.setdefault(s, {})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(context.compact(str(o)))
        else:
            key, value = context.entry(p, o)
            node.setdefault(key, []).append(value)
    graph = []
    for subject in sorted(nodes, key=sort_key):
        properties = nodes[subject]
        name = context.compact(str(subject)) if isinstance(subject, URIRef) else None
        entry: dict[str, Any] = {"@id": name or _node_id(subject)}
        if "@type" in properties:
            entry["@type"] = _sorted_values(properties.pop("@type"))
        for key in sorted(properties):
            entry[key] = _sorted_values(properties[key])
        graph.append(entry)
    document = {"@context": context.context, "@graph": graph}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
