"""A short-lived, per-process memory of tokens already verified and mapped to a user.

A client sends the same access token with every request until it expires.
Verifying the signature and loading the user again each time costs more than
the rest of a typical list request; remembering the outcome for
``GATEWAY_TOKEN_CACHE_TTL`` seconds (never past the token's ``exp``) makes a
repeated token cost one dictionary lookup. A user saved, deleted or moved
between groups in this process is forgotten at once (a deactivated account is
refused on its next request); a change made by another process is noticed up
to that many seconds late; set the TTL to 0 to verify every request. A key
Keycloak stops publishing
ends its tokens' entries as soon as the realm's keys are refetched. Tokens are
kept only as SHA-256 digests, and each request gets its own copy of the user
and of the claims: a view that changes ``request.auth`` (a nested role list is
enough) changes nothing another request sees. The copies are made for what
they hold (claims kept as JSON text and parsed again; a model instance's
state) rather than by ``copy``'s generic protocol, which cost a repeated token
more than the rest of its authentication (``docs/benchmarks.md``). Entries are indexed by user, so
forgetting a user costs its own entries, however many others are remembered:
a first-time user is saved (and so forgotten) while it is created.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aether_kit.conf.kit_settings import kit_settings

if TYPE_CHECKING:  # the keys' module brings the JOSE library: loaded with the verifier
    from .jwks import JWKSCache

__all__ = ["IdentityCache", "identity_cache"]

MAX_ENTRIES = 4096


# (expires, user, claims, keys, kid) of a token; (expires, user, profile) of a user
_Entry = tuple[float, Any, "str | dict[str, Any]", "JWKSCache", str]
_UserEntry = tuple[float, Any, dict[str, str]]
_Key = TypeVar("_Key")
_Value = TypeVar("_Value", bound=tuple[Any, ...])
DISPATCH_UID = "aether_kit.gateway.identity_cache"


def copy_claims(value: Any) -> Any:
    """A deep copy of decoded JSON: dicts and lists are rebuilt, everything else is immutable.

    Claims come from ``json.loads``; a value of another kind (a verifier that
    adds its own objects) falls back to ``copy.deepcopy``.
    """
    kind = type(value)
    if kind is dict:
        return {key: copy_claims(item) for key, item in value.items()}
    if kind is list:
        return [copy_claims(item) for item in value]
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


_IMMUTABLE = frozenset({str, int, float, bool, type(None)})


def _is_plain_json(value: Any) -> bool:
    """Whether ``value`` is made of exactly the types ``json.loads`` returns (NaN excepted)."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _is_plain_json(item) for key, item in value.items())
    if kind is list:
        return all(_is_plain_json(item) for item in value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in _IMMUTABLE


def freeze_claims(claims: dict[str, Any]) -> str | dict[str, Any]:
    """What the cache keeps of ``claims``: their JSON text, or a private copy of anything else.

    Each request gets its claims back from ``json.loads`` (C) instead of a walk
    through them in Python; claims holding other objects (a verifier that adds
    its own) are kept as a copy and copied again on the way out.
    """
    return json.dumps(claims) if _is_plain_json(claims) else copy_claims(claims)


def thaw_claims(frozen: str | dict[str, Any]) -> dict[str, Any]:
    """A new copy of the claims :func:`freeze_claims` kept."""
    return json.loads(frozen) if isinstance(frozen, str) else copy_claims(frozen)


def copy_user(user: Any) -> Any:
    """A copy of a model instance that shares no mutable state with it.

    What ``copy.copy`` does for a Django model (a copy of the instance's dict,
    of its ``_state`` and of its cache of related objects), without the pickle
    protocol's round trip through ``__reduce__`` and the app registry.
    """
    from django.db.models.base import ModelState

    state = user.__dict__.get("_state")
    if not isinstance(state, ModelState):
        return copy.copy(user)
    clone = user.__class__.__new__(user.__class__)
    clone.__dict__.update(user.__dict__)
    clone_state = ModelState.__new__(ModelState)
    clone_state.__dict__.update(state.__dict__)
    clone_state.fields_cache = state.fields_cache.copy()
    clone._state = clone_state
    return clone


def _forget_saved_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    identity_cache.forget_user(instance.pk)


def _forget_regrouped_user(
    sender: Any, instance: Any, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not reverse:
        identity_cache.forget_user(instance.pk)
    else:  # group.user_set.add(...): the users are in pk_set, or every user on clear()
        for pk in pk_set or ():
            identity_cache.forget_user(pk)
        if not pk_set:
            identity_cache.clear()


def _forget_groups(sender: Any, **kwargs: Any) -> None:
    identity_cache.forget_groups()


class _UserIndexed(Generic[_Key, _Value]):
    """Entries in least-recently-used order, indexed by the pk of the user each holds.

    A user is saved several times while it is created, and each save forgets
    it: with thousands of entries remembered, finding its entries by scanning
    them all would cost more than creating the user. The index makes
    forgetting a user cost its own entries only. Every entry is a tuple whose
    second item is the user. Not thread-safe by itself: the cache's lock guards it.
    """

    def __init__(self) -> None:
        self.entries: OrderedDict[_Key, _Value] = OrderedDict()
        self.by_user: dict[Any, set[_Key]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: _Key) -> _Value | None:
        return self.entries.get(key)

    def put(self, key: _Key, entry: _Value, max_entries: int) -> None:
        """Remember ``entry`` as the most recent, dropping the oldest beyond ``max_entries``."""
        self.pop(key)  # a key held by another user must leave that user's index
        self.entries[key] = entry
        self.by_user.setdefault(entry[1].pk, set()).add(key)
        while len(self.entries) > max_entries:
            self.pop(next(iter(self.entries)))

    def touch(self, key: _Key) -> None:
        self.entries.move_to_end(key)

    def pop(self, key: _Key) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        pk = entry[1].pk
        keys = self.by_user.get(pk)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self.by_user[pk]

    def forget_user(self, pk: Any) -> None:
        for key in self.by_user.pop(pk, ()):
            del self.entries[key]

    def clear(self) -> None:
        self.entries.clear()
        self.by_user.clear()


class IdentityCache:
    """``(realm, token) -> (user, claims)`` with a TTL, least recently used out first.

    Beside the tokens it remembers users: ``(realm, username) -> user`` as the
    database last gave it, with the profile the claims carried then. A known
    user's new token (another session, a refresh) then costs its signature
    check and no query, as long as its profile claims are unchanged. Users are
    forgotten with their tokens (saved, deleted, regrouped in this process)
    and after the same TTL; forgetting one touches only its own entries.

    It also remembers each realm's group pk, so a first-time user joins its
    realm without looking the group up. A pk is remembered only once the
    transaction that read it has committed (a group created in a transaction
    rolled back would be a dangling pk), for the same TTL, and every realm's
    is forgotten when any group is saved or deleted in this process.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._tokens: _UserIndexed[tuple[str, bytes], _Entry] = _UserIndexed()
        self._users: _UserIndexed[tuple[str, str], _UserEntry] = _UserIndexed()
        self._groups: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._watching = False

    def watch_users(self) -> None:
        """Forget a user's tokens when the user changes (connected on first use, once)."""
        if self._watching:
            return
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        model = get_user_model()
        post_save.connect(_forget_saved_user, sender=model, dispatch_uid=f"{DISPATCH_UID}.save")
        post_delete.connect(_forget_saved_user, sender=model, dispatch_uid=f"{DISPATCH_UID}.delete")
        groups = getattr(model, "groups", None)
        if groups is not None:
            m2m_changed.connect(
                _forget_regrouped_user,
                sender=groups.through,
                dispatch_uid=f"{DISPATCH_UID}.groups",
            )
            group_model = groups.field.related_model
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    _forget_groups, sender=group_model, dispatch_uid=f"{DISPATCH_UID}.group.{name}"
                )
        self._watching = True

    def forget_user(self, pk: Any) -> None:
        """Drop the user ``pk`` and every remembered token of it (its own entries only)."""
        with self._lock:
            self._tokens.forget_user(pk)
            self._users.forget_user(pk)

    def get_user(self, realm: str, username: str, profile: dict[str, str]) -> Any:
        """A copy of the remembered user, if its profile is still ``profile``; else None."""
        if not self.enabled:
            return None
        key = (realm, username)
        with self._lock:
            entry = self._users.get(key)
            if entry is None:
                return None
            expires, user, known = entry
            if expires <= time.time() or known != profile:
                self._users.pop(key)
                return None
            self._users.touch(key)
        return copy_user(user)

    def put_user(self, realm: str, username: str, user: Any, profile: dict[str, str]) -> None:
        """Remember a user found (and brought up to ``profile``) in ``realm``'s group."""
        ttl = float(kit_settings.GATEWAY_TOKEN_CACHE_TTL or 0)
        if ttl <= 0:
            return
        self.watch_users()
        entry = (time.time() + ttl, copy_user(user), dict(profile))
        with self._lock:
            self._users.put((realm, username), entry, self.max_entries)

    def get_group(self, realm: str) -> Any:
        """The remembered pk of ``realm``'s group, or None."""
        if not self.enabled:
            return None
        with self._lock:
            entry = self._groups.get(realm)
            if entry is None:
                return None
            if entry[0] <= time.time():
                del self._groups[realm]
                return None
            return entry[1]

    def put_group(self, realm: str, pk: Any) -> None:
        """Remember the pk of ``realm``'s group; call it once the group's row is committed."""
        ttl = float(kit_settings.GATEWAY_TOKEN_CACHE_TTL or 0)
        if ttl <= 0:
            return
        self.watch_users()
        with self._lock:
            self._groups[realm] = (time.time() + ttl, pk)
            while len(self._groups) > self.max_entries:
                del self._groups[next(iter(self._groups))]

    def forget_groups(self) -> None:
        """Drop every remembered group pk (a group was saved or deleted)."""
        with self._lock:
            self._groups.clear()

    @staticmethod
    def _key(realm: str, token: str) -> tuple[str, bytes]:
        return realm, hashlib.sha256(token.encode("utf-8")).digest()

    @property
    def enabled(self) -> bool:
        return bool(kit_settings.GATEWAY_TOKEN_CACHE_TTL)

    def get(self, realm: str, token: str) -> tuple[Any, dict[str, Any]] | None:
        if not self.enabled:
            return None
        key = self._key(realm, token)
        with self._lock:
            entry = self._tokens.get(key)
            if entry is None:
                return None
            expires, user, claims, keys, kid = entry
            if expires <= time.time() or not keys.knows(kid):
                self._tokens.pop(key)
                return None
            self._tokens.touch(key)
        return copy_user(user), thaw_claims(claims)

    def put(
        self,
        realm: str,
        token: str,
        user: Any,
        claims: dict[str, Any],
        *,
        keys: JWKSCache,
        kid: str,
    ) -> None:
        """Remember a verified token, signed with ``kid`` of ``keys``."""
        ttl = float(kit_settings.GATEWAY_TOKEN_CACHE_TTL or 0)
        if ttl <= 0:
            return
        self.watch_users()
        expires = min(time.time() + ttl, float(claims.get("exp", 0)))
        # copies: the request that verified the token goes on with the originals
        entry = (expires, copy_user(user), freeze_claims(claims), keys, kid)
        with self._lock:
            self._tokens.put(self._key(realm, token), entry, self.max_entries)

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._users.clear()
            self._groups.clear()

    def __len__(self) -> int:
        return len(self._tokens)


identity_cache = IdentityCache()
