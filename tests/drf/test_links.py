"""The drf package's ``reverse`` keeps the prefix a request came in by, whatever the URLconf."""

import pytest
from django.urls import resolve

from aether_kit.drf import reverse
from tests.gateway.urls import SERVICE_ID


@pytest.fixture
def gateway_urls(settings):
    settings.GATEWAY_SERVICE_ID = SERVICE_ID
    settings.ROOT_URLCONF = "tests.gateway.urls"


def test_a_request_through_the_prefix_resolver_gets_links_under_its_realm(rf, gateway_urls):
    request = rf.get(f"/realm-a/{SERVICE_ID}/api/users/")

    url = reverse("user-list", request=request)

    assert url == f"http://testserver/realm-a/{SERVICE_ID}/api/users/"


def test_an_internal_request_gets_internal_links(rf, gateway_urls):
    request = rf.get("/api/users/")

    assert reverse("user-list", request=request) == "http://testserver/api/users/"


def test_the_package_exports_the_function_not_its_module():
    assert callable(reverse)


def test_a_view_that_asked_for_the_realm_still_gets_links_under_its_realm(rf, gateway_urls):
    path = f"/realm-a/{SERVICE_ID}/realm-kwarg"
    request = rf.get(path)
    request.resolver_match = resolve(path)

    url = reverse("user-list", request=request)

    assert request.resolver_match.kwargs["realm"] == "realm-a"
    assert url == f"http://testserver/realm-a/{SERVICE_ID}/api/users/"
