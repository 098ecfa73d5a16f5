"""Real servers over real sockets: the README's stack against a plain DRF service.

    python -m pytest tests/benchmarks/test_servers.py -s -p no:cacheprovider

The two services of ``tests/benchmarks/services/`` answer the same realm list
(``/realm-a/svc/projects/``, ten of one realm's 1 000 projects a page, from
PostgreSQL): ``plain`` with Django + DRF alone (one middleware, no
authentication), ``kit`` with the README's Quick start answering a gateway JWT
(one token repeated, as a client does between refreshes). Each runs as its own
server process; ``wrk`` loads them in turn, a few seconds each, round after round,
so a change of load on the machine hits both alike. Printed: median requests/s,
their ratio, and each worker's resident memory (``VmRSS``) after the load.

- one gunicorn worker (sync) with Django's default connection policy (a new
  database connection for every request, ``DB_CONN_MAX_AGE=0``, as both services
  come), then with persistent connections (``60``), where the stack's own cost
  shows most; then one uvicorn worker (ASGI), whose connections last one request;
- 1, 2 and 4 gunicorn workers, both services connecting through PgBouncer in
  transaction mode (``ENABLE_CONNECTION_POOL``), as ``docs/guides/scaling.md`` advises.

Needs PostgreSQL on 127.0.0.1:5432, ``gunicorn`` and ``uvicorn`` (the ``bench``
extra), ``wrk`` and ``pgbouncer`` (``scripts/install-system-packages``); skipped
without them. It creates and drops the database ``aether_kit_bench``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.interop.pgbouncer import PgBouncer
from tests.services import POSTGRES, closed_port, is_reachable

DATABASE = "aether_kit_bench"
REALMS = 10
ROWS = 1_000  # per realm
PATH = "/realm-a/svc/projects/"
ROUNDS = 5
SECONDS = 5  # of load per service per round
SERVICES = {
    "plain DRF": "tests.benchmarks.services.plain.settings",
    "kit (README stack)": "tests.benchmarks.services.kit.settings",
}
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def missing_tools() -> list[str]:
    tools = {"gunicorn": BIN / "gunicorn", "uvicorn": BIN / "uvicorn"}
    missing = [name for name, path in tools.items() if not path.exists()]
    missing += [name for name in ("wrk", "pgbouncer") if not shutil.which(name, path=PATH_DIRS)]
    return missing


PATH_DIRS = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin"])

pytestmark = [
    pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}"),
    pytest.mark.skipif(not is_reachable(POSTGRES), reason="needs PostgreSQL"),
    pytest.mark.timeout(3600),
]


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
    """``aether_kit_bench``, new, with both services' tables filled with the same rows."""
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    for settings in SERVICES.values():
        subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.services.fill"],
            env={**service_env(settings), "BENCH_REALMS": str(REALMS), "BENCH_ROWS": str(ROWS)},
            cwd=ROOT,
            check=True,
        )
    psql("VACUUM ANALYZE")  # the planner's statistics for both tables


@pytest.fixture(scope="module")
def database() -> Iterator[None]:
    prepare_database()
    yield
    if not os.environ.get("BENCH_KEEP_DATABASE"):  # kept: to profile a service by hand after
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@pytest.fixture(scope="module")
def token(oidc_provider: Any) -> str:
    return str(oidc_provider.issue_token("realm-a", "user", lifetime=7200))


class Server:
    """One service served by ``gunicorn`` (sync workers) or ``uvicorn`` (ASGI) on a free port."""

    def __init__(self, kind: str, settings: str, env: dict[str, str], workers: int = 1) -> None:
        self.kind = kind
        self.port = closed_port()
        self.env = env
        self.workers = workers
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{kind}-", suffix=".log")  # noqa: SIM115
        address = f"127.0.0.1:{self.port}"
        if kind == "gunicorn":
            self.command = [
                str(BIN / "gunicorn"),
                f"--workers={workers}",
                f"--bind={address}",
                "--backlog=2048",
                "django.core.wsgi:get_wsgi_application()",
            ]
        else:
            self.command = [
                str(BIN / "uvicorn"),
                "--factory",
                "django.core.asgi:get_asgi_application",
                f"--port={self.port}",
                f"--workers={workers}",
                "--no-access-log",
                "--log-level=warning",
            ]
        self.url = f"http://{address}{PATH}"

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(  # noqa: S603
            self.command, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def wait_ready(self, headers: dict[str, str]) -> None:
        """Until every worker answered (a few requests each), or fail with the server's log."""
        deadline = time.monotonic() + 60
        answered = 0
        while answered < 20 * self.workers:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                pytest.fail(f"{self.command} did not serve:\n{self.log.read().decode()[-4000:]}")
            try:
                response = requests.get(self.url, headers=headers, timeout=10)
            except requests.ConnectionError:
                time.sleep(0.2)
                continue
            assert response.status_code == 200, response.text[:2000]
            answered += 1

    def worker_pids(self) -> list[int]:
        if self.kind == "uvicorn" and self.workers == 1:
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kilobytes = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1])  # type: ignore[index]
            sizes.append(kilobytes / 1024)
        return sizes


