"""Runs the whole suite on SQLite, then on the real PostgreSQL server.

``python -m tests.run [pytest args]``. Any failure, and pytest's exit code 5
(no test collected), makes the run fail.

Without arguments (the whole suite, as CI runs it) a third pass runs the realm
isolation and gateway tests on PostgreSQL once more through PgBouncer in
transaction pooling mode (``AETHER_TEST_PGBOUNCER=true``, see
``tests/interop/fixtures.py``). With arguments, set that variable on a PostgreSQL
run to send the chosen tests through PgBouncer.
"""

from __future__ import annotations

import os
import subprocess
import sys

# what must hold behind a transaction pooler: realms stay apart, gateway users map once
PGBOUNCER_TESTS = ["tests/multitenancy", "tests/gateway", "tests/tokens"]


def passes(argv: list[str]) -> list[tuple[str, dict[str, str], list[str]]]:
    """(name, environment, pytest arguments) of each pass."""
    runs = [(database, {"AETHER_TEST_DB": database}, argv) for database in ("sqlite", "postgres")]
    if not argv:
        pooled = {"AETHER_TEST_DB": "postgres", "AETHER_TEST_PGBOUNCER": "true"}
        runs.append(("postgres through PgBouncer", pooled, PGBOUNCER_TESTS))
    return runs


def main(argv: list[str]) -> int:
    failed: list[str] = []
    for name, environment, arguments in passes(argv):
        print(f"\n=== test suite on {name} ===", flush=True)
        code = subprocess.call(  # noqa: S603
            [sys.executable, "-m", "pytest", *arguments],
            env={**os.environ, **environment},
        )
        if code != 0:
            failed.append(f"{name} (pytest exit code {code})")
    return exit_code(failed)


def exit_code(failed: list[str]) -> int:
    """0 when nothing failed; else 1, after naming what failed."""
    if failed:
        print(f"\nFAILED on: {', '.join(failed)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
