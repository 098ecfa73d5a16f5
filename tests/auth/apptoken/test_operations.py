import pytest
from django.test import RequestFactory

from aether_kit.auth.apptoken.models import AppToken
from aether_kit.auth.apptoken.operations import (
    NoAppToken,
    credentials_for,
    request_reaches_every_app,
    user_has_working_tokens,
    user_token_statuses,
)
from tests.auth.apptoken.factories import AppTokenFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="alice")


def make_request(user, path="/anything", **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = user
    return request


@pytest.fixture
def jwt(settings, keycloak_settings, oidc_provider):
    """A real access token of ``realm-a``; requests carrying it are on that realm's path."""
    settings.GATEWAY_SERVICE_ID = "svc"
    return oidc_provider.issue_token("realm-a", "user")


def gateway_request(user, token, header="X-Oauth-Token"):
    return make_request(user, "/realm-a/svc/anything", **{header: token})


def test_credentials_are_the_stored_token_without_asking_the_app(external_apps, user):
    AppTokenFactory(user=user, token="stored-token")

    assert credentials_for(make_request(user), "fake") == {"Authorization": "Token stored-token"}
    assert external_apps.received == []


def test_credentials_are_obtained_when_none_is_stored(external_apps, user):
    headers = credentials_for(make_request(user), "fake")

    assert headers == {"Authorization": f"Token {external_apps.user_tokens['alice']}"}


def test_refreshing_replaces_a_stored_token_the_app_no_longer_accepts(external_apps, user):
    AppTokenFactory(user=user, token="expired")

    headers = credentials_for(make_request(user), "fake", refresh=True)

    assert headers == {"Authorization": f"Token {external_apps.user_tokens['alice']}"}


def test_a_user_the_app_refuses_has_no_credentials(external_apps, user):
    external_apps.behaviour = "rejects"

    with pytest.raises(NoAppToken):
        credentials_for(make_request(user), "fake")


def test_with_the_gateway_on_its_token_replaces_the_stored_one(external_apps, user, jwt):
    AppTokenFactory(user=user, token="stored-token")

    headers = credentials_for(gateway_request(user, jwt), "fake")

    assert headers == {"X-Oauth-Token": jwt}


def test_with_the_gateway_off_its_header_is_ignored(settings, external_apps, user, jwt):
    settings.GATEWAY_SERVICE_ID = None
    AppTokenFactory(user=user, token="stored-token")

    headers = credentials_for(gateway_request(user, jwt), "fake")

    assert headers == {"Authorization": "Token stored-token"}


def test_an_unverified_gateway_header_is_never_forwarded(settings, external_apps, user):
    settings.GATEWAY_SERVICE_ID = "svc"
    AppTokenFactory(user=user, token="stored-token")

    headers = credentials_for(make_request(user, **{"X-Oauth-Token": "made-up"}), "fake")

    assert headers == {"Authorization": "Token stored-token"}


def test_the_gateway_header_name_comes_from_the_settings(settings, external_apps, user, jwt):
    settings.GATEWAY_HEADER_TOKEN = "X-Gateway-Jwt"

    headers = credentials_for(gateway_request(user, jwt, header="X-Gateway-Jwt"), "fake")

    assert headers == {"X-Gateway-Jwt": jwt}
    assert not AppToken.objects.exists()


def test_a_user_reaches_every_app_when_each_gives_a_token(only_fake_app, user):
    assert user_has_working_tokens(user) is True


def test_an_app_that_is_down_means_the_user_cannot_reach_every_app(external_apps, user):
    assert user_has_working_tokens(user) is False


def test_the_token_overview_says_which_tokens_work_but_never_shows_them(external_apps, user):
    AppTokenFactory(user=user, app="fake", token=external_apps.issue_token("alice"))

    statuses = {status["app_name"]: status for status in user_token_statuses(user)}

    assert statuses["fake"] == {
        "app_name": "fake",
        "app_url": external_apps.url,
        "has_token": True,
        "is_valid": True,
        "state": "valid",
    }
    assert statuses["down"]["has_token"] is False
    assert statuses["down"]["is_valid"] is False
    assert statuses["down"]["state"] == "missing"


def test_a_request_with_the_gateway_token_is_checked_with_that_token(only_fake_app, user, jwt):
    assert request_reaches_every_app(gateway_request(user, jwt)) is True
    assert only_fake_app.requests_to("/token")[-1].headers["X-Oauth-Token"] == jwt
    assert not AppToken.objects.exists()


def test_a_gateway_token_the_app_refuses_does_not_reach_it(only_fake_app, user, jwt):
    only_fake_app.behaviour = "rejects"

    assert request_reaches_every_app(gateway_request(user, jwt)) is False