def wrk(url: str, headers: dict[str, str], connections: int, seconds: int) -> float:
    """Requests/s ``wrk`` measured; every answer must have been a 200."""
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, env={"PATH": PATH_DIRS}
    ).stdout
    assert "Non-2xx" not in output, output
    assert "Socket errors" not in output, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]


def load_in_turn(
    servers: dict[str, tuple[Server, dict[str, str]]], connections: int
) -> dict[str, float]:
    """Median requests/s of each server over ``ROUNDS`` rounds, the servers loaded in turn."""
    rates: dict[str, list[float]] = {label: [] for label in servers}
    for _ in range(ROUNDS):
        for label, (server, headers) in servers.items():
            rates[label].append(wrk(server.url, headers, connections, SECONDS))
    return {label: statistics.median(values) for label, values in rates.items()}


def serve_both(
    stack: ExitStack, kind: str, token: str, workers: int = 1, **variables: str
) -> dict[str, tuple[Server, dict[str, str]]]:
    servers = {}
    for label, settings in SERVICES.items():
        headers = {"X-Oauth-Token": token} if "kit" in label else {}
        server = stack.enter_context(
            Server(kind, settings, service_env(settings, **variables), workers)
        )
        servers[label] = (server, headers)
    for server, headers in servers.values():
        server.wait_ready(headers)
    return servers


def report(title: str, rates: dict[str, float], servers: dict[str, Any]) -> None:
    baseline = rates["plain DRF"]
    rss = {label: server.worker_rss_mb() for label, (server, _) in servers.items()}
    plain_rss = statistics.mean(rss["plain DRF"])
    print(f"\n{title}, {ROUNDS} rounds x {SECONDS} s each, median:")
    for label, rate in rates.items():
        memory = statistics.mean(rss[label])
        print(
            f"  {label:<20} {rate:8.1f} req/s  ratio {rate / baseline:5.3f}"
            f"   worker RSS {memory:6.1f} MB  ratio {memory / plain_rss:4.2f}"
        )


@pytest.mark.parametrize(
    ("kind", "connection_age"),
    [
        # Django's default, a connection for every request, as both services come
        ("gunicorn", "0"),
        # persistent connections: the database's share shrinks, the stack's shows
        ("gunicorn", "60"),
        # under ASGI Django's connections last one request whatever CONN_MAX_AGE says
        ("uvicorn", "0"),
    ],
)
def test_one_worker(
    kind: str, connection_age: str, database: None, oidc_provider: Any, token: str
) -> None:
    oidc_provider.reset_calls()
    with ExitStack() as stack:
        servers = serve_both(
            stack,
            kind,
            token,
            KEYCLOAK_SERVER_URL=oidc_provider.server_url,
            DB_CONN_MAX_AGE=connection_age,
        )
        rates = load_in_turn(servers, connections=4)
        report(f"one {kind} worker, DB_CONN_MAX_AGE={connection_age}", rates, servers)
    # the kit's one worker asks for the realm's discovery document and keys, once
    assert oidc_provider.calls() <= 2


def test_workers_behind_pgbouncer(database: None, oidc_provider: Any, token: str) -> None:
    lines = []
    with (
        tempfile.TemporaryDirectory(prefix="pgbouncer-") as directory,
        PgBouncer(Path(directory), pool_size=4) as bouncer,
    ):
        for workers in (1, 2, 4):
            with ExitStack() as stack:
                servers = serve_both(
                    stack,
                    "gunicorn",
                    token,
                    workers,
                    KEYCLOAK_SERVER_URL=oidc_provider.server_url,
                    PGPORT=str(bouncer.port),
                    ENABLE_CONNECTION_POOL="true",
                )
                rates = load_in_turn(servers, connections=4 * workers)
                rss = {label: server.worker_rss_mb() for label, (server, _) in servers.items()}
            lines.append((workers, rates, rss))
    print(f"\ngunicorn workers behind PgBouncer, {ROUNDS} rounds x {SECONDS} s each, median:")
    print("  workers   plain DRF req/s   kit req/s   ratio   kit worker RSS (MB)")
    for workers, rates, rss in lines:
        plain, kit = rates.values()
        print(
            f"  {workers:>7} {plain:17.1f} {kit:11.1f} {kit / plain:7.3f}"
            f"   {', '.join(f'{size:.1f}' for size in rss['kit (README stack)'])}"
        )
