import logging

import pytest

from aether_kit.health import BAD_RESPONSE, OK_RESPONSE
from tests.factories import UserFactory
from tests.fake_external_app import SERVICE_TOKEN, down_url, external_apps, fake_app, only_fake_app

__all__ = ["down_url", "external_apps", "fake_app", "only_fake_app"]  # fixtures

# a hanging app never answers, so a probe without a timeout fails this guard; not a speed limit
hang_guard = pytest.mark.timeout(10)


def test_check_app_answers_200_when_the_app_accepts_the_service_token(client, external_apps):
    response = client.get("/check-app/fake")

    assert response.status_code == 200
    assert response.content.decode() == OK_RESPONSE


@pytest.mark.parametrize("behaviour", ["rejects", "error"])
def test_check_app_answers_500_when_the_app_misbehaves(client, external_apps, behaviour):
    external_apps.behaviour = behaviour

    response = client.get("/check-app/fake")

    assert response.status_code == 500
    assert response.content.decode() == BAD_RESPONSE


@hang_guard
def test_check_app_answers_500_when_the_app_hangs(client, external_apps):
    external_apps.behaviour = "hangs"

    response = client.get("/check-app/fake")

    assert response.status_code == 500
    assert response.content.decode() == BAD_RESPONSE


def test_check_app_answers_500_when_the_app_is_down(client, external_apps):
    response = client.get("/check-app/down")

    assert response.status_code == 500
    assert response.content.decode() == BAD_RESPONSE


def test_check_app_answers_404_for_an_app_that_is_not_configured(client, external_apps):
    assert client.get("/check-app/unknown").status_code == 404


def test_check_app_never_shows_or_logs_the_service_token(client, external_apps, caplog):
    caplog.set_level(logging.DEBUG)
    external_apps.behaviour = "rejects"

    response = client.get("/check-app/fake")

    assert SERVICE_TOKEN not in response.content.decode()
    assert SERVICE_TOKEN not in caplog.text


@pytest.mark.django_db
def test_check_tokens_sends_anonymous_users_to_log_in(client, external_apps, settings):
    response = client.get("/check-tokens")

    assert response.status_code == 302
    assert response.url == f"{settings.LOGIN_URL}?next=/check-tokens"


@pytest.mark.django_db
def test_check_tokens_answers_200_when_every_app_accepts_the_user(client, only_fake_app):
    client.force_login(UserFactory())

    response = client.get("/check-tokens")

    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.django_db
def test_check_tokens_redirects_to_the_tokens_page_when_an_app_is_down(client, external_apps):
    client.force_login(UserFactory())

    response = client.get("/check-tokens")

    assert (response.status_code, response.url) == (302, "/check-user-tokens")


@pytest.mark.django_db
def test_check_tokens_redirects_to_the_tokens_page_when_the_app_refuses(client, only_fake_app):
    only_fake_app.behaviour = "rejects"
    client.force_login(UserFactory())

    response = client.get("/check-tokens")

    assert (response.status_code, response.url) == (302, "/check-user-tokens")
