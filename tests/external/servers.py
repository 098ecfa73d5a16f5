"""A small HTTP server on 127.0.0.1 (a free port) answering from a table of routes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aether_kit.testing.servers import ServerThread

# path (with query) -> (status, headers, body); a callable gets the server's base URL
Answer = tuple[int, dict[str, str], bytes]
Route = Answer | Callable[[str], Answer]


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
