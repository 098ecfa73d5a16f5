"""Per-user tokens for the external apps: the ``AppToken`` model, ``app_token_required``,
the user tokens page and ``TokenProxyView``.

The names are loaded on first use, so importing this package does not need
Django's app registry to be ready.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "AppToken",
    "NoAppToken",
    "TokenProxyView",
    "UserTokensView",
    "app_token_required",
    "credentials_for",
]

_EXPORTS = {
    "AppToken": ".models",
    "NoAppToken": ".operations",
    "credentials_for": ".operations",
    "app_token_required": ".decorators",
    "TokenProxyView": ".views",
    "UserTokensView": ".views",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
