from __future__ import annotations

import pytest

from aether_kit.conf.profiling import SILK_MIDDLEWARE, is_active_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording(settings):
    """Silk's middleware at the top, as configure_profiling() tells a project to put it."""
    settings.MIDDLEWARE = [SILK_MIDDLEWARE, *settings.MIDDLEWARE]


def recorded_paths() -> list[str]:
    from silk.models import Request

    return list(Request.objects.values_list("path", flat=True))


def test_profiler_sends_anonymous_visitors_to_the_login(client):
    response = client.get("/admin/~silk/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_profiler_refuses_signed_in_users_who_are_not_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("curious"))

    assert client.get("/admin/~silk/").status_code == 403


def test_profiler_shows_its_pages_to_staff(admin_client):
    assert admin_client.get("/admin/~silk/").status_code == 200


def test_requests_are_recorded_while_profiling(client, recording):
    client.get("/check-app")

    assert "/check-app" in recorded_paths()


def test_requests_are_not_recorded_without_the_middleware(client):
    client.get("/check-app")

    assert recorded_paths() == []


def test_recorded_requests_hide_the_gateway_token(client, recording):
    from silk.models import Request

    client.get("/check-app", headers={"X-Oauth-Token": "secret-jwt"})

    headers = Request.objects.get(path="/check-app").encoded_headers
    assert "secret-jwt" not in headers


def test_recorded_requests_are_listed_for_staff(admin_client, recording):
    admin_client.get("/check-app")

    response = admin_client.get("/admin/~silk/requests/")

    assert b"/check-app" in response.content


def test_inactive_staff_may_not_read_profiles(django_user_model):
    user = django_user_model(username="gone", is_staff=True, is_active=False)

    assert not is_active_staff(user)
