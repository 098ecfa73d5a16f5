"""Under ASGI: the kit's stack against a plain DRF list, both served by Django's ASGI handler.

    python -m pytest tests/benchmarks/test_asgi.py -s -p no:cacheprovider

The same realm-scoped list as ``test_gateway_auth.py``, requested through
``AsyncClient`` (Django's ``ASGIHandler`` in this process, one event loop):

- plain DRF: no authentication, ``CommonMiddleware`` only;
- the kit: the demo's whole middleware stack (request id, sessions, CORS,
  CSRF, authentication, gateway, realm …) and a gateway JWT, one token repeated.

A middleware that is sync-only is run in a thread for each request under
ASGI; the kit's are sync- and async-capable, so the difference left is the
work they do. Requests alternate one by one. Printed: median requests/s and
their ratio. No server process or sockets: what is measured is the handler.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import AsyncClient, override_settings

from aether_kit.multitenancy.users import add_user_to_realm
from tests.benchmarks.test_gateway_auth import REALM, USERS

WARM_UP = 50
REQUESTS = 200
ROUNDS = 5
PLAIN_MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]


async def timed(client: AsyncClient, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = await client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.content
    return elapsed


def loaded_client(middleware: list[str] | None, url: str, headers: dict[str, str]) -> AsyncClient:
    """A client whose handler built its middleware chain from ``middleware`` (None: the demo's)."""
    client = AsyncClient()
    with override_settings(MIDDLEWARE=middleware or django_settings.MIDDLEWARE):
        async_to_sync(timed)(client, url, headers)  # the chain is built on the first request
    return client


@pytest.mark.django_db
def test_kit_stack_against_plain_drf_under_asgi(settings, oidc_provider) -> None:
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    settings.ROOT_URLCONF = "tests.benchmarks.test_gateway_auth"
    settings.DEBUG = False
    model = get_user_model()
    for n in range(USERS):
        add_user_to_realm(model.objects.create(username=f"{REALM}__member-{n}"), REALM)
    token = oidc_provider.issue_token(REALM, "user", lifetime=3600)
    cases: dict[str, tuple[AsyncClient, str, dict[str, str]]] = {}
    for label, middleware, url, headers in (
        ("plain DRF", PLAIN_MIDDLEWARE, "/realm-a/svc/open-members", {}),
        ("kit stack", None, "/realm-a/svc/members", {"X-Oauth-Token": token}),
    ):
        cases[label] = (loaded_client(middleware, url, headers), url, headers)

    async def run() -> dict[str, list[float]]:
        for client, url, headers in cases.values():
            for _ in range(WARM_UP):
                await timed(client, url, headers)
        rates: dict[str, list[float]] = {label: [] for label in cases}
        for _ in range(ROUNDS):
            spent = dict.fromkeys(cases, 0.0)
            for _ in range(REQUESTS):
                for label, (client, url, headers) in cases.items():
                    spent[label] += await timed(client, url, headers)
            for label, seconds in spent.items():
                rates[label].append(REQUESTS / seconds)
        return rates

    rates: Any = async_to_sync(run)()
    median = {label: statistics.median(values) for label, values in rates.items()}
    print(f"\nunder ASGI, {REQUESTS} requests x {ROUNDS} rounds, median req/s:")
    for label, rate in median.items():
        print(f"  {label:<10} {rate:8.1f} req/s  ratio {rate / median['plain DRF']:5.3f}")
