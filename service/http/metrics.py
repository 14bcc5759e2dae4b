"""The service's Prometheus metrics (prometheus-client), aggregated over every worker process at /metrics.

With several workers, `partnernet serve` sets PROMETHEUS_MULTIPROC_DIR before any worker starts, so each worker
writes its values to files there and the worker that answers a scrape reads them all (prometheus-client's
multiprocess mode); a process without it (one worker, or an app made in-process by a test or the benchmark) keeps
its values in its own registry.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
from typing import Any, Literal

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

import service

__all__ = ["CONTENT_TYPE", "Metrics", "operation_label"]

_MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# Operation names are chosen by clients: past this many distinct ones per worker, new names count as "other",
# so a client cannot grow the metrics without bound.
_MAX_OPERATIONS = 200


def multiprocess_dir() -> str | None:
    """The folder of multiprocess mode, when this process runs in it."""
    return os.environ.get(_MULTIPROC_ENV) or None


class Metrics:
    """Every metric of one app (one per worker process); the methods are what the service calls."""

    def __init__(self) -> None:
        # `*_created` series (a timestamp per label set) double the exposition and tell nothing here.
        disable_created_metrics()  # type: ignore[no-untyped-call]  # untyped upstream
        self.registry = CollectorRegistry(auto_describe=True)
        self._operations: set[str] = set()
        # Labelled series by metric and label values: prometheus-client's labels() checks and locks on every call.
        self._series: dict[tuple[int, tuple[str, ...]], Any] = {}
        self._cache_seen = (0, 0)
        r = self.registry

        def counter(name: str, doc: str, *labels: str) -> Counter:
            return Counter(name, doc, labels, registry=r)

        def timing(name: str, doc: str, *labels: str) -> Histogram:
            return Histogram(name, doc, labels, buckets=_LATENCY, registry=r)

        def gauge(name: str, doc: str, *labels: str, mode: Literal["livesum", "livemin", "max"] = "livesum") -> Gauge:
            """A gauge of the live workers, summed across them unless `mode` says otherwise."""
            return Gauge(name, doc, labels, multiprocess_mode=mode, registry=r)

        self.http_requests = counter(
            "partnernet_http_requests", "HTTP requests by route and status.", "route", "status"
        )
        self.graphql_requests = counter(
            "partnernet_graphql_requests",
            "GraphQL operations over HTTP by operation name, operation type and HTTP status.",
            "operation",
            "type",
            "status",
        )
        self.graphql_seconds = timing(
            "partnernet_graphql_request_seconds",
            "Latency of GraphQL operations over HTTP, by operation name and type.",
            "operation",
            "type",
        )
        self.graphql_errors = counter("partnernet_graphql_errors", "GraphQL errors by extensions.code.", "code")
        self.shed = counter(
            "partnernet_requests_shed",
            "Requests refused at once with 503: overloaded (in-flight bound), database_unavailable, draining.",
            "reason",
        )
        self.rate_limited_total = counter(
            "partnernet_rate_limited", "Requests refused by the per-caller rate limit (429)."
        )
        self.in_flight = gauge("partnernet_requests_in_flight", "GraphQL requests running now.")
        self.cypher_statements = counter(
            "partnernet_cypher_statements", "Cypher statements sent to Neo4j, by access mode.", "access"
        )
        self.cypher_seconds = timing(
            "partnernet_cypher_seconds",
            "Time of each unit of Neo4j work (a query, or a session with its transaction), by access mode.",
            "access",
        )
        self.pool_in_use = gauge("partnernet_neo4j_pool_in_use", "Units of Neo4j work holding a pooled connection.")
        self.pool_waiting = gauge(
            "partnernet_neo4j_pool_waiting", "Units of Neo4j work waiting for a pooled connection."
        )
        self.pool_size = gauge("partnernet_neo4j_pool_size", "Connections the pools may open.")
        self.neo4j_up = gauge(
            "partnernet_neo4j_up",
            "1 when the readiness probe reaches Neo4j (the minimum over live workers).",
            mode="livemin",
        )
        self.cache_lookups = counter(
            "partnernet_cache_lookups",
            "Lookups in the compiled stage's statement cache, by result (hit, miss).",
            "cache",
            "result",
        )
        self.subscriptions = gauge("partnernet_subscriptions_open", "graphChanged subscriptions open.")
        self.build_info = gauge(
            "partnernet_build_info", "Build information (always 1).", "version", "python", "neo4j_driver", mode="max"
        )
        driver = importlib.metadata.version("neo4j")
        self.build_info.labels(service.__version__, platform.python_version(), driver).set(1)

    def series(self, metric: Any, *values: str) -> Any:
        """`metric.labels(*values)`, looked up once per label set (label values are bounded: routes, statuses,
        at most _MAX_OPERATIONS operation names, error codes, access modes)."""
        key = (id(metric), values)
        found = self._series.get(key)
        if found is None:
            found = self._series[key] = metric.labels(*values)
        return found

    def rate_limited(self) -> None:
        """Count one request refused by the rate limit (service/http/graphql.py calls it)."""
        self.rate_limited_total.inc()

    def operation(self, name: str | None) -> str:
        """The label of an operation name: the name, "anonymous", or "other" past the bound."""
        label = operation_label(name)
        if label in self._operations:
            return label
        if len(self._operations) >= _MAX_OPERATIONS:
            return "other"
        self._operations.add(label)
        return label

    def sync_cache(self, pipeline: Any) -> None:
        """Add what the compiled stage's cache counted since the last call (its `hits` and `misses`)."""
        hits, misses = int(getattr(pipeline, "hits", 0)), int(getattr(pipeline, "misses", 0))
        seen_hits, seen_misses = self._cache_seen
        if hits > seen_hits:
            self.series(self.cache_lookups, "statement", "hit").inc(hits - seen_hits)
        if misses > seen_misses:
            self.series(self.cache_lookups, "statement", "miss").inc(misses - seen_misses)
        self._cache_seen = (hits, misses)

    def render(self) -> bytes:
        """The exposition of every worker's metrics (multiprocess mode), or of this process's."""
        path = multiprocess_dir()
        if path is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]  # untyped upstream
        return generate_latest(registry)

    @staticmethod
    def process_exited(pid: int) -> None:
        """Drop a worker's live gauges (its counters keep counting in the totals)."""
        path = multiprocess_dir()
        if path is not None:
            multiprocess.mark_process_dead(pid, path)  # type: ignore[no-untyped-call]  # untyped upstream


def operation_label(name: str | None) -> str:
    """A client's operation name as a metric label: "anonymous" without one, "invalid" when it is not a name."""
    if not name:
        return "anonymous"
    return name if _NAME.match(name) else "invalid"
