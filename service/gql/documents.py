"""Parsing and validation once per document text, for every request of the process (one cache for both)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, validate
from strawberry.extensions import SchemaExtension


class Documents:
    """Parsed documents and their validation errors by query text (bounded, least recently used out).

    Keyed by the text, not the AST: graphql-core's nodes hash themselves recursively, which costs more than the
    lookup it saves.
    """

    def __init__(self, schema: GraphQLSchema, size: int = 1024) -> None:
        self.schema = schema
        self.size = size
        self._parsed: OrderedDict[tuple[str, int | None], DocumentNode] = OrderedDict()
        self._errors: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]] = OrderedDict()

    def parsed(self, query: str, max_tokens: int | None) -> DocumentNode | None:
        """The document of `query`; None when it does not parse (the caller reports the syntax error)."""
        key = (query, max_tokens)
        found = self._parsed.get(key)
        if found is None:
            try:
                found = parse(query, max_tokens=max_tokens)
            except GraphQLError:
                return None
            self._put(self._parsed, key, found)
        else:
            self._parsed.move_to_end(key)
        return found

    def errors(
        self, query: str, document: DocumentNode, rules: Sequence[type[ASTValidationRule]]
    ) -> list[GraphQLError]:
        """The validation errors of `document` (the parse of `query`) under `rules`."""
        key = (query, tuple(rules))
        found = self._errors.get(key)
        if found is None:
            found = validate(self.schema, document, rules)
            self._put(self._errors, key, found)
        else:
            self._errors.move_to_end(key)
        return found

    def _put(self, cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        cache[key] = value
        while len(cache) > self.size:
            cache.popitem(last=False)


class CachedDocuments(SchemaExtension):
    """Answers Strawberry's parse and validate steps from `Documents`. A text that does not parse is left to
    Strawberry's own parse, which reports the syntax error inside the operation (so the formatter sees it)."""

    def __init__(self, documents: Documents) -> None:
        super().__init__()
        self.documents = documents

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query is not None:
            max_tokens = (ec.parse_options or {}).get("max_tokens")
            document = self.documents.parsed(ec.query, max_tokens)
            if document is not None:
                ec.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query is not None and ec.graphql_document is not None:
            ec.pre_execution_errors = self.documents.errors(ec.query, ec.graphql_document, ec.validation_rules)
        yield
