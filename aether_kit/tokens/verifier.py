"""Local verification of the gateway's JWTs: signature, algorithm, time, issuer, audience.

Each step is a method so a project can change one rule by subclassing
:class:`GatewayTokenVerifier` and naming the subclass in
``GATEWAY_TOKEN_VERIFIER`` (in the manner of mozilla-django-oidc's backend).
The issuer is checked before any key of the path's realm is looked up. A token
naming another realm of our Keycloak is answered 403 only once the keys of the
realm it names verify it: an unverified claim proves nothing, so a forgery is a
401 like any other bad token.

Tokens are taken apart and their signatures checked by :mod:`aether_kit.tokens.jws`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.contrib.auth.models import Group

from aether_kit.conf.gateway import ASYMMETRIC_ALGORITHMS
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.realms.names import is_valid_realm

from .discovery import discovery_url
from .jwks import JWKSCache, KeysUnavailable, PublicKey, UnknownRealm, get_jwks_cache
from .jws import split_compact, verify_signature

__all__ = ["GatewayTokenVerifier", "TokenRejected", "WrongRealm", "authorized_party"]

UNKNOWN_REALM = "unknown_realm"
# the key type each algorithm family is meant for
_KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC"}
_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}


def authorized_party(claims: dict[str, Any]) -> Any:
    """The client a token was issued to: ``azp`` (Keycloak, OIDC) or ``client_id`` (RFC 9068)."""
    party = claims.get("azp")
    return party if party is not None else claims.get("client_id")


class TokenRejected(Exception):
    """A token that does not authenticate the request; ``reason`` is safe to show the client.

    ``status`` is 401 for a token that proves nothing and 403 for a valid
    token that does not grant this request (another realm, a disabled account).
    """

    def __init__(self, reason: str, *, status: int = 401, code: str = "invalid_token") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.code = code


class WrongRealm(TokenRejected):
    """A token whose issuer is ``token_realm``, another realm of our Keycloak (403 once proven)."""

    def __init__(self, token_realm: str, realm: str) -> None:
        super().__init__(
            f"The token belongs to realm '{token_realm}', not to '{realm}'.",
            status=403,
            code="wrong_realm",
        )
        self.token_realm = token_realm


class GatewayTokenVerifier:
    """Turns a gateway token for ``realm`` into its verified claims, or raises TokenRejected.

    ``accepted_types`` are the ``typ`` claims let through (lower case): access
    tokens only. A subclass verifying ID tokens sets ``("id",)`` and checks
    ``aud`` against its client id.
    """

    accepted_types: tuple[str, ...] = ("bearer",)
    # RFC 9068's marker of a JWT access token, in the header's ``typ``
    accepted_header_types: tuple[str, ...] = ("at+jwt", "application/at+jwt")
    # Keycloak's access tokens are 1-3 KB; anything far larger is refused before parsing
    max_length: int = 16 * 1024

    def verify(self, token: str, realm: str) -> dict[str, Any]:
        header, unverified = self.parse(token)
        algorithm = self.check_algorithm(header)
        try:
            self.check_issuer(unverified, realm)
        except WrongRealm as wrong:
            self.confirm_other_realm(token, header, algorithm, wrong, realm)
            raise
        return self.verify_for_realm(token, header, algorithm, realm)

    def verify_for_realm(
        self, token: str, header: dict[str, Any], algorithm: str, realm: str
    ) -> dict[str, Any]:
        """The claims of a token signed with ``realm``'s keys and valid by its rules."""
        key = self.get_key(realm, header, algorithm)
        claims = self.decode(token, key, algorithm)
        # the type is read from the header too (RFC 9068), so it is checked here
        self.check_type(claims, header)
        self.validate_claims(claims, realm)
        return claims

    def confirm_other_realm(
        self, token: str, header: dict[str, Any], algorithm: str, wrong: WrongRealm, realm: str
    ) -> None:
        """Before answering "another realm's token" (403), make sure it is one: or answer 401.

        The keys of the realm the token names come through the same caches and
        limits as any realm's; a token they do not verify, or whose keys cannot
        be had, proves nothing and is refused as unauthenticated.
        """
        try:
            self.verify_for_realm(token, header, algorithm, wrong.token_realm)
        except TokenRejected as rejection:
            if rejection.code != UNKNOWN_REALM:
                raise TokenRejected(rejection.reason, code=rejection.code) from None
            raise TokenRejected(  # the other realm does not exist: say nothing of it
                f"The token was not issued for realm '{realm}'.", code="issuer"
            ) from None
        except KeysUnavailable:
            raise TokenRejected(
                f"The token was not issued for realm '{realm}'.", code="issuer"
            ) from None

    # -- steps --------------------------------------------------------------------------------

    def parse(self, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Header and claims as written, not yet trusted: only to choose a key and a reason."""
        if len(token) > self.max_length:
            raise TokenRejected(
                f"The token is longer than {self.max_length} characters.", code="malformed"
            )
        try:
            compact = split_compact(token)
            header = compact.header
            claims = json.loads(compact.payload)
        except (ValueError, TypeError, UnicodeError, RecursionError):
            # RecursionError: JSON nested a few thousand deep fits in the length limit
            raise TokenRejected("The token is not a well-formed JWT.", code="malformed") from None
        if not isinstance(header, dict) or not isinstance(claims, dict):
            raise TokenRejected("The token is not a well-formed JWT.", code="malformed")
        return header, claims

    def get_allowed_algorithms(self) -> set[str]:
        return set(kit_settings.GATEWAY_JWT_ALGORITHMS) & ASYMMETRIC_ALGORITHMS

    def check_algorithm(self, header: dict[str, Any]) -> str:
        """Only asymmetric algorithms: ``none`` and HS* (keyed with the public key) never pass."""
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self.get_allowed_algorithms():
            raise TokenRejected(
                f"Tokens signed with {str(algorithm)[:20]!r} are not accepted.",
                code="algorithm_refused",
            )
        return algorithm

    def get_issuer_base(self) -> str:
        """Where the realms' issuers start, as clients see Keycloak."""
        base = kit_settings.KEYCLOAK_ISSUER_URL or kit_settings.KEYCLOAK_SERVER_URL or ""
        return str(base).rstrip("/")

    def get_issuer(self, realm: str) -> str:
        return f"{self.get_issuer_base()}/{realm}"

    def get_realm_from_issuer(self, issuer: Any) -> str | None:
        """The realm an issuer of our Keycloak stands for, or None for any other issuer."""
        prefix = f"{self.get_issuer_base()}/"
        if isinstance(issuer, str) and issuer.startswith(prefix):
            realm = issuer[len(prefix) :]
            return realm if is_valid_realm(realm) else None
        return None

    def check_issuer(self, claims: dict[str, Any], realm: str) -> None:
        """The token must come from the realm named in the path, and no other."""
        issuer = claims.get("iss")
        if issuer == self.get_issuer(realm):
            return
        other = self.get_realm_from_issuer(issuer)
        if other is not None:
            raise WrongRealm(other, realm)  # still unproven: verify() checks it with other's keys
        raise TokenRejected("The token was not issued by this service's Keycloak.", code="issuer")

    def get_jwks_url(self, realm: str) -> str:
        """The realm's discovery document: its ``jwks_uri`` names the keys (any provider)."""
        return discovery_url(realm)

    def get_jwks_cache(self, realm: str) -> JWKSCache:
        return get_jwks_cache(self.get_jwks_url(realm))

    def get_key(self, realm: str, header: dict[str, Any], algorithm: str) -> PublicKey:
        """The realm's key named by ``kid``, and only if it is meant for ``algorithm``."""
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenRejected("The token does not name its key (kid).", code="unknown_key")
        try:
            key = self.get_jwks_cache(realm).get_key(
                kid, known_realm=lambda: self.is_known_realm(realm)
            )
        except UnknownRealm:
            # the provider says it has no such realm: a stranger's token, not an outage
            raise TokenRejected(
                f"The identity provider has no realm '{realm}'.", code=UNKNOWN_REALM
            ) from None
        if key is None:
            raise TokenRejected("The token was signed with an unknown key.", code="unknown_key")
        if key.alg not in (None, algorithm) or key.key_type != _KEY_TYPES[algorithm[:2]]:
            raise TokenRejected(
                f"The token's key is not meant for {algorithm}.", code="algorithm_refused"
            )
        if algorithm in _CURVES and getattr(key, "curve_name", None) != _CURVES[algorithm]:
            raise TokenRejected(
                f"The token's key is not meant for {algorithm}.", code="algorithm_refused"
            )
        return key

    def is_known_realm(self, realm: str) -> bool:
        """Whether this service has met ``realm`` before: the realm's group exists.

        Asked only when the first fetches of never-seen realms' keys are spent
        (a flood of invented realm names): a known realm's keys are fetched all
        the same, so such a flood cannot lock its users out.
        """
        return Group.objects.filter(name=realm).exists()

    def decode(self, token: str, key: PublicKey, algorithm: str) -> dict[str, Any]:
        try:
            compact = split_compact(token)
            if compact.header.get("alg") != algorithm:
                raise ValueError("the header names another algorithm")
            verified = verify_signature(key, algorithm, compact.signing_input, compact.signature)
            claims = json.loads(compact.payload) if verified else None
        except (ValueError, TypeError, UnicodeError, RecursionError):
            raise TokenRejected("The token is not a well-formed JWT.", code="malformed") from None
        if not verified:
            raise TokenRejected("The token's signature does not verify.", code="signature")
        if not isinstance(claims, dict):
            raise TokenRejected("The token is not a well-formed JWT.", code="malformed")
        return claims

    def validate_claims(self, claims: dict[str, Any], realm: str) -> None:
        self.check_times(claims)
        self.check_audience(claims)
        self.check_authorized_party(claims)

    def check_times(self, claims: dict[str, Any]) -> None:
        """``exp`` (required), ``nbf`` and ``iat`` with ``GATEWAY_JWT_LEEWAY`` seconds of skew."""
        now, leeway = time.time(), float(kit_settings.GATEWAY_JWT_LEEWAY)
        times = {name: claims.get(name) for name in ("exp", "nbf", "iat")}
        for name, value in times.items():
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise TokenRejected(f"The token's '{name}' is not a time.", code="malformed")
        if times["exp"] is None:
            raise TokenRejected("The token has no expiry time (exp).", code="malformed")
        if times["exp"] + leeway < now:
            raise TokenRejected("The token has expired.", code="token_expired")
        if times["nbf"] is not None and times["nbf"] - leeway > now:
            raise TokenRejected("The token is not valid yet (nbf).", code="token_not_yet_valid")
        if times["iat"] is not None and times["iat"] - leeway > now:
            raise TokenRejected(
                "The token was issued in the future (iat).", code="token_not_yet_valid"
            )

    def check_type(self, claims: dict[str, Any], header: dict[str, Any] | None = None) -> None:
        """Access tokens only: ID, refresh and untyped tokens do not pass.

        Keycloak marks its access tokens with the claim ``typ: Bearer``; the
        standard marker is the header ``typ: at+jwt`` (RFC 9068). Providers sign
        more than access tokens with a realm's keys (ID, logout and action
        tokens); a token that says neither proves nothing.
        """
        header_type = (header or {}).get("typ")
        if isinstance(header_type, str) and header_type.lower() in self.accepted_header_types:
            return
        kind = claims.get("typ")
        if not isinstance(kind, str) or kind.lower() not in self.accepted_types:
            raise TokenRejected("Only access tokens are accepted.", code="token_type")

    def check_audience(self, claims: dict[str, Any]) -> None:
        expected = kit_settings.GATEWAY_JWT_AUDIENCE
        if not expected:
            return
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if not set(expected) & {value for value in audiences if isinstance(value, str)}:
            raise TokenRejected("The token is not meant for this service (aud).", code="audience")

    def check_authorized_party(self, claims: dict[str, Any]) -> None:
        """The client that asked for the token: Keycloak's ``azp``, RFC 9068's ``client_id``."""
        expected = kit_settings.GATEWAY_JWT_AUTHORIZED_PARTIES
        if expected and authorized_party(claims) not in expected:
            raise TokenRejected(
                "The token was requested by a client this service does not accept (azp).",
                code="authorized_party",
            )
