"""`partnernet token`: issue, list and revoke bearer tokens (the secret is printed once, never stored)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.auth.models import TokenKind, iso_instant, utc_now
from service.auth.repository import create_token, list_tokens, revoke_token
from service.model.enums import TokenRole

token_app = typer.Typer(help="Bearer tokens for editing: issue one per person or system, revoke when done.")
console = Console()
err_console = Console(stderr=True)

_TTL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 86400}


def parse_ttl(text: str) -> dt.timedelta:
    """`90d`, `12h`, `30m`, `45s` or a bare number of days, as a positive timedelta."""
    match = _TTL.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise typer.BadParameter("use a positive duration such as 90d, 12h, 30m or 45s")
    return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option("--name", help="who or what uses the token, e.g. 'alice' or 'crm-sync'")],
    role: Annotated[
        TokenRole, typer.Option("--role", help="viewer reads; editor creates, updates, links; admin also deletes")
    ] = TokenRole.EDITOR,
    ttl: Annotated[
        str | None, typer.Option("--ttl", help="lifetime such as 90d, 12h or 30m (default PARTNERNET_TOKEN_TTL_DAYS)")
    ] = None,
    api_key: Annotated[
        bool, typer.Option("--api-key", help="issue an opaque API key (pnk_...) instead of a signed JWT")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Issue a token and print it once: send it as 'Authorization: Bearer <token>'."""
    from service.cli.common import load_settings, run_async, with_driver

    settings = load_settings()
    lifetime = parse_ttl(ttl) if ttl is not None else None
    kind = TokenKind.API_KEY if api_key else TokenKind.JWT
    issued = run_async(
        lambda: with_driver(
            settings,
            lambda d: create_token(
                d, settings=settings, name=name, role=role, kind=kind, ttl=lifetime, created_by="cli"
            ),
        )
    )
    tok = issued.token
    if as_json:
        info = {
            "id": tok.id,
            "name": tok.name,
            "role": tok.role.value,
            "kind": tok.kind.value,
            "expiresAt": iso_instant(tok.expires_at),
            "token": issued.secret,
        }
        print(json.dumps(info))
        return
    err_console.print(
        f"issued {tok.kind.value} token [bold]{tok.id}[/bold] for {tok.name!r}, role {tok.role.value}, "
        f"expires {iso_instant(tok.expires_at)}. It is shown only now; revoke with `partnernet token revoke {tok.id}`."
    )
    print(issued.secret)


@token_app.command("list")
def token_list(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """List issued tokens (never their secrets): id, name, role, kind, state, created, expires, revoked."""
    from service.cli.common import load_settings, run_async, with_driver

    settings = load_settings()
    tokens = run_async(lambda: with_driver(settings, lambda d: list_tokens(d, settings=settings)))
    now = utc_now()
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "role": t.role.value,
            "kind": t.kind.value,
            "state": t.state(now),
            "createdAt": iso_instant(t.created_at),
            "expiresAt": iso_instant(t.expires_at),
            "revokedAt": iso_instant(t.revoked_at) if t.revoked_at else None,
        }
        for t in tokens
    ]
    if as_json:
        print(json.dumps(rows))
        return
    table = Table(*(rows[0].keys() if rows else ["id"]))
    for row in rows:
        table.add_row(*(str(v or "") for v in row.values()))
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(metavar="ID", help="the id shown by token create/list")],
) -> None:
    """Revoke a token: every instance of the service refuses it from the next request on."""
    from service.cli.common import load_settings, run_async, with_driver

    settings = load_settings()
    tok = run_async(lambda: with_driver(settings, lambda d: revoke_token(d, settings=settings, token_id=token_id)))
    console.print(f"token {tok.id} ({tok.name}) revoked at {iso_instant(tok.revoked_at or utc_now())}")
