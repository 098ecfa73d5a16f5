import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from aether_kit.ops.cache import cache_wrap, clear_cache
from aether_kit.realms.context import realm_scope
from testproject.models import Project, Task
from tests.factories import GroupFactory, ProjectFactory, TaskFactory, UserFactory
from tests.ops.realm_middleware import REALM_HEADER
from tests.redis_server import (
    REDIS_PASSWORD,
    configured_cache,
    down_redis_cache,
    redis_cache,
    shared_redis_url,
)
from tests.services import REDIS

pytestmark = pytest.mark.urls("tests.ops.urls")

TEST_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tests.ops.realm_middleware.HeaderRealmMiddleware",
]


@pytest.fixture
def redis_cache_on(shared_redis):
    """Django's default cache on django-redis (shared server, database 2), cache enabled."""
    with override_settings(
        DJANGO_USE_CACHE=True,
        CACHES={"default": redis_cache(shared_redis_url(2))},
        MIDDLEWARE=TEST_MIDDLEWARE,
    ):
        yield caches["default"]


@pytest.fixture
def cacheops_on(private_redis):
    with override_settings(DJANGO_USE_CACHE=True, CACHEOPS_ENABLED=True):
        yield private_redis


def shared_redis_keys(db: int) -> list[bytes]:
    """The keys in database ``db`` of the shared server, read past Django's cache."""
    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=db)
    try:
        return sorted(client.keys("*"))
    finally:
        client.close()


def test_django_cache_api_stores_values_in_redis(redis_cache_on, shared_redis):
    cache.set("greeting", {"hello": "world"}, 60)

    assert cache.get("greeting") == {"hello": "world"}
    assert cache.client.get_client().connection_pool.connection_kwargs["db"] == 2
    assert shared_redis_keys(2) == [cache.make_key("greeting").encode()]


# -- the caches configure_cache writes, against real Redis -------------------------------


def test_configured_caches_keep_django_cache_and_sessions_in_their_own_databases(shared_redis):
    conf = configured_cache(
        REDIS[1], REDIS_DB_DJANGO="2", REDIS_SESSION_CACHE="true", REDIS_DB_SESSION="3"
    )
    with override_settings(CACHES=conf["CACHES"]):
        caches["default"].set("greeting", "hello")
        caches["session"].set("visit", "1")
        keys = {"default": caches["default"].make_key("greeting").encode()}
        keys["session"] = caches["session"].make_key("visit").encode()

    assert shared_redis_keys(2) == [keys["default"]]
    assert shared_redis_keys(3) == [keys["session"]]


def test_configured_cache_reads_back_values_from_redis(shared_redis):
    conf = configured_cache(REDIS[1], REDIS_DB_DJANGO="2")
    with override_settings(CACHES=conf["CACHES"]):
        caches["default"].set("report", {"rows": list(range(100))})  # compressed with zlib
        value = caches["default"].get("report")

    assert value == {"rows": list(range(100))}


def test_configured_cache_authenticates_with_redis_password(password_redis):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD=REDIS_PASSWORD, REDIS_DB_DJANGO="1")
    with override_settings(CACHES=conf["CACHES"]):
        caches["default"].set("greeting", "hello")
        value = caches["default"].get("greeting")
        caches["default"].delete("greeting")

    assert value == "hello"


def test_configured_cache_with_a_wrong_redis_password_reads_misses_instead_of_raising(
    password_redis,
):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD="wrong-password")
    with override_settings(CACHES=conf["CACHES"]):
        caches["default"].set("greeting", "hello")
        value = caches["default"].get("greeting", "missed")

    assert value == "missed"


def test_configured_cacheops_connection_authenticates_with_redis_password(password_redis):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD=REDIS_PASSWORD)
    client = redis.Redis(**conf["CACHEOPS_REDIS"])
    try:
        answer = client.ping()
    finally:
        client.close()

    assert answer is True


def test_configured_cacheops_connection_with_a_wrong_redis_password_is_refused(password_redis):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD="wrong-password")
    client = redis.Redis(**conf["CACHEOPS_REDIS"])
    try:
        with pytest.raises(redis.AuthenticationError):
            client.ping()
    finally:
        client.close()


