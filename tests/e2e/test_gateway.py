"""The demo behind the gateway, over real HTTP: a provider token in, prefixed links out.

The demo runs as ``rundemo`` does for a person, in a process of its own with
``GATEWAY_SERVICE_ID=svc`` and ``KEYCLOAK_SERVER_URL`` naming the shipped test
provider, which has the demo's realms and users (``alice`` in ``north``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from aether_kit.external import get_session
from aether_kit.testing.oidc_provider import OIDCProvider

from .demo import running_demo

# the demo picks its own SQLite database, so this runs once, in the SQLite pass of tests.run
pytestmark = [
    pytest.mark.skipif(
        os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
    ),
    pytest.mark.timeout(180),  # a guard against a demo that never starts, not a speed limit
]

SERVICE = "svc"


@dataclass
class GatewayDemo:
    url: str
    provider: OIDCProvider

    def get(self, path: str, realm: str = "north", username: str = "alice") -> Any:
        token = self.provider.issue_token(realm, username)
        return get_session().get(
            f"{self.url}{path}", headers={"X-Oauth-Token": token, "Accept": "application/json"}
        )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayDemo]:
    home = tmp_path_factory.mktemp("gateway-demo")
    with OIDCProvider(["north", "south"]) as provider:
        provider.add_user("north", "alice", "alice-password")
        provider.add_user("south", "bob", "bob-password")
        with running_demo(
            home, GATEWAY_SERVICE_ID=SERVICE, KEYCLOAK_SERVER_URL=provider.server_url
        ) as url:
            yield GatewayDemo(url, provider)


def links(item: dict[str, Any]) -> list[str]:
    return [value for key, value in item.items() if key == "url" or key.endswith("_url")]


def test_projects_answer_with_the_tokens_realm_only(demo: GatewayDemo) -> None:
    response = demo.get(f"/north/{SERVICE}/projects/")

    assert response.status_code == 200
    assert [project["name"] for project in response.json()["results"]] == ["Wells", "Clinics"]


def test_project_links_keep_the_gateway_prefix(demo: GatewayDemo) -> None:
    prefix = f"{demo.url}/north/{SERVICE}/"

    projects = demo.get(f"/north/{SERVICE}/projects/").json()["results"]
    project_links = [link for project in projects for link in links(project)]

    assert len(project_links) == 4
    assert all(link.startswith(prefix) for link in project_links), project_links


def test_following_a_link_stays_behind_the_gateway(demo: GatewayDemo) -> None:
    project = demo.get(f"/north/{SERVICE}/projects/").json()["results"][0]

    tasks = demo.get(project["tasks_url"].removeprefix(demo.url)).json()["results"]

    assert [task["name"] for task in tasks] == ["Survey wells"]
    assert tasks[0]["project_url"] == project["url"]


def test_api_root_links_keep_the_gateway_prefix(demo: GatewayDemo) -> None:
    root = demo.get(f"/north/{SERVICE}/").json()

    assert root == {
        name: f"{demo.url}/north/{SERVICE}/{name}/" for name in ("projects", "tasks", "users")
    }


def test_a_token_of_another_realm_is_refused(demo: GatewayDemo) -> None:
    response = demo.get(f"/south/{SERVICE}/projects/", realm="north")

    assert response.status_code == 403
    assert "north" in response.json()["detail"]


def test_a_call_without_a_token_is_asked_to_authenticate(demo: GatewayDemo) -> None:
    response = get_session().get(f"{demo.url}/north/{SERVICE}/projects/")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
