"""What the operations plumbing costs, as ratios against a baseline measured in the same run.

``python -m pytest tests/benchmarks/test_ops_overhead.py -s -p no:cacheprovider``

1. A JSON log line with the request-context and redaction filters, against the same
   line without them.
2. A ``cache_wrap`` hit on django-redis (shared Redis, database 4), against running
   the wrapped database query every time (SQLite in memory: the default test settings).
"""

from __future__ import annotations

import io
import logging
import timeit

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from pythonjsonlogger.json import JsonFormatter

from aether_kit.conf.logging import JSON_FIELD_NAMES, JSON_FORMAT
from aether_kit.ops.cache import cache_wrap
from aether_kit.ops.log_context import RedactSecretsFilter, RequestContextFilter
from aether_kit.realms.context import realm_scope
from tests.redis_server import redis_cache, shared_redis_url
from tests.services import REDIS, require_service

ROUNDS = 5


def best(statement, number: int) -> float:
    return min(timeit.repeat(statement, number=number, repeat=ROUNDS)) / number


def json_logger(with_filters: bool) -> logging.Logger:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter(JSON_FORMAT, rename_fields=JSON_FIELD_NAMES, timestamp=True))
    if with_filters:
        handler.addFilter(RequestContextFilter())
        handler.addFilter(RedactSecretsFilter())
    else:
        handler.addFilter(lambda record: setattr(record, "request_id", "-") or True)
        handler.addFilter(lambda record: setattr(record, "realm", "-") or True)
    logger = logging.getLogger(f"bench.{with_filters}")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def test_log_line_with_context_and_redaction() -> None:
    plain, filtered = json_logger(False), json_logger(True)
    print()
    for kind, args in (
        ("ordinary", ("ada", {"page": 2})),
        ("secret-bearing", ("ada", {"page": 2, "password": "x"})),
    ):

        def log_plain(args=args) -> None:
            plain.info("user %s asked for %s", *args)

        def log_filtered(args=args) -> None:
            filtered.info("user %s asked for %s", *args)

        base, cost = best(log_plain, 5000), best(log_filtered, 5000)
        print(
            f"{kind} log line: {base * 1e6:.1f} µs plain, {cost * 1e6:.1f} µs with context "
            f"+ redaction (ratio {cost / base:.2f})"
        )


@pytest.mark.django_db
def test_cache_wrap_hit_against_the_query() -> None:
    require_service("Redis", REDIS)
    for number in range(200):
        Group.objects.get_or_create(name=f"bench:{number}")

    def query() -> list[str]:
        return list(Group.objects.filter(name__startswith="bench:").values_list("name", flat=True))

    cached = cache_wrap(timeout=60)(query)
    with (
        override_settings(
            DJANGO_USE_CACHE=True, CACHES={"default": redis_cache(shared_redis_url(4))}
        ),
        realm_scope("bench"),
    ):
        cached()
        base, cost = best(query, 200), best(cached, 200)
        from django.core.cache import cache

        cache.clear()
    print(
        f"\n200-row query: {base * 1e6:.0f} µs from the database, {cost * 1e6:.0f} µs from "
        f"cache_wrap on Redis (ratio {cost / base:.2f})"
    )
