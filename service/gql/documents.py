"""Parsing and validation once per document text, for every request of the process (one cache for both)."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, validate

from service.core.lru import LRU


class Documents:
    """Parsed documents and their validation errors by query text (bounded, least recently used out).

    Keyed by the text, not the AST: graphql-core's nodes hash themselves recursively, which costs more than the
    lookup it saves.
    """

    def __init__(self, schema: GraphQLSchema, *, hide_suggestions: bool = False, size: int = 1024) -> None:
        self.schema = schema
        self.hide_suggestions = hide_suggestions  # "Did you mean ...?" names fields: off when the schema is private
        self._parsed = LRU(size)  # (query, max_tokens) -> DocumentNode
        self._errors = LRU(size)  # (query, rules) -> list[GraphQLError]

    def parsed(self, query: str, max_tokens: int | None) -> DocumentNode | None:
        """The document of `query`; None when it does not parse (Strawberry's own parse then reports the syntax
        error inside the operation, where the formatter sees it)."""
        key = (query, max_tokens)
        found: DocumentNode | None = self._parsed.get_fresh(key)
        if found is None:
            try:
                found = parse(query, max_tokens=max_tokens)
            except GraphQLError:
                return None
            self._parsed.put(key, found)
        return found

    def errors(
        self, query: str, document: DocumentNode, rules: Sequence[type[ASTValidationRule]]
    ) -> list[GraphQLError]:
        """The validation errors of `document` (the parse of `query`) under `rules`."""
        key = (query, tuple(rules))
        found: list[GraphQLError] | None = self._errors.get_fresh(key)
        if found is None:
            found = validate(self.schema, document, rules, hide_suggestions=self.hide_suggestions)
            self._errors.put(key, found)
        return found
