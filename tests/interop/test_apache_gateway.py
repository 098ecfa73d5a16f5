"""A real gateway in front: Apache httpd with mod_auth_openidc signs a browser in.

The gateway is ``docs/guides/apache-gateway.conf`` as the gateway guide shows it, for the
realm ``north``, with a confidential client of its own at the kit's test provider. Behind
it runs the demo (``GATEWAY_SERVICE_ID=svc``); in front, Debian's chromium. Nothing here
talks to the demo but through the gateway.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aether_kit.external import get_session
from aether_kit.testing.oidc_provider import Client, OIDCProvider
from tests.e2e.browser import chromium, new_tab, screenshot
from tests.e2e.demo import running_demo

from .apache import ApacheGateway, require_apache

# the demo picks its own SQLite database, so this runs once, in the SQLite pass of tests.run
pytestmark = [
    pytest.mark.interop,
    pytest.mark.skipif(
        os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
    ),
    pytest.mark.timeout(240),  # a guard against a server that never starts, not a speed limit
]

SERVICE = "svc"
# behind the gateway the service's static files live under the public realm's prefix
STATIC_URL = f"/-/{SERVICE}/static/"
REALM = "north"
USER, PASSWORD = "alice", "alice-password"
GATEWAY_SECRET = "gateway-secret"


@dataclass
class Deployment:
    gateway: ApacheGateway
    provider: OIDCProvider
    browser: Any
    # the same service and realm behind a gateway that says the browser used HTTPS
    https_gateway: ApacheGateway

    def url(self, path: str, realm: str = REALM, gateway: ApacheGateway | None = None) -> str:
        return f"{(gateway or self.gateway).url}/{realm}/{SERVICE}/{path}"

    def sign_in(self, path: str = "projects/", gateway: ApacheGateway | None = None) -> Any:
        """A new tab signed in as alice through the gateway, on ``path``."""
        tab = new_tab(self.browser)
        tab.goto(self.url(path, gateway=gateway))
        tab.get_by_label("Username").fill(USER)  # the provider's page
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_url(self.url(path, gateway=gateway))
        return tab


def realm_gateway(home: Path, provider: OIDCProvider, scheme: str) -> ApacheGateway:
    """A gateway for ``north`` whose client is registered at the provider in advance."""
    directory = home / scheme
    directory.mkdir()
    gateway = ApacheGateway(
        directory,
        realm=REALM,
        oidc_server_url=provider.server_url,
        client_id=f"gateway-{scheme}",
        client_secret=GATEWAY_SECRET,
        service_url="http://127.0.0.1:0",  # set once the service listens
        static_url=STATIC_URL,
        scheme=scheme,
    )
    provider.add_client(
        Client(f"gateway-{scheme}", GATEWAY_SECRET, redirect_uris=(gateway.callback_url,))
    )
    return gateway


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    require_apache()
    home = tmp_path_factory.mktemp("apache-gateway")
    with OIDCProvider(["north", "south"]) as provider:
        provider.add_user(REALM, USER, PASSWORD, given_name="Alice", family_name="North")
        provider.add_user("south", "bob", "bob-password")
        gateway = realm_gateway(home, provider, "http")
        https_gateway = realm_gateway(home, provider, "https")
        with running_demo(
            home,
            GATEWAY_SERVICE_ID=SERVICE,
            KEYCLOAK_SERVER_URL=provider.server_url,
            GATEWAY_LOGOUT_URL=gateway.logout_url(),
            DJANGO_HTTP_X_FORWARDED_PROTO="true",
        ) as demo_url:
            gateway.values["SERVICE_URL"] = https_gateway.values["SERVICE_URL"] = demo_url
            with gateway, https_gateway, chromium() as browser:
                yield Deployment(gateway, provider, browser, https_gateway)


def test_a_browser_signs_in_through_the_gateway_and_sees_its_realms_projects(
    deployment: Deployment,
) -> None:
    tab = deployment.sign_in("projects/")

    response = tab.locator(".ak-response").inner_text()
    screenshot(tab, "interop_apache_1_projects")

    assert response.startswith("HTTP 200 OK")
    assert '"name": "Wells"' in response
    assert '"name": "Roads"' not in response


def test_a_visitor_without_a_session_is_sent_to_the_realms_provider(
    deployment: Deployment,
) -> None:
    answer = get_session().get(deployment.url("projects/"), allow_redirects=False)

    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(deployment.provider.endpoint(REALM, "auth"))


def test_static_files_are_served_without_sign_in(deployment: Deployment) -> None:
    answer = get_session().get(
        f"{deployment.gateway.url}{STATIC_URL}rest_framework/js/csrf.js", allow_redirects=False
    )

    assert answer.status_code == 200


def test_another_realms_projects_are_refused_through_the_gateway(
    deployment: Deployment,
) -> None:
    tab = deployment.sign_in("projects/")

    answer = tab.goto(deployment.url("projects/", realm="south"))
    body = tab.locator("body").inner_text()
    screenshot(tab, "interop_apache_2_other_realm")

    assert answer is not None
    assert answer.status == 403
    assert json.loads(body) == {"detail": "The token belongs to realm 'north', not to 'south'."}


def test_a_project_created_through_the_gateway_belongs_to_the_users_realm(
    deployment: Deployment,
) -> None:
    tab = deployment.sign_in("projects/")

    form = tab.locator("details", has_text="Create (POST, HTML form)")
    form.get_by_label("Name").fill("Boreholes")
    form.get_by_role("button", name="POST").click()
    created = tab.locator(".ak-response").inner_text()
    screenshot(tab, "interop_apache_3_created")

    assert "HTTP 201 Created" in created
    assert '"realm": "north"' in created
    assert f'"url": "{deployment.url("projects/")}' in created


@pytest.mark.parametrize("action", ["Filtered delete", "Filtered partial update"])
def test_extra_actions_stay_behind_the_gateway(deployment: Deployment, action: str) -> None:
    tab = deployment.sign_in("projects/")

    tab.get_by_role("link", name=action).click()
    response = tab.locator(".ak-response").inner_text()
    screenshot(tab, f"interop_apache_4_{action.replace(' ', '_').lower()}")

    assert tab.url.startswith(deployment.url("projects/filtered-"))
    # reached the action, which only takes DELETE or PATCH
    assert response.startswith("HTTP 405 Method Not Allowed")


def test_a_projects_tasks_link_keeps_the_format_and_filters(deployment: Deployment) -> None:
    tab = deployment.sign_in("projects/?format=json")
    project = json.loads(tab.locator("body").inner_text())["results"][0]

    tab.goto(project["tasks_url"])
    tasks = json.loads(tab.locator("body").inner_text())["results"]

    assert project["tasks_url"].startswith(deployment.url("tasks/?format=json&project="))
    assert [task["name"] for task in tasks] == [f"Survey {project['name'].lower()}"]


def test_a_forwarded_host_sent_by_the_browser_is_replaced(deployment: Deployment) -> None:
    tab = deployment.sign_in("projects/?format=json")
    tab.set_extra_http_headers({"X-Forwarded-Host": "evil.example"})

    answer = tab.goto(deployment.url("projects/?format=json"))
    body = tab.locator("body").inner_text()

    assert answer is not None
    assert answer.status == 200
    assert "evil.example" not in body
    assert deployment.url("projects/") in body


def test_sign_out_on_the_page_ends_the_gateways_session(deployment: Deployment) -> None:
    tab = deployment.sign_in("projects/")
    logouts_before = deployment.provider.calls("logout", realm=REALM)

    tab.get_by_role("link", name="Sign out").click()
    tab.wait_for_load_state()
    tab.goto(deployment.url("projects/"))
    screenshot(tab, "interop_apache_5_signed_out")

    assert deployment.provider.calls("logout", realm=REALM) == logouts_before + 1
    assert tab.url.startswith(deployment.provider.endpoint(REALM, "auth"))
    assert tab.get_by_label("Password").is_visible()


def test_a_forwarded_proto_sent_by_the_browser_is_replaced(deployment: Deployment) -> None:
    tab = deployment.sign_in("projects/?format=json")
    tab.set_extra_http_headers({"X-Forwarded-Proto": "https"})

    tab.goto(deployment.url("projects/?format=json"))
    project = json.loads(tab.locator("body").inner_text())["results"][0]

    assert project["url"].startswith(deployment.url("projects/"))


def test_links_say_https_behind_a_gateway_that_says_the_browser_used_it(
    deployment: Deployment,
) -> None:
    gateway = deployment.https_gateway
    tab = deployment.sign_in("projects/?format=json", gateway=gateway)

    project = json.loads(tab.locator("body").inner_text())["results"][0]

    http_url = deployment.url("projects/", gateway=gateway)
    assert project["url"].startswith(http_url.replace("http://", "https://", 1))
