"""``reverse`` that keeps the gateway's realm prefix in the URLs it builds.

The one implementation lives in :mod:`aether_kit.gateway.reverse`; it is named
here too because aether.sdk's users found it among the DRF helpers.
"""

from __future__ import annotations

from aether_kit.gateway.reverse import path_realm, reverse

__all__ = ["path_realm", "reverse"]
