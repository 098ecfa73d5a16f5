"""Cost of a proxied request: the kit's proxy against validating the token on every call.

Run with ``python -m pytest tests/benchmarks/test_token_proxy.py -s`` (not part of the
default run). Prints milliseconds per request and the ratio; both proxies talk to the
same real local app over real sockets.
"""

import time

import pytest

from tests.auth.apptoken.factories import AppTokenFactory, UserFactory
from tests.fake_external_app import down_url, external_apps, fake_app

__all__ = ["down_url", "external_apps", "fake_app"]

REQUESTS = 200

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.benchmarks.token_proxy_urls")]


def per_request(client, url: str) -> float:
    client.get(url)  # warm up
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url)
        b"".join(response.streaming_content)
    return (time.perf_counter() - start) / REQUESTS


def test_proxy_against_validating_every_call(client, external_apps):
    user = UserFactory(username="alice")
    AppTokenFactory(user=user, token=external_apps.issue_token("alice"))
    client.force_login(user)

    validate_first = per_request(client, "/validate-first/echo")
    kit = per_request(client, "/kit/echo")

    print(
        f"\nproxied GET: validate-first {validate_first * 1000:.2f} ms, "
        f"kit {kit * 1000:.2f} ms, ratio {validate_first / kit:.2f}x "
        f"({len(external_apps.requests_to('/token'))} token checks for the first)"
    )
