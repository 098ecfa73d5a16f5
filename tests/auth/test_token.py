import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def realm_admin():
    client = APIClient()
    client.force_login(UserFactory(realm="a", is_staff=True))
    return client


def token_of(username):
    return Token.objects.get(user__username=username).key


def test_post_returns_the_callers_token(client_a, user_a):
    response = client_a.post("/token")

    assert response.json() == {"token": token_of(user_a.username)}


def test_post_returns_the_same_token_twice(client_a):
    assert client_a.post("/token").json() == client_a.post("/token").json()


def test_a_non_admin_always_gets_its_own_token(client_a, user_a, user_b):
    response = client_a.post("/token", {"username": user_b.username}, format="json")

    assert response.json() == {"token": token_of(user_a.username)}
    assert not Token.objects.filter(user=user_b).exists()


def test_an_admin_gets_the_token_of_a_user_of_its_realm(realm_admin):
    existing = UserFactory(username="a__ana")

    response = realm_admin.post("/token", {"username": "ana"}, format="json")

    assert response.json() == {"token": Token.objects.get(user=existing).key}


def test_an_admin_creates_a_missing_user_in_its_realm(realm_admin):
    realm_admin.post("/token", {"username": "new"}, format="json")

    user = get_user_model().objects.get(username="a__new")
    assert list(user.groups.values_list("name", flat=True)) == ["a"]
    assert not user.has_usable_password()


def test_an_admin_cannot_reach_another_realms_user_by_name(realm_admin, user_b):
    realm_admin.post("/token", {"username": user_b.username}, format="json")

    assert not Token.objects.filter(user=user_b).exists()


def test_an_admin_cannot_ask_for_a_token_in_a_realm_it_does_not_belong_to(settings, realm_admin):
    settings.REALM_RESOLVERS = ["aether_kit.multitenancy.resolvers.HeaderResolver"]
    user_b = UserFactory(username="b__ana", realm="b")

    response = realm_admin.post(
        "/token", {"username": "ana"}, format="json", headers={"eha-realm": "b"}
    )

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Token.objects.filter(user=user_b).exists()


def test_a_staff_user_cannot_take_over_a_superusers_account(realm_admin):
    root = UserFactory(username="a__root", realm="a", is_staff=True, is_superuser=True)

    response = realm_admin.post("/token", {"username": "root"}, format="json")

    assert response.status_code == 403
    assert not Token.objects.filter(user=root).exists()


def test_a_staff_user_cannot_take_over_another_staff_account(settings, realm_admin):
    settings.MULTITENANCY = False
    other = UserFactory(username="operator", is_staff=True)

    response = realm_admin.post("/token", {"username": "operator"}, format="json")

    assert response.status_code == 403
    assert not Token.objects.filter(user=other).exists()


def test_a_superuser_may_ask_for_a_staff_token(settings):
    settings.MULTITENANCY = False
    client = APIClient()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    other = UserFactory(username="operator", is_staff=True)

    response = client.post("/token", {"username": "operator"}, format="json")

    assert response.json() == {"token": Token.objects.get(user=other).key}


def test_anonymous_callers_are_refused_with_a_challenge():
    response = APIClient().post("/token")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]


def test_an_admin_signed_in_by_token_works_in_its_own_realm():
    admin = UserFactory(username="a__boss", realm="a", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin).key}")

    response = client.post("/token", {"username": "ana"}, format="json")

    assert response.json() == {"token": token_of("a__ana")}


def test_an_admin_naming_itself_without_its_realm_gets_its_own_token(realm_admin):
    admin = get_user_model().objects.get(is_staff=True)
    bare_name = admin.username.partition("__")[2]

    response = realm_admin.post("/token", {"username": bare_name}, format="json")

    assert response.json() == {"token": token_of(admin.username)}


def test_get_answers_null_until_a_token_exists(client_a):
    assert client_a.get("/token").json() == {"token": None}


def test_get_with_force_creates_the_token(client_a, user_a):
    assert client_a.get("/token?force").json() == {"token": token_of(user_a.username)}


def test_a_list_body_is_not_an_error(realm_admin):
    response = realm_admin.post("/token", ["ana"], format="json")

    assert response.status_code == 200
