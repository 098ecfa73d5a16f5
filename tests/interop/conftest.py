"""The kit against independently written counterparts, each flow against two providers.

``counterpart`` runs every test twice: against panva's ``oidc-provider`` (a certified
OpenID Provider, in its standard configuration, started by Node.js) and against the kit's
own Keycloak-shaped provider. Both serve the realms ``realm-a`` and ``realm-b`` at
``<server>/realms/<realm>`` to the confidential client ``kit-confidential`` (PKCE required)
and have the user ``ana``. Nothing in the kit's settings below is specific to either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from aether_kit.conf.keycloak import KEYCLOAK_BACKEND, MODEL_BACKEND
from aether_kit.external import get_session
from aether_kit.gateway import clear_gateway_caches
from aether_kit.testing.oidc_provider import Client, OIDCProvider
from tests.e2e.browser import chromium

from .node_provider import NodeProvider, installed_version, start_node_provider

REALMS = ["realm-a", "realm-b"]
CLIENT_ID, CLIENT_SECRET = "kit-confidential", "kit-confidential-secret"
PUBLIC_CLIENT_ID = "kit-public"
USERNAME, PASSWORD = "ana", "interop-password"
# what the kit asks for: refresh tokens are standard only with offline_access
SCOPE = "openid profile email offline_access"


@dataclass
class Counterpart:
    """One provider as the tests see it; ``audience`` is what its gateway tokens carry."""

    name: str
    server_url: str
    audience: str
    # extra authorization and token parameters of a gateway's sign-in (a resource indicator)
    gateway_params: dict[str, str]
    rotate_keys: Callable[[str], Any]
    # whether a browser signed in once is signed in again without its password (SSO)
    remembers_browser: bool
    # Keycloak's password grant ("behind the scenes"); standard OIDC has none
    offers_password_grant: bool
    kit_provider: OIDCProvider | None = None

    def issuer(self, realm: str) -> str:
        return f"{self.server_url}/{realm}"


def kit_settings_for(settings: Any, counterpart: Counterpart) -> None:
    """The kit's settings for a provider: the same for both but the server's address."""
    settings.KEYCLOAK_SERVER_URL = counterpart.server_url
    settings.KEYCLOAK_ISSUER_URL = None
    settings.KEYCLOAK_CLIENT_ID = CLIENT_ID
    settings.KEYCLOAK_CLIENT_SECRET = CLIENT_SECRET
    settings.KEYCLOAK_CLIENT_AUTH_METHOD = "client_secret_basic"
    settings.KEYCLOAK_SCOPE = SCOPE
    settings.KEYCLOAK_LOGOUT = "auto"
    settings.KEYCLOAK_BEHIND_SCENES = False
    settings.KEYCLOAK_REFRESH_MARGIN = 30
    settings.MULTITENANCY = True
    settings.AUTHENTICATION_BACKENDS = [KEYCLOAK_BACKEND, MODEL_BACKEND]


@pytest.fixture(scope="session")
def node_provider(live_server: Any) -> Iterator[NodeProvider]:
    started = start_node_provider(
        REALMS,
        redirect_uris=[
            f"{live_server.url}/accounts/callback",
            # Django's test client
            "http://testserver/accounts/callback",
            # a gateway's own sign-in
            "http://gateway.invalid/callback",
        ],
        post_logout_redirect_uris=[f"{live_server.url}/accounts/login"],
    )
    yield started
    started.stop()


@pytest.fixture(scope="session")
def kit_provider() -> Iterator[OIDCProvider]:
    clients = [
        Client(CLIENT_ID, secret=CLIENT_SECRET, require_pkce=True),
        Client(PUBLIC_CLIENT_ID, require_pkce=True),
    ]
    with OIDCProvider(REALMS, clients=clients) as provider:
        for realm in REALMS:
            provider.add_user(
                realm,
                USERNAME,
                PASSWORD,
                given_name="Ana",
                family_name="Silva",
                email="ana@example.org",
            )
        yield provider


@pytest.fixture(params=["oidc-provider", "keycloak-shaped"])
def counterpart(request: pytest.FixtureRequest) -> Counterpart:
    if request.param == "oidc-provider":
        node: NodeProvider = request.getfixturevalue("node_provider")
        return Counterpart(
            name=f"oidc-provider {installed_version()}",
            server_url=node.server_url,
            audience=str(node.info["resource"]),
            gateway_params={"resource": str(node.info["resource"])},
            rotate_keys=node.rotate_keys,
            remembers_browser=True,
            offers_password_grant=False,
        )
    kit: OIDCProvider = request.getfixturevalue("kit_provider")
    return Counterpart(
        name="the kit's Keycloak-shaped provider",
        server_url=kit.server_url,
        audience="account",
        gateway_params={},
        rotate_keys=kit.rotate_keys,
        remembers_browser=False,
        offers_password_grant=True,
        kit_provider=kit,
    )


@pytest.fixture
def signed_in_kit(settings: Any, counterpart: Counterpart) -> Iterator[Counterpart]:
    """The kit's sign-in pointed at ``counterpart``, with no keys or documents remembered."""
    kit_settings_for(settings, counterpart)
    clear_gateway_caches()
    yield counterpart
    clear_gateway_caches()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


# -- a sign-in over HTTP, as a gateway or a script does it ----------------------------------------

_FORM = re.compile(r"<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S | re.I)
_HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"(name|value)=\"([^\"]*)\"")


def http_sign_in(
    authorization_url: str, redirect_uri: str, username: str = USERNAME, password: str = PASSWORD
) -> dict[str, str]:
    """Follow the provider's pages with ``requests`` up to ``redirect_uri``: its query.

    The provider's own sign-in form gets the username and the password; every
    other page is a redirect. Cookies are kept, as a browser keeps them.
    """
    with get_session(retries=0) as http:
        response = http.get(authorization_url, allow_redirects=False)
        for _ in range(12):
            location = response.headers.get("Location")
            if location:
                location = urljoin(response.url, location)
                if location.startswith(redirect_uri):
                    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
                response = http.get(location, allow_redirects=False)
                continue
            form = _FORM.search(response.text)
            if response.status_code != 200 or form is None:
                break
            fields = dict(_hidden_fields(form.group(2)))
            fields.update(username=username, password=password)
            action = urljoin(response.url, unescape(form.group(1)))
            response = http.post(action, data=fields, allow_redirects=False)
    raise AssertionError(f"the sign-in ended at {response.status_code} {response.url}")


def _hidden_fields(form: str) -> Iterator[tuple[str, str]]:
    for tag in _HIDDEN.findall(form):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if "name" in attributes:
            yield unescape(attributes["name"]), unescape(attributes.get("value", ""))


def client_sign_in(client: Any, realm: str = "realm-a") -> Any:
    """Sign Django's test ``client`` in through the provider's pages; the callback's answer."""
    started = client.post("/accounts/login", {"realm": realm})
    assert started.status_code == 302, started.content
    callback = "http://testserver/accounts/callback"
    params = http_sign_in(started["Location"], callback)
    return client.get("/accounts/callback", params)
