"""Realm-aware Basic and Token authentication, through real requests to the demo's projects."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from aether_kit.multitenancy import strip_realm
from tests.auth.realm_urls import SERVICE_ID
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.urls("tests.auth.realm_urls"), pytest.mark.django_db]

REALM_HEADER = "eha-realm"


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def get(url: str, authorization: str, realm: str | None = None) -> Any:
    headers = {"Authorization": authorization}
    if realm is not None:
        headers[REALM_HEADER] = realm
    return APIClient().get(url, headers=headers)


def gateway(realm: str, endpoint: str = "projects/") -> str:
    return f"/{realm}/{SERVICE_ID}/{endpoint}"


def token(user: Any) -> str:
    return f"Token {Token.objects.create(user=user).key}"


@pytest.fixture
def gateway_on(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = SERVICE_ID


# -- Basic ---------------------------------------------------------------------------------


def test_bare_username_is_accepted_in_its_realm(user_a, project_a, project_b):
    response = get("/projects/", basic(strip_realm("a", user_a.username)), realm="a")

    assert response.status_code == 200
    assert [project["name"] for project in response.json()["results"]] == ["mine"]


def test_prefixed_username_is_accepted_in_its_realm(user_a, project_a):
    response = get("/projects/", basic(user_a.username), realm="a")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_bare_username_signs_in_as_the_realm_account():
    bare = UserFactory(username="ana")  # a realm-less account of the same bare name
    realm_user = UserFactory(username="a__ana")

    response = get("/whoami", basic("ana"), realm="a")

    assert response.json() == {"username": realm_user.username}
    assert bare.username != realm_user.username


def test_user_of_another_realm_is_refused_with_basic(user_a):
    response = get("/projects/", basic(user_a.username), realm="b")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid user in this realm."}


def test_bare_username_is_not_found_in_another_realm(user_a):
    response = get("/projects/", basic(strip_realm("a", user_a.username)), realm="b")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid username/password."}


def test_wrong_password_is_refused_with_the_realm_challenge(user_a):
    response = get("/basic-projects/", basic(user_a.username, "wrong"), realm="a")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="a"'


def test_wrong_password_is_401_with_the_default_classes(user_a):
    response = get("/projects/", basic(user_a.username, "wrong"), realm="a")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid username/password."}


def test_staff_user_is_accepted_in_every_realm():
    UserFactory(username="operator", is_staff=True)

    response = get("/projects/", basic("operator"), realm="b")

    assert response.status_code == 200


def test_staff_of_one_realm_is_refused_in_another():
    UserFactory(realm="a", username="a__manager", is_staff=True)

    response = get("/projects/", basic("a__manager"), realm="b")

    assert response.status_code == 401


def test_bare_username_is_not_retried_without_a_realm(user_a):
    response = get("/projects/", basic(strip_realm("a", user_a.username)))

    assert response.status_code == 401


# -- Token ---------------------------------------------------------------------------------


def test_token_is_accepted_in_its_users_realm(user_a, project_a):
    response = get("/projects/", token(user_a), realm="a")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_token_of_another_realm_is_refused(user_a):
    response = get("/projects/", token(user_a), realm="b")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid user in this realm."}


# -- behind the gateway: the path's realm wins ----------------------------------------------


def test_bare_username_is_accepted_on_its_realms_gateway_path(gateway_on, user_a, project_a):
    response = get(gateway("a"), basic(strip_realm("a", user_a.username)))

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_basic_user_is_refused_on_another_realms_gateway_path(gateway_on, user_a):
    # the realm header names the user's realm; the path names another one
    response = get(gateway("b"), basic(user_a.username), realm="a")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid user in this realm."}


def test_token_is_refused_on_another_realms_gateway_path(gateway_on, user_a):
    response = get(gateway("b"), token(user_a), realm="a")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid user in this realm."}


def test_gateway_challenge_names_the_paths_realm(gateway_on, user_a):
    response = get(gateway("b", "basic-projects/"), basic(user_a.username, "wrong"), realm="a")

    assert response["WWW-Authenticate"] == 'Basic realm="b"'


# -- multitenancy off: DRF's behaviour -------------------------------------------------------


@pytest.fixture
def multitenancy_off(settings: Any) -> None:
    settings.MULTITENANCY = False


def test_without_multitenancy_bare_username_is_not_retried(multitenancy_off, user_a):
    response = get("/whoami", basic(strip_realm("a", user_a.username)), realm="a")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid username/password."}


def test_without_multitenancy_realms_are_not_checked(multitenancy_off, user_a):
    assert get("/whoami", basic(user_a.username), realm="b").status_code == 200
    assert get("/whoami", token(user_a), realm="b").status_code == 200


def test_without_multitenancy_the_challenge_is_drfs(multitenancy_off, user_a):
    response = get("/basic-projects/", basic(user_a.username, "wrong"), realm="a")

    assert response["WWW-Authenticate"] == 'Basic realm="api"'
