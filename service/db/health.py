"""One quick look at Neo4j, bounded in time and never retried: what the readiness probe runs."""

from __future__ import annotations

import asyncio

from neo4j import READ_ACCESS, AsyncDriver, Query

from service.db.driver import translate_driver_error

_COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


async def ping(driver: AsyncDriver, *, database: str, timeout_s: float) -> tuple[bool, str]:
    """(True, "Neo4j Kernel 5.26.30 community") when Neo4j answers on `database` within `timeout_s`, else
    (False, the reason).

    Unlike a managed transaction (`execute_query`), it is not retried: a server that refuses connections is
    reported at once, which is what lets the service fail fast while Neo4j is away."""
    try:
        async with asyncio.timeout(timeout_s):
            async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
                result = await session.run(Query(_COMPONENTS, timeout=timeout_s))
                rec = await result.single(strict=True)
    except TimeoutError:
        return False, f"database unavailable: Neo4j did not answer within {timeout_s:g} s"
    except Exception as exc:
        return False, str(translate_driver_error(exc)) or type(exc).__name__
    return True, f"{rec['name']} {rec['version']} {rec['edition']}"
