"""The limits every document meets before anything runs: tokens, depth and aliases (documented in the README)."""

from __future__ import annotations

from graphql import ASTValidationRule
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from service.core.settings import Settings


def limit_rules(settings: Settings) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules of the limits (made once per schema, so cached validations stay valid)."""
    return (depth_rule(settings.max_query_depth, None, None), alias_rule(settings.max_aliases))
