"""The async driver factory and helpers that say where each statement runs (reads routed as reads)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, LiteralString

import neo4j
from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, Query, RoutingControl
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from service.core.errors import DatabaseUnavailableError, QueryTimeoutError
from service.core.settings import Settings

_TIMEOUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        # A transaction stopped by the timeout while it waited for a lock (Neo4j 5 reports it as a client error;
        # 4.x as a transient one, which a managed transaction would retry).
        "Neo.ClientError.Transaction.LockClientStopped",
        "Neo.TransientError.Transaction.LockClientStopped",
    }
)


DriverFactory = Callable[[Settings], AsyncDriver]  # what makes the app's one driver (create_driver, or a wrapper)


def create_driver(settings: Settings) -> AsyncDriver:
    """A new async driver for the configured URI; the caller owns and closes it."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        max_connection_pool_size=settings.neo4j_max_pool_size,
        connection_timeout=settings.neo4j_connection_timeout_s,
        connection_acquisition_timeout=settings.neo4j_acquisition_timeout_s,
        fetch_size=settings.neo4j_fetch_size,
        max_transaction_retry_time=settings.neo4j_retry_time_s,
        user_agent="partnernet/0.1",
        # Server notifications (e.g. "property key does not exist" on an empty graph) are not actionable at
        # run time; turning them off also saves the server the work.
        notifications_min_severity="OFF",
    )


def translate_driver_error(exc: Exception) -> Exception:
    """Map driver failures onto the service's error hierarchy; other exceptions pass unchanged."""
    if isinstance(exc, Neo4jError) and exc.code in _TIMEOUT_CODES:
        return QueryTimeoutError("the query ran past its time limit; narrow it or lower its bounds")
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return DatabaseUnavailableError("database unavailable: Neo4j cannot be reached")
    if isinstance(exc, Neo4jError) and exc.code and exc.code.startswith("Neo.TransientError.General"):
        return DatabaseUnavailableError(f"database unavailable: {exc.code}")
    if isinstance(exc, DriverError) and not isinstance(exc, Neo4jError):
        return DatabaseUnavailableError(f"database unavailable: {type(exc).__name__}")
    return exc


Params = Mapping[str, Any] | None
Records = list[neo4j.Record]


async def _run(
    driver: AsyncDriver, cypher: str, params: Params, *, database: str, timeout_s: float, routing: RoutingControl
) -> Records:
    # `str`, not LiteralString: read_generated funnels the engine's generated text through here; the public
    # `read` and `write` take LiteralString, so a type checker that knows it flags a string-built statement.
    try:
        result = await driver.execute_query(
            Query(cypher, timeout=timeout_s), dict(params or {}), database_=database, routing_=routing
        )
    except Exception as exc:
        raise translate_driver_error(exc) from exc
    return list(result.records)


async def read(
    driver: AsyncDriver, cypher: LiteralString, params: Params = None, *, database: str, timeout_s: float
) -> Records:
    """Run one read statement routed to readers, with a server-side timeout; returns its records."""
    return await _run(driver, cypher, params, database=database, timeout_s=timeout_s, routing=RoutingControl.READ)


async def read_generated(
    driver: AsyncDriver, cypher: str, params: Params, *, database: str, timeout_s: float
) -> Records:
    """`read` for a statement the engine generated: its text holds only names of the registry, response keys
    that GraphQL validated and the engine's own variables; every value is a parameter.

    The API's reads come through here, so it runs each one as an auto-commit transaction in a read session: one
    round trip (RUN and PULL pipelined) where execute_query's managed transaction adds BEGIN and COMMIT; 0.42
    against 0.66 ms of client CPU per statement on the bench machine, and less work for Neo4j. Reads keep
    execute_query's bookmarks (a client reads its own writes on a cluster) and are retried once when the
    connection or the server fails transiently, as a managed transaction would be.
    """
    for attempt in (1, 2):
        try:
            async with driver.session(
                database=database,
                default_access_mode=READ_ACCESS,
                bookmark_manager=driver.execute_query_bookmark_manager,
            ) as session:
                result = await session.run(Query(cypher, timeout=timeout_s), dict(params or {}))
                return [record async for record in result]
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            if attempt == 2 or (isinstance(exc, TransientError) and not exc.is_retryable()):
                raise translate_driver_error(exc) from exc
        except Exception as exc:
            raise translate_driver_error(exc) from exc
    raise AssertionError("unreachable")  # pragma: no cover  # the loop returns or raises


async def write(
    driver: AsyncDriver, cypher: LiteralString, params: Params = None, *, database: str, timeout_s: float
) -> Records:
    """Run one write statement on the leader in its own transaction (server-side timeout); returns its records."""
    return await _run(driver, cypher, params, database=database, timeout_s=timeout_s, routing=RoutingControl.WRITE)


async def check_ready(driver: AsyncDriver, *, database: str) -> tuple[bool, str]:
    """(True, server description) when Neo4j authenticates and answers on the database, else (False, reason)."""
    try:
        records = await read(
            driver,
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
            database=database,
            timeout_s=3.0,
        )
    except QueryTimeoutError:
        return False, "database unavailable: Neo4j did not answer within 3 s"
    except Exception as exc:
        reason = str(translate_driver_error(exc)) or type(exc).__name__
        return False, reason
    rec = records[0]
    return True, f"{rec['name']} {rec['version']} {rec['edition']}"
