"""One breaker per Redis server: a silent Redis costs a request one timeout, not one per call.

Django's cache, cacheops and the job queue reach the real Redis through a fault proxy
(``redis_fault``) that the tests switch to silent ("blackhole") or refusing. What is
counted is what reached Redis: the sends the silent proxy swallowed and the
connections it accepted, never the time a request took.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from aether_kit.breaker import CLOSED, OPEN
from aether_kit.ops.redis import BreakerConnection, RedisCircuitOpen
from tests.factories import GroupFactory, ProjectFactory, UserFactory
from tests.faultproxy import wait_for_half_open
from tests.redis_server import configured_cache

pytestmark = [
    pytest.mark.urls("tests.ops.urls"),
    pytest.mark.django_db(transaction=True),
    # cacheops warns at each query it runs on the database instead
    pytest.mark.filterwarnings("ignore:The cacheops cache:RuntimeWarning"),
]


@pytest.fixture
def realm_api():
    """An API client signed in as a user of realm ``a`` (the realm comes from the user)."""
    client = APIClient()
    client.force_authenticate(UserFactory(realm="a"))
    return client


def test_every_configured_client_goes_through_the_breaker(redis_fault):
    import django_rq
    from cacheops.redis import redis_client

    from aether_kit.ops.scheduler import _connection

    pools = [
        cache.client.get_client().connection_pool,
        redis_client.connection_pool,
        _connection(django_rq, "default").connection_pool,
    ]

    assert [pool.connection_class for pool in pools] == [BreakerConnection] * 3
    assert {pool.connection_kwargs["port"] for pool in pools} == {redis_fault.proxy.port}


def test_a_realm_list_with_redis_silent_asks_redis_once(redis_fault, realm_api):
    ProjectFactory(realm="a", name="mine")
    assert realm_api.get("/projects/").status_code == 200  # connections are pooled now
    redis_fault.proxy.blackhole()

    response = realm_api.get("/projects/")

    assert [row["name"] for row in response.json()["results"]] == ["mine"]
    assert redis_fault.proxy.swallowed == 1  # without the breaker: one per cache call
    assert redis_fault.breaker.state == OPEN


def test_requests_after_the_first_timeout_do_not_ask_redis(redis_fault, realm_api):
    ProjectFactory(realm="a", name="mine")
    redis_fault.proxy.blackhole()
    realm_api.get("/projects/")
    asked = (redis_fault.proxy.accepted, redis_fault.proxy.swallowed)

    responses = [realm_api.get("/projects/") for _ in range(3)]

    assert [response.status_code for response in responses] == [200] * 3
    assert (redis_fault.proxy.accepted, redis_fault.proxy.swallowed) == asked


def test_a_refused_connection_opens_the_breaker_too(redis_fault, realm_api):
    redis_fault.proxy.stop()
    realm_api.get("/projects/")
    accepted = redis_fault.proxy.accepted
    redis_fault.proxy.blackhole()  # connections would be accepted again, if tried

    assert realm_api.get("/projects/").status_code == 200
    assert redis_fault.proxy.accepted == accepted
    assert redis_fault.breaker.state == OPEN


def test_an_enqueue_with_redis_silent_answers_503(redis_fault, api):
    redis_fault.proxy.blackhole()

    response = api.post("/jobs/word-count", {"text": "lost"})

    assert response.status_code == 503
    assert response.json() == {"detail": "The job scheduler is unavailable; try again later."}
    assert redis_fault.proxy.swallowed == 1


def test_an_enqueue_while_the_breaker_is_open_answers_503_without_asking_redis(redis_fault, api):
    redis_fault.proxy.blackhole()
    api.post("/jobs/word-count", {"text": "lost"})
    asked = (redis_fault.proxy.accepted, redis_fault.proxy.swallowed)

    response = api.post("/jobs/word-count", {"text": "lost again"})

    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    assert (redis_fault.proxy.accepted, redis_fault.proxy.swallowed) == asked


def test_the_cache_and_the_queue_share_the_breaker_of_their_server(redis_fault, realm_api):
    redis_fault.proxy.blackhole()
    realm_api.get("/projects/")  # the cache times out
    asked = (redis_fault.proxy.accepted, redis_fault.proxy.swallowed)

    response = realm_api.post("/jobs/word-count", {"text": "lost"})

    assert response.status_code == 503
    assert (redis_fault.proxy.accepted, redis_fault.proxy.swallowed) == asked


def test_readiness_reports_the_cache_failing_while_the_breaker_is_open(redis_fault, staff_client):
    redis_fault.proxy.blackhole()
    cache.get("anything")  # times out: the breaker opens
    asked = (redis_fault.proxy.accepted, redis_fault.proxy.swallowed)

    body = staff_client.get("/check-ready").json()

    assert body["status"] == "fail"
    for name in ("cache:responseTime", "cacheops:responseTime", "rq:responseTime"):
        assert [check["status"] for check in body["checks"][name]] == ["fail"], name
        assert "back-off is over" in body["checks"][name][0]["output"]
    assert (redis_fault.proxy.accepted, redis_fault.proxy.swallowed) == asked


def test_a_breaker_refusal_is_a_redis_connection_error(redis_fault):
    import redis

    redis_fault.proxy.blackhole()
    cache.get("anything")

    with pytest.raises(RedisCircuitOpen) as refused:
        cache.client.get_client().ping()

    assert isinstance(refused.value, redis.ConnectionError)
    assert 0 < refused.value.retry_in <= 10


def test_caching_resumes_without_a_restart_when_redis_answers_again(redis_fault, settings):
    settings.DEPENDENCY_BACKOFF = 0.2
    GroupFactory(name="back")
    redis_fault.proxy.blackhole()
    cache.get("anything")
    redis_fault.proxy.start()
    wait_for_half_open(redis_fault.breaker)

    cache.set("greeting", "hello")
    Group.objects.get(name="back")
    with CaptureQueriesContext(connection) as queries:
        group = Group.objects.get(name="back")

    assert cache.get("greeting") == "hello"
    assert (group.name, len(queries)) == ("back", 0)
    assert redis_fault.breaker.state == CLOSED


def test_a_probe_that_fails_opens_the_breaker_for_another_backoff(redis_fault, settings):
    settings.DEPENDENCY_BACKOFF = 0.2
    redis_fault.proxy.blackhole()
    cache.get("anything")
    wait_for_half_open(redis_fault.breaker)
    swallowed = redis_fault.proxy.swallowed

    cache.get("anything")  # the probe, unanswered
    cache.get("anything")  # refused at once

    assert redis_fault.proxy.swallowed == swallowed + 1
    assert redis_fault.breaker.state == OPEN


def test_a_new_session_with_redis_silent_fails_after_one_timeout(redis_fault, settings):
    from aether_kit.ops.sessions import SessionCacheUnavailable, SessionStore

    conf = configured_cache(
        redis_fault.proxy.port,
        REDIS_DB_CACHE_DJANGO="2",
        REDIS_SESSION_CACHE="true",
        REDIS_DB_CACHE_SESSION="4",
    )
    settings.CACHES = conf["CACHES"]
    settings.SESSION_CACHE_ALIAS = conf["SESSION_CACHE_ALIAS"]
    redis_fault.proxy.blackhole()
    session = SessionStore()
    session["user"] = "ada"

    with pytest.raises(SessionCacheUnavailable):
        session.save()

    assert redis_fault.proxy.swallowed == 1  # without the breaker: one per attempt
