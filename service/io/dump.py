"""Logical dump and restore: versioned JSON lines (header, nodes, relationships, end) for any Neo4j.

A dump is read in one read transaction. A restore checks the whole file first, then writes every node and
relationship in one write transaction (all or nothing), into a graph that holds nothing but migration records.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction

from service.core.errors import ConflictError, InvalidInputError
from service.engine.compilation import CAN_SEE_SENSITIVE
from service.io import cypher
from service.io.encoding import props_from_json, props_to_json
from service.io.models import key_label
from service.seeding.loader import batches

DUMP_FORMAT = "partnernet-dump"
DUMP_VERSION = 1
BATCH_SIZE = 5_000
DUMP_TIMEOUT_S = 3_600.0

# progress(phase, done, total): phase is "nodes" or "relationships".
Progress = Callable[[str, int, int], None]


class DumpFormatError(InvalidInputError):
    """A dump file that cannot be restored; `problems` name each bad line. Nothing was written."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{path}: {len(self.problems)} problem(s); nothing was restored:\n{shown}{more}")


@dataclass(frozen=True)
class DumpSummary:
    """What a dump holds (or a restore wrote): node and relationship counts per label and type."""

    nodes: int
    relationships: int
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


async def dump_lines(
    driver: AsyncDriver, *, database: str, can_see_sensitive: bool, timeout_s: float = DUMP_TIMEOUT_S
) -> AsyncIterator[str]:
    """The dump of `database` as JSON lines, read in one read transaction (a consistent view while it runs).

    Organisations marked sensitive (and their relationships) are in it only when `can_see_sensitive` (an
    operator's backup: the CLI runs as an admin); counts are of what the dump holds."""
    params = {CAN_SEE_SENSITIVE: can_see_sensitive}
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        tx = await session.begin_transaction(timeout=timeout_s)
        try:
            server = await (await tx.run(cypher.SERVER_VERSION)).single()
            labels = {r["label"]: r["n"] async for r in await tx.run(cypher.LABEL_COUNTS, params)}
            types = {r["type"]: r["n"] async for r in await tx.run(cypher.TYPE_COUNTS, params)}
            node_total = await (await tx.run(cypher.DUMP_NODE_COUNT, params)).single()
            header = {
                "format": DUMP_FORMAT,
                "version": DUMP_VERSION,
                "neo4j": server["version"] if server else None,
                "edition": server["edition"] if server else None,
                "database": database,
                "createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "counts": {
                    "nodes": node_total["n"] if node_total else 0,
                    "relationships": sum(types.values()),
                    "labels": labels,
                    "types": types,
                },
            }
            yield _line(header)
            ends: dict[str, dict[str, Any]] = {}
            async for rec in await tx.run(cypher.DUMP_NODES, params):
                ref = len(ends)
                labels_of = sorted(rec["labels"])
                ends[rec["eid"]] = {"ref": ref, "label": key_label(labels_of), "id": rec["props"].get("id")}
                yield _line({"kind": "node", "ref": ref, "labels": labels_of, "props": props_to_json(rec["props"])})
            rels = 0
            async for rec in await tx.run(cypher.DUMP_RELS, params):
                rels += 1
                yield _line(
                    {
                        "kind": "rel",
                        "type": rec["type"],
                        "start": ends[rec["a_eid"]],
                        "end": ends[rec["b_eid"]],
                        "props": props_to_json(rec["props"]),
                    }
                )
            yield _line({"kind": "end", "nodes": len(ends), "relationships": rels})
        finally:
            await tx.close()


def _open(path: Path, mode: str, *, gz: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if gz is None else gz:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]  # text mode gives IO[str]
    return path.open(mode, encoding="utf-8")


async def write_dump(
    driver: AsyncDriver, *, database: str, out: Path, can_see_sensitive: bool, progress: Progress | None = None
) -> DumpSummary:
    """Dump `database` into `out` (gzip when it ends in .gz; `dump_lines` says what it holds); the file appears only
    once it is complete."""
    started = time.perf_counter()
    tmp = out.with_name(out.name + ".partial")
    header: dict[str, Any] = {}
    nodes = rels = 0
    try:
        with _open(tmp, "w", gz=out.suffix == ".gz") as fh:
            async for line in dump_lines(driver, database=database, can_see_sensitive=can_see_sensitive):
                fh.write(line)
                if not header:
                    header = json.loads(line)
                    continue
                kind = line[9:13]  # '{"kind":"node"...' without parsing every line again
                if kind == "node":
                    nodes += 1
                    if progress is not None and nodes % 1000 == 0:
                        progress("nodes", nodes, header["counts"]["nodes"])
                elif kind == 'rel"':
                    rels += 1
                    if progress is not None and rels % 1000 == 0:
                        progress("relationships", rels, header["counts"]["relationships"])
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    counts = header.get("counts", {})
    return DumpSummary(
        nodes=nodes,
        relationships=rels,
        labels=counts.get("labels", {}),
        types=counts.get("types", {}),
        seconds=time.perf_counter() - started,
    )


