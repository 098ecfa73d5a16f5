"""The work each piece of the README's stack adds to a request, counted in function calls.

    python -m pytest tests/benchmarks/test_request_work.py -s -p no:cacheprovider

The realm list of ``test_servers.py``'s services (ten of one realm's 1 000
projects, PostgreSQL, persistent connections), each request answered in a
process of its own through Django's WSGI handler (``services/count_calls.py``):
the plain DRF service, the same with the middleware ``django-admin
startproject`` writes, the README's stack, the README's stack with each
optional middleware left out in turn, and with none of them (only the gateway's
authentication and the realm's middleware, which a gateway-authenticated realm
list cannot do without).

Printed: calls per request, the plain service's over each one's (the
throughput ratio the calls predict where the worker's CPU is the limit, as
``test_servers.py`` measures it with persistent connections), and the calls a
request saves against the whole stack. Counts repeat exactly from run to run.

Needs PostgreSQL on 127.0.0.1:5432; it creates and drops ``aether_kit_bench``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from aether_kit.conf.checks import CORS_MIDDLEWARE
from aether_kit.conf.keycloak import KEYCLOAK_REFRESH_MIDDLEWARE
from aether_kit.conf.multitenancy import REALM_MIDDLEWARE
from aether_kit.conf.optional import REQUEST_ID_MIDDLEWARE
from aether_kit.conf.stack import (
    DATABASE_UNAVAILABLE_MIDDLEWARE,
    GATEWAY_MIDDLEWARE,
    MESSAGE_MIDDLEWARE,
    SYNC_STACK_MIDDLEWARE,
)
from tests.benchmarks.services.database import (
    DJANGO_DEFAULTS,
    KIT,
    PLAIN,
    ROOT,
    SERVICES,
    service_env,
)
from tests.services import POSTGRES, is_reachable

VALGRIND = shutil.which("valgrind")
INSTRUCTION_RUNS = (100, 400)  # requests after the warm-up; their difference is measured

pytestmark = [
    pytest.mark.skipif(not is_reachable(POSTGRES), reason="needs PostgreSQL"),
    pytest.mark.timeout(1800),
]

SESSIONS = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    KEYCLOAK_REFRESH_MIDDLEWARE,
    MESSAGE_MIDDLEWARE,
)
# each optional middleware of the README's stack, or group that only works together
OPTIONAL = {
    "request id": (REQUEST_ID_MIDDLEWARE,),
    "503 when the database is down": (DATABASE_UNAVAILABLE_MIDDLEWARE,),
    "security headers": ("django.middleware.security.SecurityMiddleware",),
    "CORS": (CORS_MIDDLEWARE,),
    "CommonMiddleware": ("django.middleware.common.CommonMiddleware",),
    "CSRF": ("django.middleware.csrf.CsrfViewMiddleware",),
    "clickjacking header": ("django.middleware.clickjacking.XFrameOptionsMiddleware",),
    "one thread under ASGI": (SYNC_STACK_MIDDLEWARE,),
    "Keycloak session refresh": (KEYCLOAK_REFRESH_MIDDLEWARE,),
    "messages": (MESSAGE_MIDDLEWARE,),
    "sessions, authentication, refresh, messages": SESSIONS,
}


def run_service(
    service: str,
    variables: dict[str, str],
    leave_out: tuple[str, ...] = (),
    wrapper: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """``services/count_calls.py`` in a process of its own, with ``service``'s settings."""
    env = service_env(
        SERVICES[service], DB_CONN_MAX_AGE="60", BENCH_LEAVE_OUT=",".join(leave_out), **variables
    )
    done = subprocess.run(  # noqa: S603
        [*wrapper, sys.executable, "-m", "tests.benchmarks.services.count_calls"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done


def count_calls(
    service: str, variables: dict[str, str] | None = None, leave_out: tuple[str, ...] = ()
) -> dict[str, Any]:
    done = run_service(service, variables or {}, leave_out)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def count_instructions(service: str, requests: int, variables: dict[str, str]) -> int:
    """The instructions (callgrind's ``Ir``) of the whole process answering ``requests``."""
    with tempfile.TemporaryDirectory(prefix="callgrind-") as directory:
        done = run_service(
            service,
            {
                **variables,
                "BENCH_PROFILE": "false",
                "BENCH_REQUESTS": str(requests),
                "PYTHONHASHSEED": "0",  # the same dict layouts in every run
            },
            wrapper=(str(VALGRIND), "--tool=callgrind", f"--callgrind-out-file={directory}/out"),
        )
    return int(re.search(r"Collected : (\d+)", done.stderr)[1])  # type: ignore[index]


@pytest.fixture(scope="module")
def kit(oidc_provider: Any, token: str) -> dict[str, str]:
    """What the kit's service needs beyond its settings: the provider, and the token to send."""
    return {"KEYCLOAK_SERVER_URL": oidc_provider.server_url, "BENCH_TOKEN": token}


def test_calls_per_request(database: None, kit: dict[str, str]) -> None:
    counts = {
        PLAIN: count_calls(PLAIN)["calls"],
        DJANGO_DEFAULTS: count_calls(DJANGO_DEFAULTS)["calls"],
    }
    whole = count_calls(KIT, kit)
    counts[KIT] = whole["calls"]
    for label, leave_out in OPTIONAL.items():
        counts[f"kit without {label}"] = count_calls(KIT, kit, leave_out)["calls"]
    essential = tuple(
        name for name in whole["middleware"] if name not in (GATEWAY_MIDDLEWARE, REALM_MIDDLEWARE)
    )
    counts["kit, gateway and realm middleware only"] = count_calls(KIT, kit, essential)["calls"]

    print("\nfunction calls per realm-list request (cProfile, persistent connections):")
    print(f"  {'':<58} calls   plain / this   saved")
    for label, calls in counts.items():
        saved = f"{counts[KIT] - calls:7.0f}" if label.startswith("kit") else ""
        print(f"  {label:<58} {calls:6.0f} {counts[PLAIN] / calls:12.3f} {saved}")


@pytest.mark.skipif(VALGRIND is None, reason="needs valgrind")
def test_instructions_per_request(database: None, kit: dict[str, str]) -> None:
    """The same comparison in machine instructions, which calls weigh only roughly.

    Each service answers 100 and then 400 requests (after the warm-up) under
    callgrind; the difference over 300 is one request's instructions, start-up
    left out. Two processes run at a time, one per core.
    """
    services = {PLAIN: {}, DJANGO_DEFAULTS: {}, KIT: kit}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            (service, requests): pool.submit(count_instructions, service, requests, variables)
            for service, variables in services.items()
            for requests in INSTRUCTION_RUNS
        }
    few, many = INSTRUCTION_RUNS
    per_request = {
        service: (runs[service, many].result() - runs[service, few].result()) / (many - few)
        for service in services
    }
    print("\nmachine instructions per realm-list request (callgrind, persistent connections):")
    for service, instructions in per_request.items():
        ratio = per_request[PLAIN] / instructions
        print(f"  {service:<24} {instructions / 1e6:6.2f} M   plain / this {ratio:5.3f}")
