"""The shipped gateway helpers against the demo's realm-scoped API behind a real gateway.

The provider signs real tokens, the gateway fetches the realm's keys over HTTP
and verifies them, and the demo's ``projects`` list answers one realm's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import TestCase, override_settings

from aether_kit.gateway import GatewayPrefixResolver, clear_gateway_caches
from aether_kit.testing.clients import GatewayClient, token_header_name
from aether_kit.testing.testcases import AetherKitTestMixin
from testproject.urls import app_urls, public_urls
from tests.factories import ProjectFactory

SERVICE_ID = "svc"

# this module is also a URL conf: the demo's own URLs with the gateway switched on
urlpatterns = GatewayPrefixResolver(service_id=SERVICE_ID).urlpatterns(app_urls, public=public_urls)

pytestmark = pytest.mark.django_db


def project_names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [project["name"] for project in response.json()["results"]]


@pytest.fixture
def realm() -> str:
    """``gateway_client`` and the other fixtures act in ``realm-a``."""
    return "realm-a"


@pytest.fixture
def demo_behind_gateway(settings: Any, keycloak_settings: Any) -> Iterator[None]:
    """This module's URLs and the shared provider; not autouse, as the TestCase has its own."""
    settings.ROOT_URLCONF = __name__
    settings.GATEWAY_SERVICE_ID = SERVICE_ID
    clear_gateway_caches()
    yield
    clear_gateway_caches()


@pytest.fixture
def projects(demo_behind_gateway: None) -> None:
    ProjectFactory(realm="realm-a", name="mine")
    ProjectFactory(realm="realm-b", name="theirs")


@pytest.mark.usefixtures("projects")
def test_gateway_client_lists_only_its_realms_projects(gateway_client: GatewayClient) -> None:
    response = gateway_client.get(gateway_client.path("projects/"))

    assert project_names(response) == ["mine"]


@pytest.mark.usefixtures("projects")
def test_a_second_realms_gateway_client_lists_its_own_projects(
    make_gateway_client: Callable[..., GatewayClient],
) -> None:
    client = make_gateway_client("realm-b")

    response = client.get(client.path("projects/"))

    assert project_names(response) == ["theirs"]


@pytest.mark.usefixtures("projects")
def test_another_realms_gateway_client_is_refused_on_the_realms_path(
    make_gateway_client: Callable[..., GatewayClient], gateway_path: Callable[..., str]
) -> None:
    client = make_gateway_client("realm-b")

    response = client.get(gateway_path("realm-a", "projects/"))

    assert response.status_code == 403
    assert "mine" not in response.content.decode()


@pytest.mark.usefixtures("demo_behind_gateway")
def test_make_gateway_token_is_accepted_in_the_gateway_header(
    make_gateway_token: Callable[..., str], gateway_path: Callable[..., str], client: Any
) -> None:
    token = make_gateway_token()

    response = client.get(gateway_path("realm-a", "whoami"), **{token_header_name(): token})

    assert response.json() == {"username": "realm-a__user"}


@pytest.mark.usefixtures("demo_behind_gateway")
def test_an_expired_token_of_make_gateway_client_is_refused(
    make_gateway_client: Callable[..., GatewayClient],
) -> None:
    client = make_gateway_client(exp=1)

    assert client.get(client.path("projects/")).status_code == 401


@override_settings(ROOT_URLCONF=__name__, GATEWAY_SERVICE_ID=SERVICE_ID)
class GatewayMixinTests(AetherKitTestMixin, TestCase):
    use_oidc_provider = True
    oidc_realms = ("realm-a", "realm-b")

    @classmethod
    def setUpTestData(cls) -> None:
        ProjectFactory(realm="realm-a", name="mine")
        ProjectFactory(realm="realm-b", name="theirs")

    def setUp(self) -> None:
        clear_gateway_caches()
        self.addCleanup(clear_gateway_caches)

    def test_gateway_clients_list_only_their_realms_projects(self) -> None:
        realm_a, realm_b = self.gateway_client("realm-a"), self.gateway_client("realm-b")

        assert project_names(realm_a.get(realm_a.path("projects/"))) == ["mine"]
        assert project_names(realm_b.get(realm_b.path("projects/"))) == ["theirs"]

    def test_another_realms_gateway_client_is_refused_on_the_realms_path(self) -> None:
        client = self.gateway_client("realm-b")

        response = client.get(self.gateway_path("projects/", realm="realm-a"))

        assert response.status_code == 403
        assert "mine" not in response.content.decode()
