"""Where the GraphQL layer spends its time: pyinstrument over in-process requests, aggregated by package."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from bench.capture import Captured
from bench.inproc import asgi_post, in_process
from service.settings import Settings


def _bucket(path: str | None, function: str | None) -> str:
    p = (path or "").replace("\\", "/")
    if function == "[await]":
        return "waiting on I/O (Neo4j)"
    for needle, name in (
        ("/strawberry/", "strawberry"),
        ("/graphql/", "graphql-core"),
        ("/neo4j/", "neo4j driver"),
        ("/starlette/", "starlette"),
        ("/asyncio/", "asyncio"),
        ("/service/api/compiler/", "service.api.compiler"),
        ("/service/api/", "service.api"),
        ("/service/auth/", "service.auth"),
        ("/service/network/", "service.network"),
        ("/service/mutations/", "service.mutations"),
        ("/service/entities/", "service.entities"),
        ("/service/", "service (other)"),
        ("/bench/", "harness"),
    ):
        if needle in p:
            return name
    return "other (stdlib, C extensions)"


def _top(values: dict[str, float], n: int | None = None) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: -kv[1])[:n]


def _walk(frame: Any, buckets: dict[str, float], functions: dict[str, float]) -> None:
    self_time = float(frame.total_self_time)
    if self_time > 0:
        buckets[_bucket(frame.file_path, frame.function)] += self_time
        if frame.function != "[await]":
            where = (frame.file_path_short or frame.file_path or "?").split("site-packages/")[-1]
            functions[f"{frame.function} ({where}:{frame.line_no})"] += self_time
    for child in frame.children:
        _walk(child, buckets, functions)


async def profile_graphql_layer(
    settings: Settings,
    caps: dict[str, Captured],
    token: str | None,
    requests: int,
    out_dir: Path,
    stem: str,
) -> dict[str, Any]:
    """Profile `requests` sequential requests per read query through the app in this process (no socket)."""
    from pyinstrument import Profiler

    summary: dict[str, Any] = {"requests_per_query": requests, "queries": {}}
    texts: list[str] = []
    async with in_process(settings, record=False) as svc:
        for name, cap in caps.items():
            if cap.spec.operation != "query":
                continue  # the mutation's versions move; its profile would need the load phase's bookkeeping
            bodies = [orjson.dumps({"query": cap.spec.document, "variables": v}) for v in cap.variables]
            for body in bodies[:5]:
                await asgi_post(svc.app, "/graphql", body, {})
            profiler = Profiler(interval=0.0002, async_mode="enabled")
            started = time.perf_counter()
            profiler.start()
            for i in range(requests):
                await asgi_post(svc.app, "/graphql", bodies[i % len(bodies)], {})
            profiler.stop()
            wall = time.perf_counter() - started
            session = profiler.last_session
            assert session is not None
            buckets: dict[str, float] = defaultdict(float)
            functions: dict[str, float] = defaultdict(float)
            root = session.root_frame()
            if root is not None:
                _walk(root, buckets, functions)
            total = sum(buckets.values()) or 1.0
            summary["queries"][name] = {
                "ms_per_request": round(wall * 1000 / requests, 3),
                "share_by_package": {k: round(v / total, 3) for k, v in _top(buckets)},
                "ms_per_request_by_package": {k: round(v * 1000 / requests, 3) for k, v in _top(buckets)},
                "top_functions_ms_per_request": {k: round(v * 1000 / requests, 4) for k, v in _top(functions, 15)},
            }
            texts.append(f"===== {name}: {requests} requests, {wall * 1000 / requests:.2f} ms each =====\n")
            texts.append(profiler.output_text(unicode=False, color=False, show_all=False))
    summary["text"] = f"{stem}-profile.txt"
    summary["_text_body"] = "\n".join(texts)  # written by the caller (no blocking file I/O in a coroutine)
    return summary
