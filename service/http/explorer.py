"""The /explore page: the front end built from explorer/ by `make explorer`, or a 503 saying how to build it."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

EXPLORER_DIR = Path(__file__).resolve().parents[1] / "static" / "explorer"  # service/static: the package data
NOT_BUILT = (
    "The explorer page is not built. Run `make explorer` (needs Node.js 20+ and npm) in the repository, "
    "which writes service/static/explorer/, then reload this page.\n"
)


class ExplorerFiles:
    """Serve the built explorer; answer 503 with a how-to while it is not built (checked per request, so a build
    made while the service runs is picked up without a restart)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files = StaticFiles(directory=directory, html=True, check_dir=False)

    def built(self) -> bool:
        return (self.directory / "index.html").is_file()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.built():
            response: Response = PlainTextResponse(NOT_BUILT, status_code=503, headers={"Retry-After": "60"})
            await response(scope, receive, send)
            return
        await self.files(scope, receive, send)


def explorer_routes(directory: Path = EXPLORER_DIR) -> list[BaseRoute]:
    """`/explore` (redirects to `/explore/`) and everything under it."""
    files = ExplorerFiles(directory)

    async def entry(request: Request) -> Response:
        if not files.built():
            return PlainTextResponse(NOT_BUILT, status_code=503, headers={"Retry-After": "60"})
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/explore/{query}", status_code=307)

    return [Route("/explore", entry, methods=["GET", "HEAD"]), Mount("/explore", app=files, name="explorer")]
