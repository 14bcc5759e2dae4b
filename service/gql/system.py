"""The `serviceInfo` root field: the service's and the database's versions, for front ends and operators."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import service
from service.core.context import Context
from service.db.driver import read


@strawberry.type(description="The running service and the Neo4j server it reads from.")
class ServiceInfo:
    version: str = strawberry.field(description="partnernet's version.")
    neo4j_version: str = strawberry.field(description="Neo4j server version, e.g. 5.26.30.")
    neo4j_edition: str = strawberry.field(description="Neo4j edition: community or enterprise.")


@strawberry.type
class SystemQuery:
    @strawberry.field(description="Versions of the service and of its Neo4j server.")
    async def service_info(self, info: Info[Context, None]) -> ServiceInfo:
        ctx = info.context
        records = await read(
            ctx.driver,
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
        )
        rec = records[0]
        return ServiceInfo(version=service.__version__, neo4j_version=rec["version"], neo4j_edition=rec["edition"])
