"""A TCP proxy in front of a real server that can pass traffic, refuse, or go silent.

The faults a service meets in production, played on a real connection:

- ``pass`` — bytes flow both ways to the real server;
- ``refuse`` — the port is closed and open connections are cut, as a crashed
  server or a dropped network leaves them (connects are refused);
- ``blackhole`` — connections are accepted and nothing ever comes back, not
  even on the connections opened before (a hung server, a stuck firewall).

The mode can be switched at any time. ``accepted`` counts the connections
clients opened through the proxy, whatever the mode, and ``swallowed`` the
sends of clients that went unanswered (each small request, a Redis command,
arrives in one): a client that gives up on a silent server after one try
sends one. Listens on 127.0.0.1, on a free port kept across modes, and stops
with :meth:`close`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aether_kit.breaker import HALF_OPEN, CircuitBreaker

PASS, REFUSE, BLACKHOLE = "pass", "refuse", "blackhole"
POLL_SECONDS = 0.1
ACCEPT_THREAD = "fault-accept"


class FaultProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.mode = REFUSE
        self.accepted = 0
        self.swallowed = 0
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @classmethod
    def in_front_of(cls, url: str) -> FaultProxy:
        """A proxy to the server of an ``http://host:port`` URL, passing traffic."""
        parts = urlsplit(url)
        proxy = cls((str(parts.hostname), int(parts.port or 80)))
        proxy.start()
        return proxy

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- switching modes -------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        if mode not in (PASS, REFUSE, BLACKHOLE):
            raise ValueError(f"unknown mode {mode!r}")
        if mode == REFUSE:
            self._close_listener()
            self._cut_connections()
        elif self._listener is None:
            self._listen()
        self.mode = mode

    def start(self) -> None:
        """Pass traffic (listening again on the same port after :meth:`stop`)."""
        self.set_mode(PASS)

    def stop(self) -> None:
        """Refuse: the port closes and every open connection is cut."""
        self.set_mode(REFUSE)

    def blackhole(self) -> None:
        self.set_mode(BLACKHOLE)

    def close(self) -> None:
        self.set_mode(REFUSE)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    # -- plumbing --------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(POLL_SECONDS)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._spawn(self._accept, listener, name=ACCEPT_THREAD)

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        # the accept loop sees it is no longer the listener within a poll; closing the
        # socket under a thread blocked in accept() would keep the port taken
        for thread in self._threads:
            if thread.name == ACCEPT_THREAD:
                thread.join(timeout=5)
        listener.close()

    def _cut_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _close(sock)

    def _spawn(self, target: Callable[..., None], *args: Any, name: str = "fault-pipe") -> None:
        self._threads = [thread for thread in self._threads if thread.is_alive()]
        thread = threading.Thread(target=target, args=args, daemon=True, name=name)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            server = None
            if self.mode == PASS:
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    _close(client)
                    continue
            with self._lock:
                self._sockets += [sock for sock in (client, server) if sock is not None]
            client.settimeout(POLL_SECONDS)
            if server is None:
                self._spawn(self._pipe, client, None, True)
                continue
            server.settimeout(POLL_SECONDS)
            self._spawn(self._pipe, client, server, True)
            self._spawn(self._pipe, server, client, False)

    def _pipe(self, source: socket.socket, target: socket.socket | None, from_client: bool) -> None:
        """Copy ``source`` to ``target`` while passing; swallow everything otherwise."""
        try:
            while True:
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                if target is not None and self.mode == PASS:
                    target.sendall(data)
                elif from_client:
                    self.swallowed += 1
        except OSError:
            pass
        finally:
            _close(source)
            if target is not None:
                _close(target)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def wait_for_half_open(breaker: CircuitBreaker) -> None:
    """Until the breaker's back-off is over (a short one, set by the test) and it probes."""
    while breaker.state != HALF_OPEN:
        time.sleep(0.02)
