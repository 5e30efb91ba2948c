"""The catalogue of named queries as RDF, in the form of SIB's sparql-examples.

Each query becomes a ``sh:SPARQLExecutable`` (and ``sh:SPARQLSelectExecutable``, or the
Ask, Construct or Describe executable, by its form) whose ``sh:select`` (``sh:ask``,
``sh:construct``, ``sh:describe``) holds the query text exactly as in its file. Its IRI is
``https://w3id.org/il2kg/queries/<name>``; ``rdfs:label`` is the name, ``rdfs:comment`` the
summary, ``schema:description`` the longer description, ``schema:keywords`` the tags and
``schema:target`` the endpoint (by default the dataset, ``https://w3id.org/il2kg/``).
``sh:prefixes`` points at the catalogue node, which declares every prefix of
:data:`il2kg.terms.PREFIXES` with ``sh:declare``.

>>> from il2kg.query.catalogue import load_catalogue
>>> graph = catalogue_graph(load_catalogue())
>>> (QUERIES["receptor-chains"], RDF.type, SH.SPARQLSelectExecutable) in graph
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from il2kg.query.catalogue import Catalogue
from il2kg.terms import PREFIXES

__all__ = ["CATALOGUE_IRI", "DATASET_IRI", "QUERIES", "catalogue_graph"]

QUERIES = Namespace("https://w3id.org/il2kg/queries/")
"""The named queries' IRIs: the namespace plus the query's name."""
CATALOGUE_IRI = URIRef(str(QUERIES))
"""The catalogue itself, which carries the ``sh:declare`` prefix declarations."""
DATASET_IRI = URIRef("https://w3id.org/il2kg/")
"""The dataset the queries target when no endpoint is given."""

SCHEMA = Namespace("https://schema.org/")
# rdflib's SH namespace is that of SHACL 1.0; DESCRIBE executables come from SHACL 1.2.
_SH = Namespace(str(SH))
#: Query form -> (executable class, property holding the text).
FORMS: dict[str, tuple[URIRef, URIRef]] = {
    "SELECT": (SH.SPARQLSelectExecutable, SH.select),
    "ASK": (SH.SPARQLAskExecutable, SH.ask),
    "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
    "DESCRIBE": (_SH.SPARQLDescribeExecutable, _SH.describe),
}


def catalogue_graph(catalogue: Catalogue, endpoint: str | None = None) -> Graph:
    """Describe every query of a catalogue as SHACL SPARQL executables.

    Args:
        catalogue: The named queries.
        endpoint: The SPARQL endpoint to name as ``schema:target``; without it, the
            dataset IRI ``https://w3id.org/il2kg/``.

    Returns:
        A new graph, with the prefixes ``sh``, ``schema``, ``rdfs`` and ``il2q`` bound.
    """
    graph = Graph(bind_namespaces="core")
    graph.bind("sh", SH)
    graph.bind("schema", SCHEMA)
    graph.bind("il2q", QUERIES)
    target = URIRef(endpoint) if endpoint else DATASET_IRI
    graph.add((CATALOGUE_IRI, RDF.type, OWL.Ontology))
    graph.add((CATALOGUE_IRI, RDFS.label, Literal("il2kg named queries", lang="en")))
    for prefix, namespace in PREFIXES.items():
        declaration = BNode()
        graph.add((CATALOGUE_IRI, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    for name, query in catalogue.items():
        node = QUERIES[name]
        executable, text_property = FORMS.get(query.form, FORMS["SELECT"])
        graph.add((node, RDF.type, SH.SPARQLExecutable))
        graph.add((node, RDF.type, executable))
        graph.add((node, text_property, Literal(query.text)))
        graph.add((node, RDFS.label, Literal(name)))
        if query.summary:
            graph.add((node, RDFS.comment, Literal(query.summary, lang="en")))
        if query.description:
            graph.add((node, SCHEMA.description, Literal(query.description, lang="en")))
        for tag in query.tags:
            graph.add((node, SCHEMA.keywords, Literal(tag)))
        graph.add((node, SCHEMA.target, target))
        graph.add((node, SH.prefixes, CATALOGUE_IRI))
    return graph
