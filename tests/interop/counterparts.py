"""Counterparts written by others (Apache httpd, PgBouncer) run as processes of the test.

Each listens on 127.0.0.1 on a free port, stops when its test is done, and dies with the
test run if that is killed. A missing program skips the test, or fails it when CI is set:
``scripts/install-system-packages`` installs them.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from tests.services import is_reachable, unavailable

PR_SET_PDEATHSIG = 1


def require_program(path: Path, package: str) -> None:
    """Skip the calling test without ``path`` (Debian ``package``), or fail it under CI."""
    if not path.exists():
        unavailable(
            f"{path} is missing (Debian package {package}); run scripts/install-system-packages"
        )


def _die_with_the_test_run() -> None:  # pragma: no cover - runs in the child before exec
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Counterpart:
    """A server process started by a test: ``start()`` waits until its port answers."""

    name = "server"

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> Sequence[str]:
        raise NotImplementedError

    def start(self, timeout: float = 30) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603
                list(self.command()),
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_the_test_run,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if is_reachable(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not start on port {self.port}:\n{self.log_text()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> Counterpart:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
