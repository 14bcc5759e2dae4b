"""Persisted queries: Apollo's automatic persisted queries (a sha256 hash instead of the document), and an
allow-list mode where only registered documents run (the explorer's are registered when it is built)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import orjson

from service.core.errors import PartnernetError
from service.core.lru import LRU

# The explorer's build writes its documents here (explorer/scripts/persisted.mjs), keyed by their sha256.
EXPLORER_MANIFEST = Path(__file__).resolve().parents[1] / "static" / "explorer" / "persisted-queries.json"
Mode = Literal["off", "auto", "allowlist"]


class PersistedQueryError(PartnernetError):
    """A persisted-query request the service cannot serve (the code follows Apollo's protocol)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def sha256(document: str) -> str:
    """The hex sha256 of a document's text, as clients compute it."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_registered(paths: list[Path]) -> dict[str, str]:
    """Registered documents by hash from JSON files {sha256: document}; a file whose hash and text disagree is
    refused, naming the entry."""
    registered: dict[str, str] = {}
    for path in paths:
        if not path.is_file():
            continue
        entries = orjson.loads(path.read_bytes())
        if not isinstance(entries, dict):
            raise ValueError(f"{path}: expected a JSON object {{sha256: document}}")
        for digest, document in entries.items():
            if not isinstance(document, str) or sha256(document) != digest:
                raise ValueError(f"{path}: the entry {digest} is not the sha256 of its document")
            registered[digest] = document
    return registered


class PersistedQueries:
    """Resolves the document of a request from its `query` and `extensions.persistedQuery`.

    In `auto` mode a client may send only the hash of a document it sent before (with its text) to this process;
    the documents seen are kept in a bounded cache (a client whose hash is unknown gets PERSISTED_QUERY_NOT_FOUND and
    sends the text again, Apollo's protocol). In `allowlist` mode only registered documents run, whatever is sent.
    """

    def __init__(self, mode: Mode, registered: dict[str, str], size: int = 2048) -> None:
        self.mode = mode
        self.registered = registered
        self._seen = LRU(size)  # sha256 -> document sent with it

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str:
        """The document to run; PersistedQueryError when the request names no usable document."""
        persisted = (extensions or {}).get("persistedQuery")
        digest = None
        if persisted is not None:
            if self.mode == "off":
                raise PersistedQueryError("PERSISTED_QUERY_NOT_SUPPORTED", "persisted queries are turned off")
            if (
                not isinstance(persisted, dict)
                or persisted.get("version") != 1
                or not isinstance(persisted.get("sha256Hash"), str)
            ):
                raise PersistedQueryError(
                    "BAD_REQUEST", "extensions.persistedQuery must be {version: 1, sha256Hash: <hex>}"
                )
            digest = persisted["sha256Hash"].lower()
        if query is None:
            if digest is None:
                raise PersistedQueryError(
                    "BAD_REQUEST", "`query` must be a non-empty string holding a GraphQL document"
                )
            found = self.registered.get(digest) or self._seen.get_fresh(digest)
            if found is None:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            return found
        if digest is not None and sha256(query) != digest:
            raise PersistedQueryError("BAD_REQUEST", "extensions.persistedQuery.sha256Hash is not the hash of `query`")
        if self.mode == "allowlist" and sha256(query) not in self.registered:
            raise PersistedQueryError(
                "PERSISTED_QUERY_NOT_ALLOWED", "only registered documents run on this service (allow-list mode)"
            )
        if digest is not None:
            self._seen.put(digest, query)
        return query
