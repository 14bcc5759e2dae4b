"""Rate limits per caller: a token bucket per bearer token, and per client address for anonymous callers.

Buckets live in each worker process (the service keeps no shared state): with N workers behind one address a
client may get up to N times the limit. The limit is a setting (`PARTNERNET_RATE_LIMIT_PER_MINUTE`, 0 turns it off).
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict


class RateLimiter:
    """Token buckets refilled at `per_minute / 60` per second, holding at most `per_minute` (bounded LRU of keys)."""

    def __init__(self, per_minute: int, size: int = 10_000) -> None:
        self.per_minute = per_minute
        self.rate = per_minute / 60.0
        self.size = size
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def on(self) -> bool:
        """False when the limit is off (`per_minute` 0): then no request needs its bucket's key."""
        return self.per_minute > 0

    @staticmethod
    def key(authorization: str | None, client: str | None) -> str:
        """The bucket of a request: its token (as a digest, never the secret), else its client address."""
        if authorization:
            return "t:" + hashlib.sha256(authorization.encode("utf-8")).hexdigest()[:32]
        return "a:" + (client or "-")

    def take(self, key: str, now: float | None = None) -> float:
        """0 when the request may go on (one token taken), else the seconds until a token is available."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens, at = self._buckets.get(key, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - at) * self.rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            wait = 0.0
        else:
            self._buckets[key] = (tokens, now)
            wait = (1.0 - tokens) / self.rate
        self._buckets.move_to_end(key)
        while len(self._buckets) > self.size:
            self._buckets.popitem(last=False)
        return wait
