"""``KeycloakBackend``: every step of signing in with Keycloak, each one a method to override.

Two ways in, both per realm:

* redirect mode — the authorization-code flow with ``state``, ``nonce`` and
  PKCE (S256): :meth:`~KeycloakBackend.start_login` sends the browser to
  Keycloak, :meth:`~KeycloakBackend.authenticate` with the callback's query
  parameters finishes it;
* behind the scenes — :meth:`~KeycloakBackend.authenticate` with ``realm``,
  ``username`` and ``password`` posts them to the realm's token endpoint.

The tokens are verified locally (signature against the realm's keys, issuer,
audience, expiry, nonce), the user is found or created as
``<realm>__<preferred_username>`` in the realm's group, and the tokens are
kept in the server-side session once Django has logged the user in (see
:mod:`aether_kit.auth.keycloak.signals`). After that Keycloak is called again
only to refresh an access token about to expire and to end its session at
logout.

Subclass and name your class in ``AUTHENTICATION_BACKENDS`` to change a step,
as with mozilla-django-oidc.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_backends, get_user_model, load_backend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import get_session
from aether_kit.gateway import keep_gateway_prefix
from aether_kit.multitenancy.realms import provider_username, validate_realm
from aether_kit.multitenancy.users import add_user_to_realm
from aether_kit.tokens.jwks import KeysUnavailable
from aether_kit.tokens.users import profile_from_claims, username_fits
from aether_kit.tokens.verifier import TokenRejected

from .errors import (
    InvalidCredentials,
    KeycloakError,
    KeycloakRejected,
    KeycloakUnavailable,
    LoginStateError,
    TokenVerificationError,
)
from .flow import LoginFlow, pop_flow, save_flow
from .tokens import SessionTokens
from .verification import ACCESS_TOKEN, ID_TOKEN, KeycloakTokenVerifier

__all__ = [
    "PENDING_TOKENS_ATTRIBUTE",
    "KeycloakBackend",
    "clear_discovery_cache",
    "get_keycloak_backend",
    "get_session_backend",
    "require_keycloak_backend",
]

logger = logging.getLogger(__name__)

OIDC_PATH = "protocol/openid-connect"
CALLBACK_URL_NAME = "rest_framework:keycloak-callback"
# the tokens of a fresh login travel on the user object (as Django's ``user.backend``
# does) until ``login()`` has settled the session; then they move into it
PENDING_TOKENS_ATTRIBUTE = "keycloak_tokens"
# a realm's discovery document changes with an upgrade of Keycloak, not between sign-ins
DISCOVERY_LIFETIME = 3600
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_discovery_lock = threading.Lock()


def clear_discovery_cache() -> None:
    """Forget the realms' discovery documents (tests; after upgrading Keycloak)."""
    with _discovery_lock:
        _discovery_cache.clear()