@pytest.mark.django_db
def test_cache_wrap_computes_once_per_realm(redis_cache_on, report_calls):
    @cache_wrap(timeout=60)
    def count_groups(prefix: str) -> int:
        report_calls.append(prefix)
        return Group.objects.filter(name__startswith=prefix).count()

    with realm_scope("a"):
        first, second = count_groups("x"), count_groups("x")
    with realm_scope("b"):
        count_groups("x")

    assert (first, second) == (0, 0)
    assert report_calls == ["x", "x"]


@pytest.mark.django_db
def test_cache_wrap_calls_through_when_the_cache_is_off(report_calls):
    @cache_wrap()
    def answer() -> int:
        report_calls.append("called")
        return 42

    answer()
    answer()

    assert report_calls == ["called", "called"]


@pytest.mark.django_db
def test_cache_wrap_invalidate_drops_the_current_realms_entry(redis_cache_on, report_calls):
    @cache_wrap()
    def answer() -> int:
        report_calls.append("called")
        return 42

    with realm_scope("a"):
        answer()
        answer.invalidate()
        answer()

    assert report_calls == ["called", "called"]


@pytest.mark.django_db
def test_cached_data_of_one_realm_is_never_served_to_another(redis_cache_on, client, report_calls):
    GroupFactory(name="a:editors")
    GroupFactory(name="b:viewers")

    realm_a = client.get("/test/report", headers={REALM_HEADER: "a"}).json()
    realm_b = client.get("/test/report", headers={REALM_HEADER: "b"}).json()
    realm_a_again = client.get("/test/report", headers={REALM_HEADER: "a"}).json()

    assert realm_a == {"realm": "a", "groups": ["a:editors"]}
    assert realm_b == {"realm": "b", "groups": ["b:viewers"]}
    assert realm_a_again == realm_a
    assert report_calls == ["a", "b"]


def test_clear_cache_empties_the_default_cache(redis_cache_on):
    cache.set("stale", "value")

    clear_cache()

    assert cache.get("stale") is None


