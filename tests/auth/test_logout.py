import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# the sign-in pages' logout, and aether.sdk's top-level one at <APP_URL>logout
LOGOUT_URLS = pytest.mark.parametrize("url", ["/accounts/logout", "/logout"])


@pytest.fixture
def logged_in(client):
    user = UserFactory()
    client.force_login(user)
    return user


@LOGOUT_URLS
def test_logout_by_get_is_refused(url, client, logged_in):
    response = client.get(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert "POST" in response.json()["detail"]
    assert client.get("/whoami").json() == {"username": logged_in.username}


@LOGOUT_URLS
def test_logout_by_post_ends_the_session(url, client, logged_in):
    response = client.post(url)

    assert response.status_code == 200
    assert "aether_kit/logged_out.html" in [template.name for template in response.templates]
    assert client.get("/whoami").status_code in (401, 403)


@LOGOUT_URLS
def test_logout_by_post_needs_the_csrf_token(url, logged_in):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(logged_in)

    assert client.post(url).status_code == 403
