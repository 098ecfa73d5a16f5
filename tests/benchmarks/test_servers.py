"""Real servers over real sockets: the README's stack against a plain DRF service.

    python -m pytest tests/benchmarks/test_servers.py -s -p no:cacheprovider

The services of ``tests/benchmarks/services/`` answer the same realm list
(``/realm-a/svc/projects/``, ten of one realm's 1 000 projects a page, from
PostgreSQL): ``plain`` with Django + DRF alone (one middleware, no
authentication), ``kit`` with the README's Quick start answering a gateway JWT
(one token repeated, as a client does between refreshes). Each runs as its own
server process; ``wrk`` loads them in turn, a few seconds each, round after round,
so a change of load on the machine hits all alike. Printed: median requests/s,
their ratio to the plain service, and each worker's resident memory (``VmRSS``)
after the load.

With one worker a third service runs beside them: the plain one with the
middleware ``django-admin startproject`` writes (``plain.django_middleware``),
so that the kit's ratio to it shows the kit's own share of the stack's cost
apart from Django's standard middleware, which the README's stack carries too.

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
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.benchmarks.services.database import (
    DJANGO_DEFAULTS,
    KIT,
    PATH,
    PLAIN,
    ROOT,
    SERVICES,
    service_env,
)
from tests.interop.pgbouncer import PgBouncer
from tests.services import POSTGRES, closed_port, is_reachable

ROUNDS = 5
SECONDS = 5  # of load per service per round
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

    def worker_cpu_seconds(self) -> float:
        """User and system CPU time of the workers so far, every thread counted."""
        ticks = 0
        for pid in self.worker_pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return ticks / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kilobytes = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1])  # type: ignore[index]
            sizes.append(kilobytes / 1024)
        return sizes


def wrk(url: str, headers: dict[str, str], connections: int, seconds: int) -> tuple[float, int]:
    """Requests/s and requests ``wrk`` measured; every answer must have been a 200."""
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, env={"PATH": PATH_DIRS}
    ).stdout
    assert "Non-2xx" not in output, output
    assert "Socket errors" not in output, output
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    return rate, int(re.search(r"(\d+) requests in", output)[1])  # type: ignore[index]


@dataclass
class Load:
    """Medians over the rounds: requests/s, and the workers' CPU time per request (ms)."""

    rate: float
    cpu_ms: float


def load_in_turn(
    servers: dict[str, tuple[Server, dict[str, str]]], connections: int
) -> dict[str, Load]:
    """Each server's median over ``ROUNDS`` rounds, the servers loaded in turn.

    The CPU time its workers spent per request (``utime`` + ``stime``, threads
    included) tells the work a request costs a worker apart from how fast the
    machine ran during its slice, which moves the requests/s of a shared VM.
    """
    rates: dict[str, list[float]] = {label: [] for label in servers}
    cpu: dict[str, list[float]] = {label: [] for label in servers}
    for _ in range(ROUNDS):
        for label, (server, headers) in servers.items():
            before = server.worker_cpu_seconds()
            rate, requests = wrk(server.url, headers, connections, SECONDS)
            rates[label].append(rate)
            cpu[label].append((server.worker_cpu_seconds() - before) * 1000 / requests)
    return {
        label: Load(statistics.median(rates[label]), statistics.median(cpu[label]))
        for label in servers
    }


def serve(
    stack: ExitStack,
    labels: tuple[str, ...],
    kind: str,
    token: str,
    workers: int = 1,
    **variables: str,
) -> dict[str, tuple[Server, dict[str, str]]]:
    servers = {}
    for label in labels:
        settings = SERVICES[label]
        headers = {"X-Oauth-Token": token} if label == KIT else {}
        server = stack.enter_context(
            Server(kind, settings, service_env(settings, **variables), workers)
        )
        servers[label] = (server, headers)
    for server, headers in servers.values():
        server.wait_ready(headers)
    return servers


def report(title: str, loads: dict[str, Load], servers: dict[str, Any]) -> None:
    """Each service's rate, CPU per request and memory, each with its ratio to the plain one's.

    The CPU ratio is the plain service's CPU per request over this one's: like
    the rate's, above 1 when this service does less work than the plain one.
    """
    base = loads[PLAIN]
    rss = {label: server.worker_rss_mb() for label, (server, _) in servers.items()}
    plain_rss = statistics.mean(rss[PLAIN])
    print(f"\n{title}, {ROUNDS} rounds x {SECONDS} s each, median:")
    print(f"  {'':<22}    req/s  ratio  CPU ms/req  ratio  RSS MB  ratio")
    for label, load in loads.items():
        memory = statistics.mean(rss[label])
        print(
            f"  {label:<22} {load.rate:8.1f} {load.rate / base.rate:6.3f}"
            f" {load.cpu_ms:11.3f} {base.cpu_ms / load.cpu_ms:6.3f}"
            f" {memory:7.1f} {memory / plain_rss:6.2f}"
        )
    if DJANGO_DEFAULTS in loads:
        django = loads[DJANGO_DEFAULTS]
        print(
            f"  kit against {DJANGO_DEFAULTS}: requests/s {loads[KIT].rate / django.rate:5.3f},"
            f" CPU per request {django.cpu_ms / loads[KIT].cpu_ms:5.3f}"
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
        servers = serve(
            stack,
            (PLAIN, DJANGO_DEFAULTS, KIT),
            kind,
            token,
            KEYCLOAK_SERVER_URL=oidc_provider.server_url,
            DB_CONN_MAX_AGE=connection_age,
        )
        loads = load_in_turn(servers, connections=4)
        report(f"one {kind} worker, DB_CONN_MAX_AGE={connection_age}", loads, servers)
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
                servers = serve(
                    stack,
                    (PLAIN, KIT),
                    "gunicorn",
                    token,
                    workers,
                    KEYCLOAK_SERVER_URL=oidc_provider.server_url,
                    PGPORT=str(bouncer.port),
                    ENABLE_CONNECTION_POOL="true",
                )
                rates = {
                    label: load.rate
                    for label, load in load_in_turn(servers, connections=4 * workers).items()
                }
                rss = {label: server.worker_rss_mb() for label, (server, _) in servers.items()}
            lines.append((workers, rates, rss))
    print(f"\ngunicorn workers behind PgBouncer, {ROUNDS} rounds x {SECONDS} s each, median:")
    print("  workers   plain DRF req/s   kit req/s   ratio   kit worker RSS (MB)")
    for workers, rates, rss in lines:
        plain, kit = rates.values()
        print(
            f"  {workers:>7} {plain:17.1f} {kit:11.1f} {kit / plain:7.3f}"
            f"   {', '.join(f'{size:.1f}' for size in rss[KIT])}"
        )
