"""Machine facts for the report: cores, memory, CPU, versions, load, commit."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from service.core.settings import REPO_ROOT

PACKAGES = (
    "neo4j",
    "neo4j-rust-ext",
    "strawberry-graphql",
    "graphql-core",
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "aiohttp",
    "orjson",
)


def _meminfo_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(pkg: str) -> str | None:
    try:
        return importlib.metadata.version(pkg)
    except importlib.metadata.PackageNotFoundError:
        return None


def _output(argv: list[str]) -> str | None:
    """The standard output of a read-only command from PATH run in the checkout, or None when it cannot run."""
    try:
        # S603: fixed argv of read-only commands (git, ps)
        out = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError:
        return None
    return out.stdout


def _commit() -> str | None:
    return (_output(["git", "rev-parse", "--short", "HEAD"]) or "").strip() or None


def machine_facts(neo4j_version: str) -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "cores": os.cpu_count(),
        "memory_gib": _meminfo_gib(),
        "cpu": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "neo4j": f"{neo4j_version} Community",
        "packages": {p: _version(p) for p in PACKAGES},
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": _commit(),
    }


def other_busy_processes(limit: int = 8) -> list[str]:
    """The busiest processes right now (the machine is shared; the report says with what)."""
    out = _output(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"]) or ""
    return [" ".join(line.split()) for line in out.splitlines()[1 : limit + 1]]
