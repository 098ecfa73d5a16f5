"""PgBouncer in transaction pooling mode in front of the real PostgreSQL server.

Every database name is passed on to the server (``* =``), so the test database Django
creates is reachable through it too. The pool is small on purpose: many clients share
few server connections, so a realm or session setting left on one would show up in
another client's queries.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tests.services import POSTGRES, closed_port

from .counterparts import Counterpart, require_program

PGBOUNCER = Path("/usr/sbin/pgbouncer")


def require_pgbouncer() -> None:
    require_program(PGBOUNCER, "pgbouncer")


class PgBouncer(Counterpart):
    """``pgbouncer <ini>`` listening on 127.0.0.1:<free port>, ``pool_mode = transaction``."""

    name = "pgbouncer"

    def __init__(
        self,
        directory: Path,
        *,
        server: tuple[str, int] = POSTGRES,
        user: str = "postgres",
        pool_size: int = 2,
    ) -> None:
        super().__init__(closed_port(), directory / "pgbouncer.log")
        self.directory = directory
        self.server = server
        self.user = user
        self.pool_size = pool_size

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def ini(self) -> str:
        host, port = self.server
        return "\n".join(
            [
                "[databases]",
                f"* = host={host} port={port}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {self.port}",
                "unix_socket_dir =",
                "auth_type = trust",
                f"auth_file = {self.directory / 'users.txt'}",
                "pool_mode = transaction",
                f"default_pool_size = {self.pool_size}",
                "min_pool_size = 0",
                "reserve_pool_size = 0",
                "max_client_conn = 500",
                # a client waits for a server connection at most this long, then errors
                "query_wait_timeout = 60",
                # what libpq clients send at start that PgBouncer would otherwise refuse
                "ignore_startup_parameters = extra_float_digits,options",
                "",
            ]
        )

    def command(self) -> Sequence[str]:
        (self.directory / "users.txt").write_text(f'"{self.user}" ""\n')
        config = self.directory / "pgbouncer.ini"
        config.write_text(self.ini())
        for path in (self.directory, config, self.directory / "users.txt"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        # PgBouncer refuses to run as root: it takes the unprivileged "nobody" instead
        run_as = ["-u", "nobody"] if os.geteuid() == 0 else []
        return [str(PGBOUNCER), *run_as, str(config)]
