"""``KeycloakClient``: everything the sign-in asks the OpenID provider, each call a method.

Where a realm's endpoints are, which issuer it names and which grants it
offers come from its discovery document (``<KEYCLOAK_SERVER_URL>/<realm>/
.well-known/openid-configuration``), so Keycloak and any other OpenID provider
serving that document are reached the same way; Keycloak's URL layout is only
the fallback for an endpoint a realm does not announce. The sign-in's
authentication backend (:class:`~aether_kit.auth.keycloak.backend.KeycloakBackend`)
holds the steps of signing in; this class holds the requests. Subclass it and
name it in the backend's ``client_class`` to change one.
"""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote, urlencode

import requests

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import get_session
from aether_kit.multitenancy.realms import validate_realm
from aether_kit.tokens.discovery import (
    DiscoveryUnavailable,
    discovery_url,
    fetch_discovery,
    to_public_url,
    to_server_url,
)

from .errors import KeycloakError, KeycloakRejected, KeycloakUnavailable, LogoutFailed
from .tokens import SessionTokens

__all__ = ["KEYCLOAK_ENDPOINTS", "KeycloakClient"]

logger = logging.getLogger(__name__)

OIDC_PATH = "protocol/openid-connect"
# discovery's name of an endpoint -> where Keycloak has it under <realm>/, for a realm
# whose discovery document leaves one out
KEYCLOAK_ENDPOINTS = {
    "authorization_endpoint": f"{OIDC_PATH}/auth",
    "token_endpoint": f"{OIDC_PATH}/token",
    "jwks_uri": f"{OIDC_PATH}/certs",
    "userinfo_endpoint": f"{OIDC_PATH}/userinfo",
    "end_session_endpoint": f"{OIDC_PATH}/logout",
}
# short names of earlier versions of the kit, still accepted by get_endpoint
_SHORT_NAMES = {
    "auth": "authorization_endpoint",
    "token": "token_endpoint",
    "certs": "jwks_uri",
    "userinfo": "userinfo_endpoint",
    "logout": "end_session_endpoint",
}


