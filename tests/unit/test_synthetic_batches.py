"""The synthetic loader's batches: a batch whose fate is unknown stops the load instead of being run twice."""

from __future__ import annotations

import pytest

from service.db.driver import create_driver
from service.errors import DatabaseUnavailableError
from service.seeding.cypher import SYNTHETIC_REL
from service.seeding.synthetic import write_batches
from tests.conftest import free_port, make_test_settings


async def test_a_batch_whose_connection_breaks_stops_the_load_and_says_how_to_start_over() -> None:
    """No server listens on the port: the batch cannot be known to be written, so it is not retried blindly."""
    port = free_port()
    settings = make_test_settings(neo4j_uri=f"neo4j://127.0.0.1:{port}", neo4j_connection_timeout_s=0.5)
    driver = create_driver(settings)
    try:
        with pytest.raises(DatabaseUnavailableError, match="seed synthetic --clear"):
            await write_batches(
                driver, database="neo4j", jobs=[(SYNTHETIC_REL["LOCATED_IN"], [["a", "b"]])], concurrency=1,
                prepare=list, on_done=lambda _n: None,
            )  # fmt: skip
    finally:
        await driver.close()
