"""Authentication in the pipeline: an operation sent with bad credentials fails before anything runs."""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, OperationType

from service.auth.authenticate import ensure_credentials


def _checks_itself(operation: OperationDefinitionNode | None, fields: frozenset[str]) -> bool:
    """Whether every root field of a mutation is one of `fields`, which check a deferred token on their own."""
    if operation is None or operation.operation is not OperationType.MUTATION:
        return False
    selections = operation.selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in fields for s in selections)


async def authenticate(
    ctx: Any, document: DocumentNode | None, operation_name: str | None, self_checking: frozenset[str]
) -> GraphQLError | None:
    """The error to answer with when the request's credentials are bad; None when it may run.

    Anonymous requests may read; a request whose token is invalid, expired or revoked gets that error instead, so a
    front end renews its token rather than silently seeing the public view. The transport read the token
    (service/http); a token accepted without a lookup (`Context.pending_token`) is checked here with one, unless
    every root field is a mutation in `self_checking`, which checks it inside its own statement.
    """
    if getattr(ctx, "pending_token", None) is not None and not _checks_itself(
        _operation(document, operation_name), self_checking
    ):
        await ensure_credentials(ctx)
    error = getattr(ctx, "auth_error", None)
    return None if error is None else GraphQLError(error.message, original_error=error)


def _operation(document: DocumentNode | None, name: str | None) -> OperationDefinitionNode | None:
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name is not None and op.name.value == name), None)
