"""Closed-loop load: aiohttp clients against a uvicorn over loopback, or coroutines straight on the driver."""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.mix import answer_problems
from service.core.settings import REPO_ROOT, Settings

CpuProbe = Callable[[], float | None]


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process and its descendants (uvicorn workers), or None when gone."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    seen: set[int] = set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, ValueError, IndexError):
            if p == pid:
                return None
    return total


@dataclass
class RunStats:
    """One timed run: completed requests in the window, their latencies, failures, and CPU per request."""

    target: str
    concurrency: int
    duration_s: float
    requests: int
    errors: int
    latencies_ms: list[float]
    first_error: str | None = None
    cpu_ms_per_request: dict[str, float | None] | None = None

    @property
    def throughput(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]

    def summary(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {
            "concurrency": self.concurrency,
            "duration_s": round(self.duration_s, 2),
            "requests": self.requests,
            "errors": self.errors,
            "first_error": self.first_error,
            "throughput_rps": round(self.throughput, 1),
            "p50_ms": r(self.percentile(50)),
            "p95_ms": r(self.percentile(95)),
            "p99_ms": r(self.percentile(99)),
            "mean_ms": r(statistics.fmean(self.latencies_ms)) if self.latencies_ms else None,
            "cpu_ms_per_request": self.cpu_ms_per_request,
        }


class Source:
    """Request bodies in a fixed round-robin order; `check` says whether an answer is a success."""

    def __init__(self, bodies: list[bytes], *, graphql: bool) -> None:
        self.bodies = bodies
        self.graphql = graphql
        self.i = 0

    def next(self) -> tuple[int, bytes]:
        i = self.i % len(self.bodies)
        self.i += 1
        return i, self.bodies[i]

    def release(self, i: int) -> None:
        """Called once per request handed out, whatever its outcome."""

    def check(self, i: int, status: int, raw: bytes) -> str | None:
        if status != 200:
            return f"HTTP {status}: {raw[:200]!r}"
        if self.graphql:
            problems = answer_problems(orjson.loads(raw))
            if problems:
                return problems[0][:200]
        return None


class MutationSource(Source):
    """updateProject bodies whose expectedVersion follows each project's version as the answers report it."""

    def __init__(self, document: str, variables: list[dict[str, Any]], versions: dict[str, int]) -> None:
        super().__init__([], graphql=True)
        self.document = document
        self.variables = variables
        self.versions = versions
        self.in_flight: set[int] = set()  # a project is never updated by two clients at once

    def next(self) -> tuple[int, bytes]:
        for _ in range(len(self.variables)):
            i = self.i % len(self.variables)
            self.i += 1
            if i not in self.in_flight:
                break
        self.in_flight.add(i)
        v = self.variables[i]
        key = v["id"].split(":", 1)[1]
        return i, orjson.dumps({"query": self.document, "variables": v | {"version": self.versions[key]}})

    def release(self, i: int) -> None:
        self.in_flight.discard(i)

    def check(self, i: int, status: int, raw: bytes) -> str | None:
        problem = super().check(i, status, raw)
        if problem is None:
            project = orjson.loads(raw)["data"]["updateProject"]["project"]
            self.versions[project["id"].split(":", 1)[1]] = int(project["version"])
        return problem


async def closed_loop_http(
    url: str,
    source: Source,
    *,
    concurrency: int,
    warmup_s: float,
    duration_s: float,
    headers: dict[str, str] | None = None,
    target: str,
    probes: dict[str, CpuProbe] | None = None,
) -> RunStats:
    """`concurrency` clients, each sending its next request as soon as its last answer arrived; `probes` read
    CPU seconds of the processes that serve them at the start and end of the measured window."""
    hdrs = {"content-type": "application/json", **(headers or {})}
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

        async def send(i: int, body: bytes) -> tuple[int, bytes]:
            async with http.post(url, data=body, headers=hdrs) as resp:
                return resp.status, await resp.read()

        return await _closed_loop(
            send,
            source,
            concurrency=concurrency,
            warmup_s=warmup_s,
            duration_s=duration_s,
            target=target,
            probes=probes,
        )


async def _closed_loop(
    send: Callable[[int, bytes], Awaitable[tuple[int, bytes]]],
    source: Source,
    *,
    concurrency: int,
    warmup_s: float,
    duration_s: float,
    target: str,
    probes: dict[str, CpuProbe] | None = None,
) -> RunStats:
    latencies: list[float] = []
    errors = 0
    first_error: str | None = None
    start = time.perf_counter()
    measure_from = start + warmup_s
    end = measure_from + duration_s

    async def worker() -> None:
        nonlocal errors, first_error
        while time.perf_counter() < end:
            i, body = source.next()
            t0 = time.perf_counter()
            try:
                status, raw = await send(i, body)
                t1 = time.perf_counter()  # before the answer is checked: parsing it is the client's cost
                problem = source.check(i, status, raw)
            except Exception as exc:  # a failed request is counted, never ends the run
                t1 = time.perf_counter()
                problem = f"{type(exc).__name__}: {exc}"
            finally:
                source.release(i)
            if measure_from <= t1 <= end:
                if problem is None:
                    latencies.append((t1 - t0) * 1000)
                else:
                    errors += 1
                    first_error = first_error or problem

    cpu: dict[str, float | None] = {}

    async def sample() -> None:
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        before = {k: probe() for k, probe in (probes or {}).items()}
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        for k, probe in (probes or {}).items():
            after, b = probe(), before[k]
            cpu[k] = (
                None if after is None or b is None or not latencies else round((after - b) * 1000 / len(latencies), 3)
            )

    await asyncio.gather(sample(), *(worker() for _ in range(concurrency)))
    return RunStats(target, concurrency, duration_s, len(latencies), errors, latencies, first_error, cpu or None)


async def closed_loop_direct(
    run: Callable[[int], Awaitable[Any]],
    count: int,
    *,
    concurrency: int,
    warmup_s: float,
    duration_s: float,
) -> RunStats:
    """The same closed loop, each request being `run(index)` on the driver in this process."""
    source = Source([b""] * count, graphql=False)

    async def send(i: int, body: bytes) -> tuple[int, bytes]:
        await run(i)
        return 200, b""

    return await _closed_loop(
        send, source, concurrency=concurrency, warmup_s=warmup_s, duration_s=duration_s, target="driver"
    )


# -- processes ----------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process read `settings`, with the per-client rate limit off: the load
    comes from one address at far more than a person's rate."""
    return settings.child_env(os.environ) | {"PARTNERNET_RATE_LIMIT_PER_MINUTE": "0"}


@dataclass
class Server:
    """A uvicorn child process and where to reach it."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(
    name: str,
    argv: list[str],
    env: dict[str, str],
    port: int,
    log_dir: Path,
    *,
    timeout_s: float = 60,
    cwd: Path = REPO_ROOT,
) -> Server:
    """Start a uvicorn child (in `cwd`) and wait until its /healthz answers."""
    log = log_dir / f"{name}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as resp:  # noqa: S310  # loopback
                if resp.status == 200:
                    return Server(name, base, proc, log)
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{name} did not answer /healthz within {timeout_s:.0f}s:\n{log.read_text()[-3000:]}")


def start_service(settings: Settings, workers: int, log_dir: Path) -> Server:
    """`partnernet serve` on a free port with `workers` uvicorn workers."""
    port = free_port()
    argv = [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", str(workers)]
    return start_server("service", argv, settings_env(settings), port, log_dir)


def start_floor(settings: Settings, workers: int, log_dir: Path, units_file: Path) -> Server:
    """The floor app under uvicorn, same host, worker count and driver settings as the service."""
    port = free_port()
    env = settings_env(settings) | {"BENCH_FLOOR_UNITS": str(units_file)}
    argv = [
        sys.executable, "-m", "uvicorn", "bench.floor:app_factory", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    return start_server("floor", argv, env, port, log_dir)
