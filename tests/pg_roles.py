"""PostgreSQL roles that row-level security binds, for the tests and benchmarks that need one."""

from __future__ import annotations

from typing import Any

GRANTS = (
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
)


def create_role(cursor: Any, name: str) -> None:
    """A role without SUPERUSER and BYPASSRLS (the postgres role skips every policy).

    Roles belong to the whole server: name it after the test database, so runs on
    other databases do not share it.
    """
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN NOSUPERUSER NOBYPASSRLS')
    for grant in GRANTS:
        cursor.execute(grant.format(role=f'"{name}"'))


def drop_role(cursor: Any, name: str) -> None:
    cursor.execute(f'DROP OWNED BY "{name}"')
    cursor.execute(f'DROP ROLE "{name}"')