class KeycloakClient:
    """The sign-in's requests to a realm's OpenID provider. Stateless: one per call is fine."""

    # -- where the provider is ----------------------------------------------------------------

    def get_server_url(self) -> str:
        """The base this service uses to reach the provider, up to and including ``/realms``."""
        return str(kit_settings.KEYCLOAK_SERVER_URL).rstrip("/")

    def get_public_url(self) -> str:
        """The same base as browsers see it (``KEYCLOAK_ISSUER_URL``)."""
        return str(kit_settings.KEYCLOAK_ISSUER_URL or self.get_server_url()).rstrip("/")

    def get_realm_url(self, realm: str) -> str:
        return f"{self.get_server_url()}/{validate_realm(realm)}"

    def get_discovery(self, realm: str) -> dict[str, Any]:
        """The realm's discovery document, fetched once an hour at most.

        An unknown realm (404) or an answer that is not a JSON document is
        :class:`KeycloakUnavailable` here: the sign-in cannot go on without it.
        """
        document = self.fetch_discovery(realm)
        if document is None:
            raise KeycloakUnavailable(f"realm {realm} has no discovery document (404)")
        return document

    def fetch_discovery(self, realm: str) -> dict[str, Any] | None:
        """The realm's discovery document, or None when the provider has no such realm."""
        url = discovery_url(validate_realm(realm))
        try:
            with self.get_http() as http:
                return fetch_discovery(url, session=http)
        except DiscoveryUnavailable as exc:
            raise KeycloakUnavailable(str(exc)) from exc

    def realm_exists(self, realm: str) -> bool:
        """Whether the provider serves ``realm``: its discovery document is there.

        Any OpenID provider has one per issuer; aether.sdk asked Keycloak's
        ``<realm>/account`` page, which only Keycloak has.
        """
        return self.fetch_discovery(realm) is not None

    def get_issuer(self, realm: str) -> str:
        """The ``iss`` the realm's tokens carry: the discovery document's ``issuer``.

        When ``KEYCLOAK_ISSUER_URL`` names another base than ``KEYCLOAK_SERVER_URL``
        (browsers reach the provider on another host), it is
        ``<KEYCLOAK_ISSUER_URL>/<realm>``, as Keycloak names it to them.
        """
        public = self.get_public_url()
        if public != self.get_server_url():
            return f"{public}/{validate_realm(realm)}"
        issuer = self.get_discovery(realm).get("issuer")
        if not isinstance(issuer, str) or not issuer:
            raise KeycloakUnavailable(f"the discovery document of realm {realm} has no issuer")
        return issuer

    def find_endpoint(self, realm: str, name: str) -> str | None:
        """The discovered URL of ``name`` (``token_endpoint``, ``jwks_uri`` …), as published."""
        name = _SHORT_NAMES.get(name, name)
        url = self.get_discovery(realm).get(name)
        if isinstance(url, str) and url:
            return url
        if name in KEYCLOAK_ENDPOINTS:
            return f"{self.get_realm_url(realm)}/{KEYCLOAK_ENDPOINTS[name]}"
        return None

    def get_endpoint(self, realm: str, name: str) -> str:
        """``token_endpoint``, ``end_session_endpoint``, ``jwks_uri`` … for calls from here."""
        url = self.find_endpoint(realm, name)
        if url is None:
            raise KeycloakError(
                f"realm {realm} announces no {name}",
                message="The sign-in provider does not offer this. Please ask an administrator.",
            )
        return to_server_url(url)

    def get_browser_endpoint(self, realm: str, name: str) -> str:
        """The same, where a browser is sent: on the public host, not the internal one."""
        return to_public_url(self.get_endpoint(realm, name))

    def get_authorization_endpoint(self, realm: str) -> str:
        return self.get_browser_endpoint(realm, "authorization_endpoint")

    def requires_issuer_parameter(self, realm: str) -> bool:
        """Whether the callback must carry ``iss``: the realm says it always sends it (RFC 9207)."""
        return (
            self.get_discovery(realm).get("authorization_response_iss_parameter_supported") is True
        )

    def supports_grant(self, realm: str, grant_type: str) -> bool:
        """Whether the realm offers ``grant_type``; a document that does not say is believed."""
        supported = self.get_discovery(realm).get("grant_types_supported")
        return not isinstance(supported, list) or grant_type in supported

    def is_keycloak(self, realm: str) -> bool:
        """Whether the realm is Keycloak's: its logout is at Keycloak's place for it."""
        url = self.find_endpoint(realm, "end_session_endpoint") or ""
        return url.rstrip("/").endswith(f"/{KEYCLOAK_ENDPOINTS['end_session_endpoint']}")

    # -- who we are ---------------------------------------------------------------------------

    def get_client_id(self, realm: str) -> str:
        return str(kit_settings.KEYCLOAK_CLIENT_ID)

    def get_client_secret(self, realm: str) -> str | None:
        secret = kit_settings.KEYCLOAK_CLIENT_SECRET
        return str(secret) if secret else None

    def get_client_auth_method(self, realm: str) -> str:
        """``client_secret_basic`` (the standard's default) or ``client_secret_post``."""
        return str(kit_settings.KEYCLOAK_CLIENT_AUTH_METHOD)

    def get_client_credentials(self, realm: str) -> dict[str, str]:
        """Form fields that identify this client (with ``client_secret_post``, its secret too)."""
        credentials = {"client_id": self.get_client_id(realm)}
        secret = self.get_client_secret(realm)
        if secret and self.get_client_auth_method(realm) == "client_secret_post":
            credentials["client_secret"] = secret
        return credentials

    def get_client_headers(self, realm: str) -> dict[str, str]:
        """With ``client_secret_basic``, the secret in ``Authorization`` (RFC 6749 §2.3.1)."""
        secret = self.get_client_secret(realm)
        if not secret or self.get_client_auth_method(realm) != "client_secret_basic":
            return {}
        pair = f"{quote(self.get_client_id(realm), safe='')}:{quote(secret, safe='')}"
        return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode("ascii")}

    # -- requests -----------------------------------------------------------------------------

    def get_http(self) -> requests.Session:
        return get_session()

    def http_request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One call to the provider; a connection failure or a 5xx is :class:`KeycloakUnavailable`.

        Forms sent here hold passwords and tokens: neither the form nor the answer
        is ever logged, only the method, the URL and the status.
        """
        try:
            with self.get_http() as http:
                response = http.request(method, url, **kwargs)
        except requests.RequestException as exc:
            raise KeycloakUnavailable(f"{method} {url} failed: {exc.__class__.__name__}") from exc
        if response.status_code >= 500:
            raise KeycloakUnavailable(f"{method} {url} answered {response.status_code}")
        return response

    def client_request(self, realm: str, url: str, data: dict[str, str]) -> requests.Response:
        """POST ``data`` to ``url`` as this client (its credentials as the method says)."""
        form = {**data, **self.get_client_credentials(realm)}
        return self.http_request("POST", url, data=form, headers=self.get_client_headers(realm))

    def request_tokens(self, realm: str, data: dict[str, str]) -> dict[str, Any]:
        """POST to the realm's token endpoint; the answer's JSON, or a clear error."""
        url = self.get_endpoint(realm, "token_endpoint")
        response = self.client_request(realm, url, data)
        payload = json_object(response)
        if response.status_code != 200:
            raise KeycloakRejected(
                str(payload.get("error") or f"HTTP {response.status_code}"),
                str(payload.get("error_description") or ""),
            )
        if not isinstance(payload.get("access_token"), str):
            raise KeycloakUnavailable(f"POST {url} answered without an access token")
        return payload

    def request_userinfo(self, realm: str, access_token: str) -> dict[str, Any]:
        """The userinfo endpoint's claims for ``access_token`` (JSON answers only)."""
        url = self.get_endpoint(realm, "userinfo_endpoint")
        response = self.http_request(
            "GET", url, headers={"Authorization": f"Bearer {access_token}"}
        )
        payload = json_object(response)
        if response.status_code != 200 or not payload:
            raise KeycloakRejected(
                str(payload.get("error") or f"HTTP {response.status_code}"),
                f"userinfo of realm {realm} refused the access token",
            )
        return payload

    # -- logout -------------------------------------------------------------------------------

    def get_logout_mode(self, realm: str) -> str:
        """``server`` (Keycloak's POST of the refresh token) or ``redirect`` (RP-initiated)."""
        mode = str(kit_settings.KEYCLOAK_LOGOUT)
        if mode != "auto":
            return mode
        return "server" if self.is_keycloak(realm) else "redirect"

    def end_session(self, tokens: SessionTokens) -> None:
        """End the user's session at Keycloak, server side, with the refresh token.

        Raises :class:`LogoutFailed` when Keycloak cannot be reached or refuses:
        the provider's session may still be alive, and the user must be told.
        """
        if not tokens.refresh_token:
            raise LogoutFailed(f"no refresh token to end the session in realm {tokens.realm}")
        url = self.get_endpoint(tokens.realm, "end_session_endpoint")
        try:
            response = self.client_request(
                tokens.realm, url, {"refresh_token": tokens.refresh_token}
            )
        except KeycloakUnavailable as exc:
            raise LogoutFailed(str(exc)) from exc
        if response.status_code >= 300:
            raise LogoutFailed(f"POST {url} answered {response.status_code}")

    def get_logout_url(self, tokens: SessionTokens, post_logout_redirect_uri: str) -> str:
        """RP-initiated logout: where to send the browser to end its session at the provider.

        ``id_token_hint`` names the session; the URI must be registered with the
        client (Keycloak: *Valid post logout redirect URIs*).
        """
        params = {
            "client_id": self.get_client_id(tokens.realm),
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
        if tokens.id_token:
            params["id_token_hint"] = tokens.id_token
        url = self.get_browser_endpoint(tokens.realm, "end_session_endpoint")
        return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def json_object(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
