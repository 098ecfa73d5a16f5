"""Small HTTP servers on 127.0.0.1 (free ports): a table of routes, and a trickle."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from aether_kit.testing.servers import ServerThread

# path (with query) -> (status, headers, body); a callable gets the server's base URL
Answer = tuple[int, dict[str, str], bytes]
Route = Answer | Callable[[str], Answer]

# one byte each 0.1 s: a trickle of TRICKLE_SIZE bytes outlasts the guard, so a call with no
# limit on its whole length fails the test instead of passing slowly; not a speed limit
TRICKLE_SIZE = 400
trickle_guard = pytest.mark.timeout(30)


@dataclass
class RoutesServer:
    routes: dict[str, Route]
    url: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[RoutesServer]:
    state = RoutesServer(routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            route = state.routes.get(self.path)
            status, headers, body = (
                (404, {}, b"not here") if route is None else _answer(route, state.url)
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    with ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), Handler), name="routes") as server:
        state.url = server.url
        yield state


def _answer(route: Route, url: str) -> Answer:
    return route(url) if callable(route) else route


@contextmanager
def trickle(size: int, interval: float = 0.1) -> Iterator[str]:
    """A server whose every answer promises ``size`` bytes and sends one each ``interval``.

    Each byte arrives well within any read timeout, so only a limit on the
    whole call ends a client that reads the body. Leaving the block stops the
    trickle, so no answer outlives the test. Yields the server's base URL.
    """
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            for _ in range(size):
                if stop.wait(interval):
                    return
                self.wfile.write(b" ")

        do_GET = do_POST = answer

        def log_message(self, format: str, *args: Any) -> None:
            return

    with ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), Handler), name="trickle") as server:
        try:
            yield server.url
        finally:
            stop.set()
