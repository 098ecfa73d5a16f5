"""Moved: the current realm lives in :mod:`aether_kit.realms.context`."""

from __future__ import annotations

from aether_kit.realms.context import (
    ALL_REALMS,
    RealmScopeError,
    _AllRealms,
    get_current_realm,
    realm_scope,
    reset_current_realm,
    set_current_realm,
)

__all__ = [
    "ALL_REALMS",
    "RealmScopeError",
    "_AllRealms",
    "get_current_realm",
    "realm_scope",
    "reset_current_realm",
    "set_current_realm",
]
