"""A bounded cache keyed by parsed-document nodes, least recently used out (the fast path's caches build on it)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from graphql import FieldNode

V = TypeVar("V")


class NodeKeyedCache(Generic[V]):
    """Values whose keys name field nodes by id: each entry holds its nodes, so an id in a key cannot be reused by
    another document while the entry lives, and a lookup with other node objects under the same ids misses."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple[FieldNode, ...], V]] = OrderedDict()

    def get(self, key: Hashable, nodes: tuple[FieldNode, ...]) -> V | None:
        entry = self._entries.get(key)
        if entry is None or any(a is not b for a, b in zip(entry[0], nodes, strict=True)):
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: Hashable, nodes: tuple[FieldNode, ...], value: V) -> None:
        self._entries[key] = (nodes, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def values(self) -> list[V]:
        """The cached values, least recently used first."""
        return [value for _, value in self._entries.values()]

    def __len__(self) -> int:
        return len(self._entries)