# -- restore ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DumpFile:
    """A dump read and checked: its header, nodes {ref, labels, props} and relationships {a, b, type, props}."""

    header: dict[str, Any]
    nodes: list[dict[str, Any]]
    rels: list[dict[str, Any]]


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_header(header: object, problems: list[str]) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("format") != DUMP_FORMAT:
        problems.append(f"line 1: not a {DUMP_FORMAT} header (expected a JSON object with format={DUMP_FORMAT!r})")
        return {}
    if header.get("version") != DUMP_VERSION:
        problems.append(f"line 1: version: this partnernet reads dump version {DUMP_VERSION}, the file has "
                        f"{header.get('version')!r}")  # fmt: skip
    return header


def parse_dump(lines: Sequence[str], *, name: str = "dump") -> DumpFile:
    """Check a whole dump (every line, reference and count); raises DumpFormatError listing the problems."""
    problems: list[str] = []
    header: dict[str, Any] = {}
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    refs: set[int] = set()
    end: dict[str, Any] | None = None
    for no, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(f"line {no}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if no == 1:
            header = _check_header(obj, problems)
            continue
        if end is not None:
            problems.append(f"line {no}: content after the end line")
            break
        kind = obj.get("kind") if isinstance(obj, dict) else None
        try:
            if kind == "node":
                ref = obj["ref"]
                if not isinstance(ref, int) or ref in refs:
                    problems.append(f"line {no}: ref: missing or duplicate node ref {ref!r}")
                    continue
                if not _names(obj["labels"]):
                    problems.append(f"line {no}: labels: expected a list of label names")
                    continue
                refs.add(ref)
                nodes.append({"ref": ref, "labels": obj["labels"], "props": props_from_json(obj["props"])})
            elif kind == "rel":
                a, b = obj["start"]["ref"], obj["end"]["ref"]
                bad = [side for side, r in (("start", a), ("end", b)) if r not in refs]
                if bad:
                    problems.append(f"line {no}: {bad[0]}: node ref {obj[bad[0]]['ref']!r} is not defined above")
                    continue
                if not isinstance(obj["type"], str) or not obj["type"]:
                    problems.append(f"line {no}: type: expected a relationship type name")
                    continue
                rels.append({"a": a, "b": b, "type": obj["type"], "props": props_from_json(obj["props"])})
            elif kind == "end":
                end = obj
            else:
                problems.append(f"line {no}: kind: expected node, rel or end, got {kind!r}")
        except (KeyError, TypeError) as exc:
            problems.append(f"line {no}: missing or malformed field {exc}")
        except InvalidInputError as exc:
            problems.append(f"line {no}: props: {exc.message}")
    if not lines:
        problems.append("line 1: the file is empty")
    elif end is None:
        problems.append(f"line {len(lines)}: the end line is missing (the dump is truncated)")
    elif (end.get("nodes"), end.get("relationships")) != (len(nodes), len(rels)):
        problems.append(f"end line: it counts {end.get('nodes')} nodes and {end.get('relationships')} relationships, "
                        f"the file holds {len(nodes)} and {len(rels)}")  # fmt: skip
    if problems:
        raise DumpFormatError(name, problems)
    return DumpFile(header=header, nodes=nodes, rels=rels)


def read_dump(path: Path) -> DumpFile:
    """Read and check a dump file (gzip when it ends in .gz); raises DumpFormatError naming each bad line."""
    try:
        with _open(path, "r") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DumpFormatError(str(path), [f"cannot read the file: {exc}"]) from exc
    return parse_dump(lines, name=str(path))


async def _restore_tx(
    tx: AsyncManagedTransaction, dump: DumpFile, force: bool, progress: Progress | None, batch_size: int
) -> None:
    if force:
        await (await tx.run(cypher.WIPE)).consume()
    else:
        rec = await (await tx.run(cypher.NODE_COUNT)).single()
        if rec is not None and rec["n"] > 0:
            raise ConflictError(f"the database holds {rec['n']} nodes; restore needs an empty one (or --force)")
    eids: dict[int, str] = {}
    for chunk in batches(dump.nodes, batch_size):
        async for rec in await tx.run(cypher.RESTORE_NODES, rows=list(chunk)):
            eids[rec["ref"]] = rec["eid"]
        if progress is not None:
            progress("nodes", len(eids), len(dump.nodes))
    done = 0
    for chunk in batches(dump.rels, batch_size):
        rows = [{"a": eids[r["a"]], "b": eids[r["b"]], "type": r["type"], "props": r["props"]} for r in chunk]
        await (await tx.run(cypher.RESTORE_RELS, rows=rows)).consume()
        done += len(chunk)
        if progress is not None:
            progress("relationships", done, len(dump.rels))


async def restore_dump(
    driver: AsyncDriver,
    *,
    database: str,
    dump: DumpFile,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> DumpSummary:
    """Write a checked dump in one transaction; refuses a graph with nodes (ConflictError) unless `force`,
    which first deletes every node but the migration records, in the same transaction."""
    started = time.perf_counter()
    async with driver.session(database=database) as session:
        await session.execute_write(_restore_tx, dump, force, progress, batch_size)
    labels: dict[str, int] = {}
    for n in dump.nodes:
        for label in n["labels"]:
            labels[label] = labels.get(label, 0) + 1
    types: dict[str, int] = {}
    for r in dump.rels:
        types[r["type"]] = types.get(r["type"], 0) + 1
    return DumpSummary(
        nodes=len(dump.nodes),
        relationships=len(dump.rels),
        labels=dict(sorted(labels.items())),
        types=dict(sorted(types.items())),
        seconds=time.perf_counter() - started,
    )
