import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_logout_by_get_is_refused(client, logged_in):
    response = client.get("/accounts/logout")

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert "POST" in response.json()["detail"]
    assert client.get("/whoami").json() == {"username": logged_in.username}


def test_logout_by_post_ends_the_session(client, logged_in):
    response = client.post("/accounts/logout")

    assert response.status_code == 200
    assert "aether_kit/logged_out.html" in [template.name for template in response.templates]
    assert client.get("/whoami").status_code in (401, 403)


def test_logout_by_post_needs_the_csrf_token(logged_in):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(logged_in)

    assert client.post("/accounts/logout").status_code == 403
