"""A schema extension that fails any operation sent with bad credentials, before a resolver runs."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import ExecutionResult, FieldNode, GraphQLError, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension

from service.auth.authenticate import ensure_credentials


def _checks_itself(operation: OperationDefinitionNode | None, fields: frozenset[str]) -> bool:
    """Whether every root field of a mutation is one of `fields`, which check a deferred token on their own."""
    if operation is None or operation.operation is not OperationType.MUTATION:
        return False
    selections = operation.selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in fields for s in selections)


class RejectBadCredentials(SchemaExtension):
    """Anonymous requests may read; a request whose token is invalid, expired or revoked gets that error instead.

    Failing loudly tells a front end to renew its token rather than silently showing it the public view. A token
    accepted without a lookup (`Context.pending_token`) is checked here with one, unless every root field is a
    mutation that checks it inside its own statement.
    """

    def __init__(self, *, self_checking: frozenset[str] = frozenset()) -> None:
        super().__init__()
        # Mutation root fields (GraphQL names) that check a deferred token themselves.
        self.self_checking = self_checking

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context.context
        pending = getattr(ctx, "pending_token", None) is not None
        if pending and not _checks_itself(self._operation(), self.self_checking):
            await ensure_credentials(ctx)
        error = getattr(ctx, "auth_error", None)
        if error is not None:
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError(error.message, original_error=error)]
            )
        yield

    def _operation(self) -> OperationDefinitionNode | None:
        document = self.execution_context.graphql_document
        if document is None:
            return None
        name = self.execution_context.operation_name
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        for op in operations:
            if name is None or (op.name is not None and op.name.value == name):
                return op if name is not None or len(operations) == 1 else None
        return None
