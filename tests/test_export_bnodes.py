"""Blank-node labels are RDFC-1.0's: they depend on the statements only, also for symmetric,
non-tree blank-node structures in a user's file, so every export is byte-stable."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from subprocesses import digest, digest_in_fresh_process

from il2kg.errors import ExportError
from il2kg.export.bnodes import canonical_statements
from il2kg.export.formats import FORMATS, export_graph
from il2kg.export.rdf import Statement, write_ntriples
from il2kg.graph import load_graph

EX = "http://example.org/vocab#"

# A user's file whose blank nodes are not trees and are symmetric: colour refinement alone
# cannot tell the nodes apart, and some ties are not symmetries (a 6-cycle beside two
# 3-cycles: every node of the three looks the same to refinement).
SYMMETRIC = """\
@prefix ex: <http://example.org/vocab#> .
@prefix il2: <https://w3id.org/il2kg/id/> .
il2:S ex:pair _:a , _:b .
_:a ex:knows _:b ; ex:name "twin" .
_:b ex:knows _:a ; ex:name "twin" .
_:c1 ex:next _:c2 . _:c2 ex:next _:c3 . _:c3 ex:next _:c1 .
il2:S ex:component _:x1 , _:y1 .
_:x1 ex:link _:x2 . _:x2 ex:link _:x1 . _:x1 ex:value "v" . _:x2 ex:value "v" .
_:y1 ex:link _:y2 . _:y2 ex:link _:y1 . _:y1 ex:value "v" . _:y2 ex:value "v" .
_:h1 ex:ring _:h2 . _:h2 ex:ring _:h3 . _:h3 ex:ring _:h4 .
_:h4 ex:ring _:h5 . _:h5 ex:ring _:h6 . _:h6 ex:ring _:h1 .
_:t1 ex:ring _:t2 . _:t2 ex:ring _:t3 . _:t3 ex:ring _:t1 .
_:u1 ex:ring _:u2 . _:u2 ex:ring _:u3 . _:u3 ex:ring _:u1 .
"""


def renamed(text: str, seed: int) -> str:
    """The same graph: blank nodes renamed at random and the statements in another order."""
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    names = sorted(set(re.findall(r"_:(\w+)", text)))
    shuffled = rnd.sample(names, len(names))
    fresh = {name: f"n{seed}x{new}" for name, new in zip(names, shuffled, strict=True)}
    body = re.sub(r"_:(\w+)", lambda m: "_:" + fresh[m.group(1)], text)
    prefixes = [line for line in body.splitlines() if line.startswith("@prefix")]
    lines = [line for line in body.splitlines() if not line.startswith("@prefix")]
    return "\n".join(prefixes + rnd.sample(lines, len(lines))) + "\n"


# Orders in which the colour refinement RDFC-1.0 replaced wrote three different N-Triples
# files (it broke ties by parser label, which follows the order of first mention).
VARIANTS = [SYMMETRIC, renamed(SYMMETRIC, 3), renamed(SYMMETRIC, 5)]


def exported(text: str, path: Path, fmt: str) -> bytes:
    """The export of ``text`` saved as ``path`` (one path: a user file's graph is its URI)."""
    path.write_text(text, encoding="utf-8")
    return export_graph(load_graph([path], shipped=False), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_symmetric_user_file_exports_the_same_bytes_whatever_its_labels(
    tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "symmetric.ttl"
    exports = [exported(text, path, fmt) for text in VARIANTS]
    assert exports[0] == exports[1] == exports[2]
    assert b"c14n" in exports[0] or fmt == "turtle"  # Turtle may nest every blank node


def test_a_symmetric_user_file_exports_the_same_bytes_under_other_hash_seeds(
    tmp_path: Path,
) -> None:
    path = tmp_path / "symmetric.ttl"
    here = exported(SYMMETRIC, path, "nquads").decode()
    imports = "from il2kg.graph import load_graph; from il2kg.export.formats import export_graph"
    expression = f"export_graph(load_graph([{str(path)!r}], shipped=False), 'nquads').decode()"
    for seed, text in (("1", VARIANTS[0]), ("2", VARIANTS[1])):
        path.write_text(text, encoding="utf-8")
        assert digest_in_fresh_process(imports, expression, seed) == digest(here)


def _statements(pattern: list[tuple[str, str, str]], seed: int) -> list[Statement]:
    """Statements from a pattern (``_x`` a blank node), node labels and order shuffled by seed.

    The labels are chosen here, not by a parser, so that which label sorts first (what the
    old colour refinement broke ties on) differs between seeds.
    """
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    names = sorted({t for triple in pattern for t in triple if t.startswith("_")})
    labels = rnd.sample(range(len(names)), len(names))
    nodes = {name: BNode(f"b{label:03d}") for name, label in zip(names, labels, strict=True)}

    def term(text: str) -> BNode | URIRef | Literal:
        if text.startswith("_"):
            return nodes[text]
        return Literal(text[1:]) if text.startswith('"') else URIRef(EX + text)

    statements: list[Statement] = [(term(s), term(p), term(o), None) for s, p, o in pattern]
    return rnd.sample(statements, len(statements))


HEXAGON_AND_TRIANGLES = [
    *((f"_h{i}", "ring", f"_h{(i + 1) % 6}") for i in range(6)),
    *((f"_t{i}", "ring", f"_t{(i + 1) % 3}") for i in range(3)),
    *((f"_u{i}", "ring", f"_u{(i + 1) % 3}") for i in range(3)),
]


def test_relabelled_statements_do_not_depend_on_the_input_labels() -> None:
    """The control: the colour refinement that RDFC-1.0 replaced fails this (its ties on the
    hexagon-and-triangles graph were broken by input label, and not every tie is a symmetry).
    """
    outputs = set()
    for seed in range(12):
        statements = _statements(HEXAGON_AND_TRIANGLES, seed)
        outputs.add(frozenset(canonical_statements(statements)))
    assert len(outputs) == 1
    (only,) = outputs
    assert len(only) == len(HEXAGON_AND_TRIANGLES)  # still 12 blank nodes, none merged
    assert len({t for statement in only for t in statement if isinstance(t, BNode)}) == 12

    def triples(statements: Iterable[Statement]) -> set[str]:
        parsed = ox.parse(write_ntriples(statements), format=ox.RdfFormat.N_TRIPLES)
        return {str(quad.triple) for quad in parsed}

    dataset = ox.Dataset(ox.parse(write_ntriples(statements), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert triples(only) == {str(quad.triple) for quad in dataset}


def test_labels_are_pyoxigraphs_rdfc_1_0_labels(tmp_path: Path) -> None:
    written = exported(VARIANTS[1], tmp_path / "symmetric.ttl", "nt")
    ours = {str(quad.triple) for quad in ox.parse(written, format=ox.RdfFormat.N_TRIPLES)}
    dataset = ox.Dataset(ox.parse(SYMMETRIC.encode(), format=ox.RdfFormat.TURTLE))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert ours == {str(quad.triple) for quad in dataset}
    assert "_:c14n20" in written.decode()  # 21 blank nodes, c14n0 … c14n20


def test_twin_blank_nodes_keep_distinct_labels() -> None:
    subject, p, q = URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "q")
    one, two = BNode(), BNode()
    statements: list[Statement] = [(subject, p, one, None), (subject, p, two, None)]
    statements += [(one, q, Literal("x"), None), (two, q, Literal("x"), None)]
    labelled = canonical_statements(statements)
    assert sorted({str(o) for _, _, o, _ in labelled if isinstance(o, BNode)}) == ["c14n0", "c14n1"]
    assert len(labelled) == 4


def test_statements_without_blank_nodes_need_no_labels() -> None:
    statement: Statement = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("x"), None)
    assert canonical_statements([statement]) == [statement]


def test_a_term_pyoxigraph_cannot_read_is_an_export_error() -> None:
    broken = URIRef("http://example.org/a>b")  # rdflib warns but keeps it
    statement: Statement = (broken, URIRef(EX + "p"), BNode(), None)
    with pytest.raises(ExportError, match=r"canonical labels: .* <http://example\.org/a>b> "):
        canonical_statements([statement])


def test_other_terms_are_kept_as_rdflib_read_them() -> None:
    """pyoxigraph lower-cases language tags; the labelled statements keep rdflib's term."""
    tagged = Literal("x", lang="EN-gb")
    statement: Statement = (BNode(), URIRef(EX + "p"), tagged, None)
    ((subject, _, obj, _),) = canonical_statements([statement])
    assert str(subject) == "c14n0"
    assert obj == tagged and obj.language == tagged.language


# Nine blank nodes that all point at each other, and at nothing else: RDFC-1.0 must try every
# order of them (about 38 s in pyoxigraph; ten such nodes take minutes).
POISON: list[Statement] = [
    (BNode(f"k{i}"), URIRef(EX + "knows"), BNode(f"k{j}"), None)
    for i in range(9)
    for j in range(9)
    if i != j
]


def test_blank_nodes_that_cannot_be_told_apart_are_refused_at_the_deadline() -> None:
    start = time.monotonic()
    with pytest.raises(ExportError, match=r"within 1 s: the data holds blank nodes that cannot"):
        canonical_statements(POISON, deadline=1.0)
    assert time.monotonic() - start < 3.0
    cpu = time.process_time()  # the child was killed: nothing goes on labelling
    time.sleep(0.5)
    assert time.process_time() - cpu < 0.2


def test_a_poisonous_user_file_ends_the_export_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from il2kg.cli.app import main
    from il2kg.export import bnodes

    monkeypatch.setattr(bnodes, "DEADLINE", 1.0)
    path = tmp_path / "poison.nt"
    path.write_text(write_ntriples(POISON), encoding="utf-8")
    code = main(["export", "--format", "nt", "--graph", "data", "--data", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "cannot give the blank nodes canonical labels" in err
