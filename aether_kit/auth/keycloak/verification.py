"""Verifying the tokens of a sign-in with the gateway's rules and its cached realm keys.

The tokens a login receives are checked like gateway tokens — asymmetric
algorithm only, key of the realm named by ``kid`` (refetched once on an
unknown ``kid``, so a key rotation needs no restart), issuer bound to the
realm, expiry with the configured leeway — plus what a login needs on top:
an ID token must be meant for our client (``aud``) and must not be an access
token (Keycloak's ``typ: ID`` claim is welcome, not required: standard ID
tokens have none), and an access token must have been asked for by our client
(``azp``, or RFC 9068's ``client_id``).
"""

from __future__ import annotations

from typing import Any

from aether_kit.tokens.verifier import GatewayTokenVerifier, TokenRejected, authorized_party

__all__ = ["KeycloakTokenVerifier", "is_jwt"]

ACCESS_TOKEN = "Bearer"  # noqa: S105 (a token type, not a secret)
ID_TOKEN = "ID"  # noqa: S105


def is_jwt(token: str) -> bool:
    """Whether ``token`` is a signed JWT (three parts); an opaque access token is not."""
    return token.count(".") == 2


class KeycloakTokenVerifier(GatewayTokenVerifier):
    """One kind of token (``Bearer`` or ``ID``) issued to ``client_id`` by ``issuer``.

    The issuer and the JWKS URL come from the backend, so that a project that
    overrides where Keycloak is does it in one place.
    """

    def __init__(self, token_type: str, *, client_id: str, issuer: str, jwks_url: str) -> None:
        self.token_type = token_type
        self.client_id = client_id
        self.issuer = issuer
        self.jwks_url = jwks_url

    def get_issuer(self, realm: str) -> str:
        return self.issuer

    def get_jwks_url(self, realm: str) -> str:
        return self.jwks_url

    def is_known_realm(self, realm: str) -> bool:
        """Always: the tokens of a sign-in come from the realm's own token endpoint.

        Keycloak answering there proves the realm exists, so a brand-new realm's
        first sign-in never waits behind a flood of invented realm names.
        """
        return True

    def check_issuer(self, claims: dict[str, Any], realm: str) -> None:
        """Exactly the realm's issuer: no 403 "another realm's token" to prove here.

        The tokens of a sign-in come from the token endpoint of the realm asked,
        and this verifier knows that realm's keys only; any other issuer is refused.
        """
        issuer = claims.get("iss")
        if issuer != self.issuer:
            raise TokenRejected(
                f"The token names issuer {str(issuer)[:200]!r}, not {self.issuer!r}.",
                code="issuer",
            )

    def check_type(self, claims: dict[str, Any], header: dict[str, Any] | None = None) -> None:
        if self.token_type != ID_TOKEN:
            try:
                super().check_type(claims, header)
            except TokenRejected:
                raise TokenRejected(
                    f"Expected a token of type {self.token_type}.", code="token_type"
                ) from None
            return
        kind = claims.get("typ")
        header_type = (header or {}).get("typ")
        if (kind is not None and str(kind).lower() != "id") or (
            isinstance(header_type, str) and header_type.lower() in self.accepted_header_types
        ):
            raise TokenRejected(f"Expected a token of type {self.token_type}.", code="token_type")

    def check_audience(self, claims: dict[str, Any]) -> None:
        if self.token_type != ID_TOKEN:
            super().check_audience(claims)
            return
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.client_id not in audiences:
            raise TokenRejected("The ID token is not meant for this client (aud).", code="audience")

    def check_authorized_party(self, claims: dict[str, Any]) -> None:
        party = authorized_party(claims)
        if party is not None and party != self.client_id:
            raise TokenRejected(
                "The token was issued to another client (azp).", code="authorized_party"
            )
