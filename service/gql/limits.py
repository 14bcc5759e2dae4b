"""The limits every document meets before anything runs: tokens, depth and aliases (documented in the README)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from service.core.settings import Settings


def limit_rules(settings: Settings) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules of the limits (made once per schema, so cached validations stay valid)."""
    return (depth_rule(settings.max_query_depth, None, None), alias_rule(settings.max_aliases))


class Limits(SchemaExtension):
    """Adds the token bound to parsing and the limit rules to validation."""

    def __init__(self, *, max_tokens: int, rules: tuple[type[ASTValidationRule], ...]) -> None:
        super().__init__()
        self.max_tokens = max_tokens
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        ec.parse_options = {**(ec.parse_options or {}), "max_tokens": self.max_tokens}
        ec.validation_rules = (*ec.validation_rules, *self.rules)
        yield
