"""/explore serves the built front end, redirects the bare path, and answers 503 with a how-to when not built."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.types import Message

from service.core.settings import REPO_ROOT
from service.http.explorer import EXPLORER_DIR, explorer_routes


async def get(app: Starlette, path: str, query: str = "") -> tuple[int, dict[str, str], bytes]:
    """Send one GET through the ASGI app; the status, headers and body it answered."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("testserver", 80),
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver")],
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


async def test_missing_build_answers_503_naming_make_explorer(tmp_path: Path) -> None:
    app = Starlette(routes=explorer_routes(tmp_path / "absent"))
    for path in ("/explore", "/explore/", "/explore/assets/app.js"):
        status, _, body = await get(app, path)
        assert status == 503, path
        assert b"make explorer" in body


async def test_built_page_is_served_and_bare_path_redirects_keeping_the_query(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>explorer</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    app = Starlette(routes=explorer_routes(tmp_path))

    status, headers, _ = await get(app, "/explore", "view=map&id=Organisation%3Aba-moj")
    assert status == 307
    assert headers["location"] == "/explore/?view=map&id=Organisation%3Aba-moj"

    status, headers, body = await get(app, "/explore/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"<title>explorer</title>" in body

    status, _, body = await get(app, "/explore/assets/app.js")
    assert (status, body) == (200, b"console.log(1)")

    status, _, _ = await get(app, "/explore/assets/nope.js")
    assert status == 404


def test_default_folder_is_where_the_explorer_build_writes() -> None:
    vite = (REPO_ROOT / "explorer" / "vite.config.js").read_text(encoding="utf-8")
    assert '"../service/static/explorer"' in vite
    assert EXPLORER_DIR == REPO_ROOT / "service" / "static" / "explorer"
