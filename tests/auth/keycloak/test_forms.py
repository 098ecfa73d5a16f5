"""Behind-the-scenes mode: realm, username and password checked by the realm's token endpoint."""

import pytest
from django.contrib.auth import get_user_model

from aether_kit.auth.keycloak.tokens import SessionTokens
from tests.conftest import OIDC_PASSWORD, OIDC_USER
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def login(client, behind_scenes):
    def post(realm="eha", username=OIDC_USER, password=OIDC_PASSWORD):
        return client.post(
            "/accounts/login",
            {"realm": realm, "username": username, "password": password, "next": "/whoami"},
        )

    return post


def test_the_login_page_asks_for_realm_username_and_password(client, behind_scenes):
    response = client.get("/accounts/login")

    assert "aether_kit/login_keycloak.html" in [t.name for t in response.templates]
    assert list(response.context["form"].fields) == ["realm", "username", "password"]


def test_the_right_password_logs_the_realm_user_in(client, login):
    response = login()

    assert response.status_code == 302
    assert response["Location"] == "/whoami"
    assert client.get("/whoami").json() == {"username": "eha__user"}
    assert SessionTokens.load(client.session).realm == "eha"


def test_the_password_goes_to_the_realms_token_endpoint(login, behind_scenes):
    before = behind_scenes.calls("token", realm="realm-b")

    login(realm="realm-b")

    assert behind_scenes.calls("token", realm="realm-b") == before + 1


def test_a_wrong_password_is_a_form_error(client, login):
    response = login(password="wrong")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in str(response.context["form"].errors)
    assert client.get("/whoami").status_code in (401, 403)
    assert not get_user_model().objects.filter(username="eha__user").exists()


def test_a_wrong_password_never_falls_back_to_a_local_account(client, login):
    local = UserFactory(username=OIDC_USER)

    response = login(username=local.username, password=PASSWORD)

    assert response.status_code == 200
    assert client.get("/whoami").status_code in (401, 403)


def test_an_unknown_realm_is_a_form_error(client, login, behind_scenes):
    before = behind_scenes.calls("token")

    response = login(realm="nowhere")

    assert response.context["form"].errors["realm"] == ["Unknown realm nowhere."]
    assert behind_scenes.calls("token") == before


def test_a_confidential_client_sends_its_secret(client, login, settings):
    settings.KEYCLOAK_CLIENT_ID = "eha-service"
    settings.KEYCLOAK_CLIENT_SECRET = "service-secret"

    assert login().status_code == 302


def test_a_wrong_client_secret_is_not_mistaken_for_a_wrong_password(client, login, settings):
    settings.KEYCLOAK_CLIENT_ID = "eha-service"
    settings.KEYCLOAK_CLIENT_SECRET = "not-the-secret"

    response = login()

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Signing in with Keycloak failed. Please try again."
    ]