@pytest.fixture
def staff_browser(db):
    """A signed-in staff member's browser: Django's CSRF check applies, as in production."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(is_staff=True))
    return browser


def csrf_token_of(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


@pytest.mark.django_db
def test_purge_view_get_asks_for_confirmation_and_keeps_the_cache(redis_cache_on, staff_client):
    cache.set("kept", "value")

    response = staff_client.get("/admin/~purge-cache")

    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert cache.get("kept") == "value"


def test_purge_view_confirmation_cannot_be_framed(redis_cache_on, staff_client):
    assert staff_client.get("/admin/~purge-cache")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_purge_view_post_clears_the_cache_for_staff(redis_cache_on, staff_client):
    cache.set("stale", "value")

    response = staff_client.post("/admin/~purge-cache")

    assert response.status_code == 200
    assert set(response.json()) == {"time"}
    assert cache.get("stale") is None


def test_purge_view_post_without_a_csrf_token_is_refused(redis_cache_on, staff_browser):
    cache.set("kept", "value")

    response = staff_browser.post("/admin/~purge-cache")

    assert response.status_code == 403
    assert cache.get("kept") == "value"


def test_purge_view_confirmation_button_purges(redis_cache_on, staff_browser):
    cache.set("stale", "value")
    page = staff_browser.get("/admin/~purge-cache").content

    response = staff_browser.post(
        "/admin/~purge-cache", {"csrfmiddlewaretoken": csrf_token_of(page)}
    )

    assert response.status_code == 200
    assert cache.get("stale") is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_purge_view_sends_other_users_to_the_admin_login(
    redis_cache_on, user_client, client, method
):
    cache.set("kept", "value")

    for caller in (user_client, client):
        response = getattr(caller, method)("/admin/~purge-cache")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    assert cache.get("kept") == "value"


@pytest.mark.django_db
def test_sessions_live_in_redis_when_the_session_cache_is_on(shared_redis, staff_client):
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "session": redis_cache(shared_redis_url(3)),
        },
        SESSION_ENGINE="aether_kit.ops.sessions",
        SESSION_CACHE_ALIAS="session",
    ):
        from django.test import Client

        from tests.factories import UserFactory

        client = Client()
        client.force_login(UserFactory(username="ada"))
        answer = client.get("/whoami")
        stored = caches["session"].client.get_client().dbsize()

    assert answer.json() == {"username": "ada"}
    assert stored == 1


@pytest.fixture
def session_cache_down():
    down = down_redis_cache(3)
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "session": down,
        },
        SESSION_ENGINE="aether_kit.ops.sessions",
        SESSION_CACHE_ALIAS="session",
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
    ):
        yield


def test_a_session_cache_that_is_down_fails_a_new_session_after_a_few_tries(
    session_cache_down, caplog
):
    from aether_kit.ops.sessions import SessionCacheUnavailable, SessionStore

    session = SessionStore()
    session["user"] = "ada"
    with pytest.raises(SessionCacheUnavailable):
        session.save()

    ignored = [record for record in caplog.records if record.name == "django_redis.cache"]
    assert 0 < len(ignored) <= 2 * SessionStore.create_attempts


@pytest.mark.django_db
def test_anonymous_requests_answer_while_the_session_cache_is_down(session_cache_down, client):
    assert client.get("/check-app").status_code == 200
    assert client.get("/whoami").status_code in (401, 403)


@pytest.mark.django_db
def test_requests_still_answer_while_redis_is_down(client, report_calls, caplog):
    down = down_redis_cache()
    with override_settings(
        DJANGO_USE_CACHE=True, CACHES={"default": down}, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True
    ):
        first = client.get("/test/report")
        second = client.get("/test/report")

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(report_calls) == 2  # every read is a miss
    assert any(record.name == "django_redis.cache" for record in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_cacheops_serves_a_repeated_query_from_redis(cacheops_on):
    GroupFactory(name="cached")

    Group.objects.get(name="cached")
    with CaptureQueriesContext(connection) as queries:
        group = Group.objects.get(name="cached")

    assert group.name == "cached"
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
def test_cacheops_invalidates_a_cached_query_on_save(cacheops_on):
    group = GroupFactory(name="before")
    Group.objects.filter(pk=group.pk).first()

    group.name = "after"
    group.save()

    assert Group.objects.filter(pk=group.pk).first().name == "after"


@pytest.mark.django_db(transaction=True)
def test_cacheops_falls_back_to_the_database_while_redis_is_down(cacheops_on):
    GroupFactory(name="still-here")
    cacheops_on.stop()

    with pytest.warns(RuntimeWarning, match="cacheops cache is unreachable"):
        names = list(Group.objects.filter(name="still-here").values_list("name", flat=True))

    assert names == ["still-here"]


@pytest.mark.django_db(transaction=True)
def test_cacheops_caches_again_when_redis_is_back(cacheops_on, settings):
    settings.DEPENDENCY_BACKOFF = 0  # Redis is tried again at the next call
    GroupFactory(name="back")
    cacheops_on.stop()
    with pytest.warns(RuntimeWarning):
        Group.objects.get(name="back")
    cacheops_on.start()

    Group.objects.get(name="back")
    with CaptureQueriesContext(connection) as queries:
        Group.objects.get(name="back")

    assert len(queries) == 0


@pytest.mark.parametrize(
    "clear",
    [lambda: clear_cache(models=[Group]), lambda: clear_cache(purge=True)],
    ids=["models", "purge"],
)
@pytest.mark.django_db(transaction=True)
def test_clear_cache_drops_cached_queries_from_cacheops(cacheops_on, clear):
    GroupFactory(name="listed")
    Group.objects.get(name="listed")

    clear()
    with CaptureQueriesContext(connection) as queries:
        Group.objects.get(name="listed")

    assert len(queries) == 1


# -- cacheops on the realm-scoped demo models --------------------------------------------

# written once, evaluated in many realms, like a viewset's class-level queryset
PROJECT_NAMES = Project.objects.values_list("name", flat=True)


@contextmanager
def cacheops_signal_handlers(*models: type[Model]) -> Iterator[None]:
    """cacheops' save and delete handlers for ``models``, connected for the block.

    cacheops connects them at start-up for the models its settings list; the
    test settings do not list the demo app, so the fixture below does it.
    """
    connected = []
    for model in models:
        manager = model._default_manager
        for signal, handler in (
            (pre_save, manager._pre_save),
            (post_save, manager._post_save),
            (post_delete, manager._post_delete),
        ):
            signal.connect(handler, sender=model, weak=False)
            connected.append((signal, handler, model))
    try:
        yield
    finally:
        for signal, handler, model in connected:
            signal.disconnect(handler, sender=model)


@pytest.fixture
def cacheops_on_demo_models(private_redis):
    """cacheops on, caching the demo app's models as configure_cache does for APP_MODULE."""
    from cacheops.conf import prepare_profiles

    conf = configured_cache(private_redis.port, APP_MODULE="testproject")
    with (
        override_settings(DJANGO_USE_CACHE=True, CACHEOPS_ENABLED=True, CACHEOPS=conf["CACHEOPS"]),
        cacheops_signal_handlers(Project, Task),
    ):
        prepare_profiles.invalidate_all()  # cacheops remembers the profiles it read
        yield private_redis
    prepare_profiles.invalidate_all()


