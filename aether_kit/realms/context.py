"""The current realm of the running code, kept in a ``ContextVar``.

A ContextVar, not a thread-local or a module global: it is set by
``RealmMiddleware`` and reset when the response leaves, so it can neither
leak into the next request served by the same thread nor get lost under
ASGI, where sync code runs in copied contexts.

Three states: a realm name; :data:`ALL_REALMS` (an explicit, greppable
escape hatch for admin pages, migrations and management commands); and
unset, in which realm-scoped managers refuse to run a query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Final

__all__ = [
    "ALL_REALMS",
    "RealmScopeError",
    "get_current_realm",
    "realm_scope",
    "reset_current_realm",
    "set_current_realm",
]


class _AllRealms:
    def __repr__(self) -> str:
        return "ALL_REALMS"


ALL_REALMS: Final = _AllRealms()

_current: ContextVar[str | _AllRealms | None] = ContextVar("aether_kit_realm", default=None)


class RealmScopeError(RuntimeError):
    """A realm-scoped query ran with no realm: a programming error, never a client's."""


def get_current_realm() -> str | _AllRealms | None:
    return _current.get()


def set_current_realm(realm: str | _AllRealms | None) -> Token[str | _AllRealms | None]:
    """Set the realm; keep the token and pass it to ``reset_current_realm`` afterwards."""
    return _current.set(realm)


def reset_current_realm(token: Token[str | _AllRealms | None]) -> None:
    _current.reset(token)


@contextmanager
def realm_scope(realm: str | _AllRealms | None) -> Iterator[None]:
    """Run a block as ``realm`` (or across every realm with :data:`ALL_REALMS`).

    ``with realm_scope("eha"): Project.objects.count()``
    """
    token = _current.set(realm)
    try:
        yield
    finally:
        _current.reset(token)
