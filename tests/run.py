"""Runs the whole suite twice: on SQLite, then on the real PostgreSQL server.

``python -m tests.run [pytest args]``. Any failure, and pytest's exit code 5
(no test collected), makes the run fail.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    failed: list[str] = []
    for database in ("sqlite", "postgres"):
        print(f"\n=== test suite on {database} ===", flush=True)
        code = subprocess.call(  # noqa: S603
            [sys.executable, "-m", "pytest", *argv],
            env={**os.environ, "AETHER_TEST_DB": database},
        )
        if code != 0:
            failed.append(f"{database} (pytest exit code {code})")
    return exit_code(failed)


def exit_code(failed: list[str]) -> int:
    """0 when nothing failed; else 1, after naming what failed."""
    if failed:
        print(f"\nFAILED on: {', '.join(failed)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
