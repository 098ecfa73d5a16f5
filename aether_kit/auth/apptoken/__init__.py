"""Per-user tokens for the external apps: the ``AppToken`` model, ``app_token_required``,
the user tokens page and ``TokenProxyView``.

The names are loaded on first use, so importing this package does not need
Django's app registry to be ready.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AppToken": "models",
        "NoAppToken": "operations",
        "credentials_for": "operations",
        "app_token_required": "decorators",
        "TokenProxyView": "views",
        "UserTokensView": "views",
    },
)
