"""A database that refuses or falls silent answers 503 with a reason, and recovers by itself.

The alias ``flaky`` reaches the real PostgreSQL server through a fault proxy; the test view
counts its groups.
"""

from __future__ import annotations

import pytest
from django.test import Client

from aether_kit.ops.unavailable import DATABASE_UNAVAILABLE

pytestmark = [pytest.mark.urls("tests.ops.urls"), pytest.mark.django_db]

MIDDLEWARE = "aether_kit.ops.unavailable.DatabaseUnavailableMiddleware"


@pytest.fixture
def client():
    """Answers as a server would: the test client does not raise the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def flaky(add_database, postgres_proxy, settings):
    """The middleware installed, and the alias ``flaky`` behind the proxy (2 s to connect)."""
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    add_database("flaky", port=postgres_proxy.port, DB_CONNECT_TIMEOUT="2")
    return postgres_proxy


def test_a_request_answers_while_the_database_answers(client, flaky):
    assert client.get("/test/flaky-db").status_code == 200


@pytest.mark.parametrize("fault", ["stop", "blackhole"], ids=["refused", "silent"])
def test_a_request_on_a_database_that_fails_answers_503_with_a_reason(client, flaky, fault):
    getattr(flaky, fault)()

    response = client.get("/test/flaky-db")

    assert response.status_code == 503
    assert response.json() == {"detail": DATABASE_UNAVAILABLE}


def test_requests_answer_again_when_the_database_is_back(client, flaky):
    flaky.blackhole()
    client.get("/test/flaky-db")
    flaky.start()

    assert client.get("/test/flaky-db").status_code == 200


def test_other_errors_stay_500(client, flaky):
    response = client.get("/test/fail")

    assert response.status_code == 500


def test_debug_keeps_djangos_page(client, flaky, settings):
    settings.DEBUG = True
    flaky.stop()

    response = client.get("/test/flaky-db")

    assert response.status_code == 500
