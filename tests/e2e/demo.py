"""The demo service in a process of its own, as ``rundemo`` serves it to a person.

It runs on a scratch SQLite file with the demo's realms (``north``: alice, Wells and
Clinics; ``south``: bob, Roads) and whatever variables the test adds, such as
``GATEWAY_SERVICE_ID`` and ``KEYCLOAK_SERVER_URL``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.services import closed_port
from tests.testproject.test_rundemo import MANAGE, get_when_up


@contextmanager
def running_demo(home: Path, *, seed: bool = True, **variables: str) -> Iterator[str]:
    """``http://127.0.0.1:<port>`` of a demo started with ``variables``; stopped on exit.

    ``seed=False`` serves a database prepared before (``rundemo --no-serve``) with plain
    ``runserver``, so several servers can share it.
    """
    port = closed_port()
    address = f"127.0.0.1:{port}"
    serve = ["rundemo", "--addrport", address] if seed else ["runserver", address, "--noreload"]
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "SQLITE_PATH": str(home / "demo.sqlite3"),
        **variables,
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, MANAGE, *serve],
        env=environ,
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        get_when_up(port, "/health")
        yield f"http://{address}"
    finally:
        server.terminate()
        server.wait(timeout=30)
