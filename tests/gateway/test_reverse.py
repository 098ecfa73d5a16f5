"""Links in answers keep the gateway prefix the request came in by."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aether_kit.gateway import keep_gateway_prefix
from tests.gateway.conftest import HEADER, gateway_url

pytestmark = pytest.mark.django_db


def test_hyperlinks_keep_the_realm_prefix(client, token_for):
    response = client.get(
        gateway_url("realm-a", "api/users/"), headers={HEADER: token_for("realm-a")}
    )

    [user] = response.json()["results"]
    assert user["url"] == f"http://testserver/realm-a/svc/api/users/{user['url'].split('/')[-2]}/"


def test_hyperlinks_of_a_detail_keep_the_realm_prefix(client, token_for):
    token = token_for("realm-a")
    first = client.get(gateway_url("realm-a", "api/users/"), headers={HEADER: token}).json()
    detail_url = first["results"][0]["url"]

    detail = client.get(detail_url, headers={HEADER: token}).json()

    assert detail["url"] == detail_url


def test_pagination_links_keep_the_realm_prefix(client, django_user_model, token_for):
    django_user_model.objects.bulk_create(
        [django_user_model(username=f"extra-{n}") for n in range(15)]
    )

    response = client.get(
        gateway_url("realm-a", "api/users/"), headers={HEADER: token_for("realm-a")}
    )

    assert response.json()["next"].startswith("http://testserver/realm-a/svc/api/users/")


def test_api_root_keeps_the_realm_prefix(client, token_for):
    response = client.get(gateway_url("realm-a", "api/"), headers={HEADER: token_for("realm-a")})

    assert response.json() == {"users": "http://testserver/realm-a/svc/api/users/"}


def test_internal_requests_get_internal_links(admin_client, gateway):
    response = admin_client.get("/api/users/")

    assert response.json()["results"][0]["url"].startswith("http://testserver/api/users/")


def test_public_realm_requests_get_public_links(admin_client, gateway):
    response = admin_client.get("/-/svc/api/")

    assert response.json() == {"users": "http://testserver/-/svc/api/users/"}


def test_keep_gateway_prefix_leaves_foreign_and_prefixed_urls_alone(gateway):
    request = RequestFactory().get("/realm-a/svc/members")

    assert keep_gateway_prefix("/members", request) == "/realm-a/svc/members"
    assert keep_gateway_prefix("/-/svc/admin/", request) == "/-/svc/admin/"
    assert keep_gateway_prefix("https://x.example/members?page=2", request) == (
        "https://x.example/realm-a/svc/members?page=2"
    )


def test_keep_gateway_prefix_respects_the_app_url(settings, gateway):
    settings.APP_URL = "/eha/"
    request = RequestFactory().get("/eha/realm-a/svc/members")

    assert keep_gateway_prefix("/eha/members", request) == "/eha/realm-a/svc/members"
    assert keep_gateway_prefix("/static/app.js", request) == "/static/app.js"
