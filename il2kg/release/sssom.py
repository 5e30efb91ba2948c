"""Export the graph's links to external identifiers as an SSSOM mapping set (TSV).

Every ``skos:exactMatch``, ``closeMatch``, ``broadMatch``, ``narrowMatch`` and
``relatedMatch`` triple between two IRIs becomes one row: an entity of the graph (``il2:``
individual or ``il2kg:`` class or property) mapped to a term of another resource (UniProt,
NCBI Gene, HGNC, DrugBank, ChEMBL, an OBO ontology, Reactome, PubMed, a DOI, a web page ...).
Objects are written as CURIEs with the prefixes of the one prefix map
(:data:`il2kg.terms.PREFIX_MAP`: Bioregistry's canonical prefixes, the same ones ``il2kg query``
prints; OBO terms take their ontology's prefix, ``CL:0000084``); each prefix used is declared in
the YAML header's ``curie_map`` with the namespace the graph's own IRIs use, so that expanding
a row's CURIEs gives back the triple's IRIs exactly. A web page of no registered resource gets
a prefix made from its host (``web.genenames.org``).

The header's version, license, creators and dates are the ontology's (see
:func:`il2kg.release.void.ontology_metadata`). Rows are sorted; the same graph gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS
from rdflib.term import Node

from il2kg.graph import KnowledgeGraph
from il2kg.release.metadata import ontology_metadata
from il2kg.release.stats import MAPPING_PROPERTIES as MAPPING_PREDICATES
from il2kg.terms import PREFIX_MAP, curie, prefix_of

__all__ = ["MAPPING_PREDICATES", "MAPPING_SET_ID", "compress", "mapping_rows", "write_sssom"]

MAPPING_SET_ID = "https://w3id.org/il2kg/mappings/il2kg.sssom.tsv"
"""The ``mapping_set_id`` of the exported mapping set."""


OBO = "http://purl.obolibrary.org/obo/"
BIOREGISTRY = "https://bioregistry.io/registry/"
SEMAPV = "https://w3id.org/semapv/vocab/"

#: Preferred prefix → its Bioregistry key, for ``object_source`` (from the one prefix map).
_ALL = {record.prefix: record.uri_prefix for record in PREFIX_MAP}
_REGISTRY = {record.prefix: record.registry for record in PREFIX_MAP if record.registry}
_OBO_TERM = re.compile(r"^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9_.-]+)$")
_PROPERTY_TYPES = {
    OWL.ObjectProperty: "owl object property",
    OWL.DatatypeProperty: "owl data property",
    OWL.AnnotationProperty: "owl annotation property",
}
_COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "subject_type",
    "object_type",
    "object_source",
)


@dataclass(frozen=True, order=True)
class Compressed:
    """An IRI written as a CURIE.

    Attributes:
        curie: The CURIE (``uniprot:P60568``).
        prefix: Its prefix (``uniprot``).
        namespace: What the prefix expands to (``http://purl.uniprot.org/uniprot/``).
        source: A CURIE naming the resource the term comes from (``bioregistry:uniprot``,
            ``obo:cl.owl``), or ``""`` for a web page.
    """

    curie: str
    prefix: str
    namespace: str
    source: str


def compress(iri: str) -> Compressed:
    """Write an IRI as a CURIE with a Bioregistry-style prefix.

    OBO terms get the ontology's own prefix (``CL``, ``GO``, ``RO``); the namespaces of
    :data:`il2kg.terms.PREFIX_MAP` their preferred prefix (databases also name their
    Bioregistry record as the source); anything else a prefix made from its host.

    Args:
        iri: An absolute IRI.

    Returns:
        The CURIE, its prefix and namespace, and the source resource.

    >>> compress("http://purl.obolibrary.org/obo/CL_0000084").curie
    'CL:0000084'
    >>> compress("http://purl.uniprot.org/uniprot/P60568").source
    'bioregistry:uniprot'
    >>> compress("https://www.genenames.org/").curie
    'web.www.genenames.org:'
    """
    if iri.startswith(OBO):
        local = iri[len(OBO) :]
        term = _OBO_TERM.match(local)
        if term:
            prefix = term.group(1)
            return Compressed(
                f"{prefix}:{term.group(2)}", prefix, f"{OBO}{prefix}_", f"obo:{prefix.lower()}.owl"
            )
        return Compressed(f"obo:{local}", "obo", OBO, "")
    split = prefix_of(iri)
    if split is not None and split[0] in _REGISTRY and split[1]:
        prefix, local = split
        return Compressed(
            f"{prefix}:{local}", prefix, _ALL[prefix], f"bioregistry:{_REGISTRY[prefix]}"
        )
    short = curie(iri)
    if short is not None:
        prefix = short.split(":", 1)[0]
        return Compressed(short, prefix, _ALL[prefix], "")
    parts = urlsplit(iri)
    if not parts.netloc:  # urn:, mailto: ...: the scheme is the prefix
        return Compressed(iri, parts.scheme, f"{parts.scheme}:", "")
    # One prefix per scheme and host, so that no two namespaces share a prefix: the host is kept
    # whole (www.example.org and example.org are two namespaces, so two prefixes).
    host = re.sub(r"[^A-Za-z0-9.-]", "_", parts.netloc)
    prefix = f"web.{host}" + ("" if parts.scheme == "https" else f".{parts.scheme}")
    namespace = f"{parts.scheme}://{parts.netloc}/"
    return Compressed(f"{prefix}:{iri[len(namespace) :]}", prefix, namespace, "")


@dataclass(frozen=True, order=True)
class MappingRow:
    """One row of the mapping set (the SSSOM columns of the same names)."""

    subject_id: str
    predicate_id: str
    object_id: str
    subject_label: str
    subject_type: str
    object_type: str
    object_source: str
    mapping_justification: str = "semapv:ManualMappingCuration"


def mapping_rows(kg: KnowledgeGraph) -> tuple[list[MappingRow], dict[str, str]]:
    """Collect the graph's SKOS mappings as SSSOM rows, with the prefixes they use.

    Triples whose subject or object is a blank node or a literal are not mappings and are
    left out.

    Args:
        kg: The loaded graph.

    Returns:
        The rows, sorted by subject, predicate and object, and the ``curie_map`` (prefix →
        namespace) of every prefix the rows and the header use.

    >>> from il2kg.graph import load_graph
    >>> rows, prefixes = mapping_rows(load_graph())
    >>> [row.object_id for row in rows if row.subject_id == "il2:IL2"]
    ['uniprot:P60568']
    >>> prefixes["uniprot"]
    'http://purl.uniprot.org/uniprot/'
    """
    union = kg.union()
    prefixes = {"skos": str(SKOS), "semapv": SEMAPV}
    rows: list[MappingRow] = []
    for predicate in MAPPING_PREDICATES:
        for subject, obj in union.subject_objects(predicate):
            if not isinstance(subject, URIRef) or not isinstance(obj, URIRef):
                continue
            left, right = compress(str(subject)), compress(str(obj))
            prefixes[left.prefix] = left.namespace
            prefixes[right.prefix] = right.namespace
            if right.source:
                source_prefix = right.source.split(":", 1)[0]
                prefixes[source_prefix] = OBO if source_prefix == "obo" else BIOREGISTRY
            subject_type = _entity_type(union.objects(subject, RDF.type))
            rows.append(
                MappingRow(
                    subject_id=left.curie,
                    predicate_id=f"skos:{predicate[len(str(SKOS)) :]}",
                    object_id=right.curie,
                    subject_label=kg.label(subject),
                    subject_type=subject_type,
                    object_type=_object_type(subject_type, right),
                    object_source=right.source,
                )
            )
    return sorted(rows), dict(sorted(prefixes.items()))


def _entity_type(types: Iterable[Node]) -> str:
    found = set(types)
    for rdf_type, name in _PROPERTY_TYPES.items():
        if rdf_type in found:
            return name
    if OWL.Class in found:
        return "owl class"
    if OWL.NamedIndividual in found:
        return "owl named individual"
    return ""


def _object_type(subject_type: str, obj: Compressed) -> str:
    if subject_type.endswith("property"):
        return subject_type
    if obj.source.startswith("obo:"):
        return "owl class"
    return ""


def write_sssom(kg: KnowledgeGraph) -> str:
    r"""Write the graph's external mappings as an SSSOM TSV file with its YAML header.

    Args:
        kg: The loaded graph.

    Returns:
        The file's text: ``#``-commented YAML metadata (``curie_map``, ``mapping_set_id``,
        version, license, creators, description, dates), then a header line and one
        tab-separated row per mapping, every line ending in a newline.

    >>> from il2kg.graph import load_graph
    >>> text = write_sssom(load_graph())
    >>> text.splitlines()[0]
    '# curie_map:'
    >>> "il2:IL2\tinterleukin-2\tskos:exactMatch\tuniprot:P60568" in text
    True
    """
    rows, prefixes = mapping_rows(kg)
    meta = ontology_metadata(kg)
    creators = [c for c in meta.creators if not c.startswith(("http://", "https://"))]
    creator_ids = [compress(c) for c in meta.creators if c not in creators]
    prefixes = dict(sorted({**prefixes, **{c.prefix: c.namespace for c in creator_ids}}.items()))
    header = ["curie_map:"] + [f"  {p}: {_quote(ns)}" for p, ns in prefixes.items()]
    fields = {
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_version": meta.version_info,
        "mapping_set_title": f"Mappings of {meta.title}" if meta.title else "",
        "mapping_set_description": (
            "Every SKOS mapping of the il2kg knowledge graph: its individuals, classes and "
            "relations linked to database records, ontology terms (OBO, RO, BFO), publications "
            "and web pages. Curated by hand from the source documents."
        ),
        "license": meta.license,
        "mapping_date": meta.modified,
        "publication_date": meta.modified,
    }
    header += [f"{key}: {_quote(value)}" for key, value in fields.items() if value]
    for key, values in (
        ("creator_id", [c.curie for c in creator_ids]),
        ("creator_label", creators),
    ):
        if values:
            header += [f"{key}:"] + [f"  - {_quote(value)}" for value in values]
    lines = [f"# {line}" for line in header]
    lines.append("\t".join(_COLUMNS))
    for row in rows:
        lines.append("\t".join(_cell(getattr(row, name)) for name in _COLUMNS))
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _cell(value: str) -> str:
    return " ".join(value.split())
