"""How long requests take while Redis is silent, with the kit's real timeouts.

``python -m pytest tests/benchmarks/test_dependency_faults.py -s -p no:cacheprovider``

Django's cache, cacheops and the job queue reach the shared Redis through a fault
proxy (``redis_fault``) that is switched to "blackhole": it accepts connections and never
answers. Each scenario is timed with Redis passing (the baseline), then on the first
request after Redis fell silent (it waits one socket timeout and opens the breaker),
then on the next one (the breaker answers for Redis). It prints the times and the
ratio of each against its baseline; the operations guide's "longest wait" column is the
socket timeout these show. The only assertions are on what reached Redis.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from aether_kit.conf.redis import SOCKET_TIMEOUT
from tests.factories import ProjectFactory, UserFactory

pytestmark = [
    pytest.mark.urls("tests.ops.urls"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:The cacheops cache:RuntimeWarning"),
]


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def report(name: str, baseline: float, first: float, second: float) -> None:
    print(
        f"\n{name}: Redis passing {baseline * 1000:.0f} ms; silent, first request "
        f"{first * 1000:.0f} ms ({first / baseline:.0f}x), next request "
        f"{second * 1000:.0f} ms ({second / baseline:.1f}x); socket timeout {SOCKET_TIMEOUT:g} s"
    )


@pytest.fixture
def realm_api():
    client = APIClient()
    client.force_authenticate(UserFactory(realm="a"))
    return client


def test_realm_list_with_redis_silent(redis_fault, realm_api):
    ProjectFactory.create_batch(20, realm="a")
    realm_api.get("/projects/")  # warm: connections, cached queries
    baseline = timed(lambda: realm_api.get("/projects/"))
    redis_fault.proxy.blackhole()

    first = timed(lambda: realm_api.get("/projects/"))
    second = timed(lambda: realm_api.get("/projects/"))

    report("realm list", baseline, first, second)
    assert redis_fault.proxy.swallowed == 1


def test_enqueue_with_redis_silent(redis_fault, realm_api):
    realm_api.post("/jobs/word-count", {"text": "a b"})  # warm
    baseline = timed(lambda: realm_api.post("/jobs/word-count", {"text": "a b"}))
    redis_fault.proxy.blackhole()

    first = timed(lambda: realm_api.post("/jobs/word-count", {"text": "a b"}))
    second = timed(lambda: realm_api.post("/jobs/word-count", {"text": "a b"}))

    report("enqueue", baseline, first, second)
    assert redis_fault.proxy.swallowed == 1
