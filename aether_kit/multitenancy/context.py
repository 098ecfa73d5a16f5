"""The current realm, as the multitenancy package has always exported it.

The ContextVar lives in :mod:`aether_kit.realm_context`, at the bottom of the
kit's layers, so that logging and cache code below multitenancy can read the
realm without importing this package; these names stay importable from here.
"""

from __future__ import annotations

from aether_kit.realm_context import (
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
