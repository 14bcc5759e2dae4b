"""Where the GraphQL layer spends its time: pyinstrument over in-process requests, aggregated by package."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from bench.capture import Captured
from bench.inproc import asgi_post, in_process
from service.core.settings import Settings

OTHER = "other (stdlib, C extensions)"


def package_of(path: str | None, function: str | None = None) -> str:
    """The package a frame's time is charged to: a library, a package of service/ (by its name), or the rest.
    `path` is a frame's file (absolute, or relative to site-packages as py-spy gives it)."""
    p = "/" + (path or "").replace("\\", "/").lstrip("/")
    if function in ("[await]", "poll", "select") or p.endswith("/selectors.py"):
        return "idle (waiting on Neo4j or the OS)"
    for needle, name in (
        ("/strawberry/", "strawberry"),
        ("/graphql/", "graphql-core"),
        ("/neo4j/", "neo4j driver"),
        ("/neo4j_rust_ext/", "neo4j driver"),
        ("/starlette/", "starlette"),
        ("/uvicorn/", "uvicorn"),
        ("/httptools/", "uvicorn"),
        ("/asyncio/", "asyncio"),
        ("/uvloop/", "asyncio"),
        ("/bench/", "harness"),
    ):
        if needle in p:
            return name
    if "/service/" in p:
        package = p.rsplit("/service/", 1)[1].split("/", 1)
        return f"service.{package[0]}" if len(package) == 2 else "service (other)"
    return OTHER


def _top(values: dict[str, float], n: int | None = None) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: -kv[1])[:n]


def _real_path(frames: list[Any]) -> str:
    """The innermost Python file among `frames` (C functions and synthetic frames have none)."""
    for f in reversed(frames):
        path = f.file_path or ""
        if path.endswith(".py"):
            return str(path)
    return ""


def _walk(frame: Any, stack: list[Any], buckets: dict[str, float], functions: dict[str, float]) -> None:
    """Add each frame's self time (its time minus its children's) to its package and its function."""
    self_time = float(frame.time) - sum(float(c.time) for c in frame.children)
    if frame.function in ("[self]", "[await]") and stack:
        owner, path = stack[-1], _real_path(stack)
    else:
        owner, path = frame, _real_path([*stack, frame])
    if self_time > 0:
        bucket = package_of(path, owner.function)
        buckets[bucket] += self_time
        if not bucket.startswith("idle"):
            where = path.split("site-packages/")[-1].split("/work/main/")[-1]
            functions[f"{owner.function} ({where})"] += self_time
    for child in frame.children:
        _walk(child, [*stack, frame], buckets, functions)


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
            # Plain sampling of the one thread (not async mode): time in the event loop's selector is idle, the
            # rest is CPU spent by this request path, whatever coroutine it belongs to.
            profiler = Profiler(interval=0.0002, async_mode="disabled")
            started = time.perf_counter()
            cpu_started = time.process_time()
            profiler.start()
            for i in range(requests):
                await asgi_post(svc.app, "/graphql", bodies[i % len(bodies)], {})
            profiler.stop()
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            session = profiler.last_session
            assert session is not None
            buckets: dict[str, float] = defaultdict(float)
            functions: dict[str, float] = defaultdict(float)
            root = session.root_frame()
            if root is not None:
                _walk(root, [], buckets, functions)
            busy = sum(v for k, v in buckets.items() if not k.startswith("idle")) or 1.0
            summary["queries"][name] = {
                "ms_per_request": round(wall * 1000 / requests, 3),
                "cpu_ms_per_request": round(cpu * 1000 / requests, 3),
                "share_of_busy_time_by_package": {
                    k: round(v / busy, 3) for k, v in _top(buckets) if not k.startswith("idle")
                },
                "ms_per_request_by_package": {k: round(v * 1000 / requests, 3) for k, v in _top(buckets)},
                "top_functions_ms_per_request": {k: round(v * 1000 / requests, 4) for k, v in _top(functions, 15)},
            }
            texts.append(
                f"===== {name}: {requests} requests, {wall * 1000 / requests:.2f} ms wall and "
                f"{cpu * 1000 / requests:.2f} ms CPU each =====\n"
            )
            texts.append(profiler.output_text(unicode=False, color=False, show_all=False))
    summary["text"] = f"{stem}-profile.txt"
    summary["_text_body"] = "\n".join(texts)  # written by the caller (no blocking file I/O in a coroutine)
    return summary
