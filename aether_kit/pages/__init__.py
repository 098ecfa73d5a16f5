"""The kit's branded pages: their template context, system checks, error pages and JSON prettifier.

The templates stay in ``aether_kit/templates`` and the template filters in
``aether_kit/templatetags``, where Django looks for them.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "branding": "context_processors",
        "ErrorPage": "errors",
        "json_prettified": "prettify",
    },
)
