"""Realms at the bottom of the kit: the realm name rule, the current realm, the gateway path.

Everything else of the kit imports these; this package imports nothing of the
kit but the settings reader.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "REALM_PATTERN": "names",
        "REALM_REGEX": "names",
        "REALM_RULE": "names",
        "InvalidRealm": "names",
        "is_valid_realm": "names",
        "validate_realm": "names",
        "ALL_REALMS": "context",
        "RealmScopeError": "context",
        "get_current_realm": "context",
        "realm_scope": "context",
        "reset_current_realm": "context",
        "set_current_realm": "context",
        "GatewayPath": "paths",
        "parse_gateway_path": "paths",
        "parse_path": "paths",
        "request_gateway_path": "paths",
        "request_path": "paths",
    },
)
