"""Connected groups (union-find), the one implementation the stages share.

Used to keep the triples of one OWL axiom together (:func:`il2kg.reasoning.justification.members`)
and to keep connected SHACL shapes in one worker's share (:mod:`il2kg.validation.shacl`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

__all__ = ["connected_groups"]

_T = TypeVar("_T", bound=Hashable)


def connected_groups(items: Sequence[_T], links: Iterable[tuple[_T, _T]]) -> list[list[_T]]:
    """Partition ``items`` into the groups that ``links`` connect.

    Each group keeps the order of ``items``; groups come in the order of their first item.
    A link naming something not in ``items`` is an error.

    >>> connected_groups("abcde", [("a", "c"), ("d", "c")])
    [['a', 'c', 'd'], ['b'], ['e']]
    """
    parent = {item: item for item in items}

    def root(item: _T) -> _T:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for one, other in links:
        parent[root(other)] = root(one)
    groups: dict[_T, list[_T]] = {}
    for item in items:
        groups.setdefault(root(item), []).append(item)
    return list(groups.values())