class KeycloakBackend(ModelBackend):
    """Signs users in against the Keycloak realm they name. Stateless: one per request is fine."""

    scope = "openid profile email"

    # -- where Keycloak is --------------------------------------------------------------------

    def get_server_url(self) -> str:
        """The base this service uses to reach Keycloak, up to and including ``/realms``."""
        return str(kit_settings.KEYCLOAK_SERVER_URL).rstrip("/")

    def get_public_url(self) -> str:
        """The same base as browsers see it (``KEYCLOAK_ISSUER_URL``)."""
        return str(kit_settings.KEYCLOAK_ISSUER_URL or self.get_server_url()).rstrip("/")

    def get_realm_url(self, realm: str) -> str:
        return f"{self.get_server_url()}/{validate_realm(realm)}"

    def get_issuer(self, realm: str) -> str:
        """The ``iss`` the realm's tokens carry."""
        return f"{self.get_public_url()}/{validate_realm(realm)}"

    def get_endpoint(self, realm: str, name: str) -> str:
        """``token``, ``logout``, ``certs`` … of the realm, for calls from this service."""
        return f"{self.get_realm_url(realm)}/{OIDC_PATH}/{name}"

    def get_authorization_endpoint(self, realm: str) -> str:
        """Where the browser is sent: on the public host, not the internal one."""
        return f"{self.get_issuer(realm)}/{OIDC_PATH}/auth"

    def get_client_id(self, realm: str) -> str:
        return str(kit_settings.KEYCLOAK_CLIENT_ID)

    def get_client_credentials(self, realm: str) -> dict[str, str]:
        """Form fields that identify this client (confidential clients add their secret)."""
        credentials = {"client_id": self.get_client_id(realm)}
        if kit_settings.KEYCLOAK_CLIENT_SECRET:
            credentials["client_secret"] = str(kit_settings.KEYCLOAK_CLIENT_SECRET)
        return credentials

    def get_http(self) -> requests.Session:
        return get_session()

    def http_request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One call to Keycloak; a connection failure or a 5xx is :class:`KeycloakUnavailable`.

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

    def get_discovery(self, realm: str) -> dict[str, Any]:
        """The realm's ``.well-known/openid-configuration``, fetched once an hour at most.

        Asked only for what the realm promises (the ``iss`` of RFC 9207); an
        answer that is not a JSON document is :class:`KeycloakUnavailable` and is
        not kept, so the next sign-in asks again.
        """
        url = f"{self.get_realm_url(realm)}/.well-known/openid-configuration"
        now = time.monotonic()
        with _discovery_lock:
            cached = _discovery_cache.get(url)
        if cached is not None and cached[0] > now:
            return cached[1]
        response = self.http_request("GET", url)
        document = _json(response)
        if response.status_code != 200 or not document:
            raise KeycloakUnavailable(f"GET {url} answered {response.status_code} without JSON")
        with _discovery_lock:
            _discovery_cache[url] = (now + DISCOVERY_LIFETIME, document)
        return document

    def requires_issuer_parameter(self, realm: str) -> bool:
        """Whether the callback must carry ``iss``: the realm says it always sends it.

        Keycloak announces ``authorization_response_iss_parameter_supported``; a
        callback without ``iss`` from such a realm did not come from it as sent.
        """
        return (
            self.get_discovery(realm).get("authorization_response_iss_parameter_supported") is True
        )

    # -- the realm step -----------------------------------------------------------------------

    def realm_exists(self, realm: str) -> bool:
        """Whether Keycloak knows ``realm`` (``HEAD <realm>/account``, as aether.sdk asked)."""
        response = self.http_request("HEAD", f"{self.get_realm_url(realm)}/account")
        return response.status_code < 400

    # -- redirect mode ------------------------------------------------------------------------

    def get_redirect_uri(self, request: HttpRequest) -> str:
        """The callback URL Keycloak sends the browser back to (allow it in the client).

        A sign-in started behind the gateway (``/<public-realm>/<service>/…``) comes
        back the same way.
        """
        return keep_gateway_prefix(request.build_absolute_uri(reverse(CALLBACK_URL_NAME)), request)

    def start_login(self, request: HttpRequest, realm: str, next_url: str = "") -> str:
        """Begin a sign-in into ``realm``; the answer is the URL to send the browser to."""
        flow = LoginFlow(
            realm=validate_realm(realm),
            redirect_uri=self.get_redirect_uri(request),
            next_url=next_url,
        )
        save_flow(request.session, flow)
        return self.build_authorization_url(request, flow)

    def get_authorization_params(self, request: HttpRequest, flow: LoginFlow) -> dict[str, str]:
        return {
            "client_id": self.get_client_id(flow.realm),
            "response_type": "code",
            "scope": self.scope,
            "redirect_uri": flow.redirect_uri,
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.code_challenge,
            "code_challenge_method": "S256",
        }

    def build_authorization_url(self, request: HttpRequest, flow: LoginFlow) -> str:
        params = self.get_authorization_params(request, flow)
        return f"{self.get_authorization_endpoint(flow.realm)}?{urlencode(params)}"

    def get_login_flow(self, request: HttpRequest, params: Any) -> LoginFlow:
        """The flow this callback answers, taken out of the session so it cannot be replayed."""
        state = params.get("state")
        if not state:
            raise LoginStateError("the callback carries no state")
        flow = pop_flow(request.session, state)
        if flow is None:
            raise LoginStateError("the callback's state is unknown, used or expired")
        self.check_callback_issuer(flow, params.get("iss"))
        return flow

    def check_callback_issuer(self, flow: LoginFlow, issuer: str | None) -> None:
        """RFC 9207: the answer must come from the issuer we asked, and say so if it can.

        A realm whose discovery promises ``iss`` must send it; a missing one fails
        the sign-in. When present, it must be the realm's issuer.
        """
        if not issuer:
            if self.requires_issuer_parameter(flow.realm):
                raise LoginStateError(
                    f"the callback carries no iss, which realm {flow.realm} always sends",
                    message="Keycloak's answer was incomplete. Please sign in again.",
                )
            return
        if issuer != self.get_issuer(flow.realm):
            # the answer comes from another issuer than the one we asked
            raise LoginStateError(f"the callback comes from issuer {str(issuer)[:200]!r}")

    def exchange_code(self, request: HttpRequest, flow: LoginFlow, code: str) -> dict[str, Any]:
        """Trade the authorization code for tokens, proving the flow with its PKCE verifier."""
        return self.request_tokens(
            flow.realm,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": flow.redirect_uri,
                "code_verifier": flow.code_verifier,
            },
        )

    def authenticate_callback(self, request: HttpRequest, flow: LoginFlow, params: Any) -> Any:
        """Finish the sign-in ``flow`` with the callback's query parameters."""
        if params.get("error"):
            # anyone can write these into the callback URL: quoted and cut short in the logs
            raise KeycloakRejected(
                repr(str(params["error"])[:100]),
                repr(str(params.get("error_description", ""))[:200]),
                message="Keycloak did not sign you in. Please try again.",
            )
        code = params.get("code")
        if not code:
            raise LoginStateError("the callback carries no code")
        payload = self.exchange_code(request, flow, code)
        return self.login_with_tokens(flow.realm, payload, nonce=flow.nonce)

    # -- behind-the-scenes mode ---------------------------------------------------------------

    def password_grant(self, realm: str, username: str, password: str) -> dict[str, Any]:
        try:
            return self.request_tokens(
                realm,
                {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "scope": self.scope,
                },
            )
        except KeycloakRejected as exc:
            if exc.error == "invalid_grant":
                raise InvalidCredentials(exc.error, exc.description) from exc
            raise

    # -- Django's authenticate() --------------------------------------------------------------

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        realm: str | None = None,
        username: str | None = None,
        password: str | None = None,
        keycloak_flow: LoginFlow | None = None,
        keycloak_callback: Any = None,
        **kwargs: Any,
    ) -> Any:
        """``authenticate(request, realm=…, username=…, password=…)`` or, in the callback,
        ``authenticate(request, keycloak_flow=flow, keycloak_callback=request.GET)`` with
        the flow from :meth:`get_login_flow`.

        Wrong credentials raise ``PermissionDenied`` so that Django does not go on
        to try the same username and password against local accounts. Other
        failures raise a :class:`KeycloakError` whose ``message`` tells the user
        what happened. Without Keycloak credentials the answer is None: local
        accounts are ``ModelBackend``'s business.
        """
        if keycloak_flow is not None and request is not None:
            return self.authenticate_callback(request, keycloak_flow, keycloak_callback or {})
        if realm is None or username is None or password is None:
            return None
        try:
            payload = self.password_grant(validate_realm(realm), username, password)
        except InvalidCredentials as exc:
            logger.info("Keycloak refused the password of a user of realm %s: %s", realm, exc)
            raise PermissionDenied from exc
        return self.login_with_tokens(realm, payload, nonce=None)

    # -- tokens ---------------------------------------------------------------------------------

    def request_tokens(self, realm: str, data: dict[str, str]) -> dict[str, Any]:
        """POST to the realm's token endpoint; the answer's JSON, or a clear error."""
        url = self.get_endpoint(realm, "token")
        form = {**data, **self.get_client_credentials(realm)}
        response = self.http_request("POST", url, data=form)
        payload = _json(response)
        if response.status_code != 200:
            raise KeycloakRejected(
                str(payload.get("error") or f"HTTP {response.status_code}"),
                str(payload.get("error_description") or ""),
            )
        if not isinstance(payload.get("access_token"), str):
            raise KeycloakUnavailable(f"POST {url} answered without an access token")
        return payload

    def get_token_verifier(self, realm: str, token_type: str) -> KeycloakTokenVerifier:
        return KeycloakTokenVerifier(
            token_type,
            client_id=self.get_client_id(realm),
            issuer=self.get_issuer(realm),
            jwks_url=self.get_endpoint(realm, "certs"),
        )

    def decode_token(self, realm: str, token: str, token_type: str) -> dict[str, Any]:
        """The verified claims of a token of ``realm``, with the realm's cached keys."""
        try:
            return self.get_token_verifier(realm, token_type).verify(token, realm)
        except TokenRejected as exc:
            raise TokenVerificationError(f"{token_type} token of realm {realm}: {exc}") from exc
        except KeysUnavailable as exc:
            raise KeycloakUnavailable(str(exc)) from exc

    def verify_id_token(self, realm: str, id_token: str, nonce: str | None) -> dict[str, Any]:
        claims = self.decode_token(realm, id_token, ID_TOKEN)
        if nonce is not None and claims.get("nonce") != nonce:
            raise TokenVerificationError("the ID token's nonce is not the one sent")
        return claims

    def verify_access_token(self, realm: str, access_token: str) -> dict[str, Any]:
        return self.decode_token(realm, access_token, ACCESS_TOKEN)

    def verify_tokens(
        self, realm: str, payload: dict[str, Any], nonce: str | None
    ) -> dict[str, Any]:
        """The user's claims: the ID token's over the access token's, both verified.

        A sign-in through the browser must bring an ID token carrying our nonce.
        """
        claims = self.verify_access_token(realm, payload["access_token"])
        id_token = payload.get("id_token")
        if id_token:
            id_claims = self.verify_id_token(realm, id_token, nonce)
            if id_claims.get("sub") != claims.get("sub"):
                raise TokenVerificationError("the ID and access tokens name different users")
            claims = {**claims, **id_claims}
        elif nonce is not None:
            raise TokenVerificationError("the token answer has no ID token")
        return claims

    def login_with_tokens(self, realm: str, payload: dict[str, Any], nonce: str | None) -> Any:
        """The user the tokens belong to, carrying the tokens until the session takes them."""
        claims = self.verify_tokens(realm, payload, nonce)
        user = self.get_or_create_user(realm, claims)
        if not self.user_can_authenticate(user):
            raise KeycloakError(
                f"user {user.pk} is inactive",
                message="This account is disabled. Please contact an administrator.",
            )
        tokens = SessionTokens.from_response(realm, payload, subject=claims.get("sub"))
        setattr(user, PENDING_TOKENS_ATTRIBUTE, tokens)
        return user

    # -- users ----------------------------------------------------------------------------------

    def get_username(self, realm: str, claims: dict[str, Any]) -> str:
        username = claims.get("preferred_username")
        if not isinstance(username, str) or not username:
            raise TokenVerificationError("the token has no preferred_username claim")
        return provider_username(realm, username)

    def get_or_create_user(self, realm: str, claims: dict[str, Any]) -> Any:
        """``<realm>__<preferred_username>``, created on first login, in the realm group."""
        user_model = get_user_model()
        username = self.get_username(realm, claims)
        if not username_fits(username):
            raise KeycloakError(
                f"a username of {len(username)} characters for realm {realm} does not fit",
                message=(
                    "Your Keycloak user name is too long for this service. "
                    "Please ask an administrator for a shorter one."
                ),
            )
        user, created = user_model._default_manager.get_or_create(
            **{user_model.USERNAME_FIELD: username}
        )
        if created:
            user.set_unusable_password()
            user.save()
        # also for an existing account: a user taken out of the realm's group in Django but
        # still signing in through the realm's Keycloak is put back, as the gateway does
        add_user_to_realm(user, realm)
        self.update_user(user, claims)
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> None:
        """Names and e-mail follow Keycloak: it is where users edit them.

        As behind the gateway, a claim the tokens leave out leaves its field alone.
        """
        changed = []
        for field_name, value in profile_from_claims(claims).items():
            if getattr(user, field_name) != value:
                setattr(user, field_name, value)
                changed.append(field_name)
        if changed:
            user.save(update_fields=changed)

    # -- the session ----------------------------------------------------------------------------

    def store_tokens(self, request: HttpRequest, tokens: SessionTokens) -> None:
        """Keep the tokens in the session and remember the realm (aether.sdk's session key)."""
        tokens.save(request.session)
        request.session[kit_settings.REALM_COOKIE] = tokens.realm

    def get_tokens(self, request: HttpRequest) -> SessionTokens | None:
        return SessionTokens.load(request.session)

    def get_success_url(self, request: HttpRequest, next_url: str) -> str:
        """Where a signed-in user goes: ``next`` when it stays on this site."""
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return str(settings.LOGIN_REDIRECT_URL)

    # -- refresh ----------------------------------------------------------------------------------

    def get_refresh_margin(self) -> float:
        return float(kit_settings.KEYCLOAK_REFRESH_MARGIN)

    def needs_refresh(self, tokens: SessionTokens, now: float | None = None) -> bool:
        return tokens.expires_within(self.get_refresh_margin(), now)

    def refresh_tokens(self, request: HttpRequest, tokens: SessionTokens) -> SessionTokens:
        """New tokens for the session's refresh token; raises a KeycloakError when refused."""
        if not tokens.can_refresh():
            raise KeycloakRejected("invalid_grant", "the refresh token has expired")
        payload = self.request_tokens(
            tokens.realm,
            {"grant_type": "refresh_token", "refresh_token": str(tokens.refresh_token)},
        )
        self.verify_refreshed_tokens(tokens, payload)
        fresh = SessionTokens.from_response(tokens.realm, payload, subject=tokens.subject)
        if fresh.id_token is None:
            # kept for get_logout_url's id_token_hint
            fresh = replace(fresh, id_token=tokens.id_token)
        self.store_tokens(request, fresh)
        return fresh

    def verify_refreshed_tokens(self, tokens: SessionTokens, payload: dict[str, Any]) -> None:
        """The refresh answer's tokens, verified, must still be the signed-in user's.

        Both the access token and a new ID token are verified (an ID token is kept
        for logout's ``id_token_hint``) and must name the ``sub`` stored at sign-in:
        tokens of anyone else would sign this session in as them. A session that
        does not know its ``sub`` (stored by an older kit) cannot be refreshed.
        """
        claims = self.verify_tokens(tokens.realm, payload, nonce=None)
        if tokens.subject is None or claims.get("sub") != tokens.subject:
            raise TokenVerificationError(
                f"the refreshed tokens of realm {tokens.realm} name another user"
            )

    # -- logout -----------------------------------------------------------------------------------

    def end_session(self, request: HttpRequest, tokens: SessionTokens) -> bool:
        """End the user's session at Keycloak (server side, with the refresh token).

        Never raises: the local logout goes on whatever Keycloak answers.
        """
        if not tokens.refresh_token:
            return False
        url = self.get_endpoint(tokens.realm, "logout")
        form = {"refresh_token": tokens.refresh_token, **self.get_client_credentials(tokens.realm)}
        try:
            response = self.http_request("POST", url, data=form)
        except KeycloakUnavailable as exc:
            logger.warning("Keycloak logout in realm %s failed: %s", tokens.realm, exc)
            return False
        if response.status_code >= 300:
            logger.warning(
                "Keycloak logout in realm %s answered %s", tokens.realm, response.status_code
            )
            return False
        return True

    def get_logout_url(self, tokens: SessionTokens, post_logout_redirect_uri: str) -> str:
        """Keycloak's browser logout: where to send the browser to end its session there.

        For projects that prefer the redirect to the server-side call of
        :meth:`end_session` (Keycloak 18 and later read ``post_logout_redirect_uri``;
        the URI must be allowed in the client's *Valid post logout redirect URIs*).
        """
        params = {
            "client_id": self.get_client_id(tokens.realm),
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
        if tokens.id_token:
            params["id_token_hint"] = tokens.id_token
        return f"{self.get_issuer(tokens.realm)}/{OIDC_PATH}/logout?{urlencode(params)}"


def get_keycloak_backend() -> KeycloakBackend | None:
    """The first Keycloak backend of ``AUTHENTICATION_BACKENDS`` (a project's subclass too)."""
    for backend in get_backends():
        if isinstance(backend, KeycloakBackend):
            return backend
    return None


def require_keycloak_backend() -> KeycloakBackend:
    """:func:`get_keycloak_backend`, for code that cannot work without it."""
    backend = get_keycloak_backend()
    if backend is None:
        raise ImproperlyConfigured(
            "No KeycloakBackend in AUTHENTICATION_BACKENDS (system check aether_kit.E041)."
        )
    return backend


def get_session_backend(request: HttpRequest) -> KeycloakBackend | None:
    """The Keycloak backend that logged in the session's user; None for a local login."""
    session = getattr(request, "session", None)
    path = session.get(BACKEND_SESSION_KEY) if session is not None else None
    if not path or path not in settings.AUTHENTICATION_BACKENDS:
        return None
    try:
        backend = load_backend(path)
    except ImportError:
        return None
    return backend if isinstance(backend, KeycloakBackend) else None


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
