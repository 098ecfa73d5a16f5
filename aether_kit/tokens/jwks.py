"""A realm's signing keys, fetched from its JWKS endpoint and cached.

Verifying a token must not cost a call to Keycloak, so each realm's keys are
kept for ``GATEWAY_JWKS_CACHE_TTL`` seconds. Keycloak rotates keys by signing
with a new one while still publishing the old: a token naming a key id we have
not seen triggers one refetch, at most every
``GATEWAY_JWKS_MIN_REFETCH_INTERVAL`` seconds, so a stream of made-up key ids
cannot turn into a stream of calls to Keycloak; first fetches of realms never
seen are limited across all realms for the same reason (realm names come from
the request path and the token's issuer).

That shared limit must not lock real realms out, so:

- a realm is *known* once its keys were fetched, or when the caller knows it
  exists (the verifier: its group is there; the sign-in: Keycloak's token
  endpoint just answered for it); known realms never draw from the limit;
- a first fetch that answers 200 gives its draw back, so only strangers spend it;
- a realm whose JWKS endpoint answers 4xx does not exist: :class:`UnknownRealm`
  (a 401), remembered for ``GATEWAY_JWKS_UNKNOWN_REALM_TTL`` seconds without
  asking again;
- once the limit is spent, first fetches go one at a time across the process
  instead of being refused: Keycloak sees at most one such request in flight,
  and a brand-new realm's first request waits behind the few ahead of it and
  passes;
- when there are too many caches, those that never got keys go first.

When Keycloak cannot be reached the keys already known stay in use; a key id we
cannot look up (none known, or an unknown ``kid`` while the refetch fails) is
:class:`KeysUnavailable` (a 503, not a 401: the token may be fine).

Keys are read by :mod:`aether_kit.tokens.jws`: an RSA key is its two numbers,
and cryptography's OpenSSL binding (several megabytes of a worker's memory) is
imported only for a PS* or ES* token.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import get_session
from aether_kit.external.session import get_timeout

from .discovery import DISCOVERY_PATH, fetch_discovery, to_server_url
from .jws import VerifyingKey, import_jwk

# a realm's public signing key (the name this module has always exported)
PublicKey = VerifyingKey

__all__ = [
    "JWKSCache",
    "KeysUnavailable",
    "PublicKey",
    "UnknownRealm",
    "clear_jwks_caches",
    "get_jwks_cache",
]

logger = logging.getLogger(__name__)

# key types that can verify the kit's accepted (asymmetric) algorithms
_VERIFYING_KEY_TYPES = frozenset({"RSA", "EC"})


# 4xx answers that say "not now" rather than "no such realm"
_TRANSIENT_CLIENT_ERRORS = frozenset({408, 425, 429})


_NOT_FOUND = requests.Response()
_NOT_FOUND.status_code = 404


class KeysUnavailable(Exception):
    """The realm's keys could not be fetched and none are known."""


class UnknownRealm(Exception):
    """The realm's JWKS endpoint answered 4xx: the identity provider has no such realm."""


