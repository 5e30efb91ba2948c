"""OWL 2 DL reasoning checks of the shipped ontology and data with HermiT.

HermiT (the Java DL reasoner bundled with owlready2) checks that

* the ontology ``ontology/il2kg.ttl`` alone is consistent and has no unsatisfiable
  named class;
* the ontology together with every data file ``graphs/*.ttl`` (the ABox) is consistent
  and still has no unsatisfiable named class;
* the check can fail at all: two negative controls add a small Turtle snippet, one that
  types an individual with two disjoint classes (HermiT must report inconsistency) and
  one that defines a subclass of two disjoint classes (it must come out unsatisfiable).

owlready2 cannot read Turtle, so every test merges its inputs with rdflib, writes them
as N-Triples to its ``tmp_path`` and loads that file into a fresh ``owlready2.World``.
HermiT needs a Java runtime; without one the tests fail (they do not skip), since CI
installs Java.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import owlready2
import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "il2kg.ttl"
DATA_FILES = sorted((ROOT / "graphs").glob("*.ttl"))

ONTOLOGY_NS = "https://w3id.org/il2kg/ontology/"
DATA_NS = "https://w3id.org/il2kg/id/"
TEST_NS = "https://w3id.org/il2kg/test/"

# HermiT supports only the datatypes of the OWL 2 datatype map and by default stops with
# an UnsupportedDatatypeException on any other (xsd:date, xsd:gYear, xsd:duration ...).

_PREFIXES = f"""\
@prefix il2kg: <{ONTOLOGY_NS}> .
@prefix test:  <{TEST_NS}> .
@prefix owl:   <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
"""

# An individual typed with two classes declared disjoint in the ontology.
INCONSISTENT_SNIPPET = (
    _PREFIXES
    + """
test:BothKindsOfAntibody a owl:NamedIndividual ,
    il2kg:HumanizedMonoclonalAntibody , il2kg:ChimericMonoclonalAntibody .
"""
)

# A class below two classes declared disjoint in the ontology.
UNSATISFIABLE_CLASS = f"{TEST_NS}GeneAndProtein"
UNSATISFIABLE_SNIPPET = (
    _PREFIXES
    + """
test:GeneAndProtein a owl:Class ;
    rdfs:subClassOf il2kg:Gene , il2kg:Protein .
"""
)


def _require_java() -> None:
    """Fail the calling test with a clear message unless the Java runtime can be found."""
    java = owlready2.JAVA_EXE
    if shutil.which(java) is None and not Path(java).is_file():
        pytest.fail(
            f"Java was not found (owlready2.JAVA_EXE = {java!r} is not on PATH): the HermiT "
            "reasoner bundled with owlready2 needs a Java runtime (8 or later). Install one, "
            "e.g. `apt-get install default-jre-headless`, or set owlready2.JAVA_EXE.",
            pytrace=False,
        )


def _load_world(tmp_path: Path, files: Iterable[Path], extra_turtle: str = "") -> owlready2.World:
    """Merge Turtle files (and an optional Turtle snippet) into a fresh owlready2 world.

    Args:
        tmp_path: A directory to write the merged N-Triples file to.
        files: The Turtle files to merge.
        extra_turtle: Turtle text added to the merged graph.

    Returns:
        A new world holding the merged graph as one ontology.
    """
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    if extra_turtle:
        graph.parse(data=extra_turtle, format="turtle")
    merged = tmp_path / "merged.nt"
    graph.serialize(destination=merged, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(merged.as_uri()).load()
    return world


def _run_hermit(world: owlready2.World) -> None:
    """Classify ``world`` with HermiT; its inferences are written back into the world.

    Fails the calling test if Java is missing or HermiT cannot process the world.

    Raises:
        owlready2.OwlReadyInconsistentOntologyError: HermiT found the world inconsistent.
    """
    _require_java()
    try:
        owlready2.sync_reasoner_hermit(
            world,
            infer_property_values=False,
            debug=0,
            ignore_unsupported_datatypes=False,  # such a datatype must fail the test
        )
    except owlready2.OwlReadyJavaError as error:
        java_error = str(error)
    else:
        return
    # Fail outside the except block, so that the report shows HermiT's own message
    # without the chained Python exceptions and the Java stack trace.
    message = "\n".join(
        line
        for line in java_error.splitlines()
        if line.strip()
        and not line.lstrip().startswith("at ")
        and not line.startswith("Java error message is:")
    )
    if "UnsupportedDatatypeException" in message:
        message += (
            "\nHermiT knows only the OWL 2 datatype map: use xsd:integer, xsd:decimal, "
            "xsd:string, xsd:boolean, xsd:dateTime ... in the ontology and data."
        )
    pytest.fail(f"HermiT could not reason over the ontology:\n{message}", pytrace=False)


def _unsatisfiable_classes(world: owlready2.World) -> list[str]:
    """Return the IRIs of the named classes HermiT found equivalent to owl:Nothing."""
    return sorted(cls.iri for cls in world.inconsistent_classes() if cls is not owlready2.Nothing)


def _assert_consistent_and_satisfiable(world: owlready2.World, what: str) -> None:
    """Assert HermiT finds ``world`` consistent, with no unsatisfiable named class."""
    classes = [cls for cls in world.classes() if cls.iri.startswith(ONTOLOGY_NS)]
    assert classes, f"no class of {ONTOLOGY_NS} was loaded from {what}"
    try:
        _run_hermit(world)
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail(f"HermiT finds {what} inconsistent", pytrace=False)
    unsatisfiable = _unsatisfiable_classes(world)
    assert not unsatisfiable, (
        f"HermiT finds {len(unsatisfiable)} unsatisfiable class(es) in {what} "
        f"(equivalent to owl:Nothing): {unsatisfiable}"
    )


def test_ontology_is_consistent_and_all_classes_satisfiable(tmp_path: Path) -> None:
    """The ontology alone is DL-consistent and every named class can have instances."""
    world = _load_world(tmp_path, [ONTOLOGY])
    try:
        _assert_consistent_and_satisfiable(world, "ontology/il2kg.ttl")
    finally:
        world.close()


def test_ontology_with_data_is_consistent_and_all_classes_satisfiable(tmp_path: Path) -> None:
    """The ontology with all data files (TBox and ABox) is DL-consistent."""
    assert DATA_FILES, f"no data file found under {ROOT / 'graphs'}"
    world = _load_world(tmp_path, [ONTOLOGY, *DATA_FILES])
    try:
        individuals = [ind for ind in world.individuals() if ind.iri.startswith(DATA_NS)]
        assert individuals, f"no individual of {DATA_NS} was loaded from graphs/*.ttl"
        _assert_consistent_and_satisfiable(world, "ontology/il2kg.ttl with graphs/*.ttl")
    finally:
        world.close()


def test_negative_control_individual_in_disjoint_classes_is_inconsistent(
    tmp_path: Path,
) -> None:
    """An individual both humanized and chimeric (declared disjoint) is inconsistent."""
    world = _load_world(tmp_path, [ONTOLOGY], INCONSISTENT_SNIPPET)
    try:
        with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
            _run_hermit(world)
    finally:
        world.close()


def test_negative_control_subclass_of_disjoint_classes_is_unsatisfiable(tmp_path: Path) -> None:
    """A subclass of both Gene and Protein (declared disjoint) is unsatisfiable."""
    world = _load_world(tmp_path, [ONTOLOGY], UNSATISFIABLE_SNIPPET)
    try:
        _run_hermit(world)
        assert _unsatisfiable_classes(world) == [UNSATISFIABLE_CLASS]
    finally:
        world.close()
