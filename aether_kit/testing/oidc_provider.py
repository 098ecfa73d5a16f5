"""An OpenID Connect provider with Keycloak's URL layout, for tests and demos.

Keycloak cannot be installed everywhere tests run, and a patched function
proves nothing about HTTP, key handling or the protocol. :class:`OIDCProvider`
is a real HTTP server on ``127.0.0.1`` (a free port) that answers under
``/realms/<realm>/`` exactly where Keycloak does, signs with RS256 keys
generated at start (one per realm), and implements the password,
authorization code (+ PKCE S256), refresh token and client credentials grants,
userinfo, logout, revocation and introspection. Signing and verification are
done by joserfc.

It is deliberately permissive where a test wants control: ``/auth`` signs a
realm's ``auto_login`` user in without a page when a test chose one, and
:meth:`OIDCProvider.issue_token` mints tokens with any claims, keys or
lifetimes, including expired or foreign ones. It never signs anyone in from a
``login_hint`` alone: a hint only fills in the username of the sign-in page,
as Keycloak's does, so a gateway or client under test cannot pass by naming a user.

``host`` and ``port`` fix the address before the provider starts, and
:meth:`OIDCProvider.add_client` registers a confidential client, so a gateway's
configuration (its provider URL, client id and secret) can be written in advance.

.. code-block:: python

    with OIDCProvider(realms=["eha"]) as provider:
        provider.add_user("eha", "ana", "secret", given_name="Ana")
        settings.KEYCLOAK_SERVER_URL = provider.server_url
        token = provider.issue_token("eha", "ana")
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

try:
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey
except ImportError as error:  # pragma: no cover - depends on the environment
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "aether_kit.testing.oidc_provider needs joserfc: pip install 'aether-kit[testing]'"
    ) from error

from .servers import ServerThread

__all__ = ["Client", "OAuthError", "OIDCProvider", "User"]

ENDPOINTS = (
    "discovery",
    "auth",
    "token",
    "certs",
    "userinfo",
    "logout",
    "revoke",
    "introspect",
    "account",
)
# what /userinfo answers of an access token's claims; the ID token carries them too
USERINFO_CLAIMS = (
    "sub",
    "email_verified",
    "name",
    "preferred_username",
    "given_name",
    "family_name",
    "email",
)
ID_TOKEN_CLAIMS = (
    "exp",
    "iat",
    "auth_time",
    "iss",
    "session_state",
    "sid",
    "acr",
    *USERINFO_CLAIMS,
)
GRANT_TYPES = ("authorization_code", "password", "refresh_token", "client_credentials")
BASE_SCOPES = ("profile", "email")
DEFAULT_ROLES = ("offline_access", "uma_authorization")
Signer = RSAKey | ECKey | OctKey
# rewrites the refresh grant's answer: (realm, answer) -> answer
RefreshHook = Callable[[str, dict[str, Any]], dict[str, Any]]


class OAuthError(Exception):
    """An error answer of the token-side endpoints: ``{"error", "error_description"}``."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass
class User:
    """A realm's account; ``id`` is the ``sub`` claim, as Keycloak's user UUID is."""

    username: str
    password: str
    given_name: str = ""
    family_name: str = ""
    email: str = ""
    roles: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Client:
    """A client of every realm; ``secret=None`` makes it public (PKCE clients).

    ``require_pkce=True`` is Keycloak's client setting *PKCE method: S256*: an
    authorization request without an S256 ``code_challenge`` is sent back with
    ``invalid_request``, so a client that stops sending PKCE fails its sign-in tests
    instead of passing them silently.
    """

    client_id: str
    secret: str | None = None
    redirect_uris: tuple[str, ...] | None = None  # None: any; "…*" matches a prefix
    require_pkce: bool = False

    def accepts_redirect(self, uri: str) -> bool:
        if self.redirect_uris is None:
            return True
        return any(
            uri.startswith(pattern[:-1]) if pattern.endswith("*") else uri == pattern
            for pattern in self.redirect_uris
        )


@dataclass
class _Session:
    realm: str
    username: str
    client_id: str
    scope: str
    nonce: str | None = None
    state: str = field(default_factory=lambda: str(uuid.uuid4()))
    auth_time: int = field(default_factory=lambda: int(time.time()))
    active: bool = True


