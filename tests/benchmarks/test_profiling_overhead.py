"""What recording every request with silk costs.

Run ``pytest tests/benchmarks/test_profiling_overhead.py -s``. It prints the
time per request with silk's middleware next to the same requests without
it, measured in the same run; it asserts nothing about time.
"""

from __future__ import annotations

import time

import pytest

from aether_kit.conf.profiling import SILK_MIDDLEWARE

REQUESTS = 200


def per_request(client, path: str) -> float:
    client.get(path)  # warm up
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(path)
    return (time.perf_counter() - started) / REQUESTS


@pytest.mark.django_db
def test_profiling_overhead(client, settings):
    baseline = per_request(client, "/check-app")

    settings.MIDDLEWARE = [SILK_MIDDLEWARE, *settings.MIDDLEWARE]
    from django.test import Client

    profiled = per_request(Client(), "/check-app")

    print(
        f"\n/check-app: {baseline * 1000:.2f} ms without silk, {profiled * 1000:.2f} ms with "
        f"silk recording every request: x{profiled / baseline:.1f}"
    )
