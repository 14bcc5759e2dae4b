"""Authentication in the pipeline: an operation sent with bad credentials fails before anything runs."""

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


class Authenticate(SchemaExtension):
    """Anonymous requests may read; a request whose token is invalid, expired or revoked gets that error instead.

    Failing loudly tells a front end to renew its token rather than silently showing it the public view. The
    transport has read the token (service/http); a token accepted without a lookup (`Context.pending_token`) is
    checked here with one, unless every root field is a mutation that checks it inside its own statement.
    """

    def __init__(self, *, self_checking: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.self_checking = self_checking

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context.context
        if getattr(ctx, "pending_token", None) is not None and not _checks_itself(
            self._operation(), self.self_checking
        ):
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
        if name is None:
            return operations[0] if len(operations) == 1 else None
        return next((op for op in operations if op.name is not None and op.name.value == name), None)
