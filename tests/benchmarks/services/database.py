"""The services' shared database and settings: what every benchmark of them starts from.

``prepare_database()`` makes ``aether_kit_bench`` anew and fills the plain and
the kit service's tables with the same rows; ``service_env()`` is the
environment a service's process runs with.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.services import POSTGRES

DATABASE = "aether_kit_bench"
REALMS = 10
ROWS = 1_000  # per realm
PATH = "/realm-a/svc/projects/"
PLAIN = "plain DRF"
DJANGO_DEFAULTS = "plain + startproject's"
KIT = "kit (README stack)"
SERVICES = {
    PLAIN: "tests.benchmarks.services.plain.settings",
    DJANGO_DEFAULTS: "tests.benchmarks.services.plain.django_middleware",
    KIT: "tests.benchmarks.services.kit.settings",
}
TABLES = (PLAIN, KIT)  # the startproject variant reads the plain service's table
ROOT = Path(__file__).resolve().parents[3]


def psql(sql: str) -> None:
    subprocess.run(  # noqa: S603
        ["/usr/bin/psql", "-h", POSTGRES[0], "-p", str(POSTGRES[1]), "-U", "postgres", "-qc", sql],
        check=True,
        capture_output=True,
    )


def service_env(settings: str, **variables: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "PGHOST": POSTGRES[0],
        "PGPORT": str(POSTGRES[1]),
        "PGUSER": "postgres",
        "DB_NAME": DATABASE,
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MULTITENANCY": "true",
        "GATEWAY_SERVICE_ID": "svc",
        # Django's and aether.sdk's default: a connection for every request
        "DB_CONN_MAX_AGE": "0",
        **variables,
    }


def prepare_database() -> None:
    """``aether_kit_bench``, new, with the services' tables filled with the same rows."""
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    for label in TABLES:
        rows = {"BENCH_REALMS": str(REALMS), "BENCH_ROWS": str(ROWS)}
        subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.services.fill"],
            env={**service_env(SERVICES[label]), **rows},
            cwd=ROOT,
            check=True,
        )
    psql("VACUUM ANALYZE")  # the planner's statistics for both tables


def drop_database() -> None:
    """Unless ``BENCH_KEEP_DATABASE`` is set, to profile a service by hand afterwards."""
    if not os.environ.get("BENCH_KEEP_DATABASE"):
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
