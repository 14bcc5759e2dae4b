"""The one pipeline as one Strawberry extension: limits, cached parse and validation, authentication, the compiled
stage and the error formatter, in that order, for every operation (HTTP and WebSocket alike).

The concerns are separate modules (limits.py, documents.py, auth.py, stage.py, errors.py); one extension calls
them because Strawberry sets up every hook of every extension on every request, which measured about 10 us per
extension, a tenth of what the whole pipeline costs for a small query.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ASTValidationRule, ExecutionResult
from strawberry.extensions import SchemaExtension

from service.core.context import Context
from service.gql.auth import authenticate
from service.gql.documents import Documents
from service.gql.errors import format_result
from service.gql.stage import Pipeline, after_execution, before_execution


@dataclass(frozen=True)
class PipelineState:
    """What every request's extension shares: the limits, the document cache and the compiled stage."""

    max_tokens: int
    rules: tuple[type[ASTValidationRule], ...]
    documents: Documents
    stage: Pipeline
    self_checking: frozenset[str]  # mutation roots that check a deferred token in their own statement


class OnePipeline(SchemaExtension):
    """Strawberry's hooks of the one pipeline (see the module docstring)."""

    def __init__(self, state: PipelineState) -> None:
        super().__init__()
        self.state = state
        self.streamed = False
        self.cost: int | None = None

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        ec.parse_options = {**(ec.parse_options or {}), "max_tokens": self.state.max_tokens}
        ec.validation_rules = (*ec.validation_rules, *self.state.rules)
        self._parse_and_validate()
        if ec.query is not None and ec.graphql_document is not None and isinstance(ec.context, Context):
            # The operation Strawberry runs (named, the only one, or the first: `ec.operation_name`), for the
            # request's metrics and log line; none when the document has no such operation (graphql-core says why).
            op = self.state.stage.document(ec.query, ec.graphql_document).operation(ec.operation_name)
            if op is not None:
                ec.context.operation = (op.operation.value, op.name.value if op.name is not None else None)
        yield
        if ec.result is not None and not self.streamed:
            format_result(ec.result, request_id=_request_id(ec.context))

    def _parse_and_validate(self) -> None:
        """The cached parse and validation, set before Strawberry's own steps, which then skip theirs: a set
        `graphql_document` is not parsed again, a set `pre_execution_errors` not validated again. (Done here rather
        than in `on_parse`/`on_validate`: each hook an extension defines costs Strawberry a context manager per
        request.) A query that does not parse is left to Strawberry's parse, which reports the syntax error."""
        ec = self.execution_context
        if ec.query is None:
            return
        document = self.state.documents.parsed(ec.query, self.state.max_tokens)
        if document is not None:
            ec.graphql_document = document
            ec.pre_execution_errors = self.state.documents.errors(ec.query, document, ec.validation_rules)

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        refused = await authenticate(ec.context, ec.graphql_document, ec.operation_name, self.state.self_checking)
        if refused is not None:
            ec.result = ExecutionResult(data=None, errors=[refused])
        prepared, self.cost = await before_execution(self.state.stage, ec)
        yield
        if prepared is not None:
            after_execution(prepared, ec)

    def get_results(self) -> dict[str, Any]:
        """`extensions.cost` (what the request could cost, and the budget) when the request asked for it with
        `"extensions": {"cost": true}`."""
        asked = (getattr(self.execution_context, "operation_extensions", None) or {}).get("cost") is True
        if self.cost is None or not asked:
            return {}
        return {"cost": {"requested": self.cost, "budget": self.state.stage.max_cost}}

    def on_stream_result(self, result: Any) -> Iterator[None]:
        self.streamed = True
        format_result(result, request_id=_request_id(self.execution_context.context))
        yield


def _request_id(ctx: Any) -> str:
    return str(getattr(ctx, "request_id", "-"))
