"""Every network root field and answer type, as the GraphQL layer registers them (service/gql/network_types.py)."""

from __future__ import annotations

from typing import Final

from service.network import queries
from service.network.analysis import queries as analysis
from service.network.shape import ANSWERS
from service.network.spec import Answer, Root

ROOTS: Final[tuple[Root, ...]] = (*queries.ROOTS, *analysis.ROOTS)
TYPES: Final[tuple[Answer, ...]] = tuple(ANSWERS.values())
