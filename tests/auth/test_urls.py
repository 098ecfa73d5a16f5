"""Without Keycloak, Django's and DRF's own ways of logging in keep working."""

import base64

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_url_names_are_aether_sdks():
    assert reverse("rest_framework:login") == "/accounts/login"
    assert reverse("rest_framework:logout") == "/accounts/logout"


def test_the_login_page_is_djangos_username_and_password_form(client):
    response = client.get("/accounts/login")

    assert response.status_code == 200
    assert "aether_kit/login.html" in [template.name for template in response.templates]
    assert set(response.context["form"].fields) == {"username", "password"}


def test_the_login_template_follows_the_setting(client, settings):
    settings.LOGIN_TEMPLATE = "aether_kit/logged_out.html"

    response = client.get("/accounts/login")

    assert "aether_kit/logged_out.html" in [template.name for template in response.templates]


def test_a_local_user_logs_in_with_the_login_form(client):
    user = UserFactory()

    response = client.post(
        "/accounts/login", {"username": user.username, "password": PASSWORD, "next": "/whoami"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/whoami"
    assert client.get("/whoami").json() == {"username": user.username}


def test_a_wrong_password_keeps_the_user_out(client):
    user = UserFactory()

    response = client.post("/accounts/login", {"username": user.username, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/whoami").status_code in (401, 403)


def test_basic_authentication_works(client):
    user = UserFactory()
    credentials = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()

    response = client.get("/whoami", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.json() == {"username": user.username}


def test_token_authentication_works(client):
    user = UserFactory()
    token = Token.objects.create(user=user)

    response = client.get("/whoami", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.json() == {"username": user.username}


def test_the_keycloak_callback_is_not_served(client):
    assert client.get("/accounts/callback?code=x&state=y").status_code == 404
