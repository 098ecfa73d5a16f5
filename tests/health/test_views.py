import pytest
from django.test import override_settings

from aether_kit.health import BAD_RESPONSE, OK_RESPONSE
from tests.factories import UserFactory
from tests.services import closed_port

# these tests must answer, not hang; the limit is a guard, not a speed requirement
answers = pytest.mark.timeout(60)


# -- /health -----------------------------------------------------------------------------


def test_health_answers_200_with_an_empty_body(client):
    # no django_db mark: any database access would raise instead of answering
    response = client.get("/health")

    assert response.status_code == 200
    assert response.content == b""


def test_health_answers_head(client):
    assert client.head("/health").status_code == 200


def test_health_refuses_post(client):
    assert client.post("/health").status_code == 405


def test_health_needs_no_authentication_or_session(client):
    response = client.get("/health")

    assert "sessionid" not in response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_health_of_a_signed_in_browser_reads_neither_session_nor_user(
    client, django_assert_num_queries
):
    client.force_login(UserFactory(realm="a"))

    with django_assert_num_queries(0):
        response = client.get("/health")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/health", "/check-app"])
def test_probes_ignore_a_malformed_realm_cookie(client, path):
    client.cookies["eha-realm"] = "../x"

    assert client.get(path).status_code == 200


# -- /check-db ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_db_answers_200_with_the_ok_body_when_the_database_answers(client):
    response = client.get("/check-db")

    assert response.status_code == 200
    assert response.content.decode() == OK_RESPONSE


@answers
def test_check_db_answers_500_with_the_bad_body_when_the_database_is_unreachable(
    client, down_database
):
    response = client.get("/check-db")

    assert response.status_code == 500
    assert response.content.decode() == BAD_RESPONSE


@answers
def test_check_db_answers_500_when_the_database_host_does_not_answer(
    client, add_database, settings
):
    # a non-routable address: packets vanish, so only the connect timeout ends the wait
    add_database("silent", port=5432, PGHOST="10.255.255.1", DB_CONNECT_TIMEOUT="1")
    settings.HEALTH_CHECK_DATABASES = ["silent"]

    response = client.get("/check-db")

    assert (response.status_code, response.content.decode()) == (500, BAD_RESPONSE)


@answers
def test_check_db_logs_which_database_is_down_and_why(client, down_database, kit_log):
    client.get("/check-db")

    (record,) = [r for r in kit_log.records if r.name == "aether_kit.health.views"]
    assert record.levelname == "WARNING"
    assert "'down' is not available: OperationalError" in record.getMessage()


@answers
@pytest.mark.django_db
def test_check_db_answers_500_when_any_listed_database_is_down(client, down_database, settings):
    settings.HEALTH_CHECK_DATABASES = ["default", down_database]

    assert client.get("/check-db").status_code == 500


@answers
def test_check_db_is_never_wrapped_in_atomic_requests(client, add_database, settings):
    # with ATOMIC_REQUESTS Django would open a transaction on the unreachable
    # database before the view runs and answer its generic error instead
    connection = add_database("atomic_down", port=closed_port())
    connection.settings_dict["ATOMIC_REQUESTS"] = True
    settings.HEALTH_CHECK_DATABASES = ["atomic_down"]

    response = client.get("/check-db")

    assert response.status_code == 500
    assert response.content.decode() == BAD_RESPONSE


@answers
@pytest.mark.parametrize(
    "variables",
    [{}, {"DB_CONN_MAX_AGE": "None", "DB_CONN_HEALTH_CHECKS": "false"}],
    ids=["new-connection-per-request", "persistent-connection"],
)
def test_check_db_recovers_when_the_database_comes_back(
    client, add_database, postgres_proxy, settings, variables
):
    add_database("flaky", port=postgres_proxy.port, **variables)
    settings.HEALTH_CHECK_DATABASES = ["flaky"]
    assert client.get("/check-db").status_code == 200

    postgres_proxy.stop()
    down = client.get("/check-db")
    postgres_proxy.start()
    back = client.get("/check-db")

    assert (down.status_code, down.content.decode()) == (500, BAD_RESPONSE)
    assert (back.status_code, back.content.decode()) == (200, OK_RESPONSE)


@answers
def test_check_db_answers_500_on_a_silent_database_and_recovers(
    client, add_database, postgres_proxy, settings
):
    add_database("silent", port=postgres_proxy.port)  # DB_CONNECT_TIMEOUT 2
    settings.HEALTH_CHECK_DATABASES = ["silent"]

    postgres_proxy.blackhole()
    silent = client.get("/check-db")
    postgres_proxy.start()
    back = client.get("/check-db")

    assert (silent.status_code, silent.content.decode()) == (500, BAD_RESPONSE)
    assert (back.status_code, back.content.decode()) == (200, OK_RESPONSE)


# -- /check-app --------------------------------------------------------------------------


def test_check_app_answers_the_name_version_and_revision_as_aether_sdk_does(client):
    response = client.get("/check-app")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "app_name": "aether-kit-tests",
        "app_version": "1.2.3",
        "app_revision": "abc1234",
    }


def test_check_app_reports_the_placeholders_when_version_and_revision_are_unknown(client, settings):
    del settings.VERSION
    del settings.REVISION

    assert client.get("/check-app").json() == {
        "app_name": "aether-kit-tests",
        "app_version": "#.#.#",
        "app_revision": "---",
    }


def test_check_app_follows_app_name(client):
    with override_settings(APP_NAME="Kernel"):
        assert client.get("/check-app").json()["app_name"] == "Kernel"
