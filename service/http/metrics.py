"""Process-local request metrics rendered in the Prometheus text format at /metrics."""

from __future__ import annotations

from dataclasses import dataclass, field

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Metrics:
    """Counters and a latency histogram for /graphql; one instance per worker process."""

    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    latency_buckets: list[int] = field(default_factory=lambda: [0] * len(_BUCKETS))
    latency_sum: float = 0.0

    def observe_request(self, seconds: float, status: int) -> None:
        """Count one /graphql request with its duration and HTTP status."""
        self.requests += 1
        self.by_status[status] = self.by_status.get(status, 0) + 1
        self.latency_sum += seconds
        for i, bound in enumerate(_BUCKETS):
            if seconds <= bound:
                self.latency_buckets[i] += 1

    def render(self) -> str:
        """The metrics in Prometheus exposition format."""
        lines = [
            "# HELP partnernet_graphql_requests_total GraphQL HTTP requests by status.",
            "# TYPE partnernet_graphql_requests_total counter",
        ]
        lines += [f'partnernet_graphql_requests_total{{status="{s}"}} {n}' for s, n in sorted(self.by_status.items())]
        lines += [
            "# HELP partnernet_graphql_request_seconds GraphQL HTTP request latency.",
            "# TYPE partnernet_graphql_request_seconds histogram",
        ]
        lines += [
            f'partnernet_graphql_request_seconds_bucket{{le="{b}"}} {n}'
            for b, n in zip(_BUCKETS, self.latency_buckets, strict=True)
        ]
        lines += [
            f'partnernet_graphql_request_seconds_bucket{{le="+Inf"}} {self.requests}',
            f"partnernet_graphql_request_seconds_sum {self.latency_sum:.6f}",
            f"partnernet_graphql_request_seconds_count {self.requests}",
        ]
        return "\n".join(lines) + "\n"
