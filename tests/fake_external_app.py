"""A real external app on 127.0.0.1 for the tests: an aether-style token endpoint and echoes.

It speaks HTTP over a real socket (``wsgiref`` in a thread, one thread per
connection) so every timeout, refused connection and streamed body in the
tests is the real thing. ``behaviour`` switches the whole app:

- ``healthy``: ``/token`` answers like an aether service (HEAD without token
  403, GET with a known token 200, POST with the service token issues a
  user token);
- ``rejects``: every token is refused (401);
- ``error``: every request answers 500;
- ``hangs``: every request waits without answering until the test ends
  (the fixture sets ``release`` at teardown), so a client without a timeout
  hangs with it and trips the test's timeout guard rather than passing late.

Paths besides ``/token``: ``…/echo/…`` answers with what it received (to a
known user token or any gateway token), ``/large?size=N`` streams N bytes,
``/gzip`` answers gzip-encoded text, ``/status/<code>`` answers that status,
``/stalls`` goes quiet in the middle of its body, ``/slow`` hangs whatever the
behaviour.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from aether_kit.testing.servers import ServerThread
from tests.services import closed_port

SERVICE_TOKEN = "service-token-0123456789abcdef"
GZIP_TEXT = b"compressed on the way " * 1000

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@dataclass
class Received:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeExternalApp:
    behaviour: str = "healthy"
    service_token: str = SERVICE_TOKEN
    user_tokens: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    url: str = ""
    token_answer: Any = None  # when set, what POST /token answers instead of a new token
    release: threading.Event = field(default_factory=threading.Event)
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # -- for the tests to arrange and inspect ---------------------------------------------

    def issue_token(self, username: str) -> str:
        token = f"user-token-{next(self._counter)}-{username}"
        self.user_tokens[username] = token
        return token

    def requests_to(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]

    # -- the WSGI application ------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").title()] = environ[key]
        request = Received(
            method=environ["REQUEST_METHOD"],
            path=environ.get("PATH_INFO", ""),
            query=environ.get("QUERY_STRING", ""),
            headers=headers,
            body=body,
        )
        self.received.append(request)

        if self.behaviour == "hangs" or request.path == "/slow":
            self.release.wait()
            return self._answer(start_response, request, 200, b"late")
        if self.behaviour == "error":
            return self._answer(start_response, request, 500, b"broken")
        if request.path == "/token":
            return self._token(start_response, request)
        if "/echo" in request.path:
            return self._echo(start_response, request)
        if request.path == "/large":
            return self._large(start_response, request)
        if request.path == "/stalls":
            return self._stalls(start_response)
        if request.path == "/gzip":
            body = gzip.compress(GZIP_TEXT)
            extra = [("Content-Encoding", "gzip")]
            return self._answer(start_response, request, 200, body, "text/plain", extra)
        if request.path.startswith("/status/"):
            code = int(request.path.rsplit("/", 1)[1])
            return self._answer(start_response, request, code, b"")
        return self._answer(start_response, request, 404, b"not found")

    def _answer(
        self,
        start_response: StartResponse,
        request: Received,
        status: int,
        body: bytes,
        content_type: str = "text/plain",
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        start_response(f"{status} Status", headers + (extra or []))
        return [] if request.method == "HEAD" else [body]

    def _json(self, start_response: StartResponse, request: Received, status: int, data: Any):
        body = json.dumps(data).encode()
        return self._answer(start_response, request, status, body, "application/json")

    def _presented_token(self, request: Received) -> str | None:
        value = request.headers.get("Authorization", "")
        return value[len("Token ") :] if value.startswith("Token ") else None

    def _token(self, start_response: StartResponse, request: Received) -> list[bytes]:
        if "X-Oauth-Token" in request.headers and request.method in ("GET", "HEAD"):
            # behind the gateway, any gateway token stands for a signed-in user
            status = 401 if self.behaviour == "rejects" else 200
            return self._json(start_response, request, status, {"token": None})
        token = self._presented_token(request)
        known = token is not None and (
            token == self.service_token or token in self.user_tokens.values()
        )
        if token is None:
            return self._json(start_response, request, 403, {"detail": "no credentials"})
        if self.behaviour == "rejects" or not known:
            return self._json(start_response, request, 401, {"detail": "invalid token"})
        if request.method in ("GET", "HEAD"):
            return self._json(start_response, request, 200, {"token": token})
        if request.method == "POST" and token == self.service_token and self.token_answer:
            return self._json(start_response, request, 200, self.token_answer)
        if request.method == "POST" and token == self.service_token:
            username = parse_qs(request.body.decode()).get("username", [""])[0]
            return self._json(start_response, request, 200, {"token": self.issue_token(username)})
        return self._json(start_response, request, 403, {"detail": "not allowed"})

    def _echo(self, start_response: StartResponse, request: Received) -> list[bytes]:
        token = self._presented_token(request)
        if "X-Oauth-Token" not in request.headers and token not in self.user_tokens.values():
            return self._json(start_response, request, 401, {"detail": "invalid token"})
        data = {
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "headers": request.headers,
            "body_length": len(request.body),
            "body_sha256": hashlib.sha256(request.body).hexdigest(),
        }
        extra = [("X-Echo", "yes"), ("Set-Cookie", "upstream=1")]
        body = json.dumps(data).encode()
        return self._answer(start_response, request, 200, body, "application/json", extra)

    def _stalls(self, start_response: StartResponse) -> Iterator[bytes]:
        """Promises a megabyte, sends a few bytes, then goes quiet."""
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "1048576")])
        yield b"first bytes"
        self.release.wait()

    def _large(self, start_response: StartResponse, request: Received) -> Iterator[bytes]:
        size = int(parse_qs(request.query).get("size", ["0"])[0])
        start_response(
            "200 OK",
            [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))],
        )
        return _pattern(size)


def _pattern(size: int, chunk: int = 256 * 1024) -> Iterator[bytes]:
    """``size`` bytes of a known pattern, produced chunk by chunk."""
    block = bytes(range(256)) * (chunk // 256)
    sent = 0
    while sent < size:
        piece = block[: min(chunk, size - sent)]
        sent += len(piece)
        yield piece


def pattern_sha256(size: int) -> str:
    digest = hashlib.sha256()
    for piece in _pattern(size):
        digest.update(piece)
    return digest.hexdigest()


# -- fixtures (imported by the conftest of each package that needs them) -------------------------


@pytest.fixture
def fake_app() -> Iterator[FakeExternalApp]:
    app = FakeExternalApp()
    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    with ServerThread(server, name="fake-external-app") as running:
        app.url = running.url
        try:
            yield app
        finally:
            app.release.set()  # hanging requests end before the server waits for them


@pytest.fixture
def down_url() -> str:
    """A URL where nothing listens: connections are refused."""
    return f"http://127.0.0.1:{closed_port()}"


@pytest.fixture
def external_apps(settings: Any, fake_app: FakeExternalApp, down_url: str) -> FakeExternalApp:
    """``fake`` (the app above) and ``down`` in EXTERNAL_APPS, with short timeouts, no retries."""
    settings.EXTERNAL_APPS = {
        "fake": _app_config(fake_app.url, SERVICE_TOKEN),
        "down": _app_config(down_url, SERVICE_TOKEN),
    }
    settings.REQUEST_CONNECT_TIMEOUT = 1.0
    settings.REQUEST_READ_TIMEOUT = 0.5
    settings.REQUEST_ERROR_RETRIES = 1
    return fake_app


def _app_config(url: str, token: str) -> dict[str, Any]:
    return {"url": url, "token": token, "test": {"url": url, "token": token}}


@pytest.fixture
def only_fake_app(settings: Any, external_apps: FakeExternalApp) -> FakeExternalApp:
    """EXTERNAL_APPS with the fake app alone (for checks over every app)."""
    settings.EXTERNAL_APPS = {"fake": _app_config(external_apps.url, SERVICE_TOKEN)}
    return external_apps