@dataclass
class _Grant:
    """A pending authorization code or a live refresh token."""

    session: _Session
    expires_at: float
    redirect_uri: str = ""
    code_challenge: str | None = None


@dataclass
class _Realm:
    name: str
    signing_key: RSAKey
    published: list[RSAKey]
    encryption_key: RSAKey
    users: dict[str, User] = field(default_factory=dict)
    auto_login: str | None = None


def _new_rsa_key(use: str = "sig", alg: str = "RS256", key_size: int = 2048) -> RSAKey:
    return RSAKey.generate_key(
        key_size,
        parameters={"kid": secrets.token_urlsafe(12), "use": use, "alg": alg},
        private=True,
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _s256(verifier: str) -> str:
    """PKCE's S256 transformation (RFC 7636 §4.2)."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def _at_hash(access_token: str) -> str:
    """The left half of the SHA-256 of the access token (OIDC Core §3.1.3.6, RS256)."""
    return _b64url(hashlib.sha256(access_token.encode("ascii")).digest()[:16])


class OIDCProvider:
    """A Keycloak-shaped OpenID Connect provider; start it with ``with`` or :meth:`start`.

    ``server_url`` is what a service sets as ``KEYCLOAK_SERVER_URL`` (up to and
    including ``/realms``). Tokens name ``<issuer_base>/<realm>`` as issuer;
    ``issuer_base`` defaults to ``server_url`` and can be set to another host to
    emulate clients that reach Keycloak through a gateway.

    Two attributes let a test make the provider misbehave or look older:

    ``authorization_response_iss``
        True (Keycloak's behaviour): discovery says
        ``authorization_response_iss_parameter_supported`` and ``/auth`` sends
        ``iss`` back (RFC 9207). False emulates a provider without RFC 9207.
    ``refresh_hook``
        None, or ``hook(realm, answer) -> answer`` applied to every answer of the
        refresh token grant: a test swaps in tokens of another user or a bad ID
        token to prove that the client checks what a refresh brings.
    """

    def __init__(
        self,
        realms: Iterable[str] = ("eha",),
        *,
        clients: Iterable[Client] = (Client("eha"),),
        issuer_base: str | None = None,
        access_token_lifetime: int = 300,
        refresh_token_lifetime: int = 1800,
        code_lifetime: int = 60,
        key_size: int = 2048,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.host = host
        self.port = port  # 0: a free port, chosen when the server starts
        self.key_size = key_size
        self.access_token_lifetime = access_token_lifetime
        self.refresh_token_lifetime = refresh_token_lifetime
        self.code_lifetime = code_lifetime
        self.clients: dict[str, Client] = {client.client_id: client for client in clients}
        self._issuer_base = issuer_base
        self._lock = threading.RLock()
        self._realms: dict[str, _Realm] = {}
        self._codes: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._sessions: dict[str, _Session] = {}
        self._revoked_access: set[str] = set()
        self._calls: Counter[tuple[str, str]] = Counter()
        self._server: ServerThread | None = None
        self.authorization_response_iss = True
        self.refresh_hook: RefreshHook | None = None
        for realm in realms:
            self.add_realm(realm)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> OIDCProvider:
        if self._server is not None:
            return self
        server = ThreadingHTTPServer((self.host, self.port), _Handler)
        server.daemon_threads = True
        server.provider = self  # type: ignore[attr-defined]
        self._server = ServerThread(server, name="oidc-provider").start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` of the running server."""
        if self._server is None:
            raise RuntimeError("The OpenID Connect provider is not running; call start().")
        return self._server.url

    @property
    def server_url(self) -> str:
        """The value for ``KEYCLOAK_SERVER_URL``."""
        return f"{self.url}/realms"

    @property
    def issuer_base(self) -> str:
        return self._issuer_base or self.server_url

    @issuer_base.setter
    def issuer_base(self, value: str | None) -> None:
        self._issuer_base = value.rstrip("/") if value else None

    def issuer(self, realm: str) -> str:
        return f"{self.issuer_base}/{realm}"

    def realm_url(self, realm: str) -> str:
        """``<server_url>/<realm>``: the base of the realm's endpoints."""
        return f"{self.server_url}/{realm}"

    def endpoint(self, realm: str, name: str) -> str:
        """The URL of ``auth``, ``token``, ``certs``, ``userinfo``, ``logout`` …"""
        if name == "discovery":
            return f"{self.realm_url(realm)}/.well-known/openid-configuration"
        if name == "account":
            return f"{self.realm_url(realm)}/account"
        if name == "introspect":
            return f"{self.realm_url(realm)}/protocol/openid-connect/token/introspect"
        return f"{self.realm_url(realm)}/protocol/openid-connect/{name}"

    # -- clients ------------------------------------------------------------------------------

    def add_client(self, client: Client) -> Client:
        """Register ``client`` in every realm (replacing one of the same id); also when running.

        ``Client("gateway", "gateway-secret", redirect_uris=("https://gw/callback",))``
        is a confidential client such as a gateway signing browsers in.
        """
        with self._lock:
            self.clients[client.client_id] = client
        return client

    # -- realms, users, keys ------------------------------------------------------------------

    @property
    def realms(self) -> list[str]:
        return list(self._realms)

    def add_realm(self, realm: str) -> None:
        with self._lock:
            if realm in self._realms:
                return
            key = _new_rsa_key(key_size=self.key_size)
            self._realms[realm] = _Realm(
                name=realm,
                signing_key=key,
                published=[key],
                encryption_key=_new_rsa_key("enc", "RSA-OAEP", self.key_size),
            )

    def add_user(
        self,
        realm: str,
        username: str,
        password: str,
        *,
        given_name: str = "",
        family_name: str = "",
        email: str = "",
        roles: Iterable[str] = (),
    ) -> User:
        user = User(username, password, given_name, family_name, email, tuple(roles))
        with self._lock:
            self._realm(realm).users[username] = user
        return user

    def get_user(self, realm: str, username: str) -> User:
        try:
            return self._realm(realm).users[username]
        except KeyError:
            raise LookupError(f"No user {username!r} in realm {realm!r}") from None

    def set_auto_login(self, realm: str, username: str | None) -> None:
        """Let ``/auth`` sign ``username`` in without a login page (``None``: ask)."""
        if username is not None:
            self.get_user(realm, username)
        self._realm(realm).auto_login = username

    def signing_key(self, realm: str) -> RSAKey:
        """The private key the realm signs with now."""
        return self._realm(realm).signing_key

    def published_kids(self, realm: str) -> list[str]:
        return [str(key.kid) for key in self._realm(realm).published]

    def rotate_keys(self, realm: str, *, keep_old: bool = True) -> str:
        """Sign with a new key from now on and answer its kid.

        Like Keycloak, the previous key stays in the JWKS so tokens it signed
        still verify; ``keep_old=False`` publishes the new key alone.
        """
        with self._lock:
            state = self._realm(realm)
            key = _new_rsa_key(key_size=self.key_size)
            state.signing_key = key
            state.published = [key, *state.published] if keep_old else [key]
            return str(key.kid)

    def retire_key(self, realm: str, kid: str) -> None:
        """Stop publishing a key (tokens it signed no longer verify)."""
        with self._lock:
            state = self._realm(realm)
            state.published = [key for key in state.published if key.kid != kid]

    def jwks(self, realm: str) -> dict[str, Any]:
        state = self._realm(realm)
        keys = [*state.published, state.encryption_key]
        return {"keys": [key.as_dict(private=False) for key in keys]}

    # -- call counters ------------------------------------------------------------------------

    def calls(self, endpoint: str | None = None, realm: str | None = None) -> int:
        """How many requests reached ``endpoint`` (any when None) of ``realm`` (any when None)."""
        if endpoint is not None and endpoint not in ENDPOINTS:
            raise ValueError(f"Unknown endpoint {endpoint!r}; one of {', '.join(ENDPOINTS)}")
        with self._lock:
            return sum(
                count
                for (called_realm, name), count in self._calls.items()
                if (endpoint is None or name == endpoint)
                and (realm is None or called_realm == realm)
            )

    def calls_by_endpoint(self) -> dict[str, int]:
        with self._lock:
            counts: Counter[str] = Counter()
            for (_, name), count in self._calls.items():
                counts[name] += count
            return dict(counts)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def _count(self, realm: str, endpoint: str) -> None:
        with self._lock:
            self._calls[(realm, endpoint)] += 1

    # -- tokens -------------------------------------------------------------------------------

    def issue_token(
        self,
        realm: str,
        username: str,
        *,
        client_id: str = "eha",
        lifetime: int | None = None,
        key: Signer | None = None,
        header: Mapping[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """An access token for ``username`` as the token endpoint would issue it.

        Keyword claims override the standard ones (``iss=…``, ``exp=…``); a
        claim given as None is left out. ``key`` signs with another key (its
        ``alg`` and ``kid`` go into the header unless ``header`` says
        otherwise). An unknown ``username`` is given made-up claims, so tests
        can forge tokens for accounts the provider does not have.
        """
        state = self._realm(realm)
        user = state.users.get(username) or User(username, "")
        session = _Session(realm, username, client_id, "openid profile email")
        payload = self._access_claims(state, user, session, lifetime)
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        signer = key or state.signing_key
        protected = {
            "alg": signer.alg or ("RS256" if isinstance(signer, RSAKey) else "ES256"),
            "typ": "JWT",
        }
        if signer.kid:
            protected["kid"] = str(signer.kid)
        protected.update(header or {})
        return jwt.encode(protected, payload, signer, algorithms=[protected["alg"]])

    def end_sessions(self, realm: str, username: str) -> None:
        """End every session of a user, as an administrator's "sign out" does."""
        with self._lock:
            for session in self._sessions.values():
                if session.realm == realm and session.username == username:
                    session.active = False

    def _realm(self, realm: str) -> _Realm:
        try:
            return self._realms[realm]
        except KeyError:
            raise LookupError(f"Realm {realm!r} does not exist") from None

    def _access_claims(
        self, state: _Realm, user: User, session: _Session, lifetime: int | None = None
    ) -> dict[str, Any]:
        now = int(time.time())
        roles = [f"default-roles-{state.name}", *DEFAULT_ROLES, *user.roles]
        name = " ".join(part for part in (user.given_name, user.family_name) if part)
        return {
            "exp": now + (self.access_token_lifetime if lifetime is None else lifetime),
            "iat": now,
            "auth_time": session.auth_time,
            "jti": str(uuid.uuid4()),
            "iss": self.issuer(state.name),
            "aud": "account",
            "sub": user.id,
            "typ": "Bearer",
            "azp": session.client_id,
            "session_state": session.state,
            "sid": session.state,
            "acr": "1",
            "allowed-origins": ["*"],
            "realm_access": {"roles": roles},
            "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
            "scope": session.scope,
            "email_verified": bool(user.email),
            "name": name or None,
            "preferred_username": user.username,
            "given_name": user.given_name or None,
            "family_name": user.family_name or None,
            "email": user.email or None,
        }

    def _token_response(self, state: _Realm, user: User, session: _Session) -> dict[str, Any]:
        """The token endpoint's answer for a signed-in session."""
        claims = self._access_claims(state, user, session)
        claims = {name: value for name, value in claims.items() if value is not None}
        access_token = self._sign(state, claims)
        refresh_token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[session.state] = session
            self._refresh_tokens[refresh_token] = _Grant(
                session, time.time() + self.refresh_token_lifetime
            )
        answer: dict[str, Any] = {
            "access_token": access_token,
            "expires_in": self.access_token_lifetime,
            "refresh_expires_in": self.refresh_token_lifetime,
            "refresh_token": refresh_token,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "session_state": session.state,
            "scope": session.scope,
        }
        if "openid" in session.scope.split():
            id_claims: dict[str, Any] = {
                name: claims[name] for name in ID_TOKEN_CLAIMS if name in claims
            }
            id_claims.update(
                jti=str(uuid.uuid4()),
                aud=session.client_id,
                azp=session.client_id,
                typ="ID",
                at_hash=_at_hash(access_token),
            )
            if session.nonce:
                id_claims["nonce"] = session.nonce
            answer["id_token"] = self._sign(state, id_claims)
        return answer

    def _sign(self, state: _Realm, claims: Mapping[str, Any]) -> str:
        key = state.signing_key
        header = {"alg": "RS256", "typ": "JWT", "kid": str(key.kid)}
        return jwt.encode(header, dict(claims), key, algorithms=["RS256"])

    def _verify_access_token(self, state: _Realm, token: str) -> dict[str, Any] | None:
        """The claims of a live access token of ``state``, or None."""
        try:
            decoded = jwt.decode(token, KeySet(list(state.published)), algorithms=["RS256"])
        except (JoseError, ValueError):
            return None
        claims = dict(decoded.claims)
        with self._lock:
            session = self._sessions.get(str(claims.get("session_state")))
            revoked = claims.get("jti") in self._revoked_access
        if (
            claims.get("typ") != "Bearer"
            or claims.get("iss") != self.issuer(state.name)
            or int(claims.get("exp", 0)) < time.time()
            or revoked
            or (session is not None and not session.active)
        ):
            return None
        return claims

    # -- endpoint behaviour (called by the request handler) -----------------------------------

    def _authenticate_client(
        self, form: Mapping[str, str], authorization: str | None, *, confidential: bool = False
    ) -> Client:
        client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:]).decode("utf-8")
            except ValueError:
                raise OAuthError("invalid_client", "Malformed client credentials", 401) from None
            client_id, _, secret = decoded.partition(":")
        client = self.clients.get(client_id)
        if client is None:
            raise OAuthError("invalid_client", "Invalid client or Invalid client credentials", 401)
        if client.secret is not None and not hmac.compare_digest(
            (secret or "").encode(), client.secret.encode()
        ):
            raise OAuthError(
                "unauthorized_client", "Invalid client or Invalid client credentials", 401
            )
        if confidential and client.secret is None:
            raise OAuthError("unauthorized_client", "Public client not allowed here", 401)
        return client

    def _grant(self, state: _Realm, form: Mapping[str, str], authorization: str | None) -> dict:
        grant_type = form.get("grant_type", "")
        if grant_type not in GRANT_TYPES:
            raise OAuthError("unsupported_grant_type", f"Unsupported grant_type {grant_type!r}")
        client = self._authenticate_client(
            form, authorization, confidential=grant_type == "client_credentials"
        )
        answer: dict[str, Any] = getattr(self, f"_grant_{grant_type}")(state, client, form)
        return answer

    def _scope(self, requested: str) -> str:
        asked = requested.split()
        return " ".join([*(["openid"] if "openid" in asked else []), *BASE_SCOPES])

    def _grant_password(self, state: _Realm, client: Client, form: Mapping[str, str]) -> dict:
        user = state.users.get(form.get("username", ""))
        password = form.get("password", "")
        if user is None or not hmac.compare_digest(password.encode(), user.password.encode()):
            raise OAuthError("invalid_grant", "Invalid user credentials", 401)
        session = _Session(
            state.name, user.username, client.client_id, self._scope(form.get("scope", ""))
        )
        return self._token_response(state, user, session)

    def _grant_authorization_code(
        self, state: _Realm, client: Client, form: Mapping[str, str]
    ) -> dict:
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # single use, even on failure
        if grant is None or grant.expires_at < time.time() or grant.session.realm != state.name:
            raise OAuthError("invalid_grant", "Code not valid")
        if grant.session.client_id != client.client_id:
            raise OAuthError("invalid_grant", "Auth error: code issued to another client")
        if grant.redirect_uri != form.get("redirect_uri", ""):
            raise OAuthError("invalid_grant", "Incorrect redirect_uri")
        verifier = form.get("code_verifier")
        if grant.code_challenge is not None:
            if not verifier or not hmac.compare_digest(_s256(verifier), grant.code_challenge):
                raise OAuthError("invalid_grant", "PKCE verification failed: Code mismatch")
        elif verifier:
            raise OAuthError(
                "invalid_grant",
                "PKCE code verifier specified but challenge not present in authorization",
            )
        return self._session_tokens(state, grant.session)

    def _session_tokens(self, state: _Realm, session: _Session) -> dict[str, Any]:
        """New tokens for a session whose user must still exist."""
        user = state.users.get(session.username)
        if user is None:
            raise OAuthError("invalid_grant", "User not found")
        return self._token_response(state, user, session)

    def _grant_refresh_token(self, state: _Realm, client: Client, form: Mapping[str, str]) -> dict:
        with self._lock:
            grant = self._refresh_tokens.get(form.get("refresh_token", ""))
        if (
            grant is None
            or grant.expires_at < time.time()
            or not grant.session.active
            or grant.session.realm != state.name
        ):
            raise OAuthError("invalid_grant", "Invalid refresh token")
        if grant.session.client_id != client.client_id:
            raise OAuthError(
                "invalid_grant",
                "Invalid refresh token. Token client and authorized client don't match",
            )
        answer = self._session_tokens(state, grant.session)
        hook = self.refresh_hook
        return hook(state.name, answer) if hook is not None else answer

    def _grant_client_credentials(
        self, state: _Realm, client: Client, form: Mapping[str, str]
    ) -> dict:
        user = User(f"service-account-{client.client_id}", "")
        session = _Session(
            state.name, user.username, client.client_id, self._scope(form.get("scope", ""))
        )
        claims = self._access_claims(state, user, session)
        claims = {name: value for name, value in claims.items() if value is not None}
        claims["clientId"] = client.client_id
        return {
            "access_token": self._sign(state, claims),
            "expires_in": self.access_token_lifetime,
            "refresh_expires_in": 0,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "scope": session.scope,
        }

    def _authorization_error(self, params: Mapping[str, str]) -> dict[str, str] | None:
        """What Keycloak answers a malformed authorization request, before any login page.

        A client with ``require_pkce`` needs ``code_challenge_method=S256`` and a
        ``code_challenge``, with Keycloak's messages for each missing piece.
        """
        client = self.clients.get(params.get("client_id", ""))
        method = params.get("code_challenge_method")
        challenge = params.get("code_challenge")
        if params.get("response_type") != "code":
            return {"error": "unsupported_response_type"}
        if client is not None and client.require_pkce:
            if not method:
                description = "Missing parameter: code_challenge_method"
            elif method != "S256":
                description = "Invalid parameter: code challenge method is not configured one"
            elif not challenge:
                description = "Missing parameter: code_challenge"
            else:
                return None
            return {"error": "invalid_request", "error_description": description}
        if challenge and method != "S256":
            return {
                "error": "invalid_request",
                "error_description": "Invalid parameter: code challenge method is not S256",
            }
        return None

    def _authorize(self, state: _Realm, params: Mapping[str, str], login: User | None) -> str:
        """The URL to send the browser back to, with a new code (or an error)."""
        redirect_uri = params["redirect_uri"]
        back: dict[str, str] = {}
        if params.get("state"):
            back["state"] = params["state"]
        challenge = params.get("code_challenge")
        error = self._authorization_error(params)
        if error is not None:
            back.update(error)
        elif login is None:
            back.update(error="login_required")
        else:
            session = _Session(
                state.name,
                login.username,
                params["client_id"],
                self._scope(params.get("scope", "")),
                nonce=params.get("nonce"),
            )
            code = secrets.token_urlsafe(32)
            with self._lock:
                self._sessions[session.state] = session
                self._codes[code] = _Grant(
                    session, time.time() + self.code_lifetime, redirect_uri, challenge or None
                )
            back.update(code=code, session_state=session.state)
        if self.authorization_response_iss:
            back["iss"] = self.issuer(state.name)
        separator = "&" if urlsplit(redirect_uri).query else "?"
        return f"{redirect_uri}{separator}{urlencode(back)}"

    def _logout(self, state: _Realm, form: Mapping[str, str], authorization: str | None) -> None:
        self._authenticate_client(form, authorization)
        with self._lock:
            grant = self._refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant.session.realm != state.name or not grant.session.active:
            raise OAuthError("invalid_grant", "Invalid refresh token")
        self._end_session(grant.session)

    def _end_session(self, session: _Session) -> None:
        with self._lock:
            session.active = False
            for token in [t for t, g in self._refresh_tokens.items() if g.session is session]:
                del self._refresh_tokens[token]

    def _session_of_id_token(self, state: _Realm, id_token: str) -> _Session | None:
        try:
            decoded = jwt.decode(id_token, KeySet(list(state.published)), algorithms=["RS256"])
        except (JoseError, ValueError):
            return None
        with self._lock:
            return self._sessions.get(str(decoded.claims.get("sid")))

    def _revoke(self, state: _Realm, form: Mapping[str, str], authorization: str | None) -> None:
        client = self._authenticate_client(form, authorization)
        token = form.get("token", "")
        with self._lock:
            grant = self._refresh_tokens.get(token)
            if grant is not None and grant.session.client_id == client.client_id:
                del self._refresh_tokens[token]
                return
        claims = self._verify_access_token(state, token)
        if claims is not None:
            with self._lock:
                self._revoked_access.add(str(claims.get("jti")))

    def _introspect(
        self, state: _Realm, form: Mapping[str, str], authorization: str | None
    ) -> dict[str, Any]:
        self._authenticate_client(form, authorization, confidential=True)
        token = form.get("token", "")
        with self._lock:
            grant = self._refresh_tokens.get(token)
        if grant is not None:
            active = grant.session.active and grant.expires_at >= time.time()
            return {"active": active, "typ": "Refresh"} if active else {"active": False}
        claims = self._verify_access_token(state, token)
        if claims is None:
            return {"active": False}
        return {
            **claims,
            "active": True,
            "client_id": claims.get("azp"),
            "username": claims.get("preferred_username"),
            "token_type": "Bearer",
        }

    def _discovery(self, realm: str) -> dict[str, Any]:
        return {
            "issuer": self.issuer(realm),
            "authorization_endpoint": self.endpoint(realm, "auth"),
            "token_endpoint": self.endpoint(realm, "token"),
            "introspection_endpoint": self.endpoint(realm, "introspect"),
            "userinfo_endpoint": self.endpoint(realm, "userinfo"),
            "end_session_endpoint": self.endpoint(realm, "logout"),
            "revocation_endpoint": self.endpoint(realm, "revoke"),
            "jwks_uri": self.endpoint(realm, "certs"),
            "grant_types_supported": list(GRANT_TYPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": self.authorization_response_iss,
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", *BASE_SCOPES],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "preferred_username",
                "given_name",
                "family_name",
                "email",
                "email_verified",
                "name",
            ],
        }


# -- HTTP ---------------------------------------------------------------------------------------

_LOGIN_PAGE = """<!doctype html>
<html><head><title>Sign in to {realm}</title></head><body>
<h1>Sign in to {realm}</h1>{error}
<form method="post" action="{action}">
{hidden}
<label>Username <input name="username" autocomplete="username" value="{username}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    """Routes ``/realms/<realm>/…`` to the provider; one instance per request."""

    server_version = "aether-kit-oidc/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def provider(self) -> OIDCProvider:
        return self.server.provider  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read counters, not access logs."""

    # dispatch ---------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        segments = parts.path.strip("/").split("/")
        if len(segments) < 3 or segments[0] != "realms":
            self._json({"error": "Not found"}, 404)
            return
        realm, rest = segments[1], "/".join(segments[2:])
        route = _ROUTES.get((method, rest)) or _ROUTES.get(("*", rest))
        if route is None:
            known = any(path == rest for _, path in _ROUTES)
            self._json({"error": "Not found"}, 405 if known else 404)
            return
        endpoint, action = route
        provider = self.provider
        provider._count(realm, endpoint)
        state = provider._realms.get(realm)
        if state is None:
            self._json({"error": "Realm does not exist"}, 404)
            return
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        form = self._form() if method == "POST" else {}
        try:
            getattr(self, action)(state, {**params, **form})
        except OAuthError as error:
            self._json({"error": error.error, "error_description": error.description}, error.status)

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        return {key: values[0] for key, values in parse_qs(body).items()}

    # answers ----------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, payload: Any, status: int = 200) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json")

    def _empty(self, status: int) -> None:
        self._send(status, b"", "text/plain")

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", Location=location)

    def _html(self, page: str, status: int = 200) -> None:
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    # endpoints --------------------------------------------------------------------------------

    def discovery(self, state: _Realm, params: dict[str, str]) -> None:
        self._json(self.provider._discovery(state.name))

    def certs(self, state: _Realm, params: dict[str, str]) -> None:
        self._json(self.provider.jwks(state.name))

    def account(self, state: _Realm, params: dict[str, str]) -> None:
        self._empty(200)

    def token(self, state: _Realm, params: dict[str, str]) -> None:
        self._json(self.provider._grant(state, params, self.headers.get("Authorization")))

    def userinfo(self, state: _Realm, params: dict[str, str]) -> None:
        authorization = self.headers.get("Authorization") or ""
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        claims = self.provider._verify_access_token(state, token) if token else None
        if claims is None:
            self._send(
                401,
                json.dumps(
                    {"error": "invalid_token", "error_description": "Token verification failed"}
                ).encode(),
                "application/json",
                WWW_Authenticate=f'Bearer realm="{state.name}", error="invalid_token"',
            )
            return
        self._json({name: claims[name] for name in USERINFO_CLAIMS if name in claims})

    def logout(self, state: _Realm, params: dict[str, str]) -> None:
        if self.command == "POST" and "refresh_token" in params:
            self.provider._logout(state, params, self.headers.get("Authorization"))
            self._empty(204)
            return
        session = None
        if params.get("id_token_hint"):
            session = self.provider._session_of_id_token(state, params["id_token_hint"])
        if session is not None:
            self.provider._end_session(session)
        target = params.get("post_logout_redirect_uri") or params.get("redirect_uri")
        if target:
            if params.get("state"):
                target += ("&" if "?" in target else "?") + urlencode({"state": params["state"]})
            self._redirect(target)
        else:
            self._html("<!doctype html><title>Signed out</title><p>You are signed out.</p>")

    def revoke(self, state: _Realm, params: dict[str, str]) -> None:
        self.provider._revoke(state, params, self.headers.get("Authorization"))
        self._empty(200)

    def introspect(self, state: _Realm, params: dict[str, str]) -> None:
        self._json(self.provider._introspect(state, params, self.headers.get("Authorization")))

    def auth(self, state: _Realm, params: dict[str, str]) -> None:
        provider = self.provider
        client = provider.clients.get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if client is None or not redirect_uri or not client.accepts_redirect(redirect_uri):
            self._html(
                "<!doctype html><title>Error</title><p>Invalid client or redirect_uri.</p>", 400
            )
            return
        if provider._authorization_error(params) is not None:
            # refused before any login page, as Keycloak does
            self._redirect(provider._authorize(state, params, None))
            return
        login = self._login(state, params)
        if login is None and params.get("prompt") != "none":
            self._login_page(state, params, error=self.command == "POST")
            return
        self._redirect(provider._authorize(state, params, login))

    def _login(self, state: _Realm, params: dict[str, str]) -> User | None:
        """The user ``/auth`` signs in: posted credentials, or the realm's auto-login user.

        A ``login_hint`` names whom the client expects, not a proof of anything: it
        only fills in the sign-in page.
        """
        if self.command == "POST":
            user = state.users.get(params.get("username", ""))
            password = params.get("password", "")
            if user is not None and hmac.compare_digest(password.encode(), user.password.encode()):
                return user
            return None
        return state.users.get(state.auto_login) if state.auto_login else None

    def _login_page(self, state: _Realm, params: dict[str, str], *, error: bool) -> None:
        kept = {key: value for key, value in params.items() if key not in ("username", "password")}
        hidden = "\n".join(
            f'<input type="hidden" name="{html.escape(key)}" value="{html.escape(value)}">'
            for key, value in kept.items()
        )
        self._html(
            _LOGIN_PAGE.format(
                realm=html.escape(state.name),
                action=html.escape(self.provider.endpoint(state.name, "auth")),
                hidden=hidden,
                username=html.escape(params.get("login_hint", "")),
                error='<p class="error">Invalid username or password.</p>' if error else "",
            ),
            HTTPStatus.OK,
        )


_ROUTES: dict[tuple[str, str], tuple[str, str]] = {
    ("GET", ".well-known/openid-configuration"): ("discovery", "discovery"),
    ("GET", "protocol/openid-connect/certs"): ("certs", "certs"),
    ("HEAD", "account"): ("account", "account"),
    ("GET", "account"): ("account", "account"),
    ("*", "protocol/openid-connect/auth"): ("auth", "auth"),
    ("POST", "protocol/openid-connect/token"): ("token", "token"),
    ("*", "protocol/openid-connect/userinfo"): ("userinfo", "userinfo"),
    ("*", "protocol/openid-connect/logout"): ("logout", "logout"),
    ("POST", "protocol/openid-connect/revoke"): ("revoke", "revoke"),
    ("POST", "protocol/openid-connect/token/introspect"): ("introspect", "introspect"),
}
