import pytest
import requests
from django.db import IntegrityError

from aether_kit.auth.apptoken.models import AppToken
from tests.auth.apptoken.factories import AppTokenFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="alice")


def test_a_user_without_a_token_gets_one_from_the_app(external_apps, user):
    app_token = AppToken.get_or_create_token(user, "fake")

    assert app_token.token == external_apps.user_tokens["alice"]
    assert AppToken.objects.get(user=user, app="fake").token == app_token.token


def test_a_valid_stored_token_is_kept_without_asking_for_a_new_one(external_apps, user):
    token = external_apps.issue_token("alice")
    AppTokenFactory(user=user, token=token)

    app_token = AppToken.get_or_create_token(user, "fake")

    assert app_token.token == token
    assert [r.method for r in external_apps.requests_to("/token")] == ["GET"]


def test_an_invalid_stored_token_is_replaced(external_apps, user):
    AppTokenFactory(user=user, token="expired")

    app_token = AppToken.get_or_create_token(user, "fake")

    assert app_token.token == external_apps.user_tokens["alice"]
    assert AppToken.objects.get(user=user, app="fake").token != "expired"


def test_an_app_that_refuses_the_user_gives_none_and_clears_the_token(external_apps, user):
    external_apps.behaviour = "rejects"
    AppTokenFactory(user=user, token="expired")

    assert AppToken.get_or_create_token(user, "fake") is None
    assert AppToken.objects.get(user=user, app="fake").token is None


def test_an_unknown_app_gives_none_and_stores_nothing(external_apps, user):
    assert AppToken.get_or_create_token(user, "unknown") is None
    assert not AppToken.objects.exists()


def test_an_unknown_app_neither_obtains_nor_validates(external_apps, user):
    app_token = AppTokenFactory(user=user, app="unknown", token="abc")

    assert app_token.obtain_token() is None
    assert app_token.validate_token() is False


def test_an_app_that_is_down_raises_a_connection_error(external_apps, user):
    with pytest.raises(requests.ConnectionError):
        AppToken.get_or_create_token(user, "down")


def test_a_stored_token_can_be_validated(external_apps, user):
    valid = AppTokenFactory(user=user, token=external_apps.issue_token("alice"))
    forged = AppTokenFactory(app="fake", token="forged")

    assert valid.validate_token() is True
    assert forged.validate_token() is False


def test_an_empty_token_is_not_valid_and_the_app_is_not_asked(external_apps, user):
    assert AppTokenFactory(user=user, token=None).validate_token() is False
    assert external_apps.received == []


def test_one_token_per_user_and_app(user):
    AppTokenFactory(user=user, app="fake")

    with pytest.raises(IntegrityError):
        AppTokenFactory.create(user=user, app="fake", token="other")


def test_the_same_user_may_have_tokens_for_two_apps(user):
    AppTokenFactory(user=user, app="fake")
    AppTokenFactory(user=user, app="kernel")

    assert user.app_tokens.count() == 2


def test_str_and_repr_never_show_the_token(user):
    app_token = AppTokenFactory(user=user, token="very-secret-token")

    assert "very-secret-token" not in str(app_token)
    assert "very-secret-token" not in repr(app_token)
