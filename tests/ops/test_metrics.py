import pytest
from django.test import override_settings
from prometheus_client import REGISTRY

from aether_kit.ops.metrics import ANONYMOUS, NO_REALM, OTHER, RealmLabels, realm_labels
from tests.ops.realm_middleware import REALM_HEADER

pytestmark = [pytest.mark.urls("tests.ops.urls"), pytest.mark.django_db]

TOKEN = "a-metrics-token-long-enough-1234"
METRICS_URL = "/admin/~prometheus/metrics"


@pytest.fixture(autouse=True)
def metrics_on(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = TOKEN
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.ops.realm_middleware.HeaderRealmMiddleware",
        "aether_kit.ops.metrics.RealmMetricsMiddleware",
    ]
    realm_labels.clear()
    yield
    realm_labels.clear()


def requests_counted(view: str, realm: str, status: str = "200") -> float:
    labels = {"view": view, "realm": realm, "method": "GET", "status": status}
    return REGISTRY.get_sample_value("aether_kit_requests_total", labels) or 0.0


def test_anonymous_callers_are_asked_to_authenticate(client):
    response = client.get(METRICS_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_signed_in_users_who_are_not_staff_are_refused(user_client):
    assert user_client.get(METRICS_URL).status_code == 403


def test_staff_read_the_metrics(staff_client):
    response = staff_client.get(METRICS_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"aether_kit_requests_total" in response.content


def test_the_configured_bearer_token_reads_the_metrics(client):
    response = client.get(METRICS_URL, headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200


def test_a_wrong_bearer_token_is_refused(client):
    response = client.get(METRICS_URL, headers={"Authorization": f"Bearer {TOKEN}x"})

    assert response.status_code == 401


def test_no_token_is_accepted_when_none_is_configured(client, settings):
    settings.METRICS_TOKEN = None

    assert client.get(METRICS_URL, headers={"Authorization": "Bearer "}).status_code == 401


def test_requests_are_counted_by_view_name_and_realm(user_client):
    before = requests_counted("test-report", "north")

    user_client.get("/test/report", headers={REALM_HEADER: "north"})
    user_client.get("/test/report", headers={REALM_HEADER: "north"})

    assert requests_counted("test-report", "north") - before == 2


def test_latency_is_observed_by_view_name_and_realm(user_client):
    labels = {"view": "test-report", "realm": "south"}
    before = REGISTRY.get_sample_value("aether_kit_request_duration_seconds_count", labels) or 0

    user_client.get("/test/report", headers={REALM_HEADER: "south"})

    after = REGISTRY.get_sample_value("aether_kit_request_duration_seconds_count", labels)
    assert after - before == 1


def test_invalid_realms_share_one_label(user_client):
    before = requests_counted("test-report", OTHER)

    user_client.get("/test/report", headers={REALM_HEADER: "not a realm!"})
    user_client.get("/test/report", headers={REALM_HEADER: "../../etc"})

    assert requests_counted("test-report", OTHER) - before == 2


def test_anonymous_requests_with_a_realm_share_one_label(client):
    before = requests_counted("test-report", ANONYMOUS)

    client.get("/test/report", headers={REALM_HEADER: "made-up-1"})
    client.get("/test/report", headers={REALM_HEADER: "made-up-2"})

    assert requests_counted("test-report", ANONYMOUS) - before == 2
    assert requests_counted("test-report", "made-up-1") == 0


def test_realms_named_by_anonymous_callers_do_not_use_up_the_cap(client, user_client, settings):
    settings.METRICS_MAX_REALMS = 1
    for made_up in ("made-up-1", "made-up-2"):
        client.get("/test/report", headers={REALM_HEADER: made_up})
    before = requests_counted("test-report", "north")

    user_client.get("/test/report", headers={REALM_HEADER: "north"})

    assert requests_counted("test-report", "north") - before == 1


def test_requests_without_a_realm_are_labelled_none(client):
    before = requests_counted("test-report", NO_REALM)

    client.get("/test/report")

    assert requests_counted("test-report", NO_REALM) - before == 1


def test_unknown_paths_are_counted_under_one_view_label(client):
    labels = ("<unresolved>", NO_REALM, "404")
    before = requests_counted(*labels)

    client.get("/no/such/path/1")
    client.get("/no/such/path/2")

    assert requests_counted(*labels) - before == 2


def test_realms_beyond_the_cap_share_one_label(user_client, settings):
    settings.METRICS_MAX_REALMS = 2
    before = requests_counted("test-report", OTHER)

    for realm in ("r1", "r2", "r3", "r4", "r1"):
        user_client.get("/test/report", headers={REALM_HEADER: realm})

    assert requests_counted("test-report", OTHER) - before == 2
    assert requests_counted("test-report", "r1") >= 2


def test_realm_labels_admit_a_realm_once_seen_even_at_the_cap():
    labels = RealmLabels()

    assert [labels.label(realm, 1) for realm in ("a", "b", "a", None)] == [
        "a",
        OTHER,
        "a",
        NO_REALM,
    ]


def test_system_checks_require_the_app_and_middleware(settings):
    from django.core.checks import run_checks

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "metrics" not in m]

    ids = {message.id for message in run_checks()}

    assert {"aether_kit.E053", "aether_kit.E054"} <= ids


@override_settings(METRICS_TOKEN="short")
def test_system_check_refuses_a_short_token():
    from django.core.checks import run_checks

    assert "aether_kit.E056" in {message.id for message in run_checks()}
