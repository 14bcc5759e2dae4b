"""The limits every document meets before anything runs: tokens, depth, aliases, introspection (README, Limits)."""

from __future__ import annotations

from graphql import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from service.core.settings import Settings


def limit_rules(settings: Settings) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules of the limits (made once per schema, so cached validations stay valid); without
    introspection (prod, unless enabled) a document that introspects the schema is refused too."""
    rules: tuple[type[ASTValidationRule], ...] = (
        depth_rule(settings.max_query_depth, None, None),
        alias_rule(settings.max_aliases),
    )
    return rules if settings.introspection_on else (*rules, NoSchemaIntrospectionCustomRule)
