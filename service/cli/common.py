"""What every `partnernet` command shares: the consoles, settings from the environment, running async work.

The sub-commands of the domains (service/seeding/cli.py, service/io/cli.py, service/auth/cli.py) import this
module, never service.cli.main, so the command line has no import circle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from service.core.errors import PartnernetError
from service.core.settings import Settings, describe_validation_error

if TYPE_CHECKING:
    from neo4j import AsyncDriver

T = TypeVar("T")

console = Console()
err_console = Console(stderr=True)


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Print `message` (plain text, shown as written) in red on stderr and exit with `code`."""
    err_console.print(f"[red]{escape(message)}[/red]")
    raise typer.Exit(code)


def load_settings() -> Settings:
    """Settings from the environment, or exit 2 with a message naming the bad variable."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        fail(describe_validation_error(exc), code=2)


@contextmanager
def expected_failures() -> Iterator[None]:
    """Turn the service's own errors and the driver's into `error: ...` and exit code 1, without a traceback."""
    from neo4j.exceptions import DriverError, Neo4jError

    from service.db.driver import translate_driver_error

    try:
        yield
    except PartnernetError as exc:
        fail(f"error: {exc.message}")
    except (DriverError, Neo4jError) as exc:
        fail(f"error: {translate_driver_error(exc)} ({exc})")


def run_async(fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine `fn()` for a command, its expected failures reported as `expected_failures` does."""
    with expected_failures():
        return asyncio.run(fn())


async def with_driver(settings: Settings, fn: Callable[[AsyncDriver], Awaitable[T]]) -> T:
    """Open a driver for one command, run `fn(driver)`, close it."""
    from service.db.driver import create_driver

    driver = create_driver(settings)
    try:
        return await fn(driver)
    finally:
        await driver.close()
