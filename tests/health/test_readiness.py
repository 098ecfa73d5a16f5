import base64

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from aether_kit.gateway import clear_gateway_caches
from aether_kit.health.readiness import HEALTH_CONTENT_TYPE
from aether_kit.multitenancy import realm_username
from aether_kit.testing.urls import gateway_path
from tests.conftest import OIDC_USER
from tests.factories import PASSWORD, UserFactory
from tests.redis_server import configured_cache, redis_cache

CHECKS = ["aether_kit.health.probes.DatabaseCheck", "aether_kit.health.probes.CacheCheck"]


@pytest.fixture
def redis_backed(settings, private_redis):
    """Readiness of the database and a Redis cache on a server the test can stop.

    Through pytest-django's ``settings``, like the tests' own changes: an
    ``override_settings`` block here would be undone before them and bring its values
    back when they are undone, leaking them into the tests that follow.
    """
    settings.HEALTH_CHECKS = CHECKS
    settings.CACHES = {"default": redis_cache(private_redis.url(1))}
    return private_redis


@pytest.mark.django_db
def test_anonymous_callers_get_only_the_verdict(client, redis_backed):
    response = client.get("/check-ready")

    assert response.status_code == 200
    assert response["Content-Type"] == HEALTH_CONTENT_TYPE
    assert response.json() == {"status": "pass"}


@pytest.mark.django_db
def test_staff_get_one_entry_per_check_and_component(staff_client, redis_backed):
    body = staff_client.get("/check-ready").json()

    assert body["status"] == "pass"
    assert body["version"] == "1.2.3"
    assert body["releaseId"] == "abc1234"
    assert set(body["checks"]) == {"database:responseTime", "cache:responseTime"}
    [database] = body["checks"]["database:responseTime"]
    assert database["componentId"] == "default"
    assert database["componentType"] == "datastore"
    assert database["status"] == "pass"
    assert database["observedUnit"] == "ms"


@pytest.mark.django_db
def test_users_who_are_not_staff_get_only_the_verdict(user_client, redis_backed):
    assert user_client.get("/check-ready").json() == {"status": "pass"}


@pytest.mark.django_db
def test_redis_down_answers_503_fail_and_recovers_when_it_is_back(
    client, staff_client, redis_backed
):
    redis_backed.stop()
    down = client.get("/check-ready")
    details = staff_client.get("/check-ready").json()
    redis_backed.start()
    back = client.get("/check-ready")

    assert (down.status_code, down.json()) == (503, {"status": "fail"})
    [cache] = details["checks"]["cache:responseTime"]
    assert cache["status"] == "fail"
    assert "ConnectionError" in cache["output"]
    assert (back.status_code, back.json()) == (200, {"status": "pass"})


@pytest.mark.django_db
def test_requests_other_than_probes_still_answer_while_redis_is_down(client, redis_backed):
    redis_backed.stop()

    assert client.get("/check-app").status_code == 200


@pytest.mark.django_db
def test_a_warning_answers_200_warn(client, settings):
    settings.HEALTH_CHECKS = ["tests.health.test_probes.WarningCheck"]

    response = client.get("/check-ready")

    assert (response.status_code, response.json()) == (200, {"status": "warn"})


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.django_db(transaction=True)
def test_with_cacheops_on_a_redis_outage_fails_readiness_while_the_api_still_answers(
    client, staff_client, private_redis
):
    checks = [*CHECKS, "aether_kit.health.probes.CacheopsCheck"]
    with override_settings(
        HEALTH_CHECKS=checks,
        DEPENDENCY_BACKOFF=0,  # Redis is tried again at the next call
        DJANGO_USE_CACHE=True,
        CACHEOPS_ENABLED=True,
        CACHES={"default": redis_cache(private_redis.url(1))},
    ):
        private_redis.stop()
        with pytest.warns(RuntimeWarning, match="cacheops"):
            listing = client.get("/test/groups/")
        with pytest.warns(RuntimeWarning, match="cacheops"):  # the staff user is read past it
            details = staff_client.get("/check-ready").json()
        private_redis.start()
        back = client.get("/check-ready")

    assert listing.status_code == 200
    assert details["status"] == "fail"
    assert details["checks"]["cacheops:responseTime"][0]["status"] == "fail"
    assert back.json() == {"status": "pass"}


# -- the database, the storage and a wrong Redis password --------------------------------


@pytest.mark.django_db
def test_database_down_answers_503_with_only_the_verdict_for_anonymous_callers(
    client, down_database, settings
):
    settings.HEALTH_CHECKS = ["aether_kit.health.probes.DatabaseCheck"]

    response = client.get("/check-ready")

    assert (response.status_code, response.json()) == (503, {"status": "fail"})


@pytest.mark.django_db
def test_database_down_shows_staff_the_failing_database_entry(
    staff_client, down_database, settings
):
    settings.HEALTH_CHECKS = ["aether_kit.health.probes.DatabaseCheck"]

    response = staff_client.get("/check-ready")

    assert response.status_code == 503
    [database] = response.json()["checks"]["database:responseTime"]
    assert (database["componentId"], database["status"]) == (down_database, "fail")
    assert database["output"].startswith("OperationalError")