class JWKSCache:
    """The signing keys published at one JWKS URL, by key id. Safe to share between threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._keys: dict[str, PublicKey] = {}
        self._fetched_at: float | None = None  # last successful fetch (monotonic)
        self._attempted_at: float | None = None  # last attempt, successful or not
        self._failing = False  # the last attempt failed
        self._unknown_until: float | None = None  # a 4xx said "no such realm" until then
        self._lock = threading.Lock()

    def get_key(
        self, kid: str, *, known_realm: Callable[[], bool] | None = None
    ) -> PublicKey | None:
        """The key called ``kid``, refetching the set when it is stale or lacks ``kid``.

        ``known_realm`` is asked only when a first fetch finds the shared limit
        spent; True (the realm is known to exist) lets the fetch through anyway.
        """
        keys = self._keys
        if kid in keys and self._is_fresh():
            return keys[kid]
        self._raise_if_unknown()
        with self._lock:  # one fetch at a time; the others wait and reuse its result
            self._raise_if_unknown()
            if not self._is_fresh() or (kid not in self._keys and self._may_refetch()):
                self._refresh(known_realm)
            self._raise_if_unknown()
            if kid not in self._keys and self._failing:
                # maybe a new key of a rotation: Keycloak is the only one who can tell
                raise KeysUnavailable(f"No keys could be fetched from {self.url}")
            return self._keys.get(kid)

    @property
    def is_unknown(self) -> bool:
        """Whether the provider said "no such realm" less than the negative TTL ago."""
        until = self._unknown_until
        return until is not None and time.monotonic() < until

    def _raise_if_unknown(self) -> None:
        if self.is_unknown:
            raise UnknownRealm(f"{self.url} answered that there is no such realm")

    @property
    def kids(self) -> list[str]:
        return list(self._keys)

    def knows(self, kid: str) -> bool:
        """Whether ``kid`` was in the last set fetched (no fetch, no lock)."""
        return kid in self._keys

    def _is_fresh(self) -> bool:
        ttl = float(kit_settings.GATEWAY_JWKS_CACHE_TTL)
        return self._fetched_at is not None and time.monotonic() - self._fetched_at < ttl

    def _may_refetch(self) -> bool:
        interval = float(kit_settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL)
        return self._attempted_at is None or time.monotonic() - self._attempted_at >= interval

    @property
    def has_keys(self) -> bool:
        """Whether a fetch ever succeeded: a realm Keycloak knows, not an invented one."""
        return self._fetched_at is not None

    def _refresh(self, known_realm: Callable[[], bool] | None = None) -> None:
        if not self._may_refetch():
            return  # a fetch failed moments ago: keep what we have (maybe nothing) a little longer
        if self._fetched_at is not None or (known_realm is not None and known_realm()):
            self._fetch_and_keep()
            return
        # a realm never seen working: a client inventing realm names must not turn each
        # request into a call to Keycloak, nor lock out a real realm that is new here
        if _first_fetches.allow():
            if self._fetch_and_keep():
                _first_fetches.give_back()  # a real realm: the limit is for strangers
            return
        with _stranger_lane(self.url) as admitted:
            if admitted:
                self._fetch_and_keep()
            else:
                self._failing = True

    def _fetch_and_keep(self) -> bool:
        """One fetch; True when it brought keys. 4xx: the realm is unknown for a while."""
        self._attempted_at = time.monotonic()
        try:
            document = self.fetch()
            keys = self.parse(document)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 0
            if 400 <= status < 500 and status not in _TRANSIENT_CLIENT_ERRORS:
                self._forget_realm(status)
                return False
            self._failing = True
            logger.warning("Could not fetch signing keys from %s: %s", self.url, error)
            return False
        except Exception as error:  # any other failure means "keep what we have"
            self._failing = True
            logger.warning("Could not fetch signing keys from %s: %s", self.url, error)
            return False
        self._keys, self._failing, self._unknown_until = keys, False, None
        self._fetched_at = time.monotonic()
        logger.info("Fetched %d signing key(s) from %s", len(self._keys), self.url)
        return True

    def _forget_realm(self, status: int) -> None:
        """The provider has no such realm (any more): drop its keys, remember the answer."""
        ttl = float(kit_settings.GATEWAY_JWKS_UNKNOWN_REALM_TTL)
        self._keys, self._fetched_at, self._failing = {}, None, False
        self._unknown_until = time.monotonic() + ttl
        # a stranger's request, not a fault of ours: the rejected token is logged once,
        # at WARNING, by the authentication that refuses it
        logger.info("%s answered %d: no such realm for %.0f s", self.url, status, ttl)

    def fetch(self) -> Any:
        """The JWKS document, through the kit's outbound session (timeouts, retries).

        ``url`` is the JWKS itself, or a realm's discovery document naming it in
        ``jwks_uri`` (the provider's own layout, whatever its make).
        """
        with get_session(retries=1) as session:
            url = self.url
            if url.endswith(DISCOVERY_PATH):
                document = fetch_discovery(url, session=session)
                if document is None:  # the provider answered 404: no such realm
                    raise requests.HTTPError(f"{url} answered 404", response=_NOT_FOUND)
                jwks_uri = document.get("jwks_uri")
                if not isinstance(jwks_uri, str):
                    raise ValueError(f"{url} names no jwks_uri")
                url = to_server_url(jwks_uri)
            response = session.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            return response.json()

    def parse(self, document: Any) -> dict[str, PublicKey]:
        """Public signing keys by kid; encryption, symmetric and malformed entries are skipped."""
        entries = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise ValueError(f"{self.url} did not answer a JWKS document")
        keys: dict[str, PublicKey] = {}
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("use", "sig") != "sig" or entry.get("kty") not in _VERIFYING_KEY_TYPES:
                continue
            try:
                keys[entry["kid"]] = import_jwk(entry)
            except (ValueError, TypeError) as error:
                logger.warning("Skipping key %r from %s: %s", entry["kid"], self.url, error)
        return keys


class _FirstFetchLimiter:
    """At most ``MAX_FIRST_FETCHES`` first fetches of realms' keys per refetch interval."""

    def __init__(self) -> None:
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        now, window = time.monotonic(), float(kit_settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL)
        with self._lock:
            while self._times and now - self._times[0] >= window:
                self._times.popleft()
            if len(self._times) >= MAX_FIRST_FETCHES:
                return False
            self._times.append(now)
            return True

    def give_back(self) -> None:
        """Return the latest draw: the realm answered with keys, so it was no stranger."""
        with self._lock:
            if self._times:
                self._times.pop()

    def reset(self) -> None:
        with self._lock:
            self._times.clear()


MAX_FIRST_FETCHES = 20
_first_fetches = _FirstFetchLimiter()
# beyond the limit, first fetches of never-seen realms take turns through this lock
_stranger_lock = threading.Lock()


@contextmanager
def _stranger_lane(url: str) -> Iterator[bool]:
    """One first fetch at a time once the limit is spent; False when the turn never came.

    A turn is waited for at most as long as one fetch may take (connect plus
    read timeout): a request waits for those ahead of it, whose number the
    process's worker threads bound, not for the whole flood.
    """
    admitted = _stranger_lock.acquire(timeout=sum(get_timeout()))
    if not admitted:
        logger.warning("Too many first fetches of unknown realms' keys; %s waits", url)
    try:
        yield admitted
    finally:
        if admitted:
            _stranger_lock.release()


# realms are named by the request path: a client inventing realm names must not grow
# the process without bound (when there are more, the oldest cache without keys goes
# first, so a flood of invented realms does not push real realms' keys out)
MAX_CACHES = 256
_caches: OrderedDict[str, JWKSCache] = OrderedDict()
_caches_lock = threading.Lock()


def get_jwks_cache(url: str) -> JWKSCache:
    """The process-wide cache of ``url``, created on first use."""
    cache = _caches.get(url)
    if cache is None:
        with _caches_lock:
            cache = _caches.setdefault(url, JWKSCache(url))
            while len(_caches) > MAX_CACHES:
                _evict_one(keep=url)
    return cache


def _evict_one(keep: str) -> None:
    """Drop the oldest cache that never got keys (not ``keep``, just asked for), else the oldest."""
    for url, cache in _caches.items():
        if url != keep and not cache.has_keys:
            del _caches[url]
            return
    _caches.popitem(last=False)


def clear_jwks_caches() -> None:
    """Forget every fetched key (tests; a deliberate key revocation)."""
    with _caches_lock:
        _caches.clear()
    _first_fetches.reset()
