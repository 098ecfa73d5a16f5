"""A socket server answering from a background thread, for tests that need real HTTP.

The test OpenID Connect provider and a project's own fake services all need
the same life cycle: bind 127.0.0.1 on a free port, serve from a daemon
thread, and on stop shut down, close the socket and wait for the thread, so
that no port or thread outlives the test.
"""

from __future__ import annotations

import threading
from socketserver import BaseServer
from typing import Any

__all__ = ["ServerThread"]


class ServerThread:
    """``serve_forever`` of ``server`` in a daemon thread; also a context manager.

    ``ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), Handler)).start().url``
    """

    def __init__(self, server: BaseServer, *, name: str, poll_interval: float = 0.05) -> None:
        self.server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": poll_interval},
            name=name,
            daemon=True,
        )

    @property
    def url(self) -> str:
        """``http://<host>:<port>`` of the bound socket."""
        address: Any = self.server.server_address
        host, port = address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ServerThread:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
