"""DATABASES: embedded SQLite by default, PostgreSQL when PGHOST is set."""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import module_installed

__all__ = ["configure_database", "sqlite_default"]

# Django prefers psycopg 3 and falls back to psycopg2 (the [postgres] extra)
POSTGRESQL_DRIVERS = ("psycopg", "psycopg2")


def sqlite_default(name: str = "db.sqlite3") -> dict[str, Any]:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


def configure_database(env: Env) -> dict[str, Any]:
    """The ``default`` database from aether.sdk's PG* and DB_* variables.

    With ``PGHOST`` unset the service runs on SQLite (``SQLITE_PATH``, default
    ``db.sqlite3`` in the working directory), so the demo and a first test run
    need no server.
    """
    if not env.is_set("PGHOST"):
        return {"DATABASES": {"default": sqlite_default(env.str("SQLITE_PATH", "db.sqlite3"))}}

    with env.collect_errors():
        db: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env.host("PGHOST", socket_dir=True, multiple=True),
            "PORT": env.int("PGPORT", min_value=1, max_value=65535),
            "NAME": env.str("DB_NAME"),
            "USER": env.str("PGUSER"),
            # trust, peer and certificate authentication need no password
            "PASSWORD": env.str("PGPASSWORD", ""),
            "CONN_MAX_AGE": env.optional_int("DB_CONN_MAX_AGE", 0),
            "CONN_HEALTH_CHECKS": env.bool("DB_CONN_HEALTH_CHECKS", True),
            # without it an unreachable host blocks a request (and /check-db) for minutes
            "OPTIONS": {"connect_timeout": env.int("DB_CONNECT_TIMEOUT", 5, min_value=1)},
            "TEST": {"CHARSET": "UTF8"},
        }
        _require_driver(env)
        external_pool = env.bool("ENABLE_CONNECTION_POOL")
        internal_pool = env.bool("DB_POOL_INTERNAL")
        if external_pool:
            _configure_transaction_pooler(env, db)
        if internal_pool:
            _configure_native_pool(env, db)
    return {"DATABASES": {"default": db}}


def _require_driver(env: Env) -> None:
    """Without a driver Django fails on the first query with its own advice (psycopg2)."""
    if not any(module_installed(driver) for driver in POSTGRESQL_DRIVERS):
        env.error(
            "PGHOST",
            "PostgreSQL needs a database driver, none is installed: "
            "pip install 'aether-kit[postgres]'",
            None,
        )


def _configure_transaction_pooler(env: Env, db: dict[str, Any]) -> None:
    """What a transaction-pooling proxy (PgBouncer ``pool_mode = transaction``) needs.

    Between two transactions the pooler may hand the client's server connection to
    another client, so nothing may outlive a transaction on it: a server-side cursor
    (a ``.iterator()`` outside ``atomic()``) would be lost, and a statement psycopg 3
    prepared on one server connection is unknown on the next. The connection to the
    pooler itself is cheap to keep: persistent unless ``DB_CONN_MAX_AGE`` says otherwise.
    """
    db["DISABLE_SERVER_SIDE_CURSORS"] = True
    if module_installed("psycopg"):
        # Django's own default today; written down so a later default cannot turn it on
        db["OPTIONS"]["prepare_threshold"] = None
    if not env.is_set("DB_CONN_MAX_AGE"):
        db["CONN_MAX_AGE"] = None


def _configure_native_pool(env: Env, db: dict[str, Any]) -> None:
    """Django's own psycopg 3 pool, sized by aether.sdk's DB_POOL_* variables."""
    if not (module_installed("psycopg") and module_installed("psycopg_pool")):
        env.error(
            "DB_POOL_INTERNAL",
            "needs psycopg 3 with its pool: pip install 'aether-kit[pool]'",
            None,
        )
    if env.is_set("DB_CONN_MAX_AGE") and db["CONN_MAX_AGE"] != 0:
        env.error(
            "DB_CONN_MAX_AGE",
            "must be 0 or unset with DB_POOL_INTERNAL: pooled connections are not persistent",
            None,
        )
    initial = env.int("DB_POOL_INITIAL_SIZE", 20, min_value=1)
    overflow = env.int("DB_POOL_MAX_OVERFLOW", 80, min_value=0)
    db["CONN_MAX_AGE"] = 0
    db["OPTIONS"]["pool"] = {
        "min_size": initial,
        "max_size": initial + overflow,
        "max_lifetime": env.int("DB_POOL_RECYCLE_SECONDS", 3600, min_value=1),
        "timeout": env.int("DB_POOL_TIMEOUT", 10, min_value=1),
    }
