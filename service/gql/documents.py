"""Parsing and validation once per document text, for every request of the process (one cache for both)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, validate


class Documents:
    """Parsed documents and their validation errors by query text (bounded, least recently used out).

    Keyed by the text, not the AST: graphql-core's nodes hash themselves recursively, which costs more than the
    lookup it saves.
    """

    def __init__(self, schema: GraphQLSchema, *, hide_suggestions: bool = False, size: int = 1024) -> None:
        self.schema = schema
        self.hide_suggestions = hide_suggestions  # "Did you mean ...?" names fields: off when the schema is private
        self.size = size
        self._parsed: OrderedDict[tuple[str, int | None], DocumentNode] = OrderedDict()
        self._errors: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]] = OrderedDict()

    def parsed(self, query: str, max_tokens: int | None) -> DocumentNode | None:
        """The document of `query`; None when it does not parse (Strawberry's own parse then reports the syntax
        error inside the operation, where the formatter sees it)."""
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
            found = validate(self.schema, document, rules, hide_suggestions=self.hide_suggestions)
            self._put(self._errors, key, found)
        else:
            self._errors.move_to_end(key)
        return found

    def _put(self, cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        cache[key] = value
        while len(cache) > self.size:
            cache.popitem(last=False)