@pytest.mark.django_db
def test_a_silent_database_fails_readiness_and_recovers(
    client, add_database, postgres_proxy, settings
):
    add_database("silent", port=postgres_proxy.port)  # DB_CONNECT_TIMEOUT 2
    settings.HEALTH_CHECKS = ["aether_kit.health.checks.DatabaseCheck"]
    settings.HEALTH_CHECK_DATABASES = ["silent"]

    postgres_proxy.blackhole()
    silent = client.get("/check-ready")
    postgres_proxy.start()
    back = client.get("/check-ready")

    assert (silent.status_code, silent.json()) == (503, {"status": "fail"})
    assert (back.status_code, back.json()) == (200, {"status": "pass"})


@pytest.fixture
def storage_backed(bucket_storage, settings):
    """Readiness of the default storage, in a bucket of the S3-compatible server."""
    settings.HEALTH_CHECKS = ["aether_kit.health.probes.StorageCheck"]


@pytest.mark.django_db
def test_storage_on_the_s3_server_answers_200_pass(client, storage_backed):
    response = client.get("/check-ready")

    assert (response.status_code, response.json()) == (200, {"status": "pass"})


@pytest.mark.django_db
def test_storage_down_answers_503_with_only_the_verdict_for_anonymous_callers(
    client, storage_backed, storage_down
):
    response = client.get("/check-ready")

    assert (response.status_code, response.json()) == (503, {"status": "fail"})


@pytest.mark.django_db
def test_storage_down_shows_staff_the_failing_storage_entry(
    staff_client, storage_backed, storage_down
):
    response = staff_client.get("/check-ready")

    assert response.status_code == 503
    [storage] = response.json()["checks"]["storage:responseTime"]
    assert storage["status"] == "fail"
    assert storage["output"].startswith("EndpointConnectionError")


@pytest.mark.django_db
def test_storage_answers_200_again_once_the_s3_server_is_back(client, storage_backed, storage_down):
    down = client.get("/check-ready")
    storage_down.start()

    back = client.get("/check-ready")

    assert (down.status_code, back.status_code) == (503, 200)


@pytest.mark.django_db
def test_a_wrong_redis_password_answers_503_with_the_failing_cache_entry(
    client, staff_client, password_redis
):
    conf = configured_cache(password_redis.port, REDIS_PASSWORD="wrong-password")
    with override_settings(HEALTH_CHECKS=CHECKS, CACHES=conf["CACHES"]):
        anonymous = client.get("/check-ready")
        details = staff_client.get("/check-ready")

    assert (anonymous.status_code, anonymous.json()) == (503, {"status": "fail"})
    [cache] = details.json()["checks"]["cache:responseTime"]
    assert cache["status"] == "fail"
    assert cache["output"].startswith("AuthenticationError")
    assert b"wrong-password" not in details.content


# -- details for staff, however they authenticate ---------------------------------------------


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


def has_details(response):
    return response.status_code == 200 and "checks" in response.json()


@pytest.mark.django_db
def test_staff_get_details_with_a_drf_token(client, redis_backed, staff_user):
    token = Token.objects.create(user=staff_user)

    response = client.get("/check-ready", headers={"Authorization": f"Token {token.key}"})

    assert has_details(response)


@pytest.mark.django_db
def test_staff_get_details_with_basic_authentication(client, redis_backed, staff_user):
    credentials = base64.b64encode(f"{staff_user.username}:{PASSWORD}".encode()).decode()

    response = client.get("/check-ready", headers={"Authorization": f"Basic {credentials}"})

    assert has_details(response)


@pytest.mark.django_db
def test_a_wrong_token_gets_only_the_verdict(client, redis_backed):
    response = client.get("/check-ready", headers={"Authorization": "Token not-a-token"})

    assert response.json() == {"status": "pass"}


@pytest.mark.django_db
def test_users_who_are_not_staff_get_only_the_verdict_with_a_token(client, redis_backed):
    token = Token.objects.create(user=UserFactory())

    response = client.get("/check-ready", headers={"Authorization": f"Token {token.key}"})

    assert response.json() == {"status": "pass"}


@pytest.fixture
def behind_the_gateway(settings, oidc_provider):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    settings.ROOT_URLCONF = "tests.health.gateway_urls"
    clear_gateway_caches()
    yield oidc_provider
    clear_gateway_caches()


@pytest.mark.parametrize("with_middleware", [True, False], ids=["middleware", "drf-only"])
@pytest.mark.django_db
def test_staff_get_details_with_a_gateway_token(
    client, settings, redis_backed, behind_the_gateway, with_middleware
):
    if not with_middleware:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "GatewayAuthentication" not in m]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_AUTHENTICATION_CLASSES": ["aether_kit.gateway.GatewayAuthentication"],
        }
    UserFactory(username=realm_username("realm-a", OIDC_USER), is_staff=True)
    token = behind_the_gateway.issue_token("realm-a", OIDC_USER)

    response = client.get(
        gateway_path("realm-a", "check-ready", service_id="svc"), headers={"X-Oauth-Token": token}
    )

    assert has_details(response)
