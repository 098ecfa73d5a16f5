import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from aether_kit.drf.cache import NO_CACHE_HEADERS
from tests.factories import GroupFactory
from tests.redis_server import redis_cache, shared_redis_url

pytestmark = pytest.mark.urls("tests.ops.urls")


@pytest.fixture
def redis_cache_on(shared_redis):
    with override_settings(
        DJANGO_USE_CACHE=True, CACHES={"default": redis_cache(shared_redis_url(2))}
    ):
        yield


@pytest.mark.django_db
def test_answers_tell_browsers_and_proxies_not_to_cache(client):
    response = client.get("/test/groups/")

    assert response.status_code == 200
    assert {header: response[header] for header in NO_CACHE_HEADERS} == NO_CACHE_HEADERS


@pytest.mark.django_db
def test_a_successful_write_clears_the_cache(redis_cache_on, client):
    cache.set("stale", "value")

    response = client.post("/test/groups/", {"name": "new"}, content_type="application/json")

    assert response.status_code == 201
    assert cache.get("stale") is None


@pytest.mark.django_db
def test_a_failed_write_keeps_the_cache(redis_cache_on, client):
    cache.set("kept", "value")

    response = client.post("/test/groups/", {"name": ""}, content_type="application/json")

    assert response.status_code == 400
    assert cache.get("kept") == "value"


@pytest.mark.django_db
def test_a_read_keeps_the_cache(redis_cache_on, client):
    cache.set("kept", "value")

    client.get("/test/groups/")

    assert cache.get("kept") == "value"


@pytest.mark.django_db(transaction=True)
def test_a_write_drops_every_cached_query_of_the_viewsets_model(private_redis, client):
    group = GroupFactory(name="old")
    with override_settings(DJANGO_USE_CACHE=True, CACHEOPS_ENABLED=True):
        Group.objects.get(pk=group.pk)
        with connection.cursor() as cursor:  # a change cacheops cannot see
            cursor.execute("UPDATE auth_group SET name = 'renamed' WHERE id = %s", [group.pk])
        stale = Group.objects.get(pk=group.pk)

        client.post("/test/groups/", {"name": "another"}, content_type="application/json")
        fresh = Group.objects.get(pk=group.pk)

    assert stale.name == "old"
    assert fresh.name == "renamed"
