"""A schema extension that fails any operation sent with bad credentials, before a resolver runs."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension


class RejectBadCredentials(SchemaExtension):
    """Anonymous requests may read; a request whose token is invalid, expired or revoked gets that error instead.

    Failing loudly tells a front end to renew its token rather than silently showing it the public view.
    """

    def on_execute(self) -> Iterator[None]:
        error = getattr(self.execution_context.context, "auth_error", None)
        if error is not None:
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError(error.message, original_error=error)]
            )
        yield
