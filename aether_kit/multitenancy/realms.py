"""The ``<realm>__<username>`` convention (the realm name rule: :mod:`aether_kit.realms.names`)."""

from __future__ import annotations

from aether_kit.realms.names import REALM_RULE, InvalidRealm, is_valid_realm, validate_realm

__all__ = [
    "REALM_RULE",
    "REALM_SEPARATOR",
    "InvalidRealm",
    "is_valid_realm",
    "provider_username",
    "realm_of_username",
    "realm_username",
    "strip_realm",
    "validate_realm",
]

REALM_SEPARATOR = "__"


def realm_username(realm: str | None, username: str) -> str:
    """``("eha", "ana")`` → ``"eha__ana"``; already prefixed or no realm: unchanged."""
    if not realm or username.startswith(f"{realm}{REALM_SEPARATOR}"):
        return username
    return f"{realm}{REALM_SEPARATOR}{username}"


def provider_username(realm: str, username: str) -> str:
    """The stored name of an account the identity provider calls ``username``: always prefixed.

    Unlike :func:`realm_username` a name that already looks prefixed gets a
    prefix too, so a user who registers as ``<realm>__admin`` at Keycloak
    becomes ``<realm>__<realm>__admin``, never the realm's ``admin``.
    """
    return f"{validate_realm(realm)}{REALM_SEPARATOR}{username}"


def strip_realm(realm: str | None, username: str) -> str:
    """``("eha", "eha__ana")`` → ``"ana"``; another realm's prefix is kept."""
    prefix = f"{realm}{REALM_SEPARATOR}"
    if realm and username.startswith(prefix):
        return username[len(prefix) :]
    return username


def realm_of_username(username: str) -> str | None:
    """The realm a stored username belongs to, or None for a realm-less user."""
    realm, separator, rest = username.partition(REALM_SEPARATOR)
    if separator and rest and is_valid_realm(realm):
        return realm
    return None
