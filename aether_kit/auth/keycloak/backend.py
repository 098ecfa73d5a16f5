"""``KeycloakBackend``: every step of signing in with Keycloak, each one a method to override.

The requests to the provider (discovery, token, userinfo, logout) are its
client's, :class:`~aether_kit.auth.keycloak.client.KeycloakClient`; the backend
holds the sign-in itself: the flow, the verification of the tokens, the users.

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
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_backends, get_user_model, load_backend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.gateway import keep_gateway_prefix
from aether_kit.multitenancy.realms import provider_username, validate_realm
from aether_kit.multitenancy.users import add_user_to_realm
from aether_kit.tokens.discovery import clear_discovery_cache
from aether_kit.tokens.jwks import KeysUnavailable
from aether_kit.tokens.users import (
    PROFILE_CLAIMS,
    profile_from_claims,
    username_fits,
    username_from_claims,
)
from aether_kit.tokens.verifier import TokenRejected

from .client import KeycloakClient
from .errors import (
    InvalidCredentials,
    KeycloakError,
    KeycloakRejected,
    KeycloakUnavailable,
    LoginStateError,
    LogoutFailed,
    TokenVerificationError,
)
from .flow import LoginFlow, pop_flow, save_flow
from .tokens import SessionTokens
from .verification import ACCESS_TOKEN, ID_TOKEN, KeycloakTokenVerifier, is_jwt

__all__ = [
    "LOGOUT_OUTCOME_ATTRIBUTE",
    "PENDING_TOKENS_ATTRIBUTE",
    "KeycloakBackend",
    "clear_discovery_cache",
    "get_keycloak_backend",
    "get_session_backend",
    "require_keycloak_backend",
]

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "rest_framework:keycloak-callback"
# the tokens of a fresh login travel on the user object (as Django's ``user.backend``
# does) until ``login()`` has settled the session; then they move into it
PENDING_TOKENS_ATTRIBUTE = "keycloak_tokens"
# what logout at the provider came to, for the logout view: None (ended server side),
# the URL to send the browser to (RP-initiated logout) or the LogoutFailed error
LOGOUT_OUTCOME_ATTRIBUTE = "keycloak_logout"
MISSING_REFRESH_MESSAGE = (
    "the provider issued no refresh token: the session ends when the access token expires "
    "(ask for offline_access in KEYCLOAK_SCOPE to keep it)"
)


class KeycloakBackend(ModelBackend):
    """Signs users in against the realm they name. Stateless: one per request is fine.

    The requests to the provider are :attr:`client_class`'s; its methods
    (``realm_exists``, ``get_issuer``, ``request_tokens`` …) are also reached
    through the backend, as they were before the two were apart.
    """

    client_class: type[KeycloakClient] = KeycloakClient
    # None: KEYCLOAK_SCOPE
    scope: str | None = None

    def get_client(self) -> KeycloakClient:
        return self.client_class()

    def __getattr__(self, name: str) -> Any:
        # the provider's requests, still reachable where they were: backend.realm_exists(...)
        if name.startswith("_") or not hasattr(self.client_class, name):
            raise AttributeError(name)
        return getattr(self.get_client(), name)

    def get_scope(self) -> str:
        return self.scope or str(kit_settings.KEYCLOAK_SCOPE)

    # -- redirect mode ------------------------------------------------------------------------

    def get_redirect_uri(self, request: HttpRequest) -> str:
        """The callback URL the provider sends the browser back to (allow it in the client).

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
        """The authorization request; ``offline_access`` asks for consent, as OIDC Core requires."""
        scope = self.get_scope()
        params = {
            "client_id": self.get_client().get_client_id(flow.realm),
            "response_type": "code",
            "scope": scope,
            "redirect_uri": flow.redirect_uri,
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.code_challenge,
            "code_challenge_method": "S256",
        }
        if "offline_access" in scope.split():
            params["prompt"] = "consent"
        return params

    def build_authorization_url(self, request: HttpRequest, flow: LoginFlow) -> str:
        params = self.get_authorization_params(request, flow)
        url = self.get_client().get_authorization_endpoint(flow.realm)
        return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"

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
        client = self.get_client()
        if not issuer:
            if client.requires_issuer_parameter(flow.realm):
                raise LoginStateError(
                    f"the callback carries no iss, which realm {flow.realm} always sends",
                    message="Keycloak's answer was incomplete. Please sign in again.",
                )
            return
        if issuer != client.get_issuer(flow.realm):
            # the answer comes from another issuer than the one we asked
            raise LoginStateError(f"the callback comes from issuer {str(issuer)[:200]!r}")

    def exchange_code(self, request: HttpRequest, flow: LoginFlow, code: str) -> dict[str, Any]:
        """Trade the authorization code for tokens, proving the flow with its PKCE verifier."""
        return self.get_client().request_tokens(
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
        """The password grant: Keycloak's, not standard OIDC's; refused where not offered."""
        client = self.get_client()
        if not client.supports_grant(realm, "password"):
            raise KeycloakError(
                f"realm {realm} does not offer the password grant (grant_types_supported)",
                message=(
                    "This sign-in provider does not accept passwords on this page. "
                    "Please ask an administrator to switch to sign-in through the provider's page."
                ),
            )
        try:
            return client.request_tokens(
                realm,
                {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "scope": self.get_scope(),
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

    def get_token_verifier(self, realm: str, token_type: str) -> KeycloakTokenVerifier:
        client = self.get_client()
        return KeycloakTokenVerifier(
            token_type,
            client_id=client.get_client_id(realm),
            issuer=client.get_issuer(realm),
            jwks_url=client.get_endpoint(realm, "jwks_uri"),
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
        """A JWT access token's verified claims; an opaque one (standard) has none to give."""
        if not is_jwt(access_token):
            return {}
        return self.decode_token(realm, access_token, ACCESS_TOKEN)

    def verify_tokens(
        self, realm: str, payload: dict[str, Any], nonce: str | None
    ) -> dict[str, Any]:
        """The user's claims: the ID token's over the access token's, both verified.

        A sign-in through the browser must bring an ID token carrying our nonce.
        An opaque access token with no ID token beside it is vouched for by the
        provider's userinfo endpoint, which it must open.
        """
        claims = self.verify_access_token(realm, payload["access_token"])
        id_token = payload.get("id_token")
        if id_token:
            id_claims = self.verify_id_token(realm, id_token, nonce)
            if claims and id_claims.get("sub") != claims.get("sub"):
                raise TokenVerificationError("the ID and access tokens name different users")
            claims = {**claims, **id_claims}
        elif nonce is not None:
            raise TokenVerificationError("the token answer has no ID token")
        if not claims:
            claims = self.get_client().request_userinfo(realm, payload["access_token"])
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise TokenVerificationError("the tokens name no user (sub)")
        return claims

    def add_userinfo(self, realm: str, payload: dict[str, Any], claims: dict[str, Any]) -> dict:
        """Claims the tokens leave out (user name, names, e-mail) taken from userinfo.

        Standard ID tokens may carry ``sub`` alone; Keycloak's carry everything,
        and then nothing is asked. Userinfo must name the same ``sub``; an
        answer it cannot give leaves the claims as they are.
        """
        wanted = {str(kit_settings.KEYCLOAK_USERNAME_CLAIM), *PROFILE_CLAIMS}
        if wanted <= claims.keys():
            return claims
        try:
            info = self.get_client().request_userinfo(realm, payload["access_token"])
        except KeycloakError as exc:
            logger.warning("Userinfo of realm %s not available: %s", realm, exc)
            return claims
        if info.get("sub") != claims.get("sub"):
            raise TokenVerificationError("userinfo names another user than the tokens")
        return {**info, **claims}

    def login_with_tokens(self, realm: str, payload: dict[str, Any], nonce: str | None) -> Any:
        """The user the tokens belong to, carrying the tokens until the session takes them."""
        claims = self.add_userinfo(realm, payload, self.verify_tokens(realm, payload, nonce))
        user = self.get_or_create_user(realm, claims)
        if not self.user_can_authenticate(user):
            raise KeycloakError(
                f"user {user.pk} is inactive",
                message="This account is disabled. Please contact an administrator.",
            )
        tokens = SessionTokens.from_response(realm, payload, subject=claims.get("sub"))
        if not tokens.refresh_token:
            logger.info("Sign-in into realm %s: %s", realm, MISSING_REFRESH_MESSAGE)
        setattr(user, PENDING_TOKENS_ATTRIBUTE, tokens)
        return user

    # -- users ----------------------------------------------------------------------------------

    def get_username(self, realm: str, claims: dict[str, Any]) -> str:
        """``<realm>__<name>``, the name from ``KEYCLOAK_USERNAME_CLAIM``, else ``sub``."""
        username = username_from_claims(claims)
        if username is None:
            claim = kit_settings.KEYCLOAK_USERNAME_CLAIM
            raise TokenVerificationError(f"the tokens name no user ({claim} or sub)")
        return provider_username(realm, username)

    def get_or_create_user(self, realm: str, claims: dict[str, Any]) -> Any:
        """``<realm>__<user name>``, created on first login, in the realm group."""
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
        if not tokens.refresh_token:
            raise KeycloakRejected("no_refresh_token", MISSING_REFRESH_MESSAGE)
        if not tokens.can_refresh():
            raise KeycloakRejected("invalid_grant", "the refresh token has expired")
        payload = self.get_client().request_tokens(
            tokens.realm,
            {"grant_type": "refresh_token", "refresh_token": str(tokens.refresh_token)},
        )
        self.verify_refreshed_tokens(tokens, payload)
        fresh = SessionTokens.from_response(tokens.realm, payload, subject=tokens.subject)
        if fresh.id_token is None:
            # kept for the logout's id_token_hint
            fresh = replace(fresh, id_token=tokens.id_token)
        if fresh.refresh_token is None:
            # a provider that does not rotate refresh tokens answers without one
            fresh = replace(
                fresh,
                refresh_token=tokens.refresh_token,
                refresh_expires_at=tokens.refresh_expires_at,
            )
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

    def get_post_logout_redirect_uri(self, request: HttpRequest) -> str:
        """Where the provider sends the browser after an RP-initiated logout: the login page.

        Register it with the client (Keycloak: *Valid post logout redirect URIs*).
        """
        return request.build_absolute_uri(resolve_url(settings.LOGIN_URL))

    def logout(self, request: HttpRequest, tokens: SessionTokens) -> str | None:
        """End the user's session at the provider, as ``KEYCLOAK_LOGOUT`` says.

        Keycloak's realms (``server``): a POST of the refresh token, answer None.
        Other providers (``redirect``, RP-initiated logout): the URL to send the
        browser to, with ``id_token_hint``. Raises :class:`LogoutFailed` when the
        provider's session may have survived.
        """
        client = self.get_client()
        try:
            if client.get_logout_mode(tokens.realm) == "server":
                client.end_session(tokens)
                return None
            return client.get_logout_url(tokens, self.get_post_logout_redirect_uri(request))
        except LogoutFailed:
            raise
        except KeycloakError as exc:
            # the discovery document could not be had: where to log out is unknown
            raise LogoutFailed(str(exc)) from exc

    def end_session(self, request: HttpRequest, tokens: SessionTokens) -> bool:
        """Keycloak's server-side logout; False (logged) when it failed. Never raises."""
        try:
            self.get_client().end_session(tokens)
        except LogoutFailed as exc:
            logger.warning("Keycloak logout in realm %s failed: %s", tokens.realm, exc)
            return False
        return True


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
