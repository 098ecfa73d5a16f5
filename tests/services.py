"""Reachability of the real servers the tests use, and the rule for when they are down.

Outside CI a test that needs an unreachable server is skipped; under CI
(``CI`` set) it fails, so a broken machine cannot pass by skipping.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)


def is_reachable(address: tuple[str, int], timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def unavailable(message: str) -> NoReturn:
    """Skip the calling test for want of something, or fail it when CI is set."""
    if under_ci():
        pytest.fail(f"{message} (CI is set, so this is a failure)")
    pytest.skip(message)


def require_service(name: str, address: tuple[str, int]) -> None:
    """Skip (or, under CI, fail) the calling test when ``address`` does not answer."""
    if not is_reachable(address):
        unavailable(f"{name} is not reachable at {address[0]}:{address[1]}")


def closed_port() -> int:
    """A local TCP port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def scratch_postgres_database(prefix: str = "aether_scratch") -> Iterator[str]:
    """The name of a new database on the real PostgreSQL server, dropped on exit.

    Dropped even while a pooler or a stopped server still holds connections to it.
    """
    import psycopg2

    require_service("PostgreSQL", POSTGRES)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
