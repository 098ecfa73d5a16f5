"""Each realm's OpenID Connect discovery document, fetched once an hour at most.

Where a realm's endpoints and keys are, which issuer it names and which grants
it offers are the provider's to say (``<realm>/.well-known/openid-configuration``),
not Keycloak's URL layout to assume: the sign-in and the gateway's key cache
both read them here, so a provider of another make needs no setting for them.

Behind a gateway the provider may publish its URLs on the public host
(``KEYCLOAK_ISSUER_URL``) while this service reaches it on another
(``KEYCLOAK_SERVER_URL``): :func:`to_server_url` and :func:`to_public_url`
move a discovered URL from one base to the other.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import get_session

__all__ = [
    "DISCOVERY_PATH",
    "DiscoveryUnavailable",
    "clear_discovery_cache",
    "discovery_url",
    "fetch_discovery",
    "to_public_url",
    "to_server_url",
]

DISCOVERY_PATH = ".well-known/openid-configuration"
# a realm's discovery document changes with an upgrade of the provider, not between sign-ins
DISCOVERY_LIFETIME = 3600
_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class DiscoveryUnavailable(Exception):
    """The discovery document could not be had (unreachable, 5xx, not JSON)."""


def server_base() -> str:
    return str(kit_settings.KEYCLOAK_SERVER_URL or "").rstrip("/")


def public_base() -> str:
    return str(kit_settings.KEYCLOAK_ISSUER_URL or server_base()).rstrip("/")


def discovery_url(realm: str) -> str:
    return f"{server_base()}/{realm}/{DISCOVERY_PATH}"


def _rebase(url: str, old: str, new: str) -> str:
    if old != new and (url == old or url.startswith(f"{old}/")):
        return new + url[len(old) :]
    return url


def to_server_url(url: str) -> str:
    """A URL the provider published on the public host, as this service reaches it."""
    return _rebase(url, public_base(), server_base())


def to_public_url(url: str) -> str:
    """A URL the provider published on the internal host, as browsers reach it."""
    return _rebase(url, server_base(), public_base())


def fetch_discovery(url: str, *, session: requests.Session | None = None) -> dict[str, Any] | None:
    """The document at ``url`` (cached), or None when the provider answers 404 (no such realm).

    A 404 is not kept: a realm created a moment later is found on the next call.
    Anything else but a JSON object is :class:`DiscoveryUnavailable`, not kept either.
    """
    now = time.monotonic()
    with _lock:
        cached = _cache.get(url)
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        if session is not None:
            response = session.get(url, headers={"Accept": "application/json"})
        else:
            with get_session(retries=1) as own:
                response = own.get(url, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise DiscoveryUnavailable(f"GET {url} failed: {exc.__class__.__name__}") from exc
    if response.status_code == 404:
        return None
    try:
        document = response.json()
    except ValueError:
        document = None
    if response.status_code != 200 or not isinstance(document, dict) or not document:
        raise DiscoveryUnavailable(f"GET {url} answered {response.status_code} without JSON")
    with _lock:
        _cache[url] = (now + DISCOVERY_LIFETIME, document)
    return document


def clear_discovery_cache() -> None:
    """Forget the realms' discovery documents (tests; after upgrading the provider)."""
    with _lock:
        _cache.clear()