@pytest.mark.django_db(transaction=True)
def test_cacheops_serves_each_realm_its_own_cached_query(cacheops_on_demo_models):
    ProjectFactory(realm="a", name="mine")
    ProjectFactory(realm="b", name="theirs")

    with realm_scope("a"):
        realm_a = list(PROJECT_NAMES)
    with realm_scope("b"):
        realm_b = list(PROJECT_NAMES)
    with realm_scope("a"), CaptureQueriesContext(connection) as queries:
        realm_a_again = list(PROJECT_NAMES)

    assert realm_a == ["mine"]
    assert realm_b == ["theirs"]
    assert realm_a_again == ["mine"]
    assert len(queries) == 0  # realm a's second read came from Redis


@pytest.mark.django_db(transaction=True)
def test_cacheops_serves_each_realm_its_own_cached_tasks(cacheops_on_demo_models):
    TaskFactory(project=ProjectFactory(realm="a"), name="my task")
    TaskFactory(project=ProjectFactory(realm="b"), name="their task")

    def open_tasks() -> list[str]:
        return [task.name for task in Task.objects.filter(done=False)]

    with realm_scope("a"):
        realm_a = open_tasks()
    with realm_scope("b"):
        realm_b = open_tasks()
    with realm_scope("a"), CaptureQueriesContext(connection) as queries:
        realm_a_again = open_tasks()

    assert (realm_a, realm_b, realm_a_again) == (["my task"], ["their task"], ["my task"])
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
def test_cacheops_never_serves_an_object_cached_in_its_realm_to_another(cacheops_on_demo_models):
    theirs = ProjectFactory(realm="b")
    with realm_scope("b"):
        Project.objects.get(pk=theirs.pk)

    with realm_scope("a"), pytest.raises(Project.DoesNotExist):
        Project.objects.get(pk=theirs.pk)


@pytest.mark.django_db(transaction=True)
def test_saving_an_object_of_another_realm_does_not_cache_it_for_the_current_realm(
    cacheops_on_demo_models,
):
    with realm_scope("a"):
        theirs = Project.objects.unscoped().create(realm="b", name="theirs")

        with pytest.raises(Project.DoesNotExist):
            Project.objects.get(pk=theirs.pk)


@pytest.mark.django_db(transaction=True)
def test_an_object_can_be_updated_outside_any_realm_with_cacheops_on(cacheops_on_demo_models):
    project = ProjectFactory(realm="a", name="before")

    project.name = "after"
    project.save()

    assert Project.objects.unscoped().get(pk=project.pk).name == "after"


@pytest.mark.django_db(transaction=True)
def test_a_save_from_another_realm_invalidates_queries_of_the_old_values(cacheops_on_demo_models):
    project = ProjectFactory(realm="a", name="before")

    def named_before() -> list[int]:
        return [found.pk for found in Project.objects.filter(name="before")]

    with realm_scope("a"):
        cached = named_before()
    project.name = "after"
    with realm_scope("b"):
        project.save()
    with realm_scope("a"):
        after_save = named_before()

    assert cached == [project.pk]
    assert after_save == []
