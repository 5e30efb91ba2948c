"""Reason over a loaded graph: closure, consistency, and a report a person can read.

>>> from il2kg import load_graph
>>> report = run_reasoning(load_graph())
>>> report.consistent
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from il2kg.graph import KnowledgeGraph
from il2kg.reasoning.closure import Closure, compute_closure, with_inferences
from il2kg.reasoning.consistency import Inconsistency, find_inconsistencies
from il2kg.terms import IL2KG, curie

__all__ = ["ReasoningReport", "run_reasoning"]

# What makes an inference telling: membership of a defined class first, then relations
# that follow from property chains, then transitive closure, then the rest.
_DEFINED_CLASSES = (
    IL2KG.CommonGammaChainCytokine,
    IL2KG.AntiCD25Antibody,
    IL2KG.ImmunodeficiencyOfCytokineSignalling,
    IL2KG.IL2TargetCellType,
)
_CHAINED = (
    IL2KG.disruptsSignallingOf,
    IL2KG.inhibitsSignallingOf,
    IL2KG.usesChain,
    IL2KG.targets,
    IL2KG.hasTargetCell,
    IL2KG.promotesProcess,
    IL2KG.partOf,
)


@dataclass(frozen=True, eq=False)
class ReasoningReport:
    """What reasoning found: the closure and the inconsistencies of ontology + data."""

    closure: Closure
    inconsistencies: tuple[Inconsistency, ...]
    labels: dict[Node, str]

    @property
    def consistent(self) -> bool:
        """True if no inconsistency was found."""
        return not self.inconsistencies

    def telling_examples(self, count: int = 5) -> list[tuple[Node, Node, Node]]:
        """A few inferred triples that show what the axioms add, most telling first."""

        def rank(triple: tuple[Node, Node, Node]) -> tuple[int, str]:
            _, p, o = triple
            if p == RDF.type and o in _DEFINED_CLASSES:
                return (_DEFINED_CLASSES.index(o), str(triple))
            if p in _CHAINED:
                return (10 + _CHAINED.index(p), str(triple))
            return (100, str(triple))

        candidates = sorted(self.closure.inferred, key=rank)
        picked: list[tuple[Node, Node, Node]] = []
        seen: set[tuple[Node, Node]] = set()
        for triple in candidates:  # one example per (predicate, object) for variety
            if (triple[1], triple[2] if triple[1] == RDF.type else triple[1]) in seen:
                continue
            seen.add((triple[1], triple[2] if triple[1] == RDF.type else triple[1]))
            picked.append(triple)
            if len(picked) == count:
                break
        return picked

    def _name(self, term: Node) -> str:
        short = (curie(str(term)) or str(term)) if isinstance(term, URIRef) else str(term)
        label = self.labels.get(term)
        return f"{label} ({short})" if label and label != short else short

    def to_text(self) -> str:
        """The report in words."""
        closure = self.closure
        source = "read from the cache" if closure.from_cache else f"computed by {closure.reasoner}"
        lines = [f"Inferred {len(closure.inferred)} triples ({source} in {closure.seconds:.2f} s)"]
        lines.append("Per relation:")
        lines += [f"  {curie(p) or p:40} {n}" for p, n in closure.per_relation().most_common()]
        lines.append("Per class (new memberships):")
        lines += [f"  {curie(c) or c:40} {n}" for c, n in closure.per_class().most_common()]
        lines.append("Examples:")
        for s, p, o in self.telling_examples():
            lines.append(f"  {self._name(s)} {self._name(p)} {self._name(o)}")
        lines += self.consistency_lines()
        return "\n".join(lines)

    def consistency_lines(self) -> list[str]:
        """Whether the graph is consistent and, if not, each clash with its statements."""
        if self.consistent:
            return ["Consistent: no disjointness, owl:Nothing, functional or range clash."]
        lines = [f"INCONSISTENT: {len(self.inconsistencies)} problem(s)"]
        for problem in self.inconsistencies:
            lines.append(f"- {problem.kind}: {problem.message}")
            for st in problem.statements:
                how = "asserted" if st.asserted else "inferred"
                triple = " ".join(self._name(t) for t in (st.subject, st.predicate, st.object))
                lines.append(f"    {how}: {triple}")
        return lines

    def inconsistencies_as_dicts(self) -> list[dict[str, Any]]:
        """Each clash as plain data (for ``--format json``)."""
        return [
            {
                "kind": i.kind,
                "message": i.message,
                "statements": [
                    {
                        "triple": [str(st.subject), str(st.predicate), str(st.object)],
                        "asserted": st.asserted,
                    }
                    for st in i.statements
                ],
            }
            for i in self.inconsistencies
        ]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--format json``)."""
        return {
            "inferred": len(self.closure.inferred),
            "from_cache": self.closure.from_cache,
            "reasoner": self.closure.reasoner,
            "seconds": round(self.closure.seconds, 3),
            "per_relation": dict(self.closure.per_relation().most_common()),
            "per_class": dict(self.closure.per_class().most_common()),
            "examples": [[str(t) for t in triple] for triple in self.telling_examples()],
            "consistent": self.consistent,
            "inconsistencies": self.inconsistencies_as_dicts(),
        }


def run_reasoning(
    kg: KnowledgeGraph, *, use_cache: bool = True, reasoner: str | None = None
) -> ReasoningReport:
    """Compute (or read) the closure of ``kg`` and check it for inconsistencies.

    ``reasoner`` is as for :func:`il2kg.reasoning.closure.compute_closure`.
    """
    closure = compute_closure(kg, use_cache=use_cache, reasoner=reasoner)
    combined = with_inferences(kg, closure)
    problems = find_inconsistencies(kg.union(), combined)
    terms: Counter[Node] = Counter()
    for triple in closure.inferred:
        terms.update(triple)
    for problem in problems:
        for st in problem.statements:
            terms.update((st.subject, st.predicate, st.object))
    labels: dict[Node, str] = {term: kg.label(term) for term in terms if isinstance(term, URIRef)}
    return ReasoningReport(closure, tuple(problems), labels)
