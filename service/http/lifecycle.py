"""Graceful shutdown, the app's part: once draining, /readyz says so, new requests are refused, and every open
WebSocket (subscriptions) is closed with code 1001 (going away) so clients reconnect elsewhere."""

# uvicorn itself stops accepting, lets in-flight requests finish within `timeout_graceful_shutdown` and then
# closes what is left, WebSockets with 1012 (service restart). It has no hook before that, and its multi-worker
# supervisor builds its own server class, so the app chains its drain in front of uvicorn's signal handler
# (`drain_on_signals`): the drain runs at once, uvicorn's shutdown follows on its next tick (0.1 s).

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("partnernet.lifecycle")

GOING_AWAY = 1001


class _Socket:
    """One WebSocket connection's `send`, which the lifecycle may close; nothing is sent after the close."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.accepted = False
        self.closed = False

    async def send(self, message: Message) -> None:
        if self.closed:
            return  # the server closed it: what the handler still sends has no one to go to
        kind = message["type"]
        if kind == "websocket.accept":
            self.accepted = True
        elif kind == "websocket.close":
            self.closed = True
        await self._send(message)

    async def close(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(Exception):  # the client may be gone already
            await self._send({"type": "websocket.close", "code": code, "reason": reason})


class Lifecycle:
    """The draining flag and the open WebSockets of one app (one per worker)."""

    def __init__(self) -> None:
        self.draining = False
        self.sockets: set[_Socket] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def start_drain(self) -> None:
        """`drain` in a task of the running loop (from a signal handler)."""
        task = asyncio.get_running_loop().create_task(self.drain())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Refuse new work from now on and close every WebSocket with 1001."""
        self.draining = True
        sockets = list(self.sockets)
        if sockets:
            log.info("closing websockets", extra={"count": len(sockets), "code": GOING_AWAY})
        await asyncio.gather(*(s.close(GOING_AWAY, "server shutting down") for s in sockets))

    async def serve_socket(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """Run one WebSocket connection through `app`, registered for the drain (refused with 1001 while
        draining); service/http/edge.py calls it."""
        if self.draining:
            await send({"type": "websocket.close", "code": GOING_AWAY, "reason": "server shutting down"})
            return
        socket = _Socket(send)
        self.sockets.add(socket)
        try:
            await app(scope, receive, socket.send)
        finally:
            self.sockets.discard(socket)


def drain_on_signals(lifecycle: Lifecycle) -> Callable[[], None]:
    """Chain `lifecycle.drain()` in front of uvicorn's SIGTERM and SIGINT handlers (only when uvicorn's are the
    ones installed: an app run in-process by a test leaves the signals alone); returns what undoes it.

    Call it from the lifespan's startup, which uvicorn runs after installing its handlers."""
    loop = asyncio.get_running_loop()
    chained: dict[signal.Signals, Any] = {}

    for sig in (signal.SIGTERM, signal.SIGINT):
        handler = signal.getsignal(sig)
        owner = getattr(handler, "__self__", None)
        if not callable(handler) or not type(owner).__module__.startswith("uvicorn."):
            continue

        def drain_then(signum: int, frame: Any, uvicorns: Callable[[int, Any], Any] = handler) -> None:
            loop.call_soon_threadsafe(lifecycle.start_drain)
            uvicorns(signum, frame)

        chained[sig] = handler
        signal.signal(sig, drain_then)

    def undo() -> None:
        for sig, handler in chained.items():
            signal.signal(sig, handler)

    return undo
