"""External IRIs for ``il2kg export --iris external``.

The graph names its entities with its own IRIs (``https://w3id.org/il2kg/id/IL2RA``) and links
each to the identifiers of public record with ``skos:exactMatch``. An export with external
IRIs names an entity by one of those identifiers instead (``uniprot:P01589``), so that the
exported triples join with other resources that use them (UniProt's RDF, the OBO
ontologies). The choice is :data:`EXTERNAL_SCHEMES`, one table, best first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import URIRef
from rdflib.namespace import SKOS

from il2kg.export.rdf import Statement
from il2kg.terms import IL2, PREFIXES

__all__ = ["EXTERNAL_SCHEMES", "SCHEME_PREFIXES", "external_iris", "rewrite"]

_OBO = PREFIXES["obo"]

EXTERNAL_SCHEMES: tuple[tuple[str, str], ...] = (
    ("uniprot", PREFIXES["uniprot"]),  # proteins
    ("ncbigene", PREFIXES["ncbigene"]),  # genes
    ("hgnc", PREFIXES["hgnc"]),  # genes without an NCBI Gene link
    ("drugbank", PREFIXES["drugbank"]),  # drugs
    ("CL", _OBO + "CL_"),  # cell types
    ("GO", _OBO + "GO_"),  # biological processes (also IL-2 signalling, before Reactome)
    ("MONDO", _OBO + "MONDO_"),  # diseases
    ("HP", _OBO + "HP_"),  # clinical findings
    ("DOID", _OBO + "DOID_"),  # diseases without a MONDO link
    ("reactome", PREFIXES["reactome"]),  # pathways
    ("nct", PREFIXES["nct"]),  # clinical studies
    ("doi", PREFIXES["doi"]),  # publications
)
"""Identifier schemes an entity may be renamed to, best first: (prefix, IRI prefix).

The prefix is the one :data:`il2kg.terms.PREFIX_MAP` (and the SSSOM file) writes for the
scheme; an OBO ontology's is its own (``CL``), as in SSSOM.

An entity of ``https://w3id.org/il2kg/id/`` takes the ``skos:exactMatch`` target of the
first scheme in which it has any, provided it has exactly one there: two UniProt entries,
say, leave it ambiguous and it keeps its own IRI. So does an entity whose chosen IRI another
entity chose too, and one with no target in any scheme (web pages, database records,
publications with only a PubMed link, the entities the graph itself defines).
"""


SCHEME_PREFIXES = ", ".join(prefix for prefix, _ in EXTERNAL_SCHEMES)
"""The schemes of :data:`EXTERNAL_SCHEMES` by prefix, best first, for help texts."""


def external_iris(statements: Iterable[Statement]) -> dict[URIRef, URIRef]:
    """Return our entity → its external IRI, chosen by :data:`EXTERNAL_SCHEMES`.

    Args:
        statements: The statements holding the ``skos:exactMatch`` links (all loaded files,
            so that the choice does not depend on which graphs are exported).

    >>> from rdflib.namespace import SKOS
    >>> ours = URIRef("https://w3id.org/il2kg/id/Asthma")
    >>> mondo = URIRef("http://purl.obolibrary.org/obo/MONDO_0004979")
    >>> doid = URIRef("http://purl.obolibrary.org/obo/DOID_2841")
    >>> links = [(ours, SKOS.exactMatch, doid, None), (ours, SKOS.exactMatch, mondo, None)]
    >>> external_iris(links)[ours] == mondo
    True
    """
    targets: dict[URIRef, set[str]] = {}
    for s, p, o, _ in statements:
        if not (p == SKOS.exactMatch and isinstance(s, URIRef) and isinstance(o, URIRef)):
            continue
        if str(s).startswith(str(IL2)) and not str(o).startswith(str(IL2)):
            targets.setdefault(s, set()).add(str(o))
    chosen: dict[URIRef, URIRef] = {}
    for entity in sorted(targets):
        for _scheme, prefix in EXTERNAL_SCHEMES:
            matches = [iri for iri in targets[entity] if iri.startswith(prefix)]
            if matches:
                if len(matches) == 1:
                    chosen[entity] = URIRef(matches[0])
                break
    taken = Counter(chosen.values())
    return {entity: iri for entity, iri in chosen.items() if taken[iri] == 1}


def rewrite(statements: Iterable[Statement], mapping: dict[URIRef, URIRef]) -> list[Statement]:
    """Rename subjects and objects by ``mapping``, keeping our IRI as an exactMatch back-link.

    ``ours skos:exactMatch ext`` becomes ``ext skos:exactMatch ours`` (in the same graph)
    rather than the reflexive ``ext skos:exactMatch ext``.
    """
    out: list[Statement] = []
    for s, p, o, g in statements:
        new_s = mapping.get(s, s) if isinstance(s, URIRef) else s
        new_o = mapping.get(o, o) if isinstance(o, URIRef) else o
        if p == SKOS.exactMatch and new_s == new_o and (new_s != s or new_o != o):
            out.append((new_s, p, s if new_s != s else o, g))
        else:
            out.append((new_s, p, new_o, g))
    return out
