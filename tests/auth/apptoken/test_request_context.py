import pytest
from django.test import RequestFactory

from aether_kit.auth.apptoken.request_context import current_realm, gateway_token, path_realm
from aether_kit.realms.context import realm_scope


@pytest.fixture
def gateway(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.GATEWAY_PUBLIC_REALM = "-"
    settings.APP_URL = "/"
    return settings


@pytest.mark.parametrize(
    ("path", "realm"),
    [
        ("/north/svc/proxy/kernel/x", "north"),
        ("/north/svc", "north"),
        ("/-/svc/proxy/kernel/x", None),
        ("/north/other/proxy", None),
        ("/proxy/kernel/x", None),
        ("/bad%20realm/svc/x", None),
    ],
)
def test_the_realm_comes_from_the_gateway_form_of_the_path(gateway, path, realm):
    assert path_realm(RequestFactory().get(path)) == realm


def test_the_realm_follows_the_app_url(gateway):
    gateway.APP_URL = "/demo/"

    assert path_realm(RequestFactory().get("/demo/north/svc/x")) == "north"


def test_with_the_gateway_off_no_path_has_a_realm(settings):
    settings.GATEWAY_SERVICE_ID = None

    assert path_realm(RequestFactory().get("/north/svc/x")) is None


@pytest.mark.django_db
def test_the_gateway_token_is_read_only_with_the_gateway_on(
    settings, keycloak_settings, oidc_provider
):
    token = oidc_provider.issue_token("realm-a", "user")

    settings.GATEWAY_SERVICE_ID = None
    assert (
        gateway_token(RequestFactory().get("/realm-a/svc/x", headers={"X-Oauth-Token": token}))
        is None
    )
    settings.GATEWAY_SERVICE_ID = "svc"
    assert (
        gateway_token(RequestFactory().get("/realm-a/svc/x", headers={"X-Oauth-Token": token}))
        == token
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/proxy/x", "/-/svc/proxy/x", "/realm-b/svc/proxy/x"])
def test_a_gateway_token_not_verified_for_the_path_is_no_gateway_token(
    settings, keycloak_settings, oidc_provider, path
):
    settings.GATEWAY_SERVICE_ID = "svc"
    token = oidc_provider.issue_token("realm-a", "user")

    assert gateway_token(RequestFactory().get(path, headers={"X-Oauth-Token": token})) is None


@pytest.mark.django_db
def test_a_made_up_gateway_token_is_no_gateway_token(settings, keycloak_settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    request = RequestFactory().get("/realm-a/svc/x", headers={"X-Oauth-Token": "jwt"})

    assert gateway_token(request) is None


def test_the_current_realm_is_the_requests_then_the_running_codes(settings):
    settings.MULTITENANCY = True
    request = RequestFactory().get("/")

    with realm_scope("south"):
        assert current_realm(request) == "south"
        request.realm = "north"
        assert current_realm(request) == "north"


def test_without_multitenancy_there_is_no_current_realm(settings):
    settings.MULTITENANCY = False
    request = RequestFactory().get("/")
    request.realm = "north"

    assert current_realm(request) is None
