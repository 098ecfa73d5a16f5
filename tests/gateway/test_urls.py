"""GatewayPrefixResolver: the same endpoints inside the network, per realm and public."""

from __future__ import annotations

import importlib

import pytest
from django.urls import (
    NoReverseMatch,
    Resolver404,
    clear_url_caches,
    include,
    path,
    resolve,
    reverse,
)

import testproject.urls
from aether_kit.gateway import GatewayPrefixResolver
from aether_kit.realms.names import REALM_REGEX
from tests.gateway.conftest import HEADER
from tests.gateway.urls import RealmKwargView, RealmMembersView, plain_realm


@pytest.fixture
def gateway_urls(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.ROOT_URLCONF = "tests.gateway.urls"


def test_endpoint_resolves_inside_the_network_and_per_realm(gateway_urls):
    internal = resolve("/members")
    behind_gateway = resolve("/realm-a/svc/members")

    assert internal.func.view_class is RealmMembersView
    assert behind_gateway.func.view_class is RealmMembersView


def test_endpoint_resolves_under_the_public_realm(gateway_urls):
    assert resolve("/-/svc/members").func.view_class is RealmMembersView


def test_views_do_not_receive_the_realm_unless_they_ask(gateway_urls):
    assert resolve("/realm-a/svc/members").kwargs == {}
    assert resolve("/realm-a/svc/realm-kwarg").kwargs == {"realm": "realm-a"}
    assert resolve("/realm-a/svc/plain-realm").kwargs == {"realm": "realm-a"}
    assert RealmKwargView.gateway_realm_kwarg
    assert plain_realm


def test_reverse_names_the_internal_form_and_the_realm_form(gateway_urls):
    assert reverse("members") == "/members"
    assert reverse("members", kwargs={"realm": "realm-b"}) == "/realm-b/svc/members"


def test_admin_lives_only_under_the_public_realm(gateway_urls):
    assert reverse("admin:index") == "/-/svc/admin/"
    with pytest.raises(Resolver404):
        resolve("/realm-a/svc/admin/")
    with pytest.raises(Resolver404):
        resolve("/admin/")


def test_admin_is_unreachable_under_a_tenant_realm(client, gateway_urls):
    assert client.get("/realm-a/svc/admin/").status_code == 404
    assert client.get("/-/svc/admin/").status_code == 302  # to the login page


def test_a_path_that_is_not_a_realm_does_not_resolve(gateway_urls):
    with pytest.raises(Resolver404):
        resolve("/bad.realm/svc/members")


def test_another_service_id_does_not_resolve(gateway_urls):
    with pytest.raises(Resolver404):
        resolve("/realm-a/other-svc/members")


def test_with_the_gateway_off_everything_is_served_at_app_url():
    app = [path("members", RealmMembersView.as_view(), name="members")]
    public = [path("login", RealmMembersView.as_view(), name="login")]

    patterns = GatewayPrefixResolver(app_url="/demo/").urlpatterns(app, public=public)

    assert [str(p.pattern) for p in patterns] == ["demo/"]
    assert [str(p.pattern) for p in patterns[0].url_patterns] == ["login", "members"]


def test_at_the_root_app_url_the_gateway_forms_are_not_nested_in_an_include():
    # each level of include is a resolver every request goes through
    app = [path("members", RealmMembersView.as_view(), name="members")]

    patterns = GatewayPrefixResolver(service_id="svc").urlpatterns(app)

    assert [str(p.pattern) for p in patterns] == [
        "-/svc/",
        f"^(?P<realm>{REALM_REGEX})/svc/",
        "members",
    ]


def test_with_the_gateway_off_at_the_root_app_url_the_patterns_are_served_as_they_are():
    app = [path("members", RealmMembersView.as_view(), name="members")]

    assert GatewayPrefixResolver().urlpatterns(app) == app


def test_auth_urls_live_only_under_the_public_realm(settings):
    settings.ROOT_URLCONF = __name__
    settings.GATEWAY_SERVICE_ID = "svc"

    assert resolve("/eha/-/svc/accounts/login/").url_name == "login"
    with pytest.raises(Resolver404):
        resolve("/eha/realm-a/svc/accounts/login/")
    with pytest.raises(NoReverseMatch):
        reverse("rest_framework:login", kwargs={"realm": "realm-a"})


@pytest.mark.django_db
def test_realm_path_with_app_url_is_served(client, settings, oidc_provider):
    settings.ROOT_URLCONF = __name__
    settings.APP_URL = "/eha/"
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    token = oidc_provider.issue_token("realm-a", "user")

    response = client.get("/eha/realm-a/svc/health", headers={HEADER: token})

    assert response.status_code == 200


# this module is also a URL conf: APP_URL "/eha/", the demo's health and sign-in URLs
urlpatterns = GatewayPrefixResolver(app_url="/eha/", service_id="svc").urlpatterns(
    [path("", include("aether_kit.health.urls"))],
    public=[path("accounts/", include("rest_framework.urls"))],
)


@pytest.fixture
def demo_behind_gateway(settings, oidc_provider):
    """The demo's own urls.py, imported again with the gateway on."""
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    importlib.reload(testproject.urls)
    clear_url_caches()
    yield oidc_provider
    settings.GATEWAY_SERVICE_ID = None
    importlib.reload(testproject.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_demo_answers_behind_the_gateway(client, demo_behind_gateway):
    token = demo_behind_gateway.issue_token("realm-a", "user")

    response = client.get("/realm-a/svc/whoami", headers={HEADER: token})

    assert response.json() == {"username": "realm-a__user"}


def test_demo_keeps_admin_and_sign_in_under_the_public_realm(demo_behind_gateway):
    assert reverse("admin:index") == "/-/svc/admin/"
    assert resolve("/-/svc/accounts/login").url_name == "login"
    with pytest.raises(Resolver404):
        resolve("/realm-a/svc/admin/")
    with pytest.raises(Resolver404):
        resolve("/accounts/login")
