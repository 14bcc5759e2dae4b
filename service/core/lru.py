"""A bounded mapping that forgets the least recently used entry: the caches of the pipeline and the engine."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any


class LRU(OrderedDict[Any, Any]):
    """At most `size` entries; `get_fresh` and `put` mark an entry as the most recently used."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_fresh(self, key: Any) -> Any:
        """The value under `key` (None when absent), now the most recently used."""
        found = self.get(key)
        if found is not None:
            self.move_to_end(key)
        return found

    def put(self, key: Any, value: Any) -> None:
        """Keep `value` under `key`, dropping the least recently used entries past `size`."""
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
