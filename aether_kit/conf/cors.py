"""django-cors-headers settings: closed unless origins are named."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .env import Env

__all__ = ["configure_cors"]


def configure_cors(env: Env) -> dict[str, Any]:
    """CORS from ``CORS_ALLOWED_ORIGINS`` (and friends).

    aether.sdk allowed every origin; here nothing is allowed until origins are
    listed, and ``CORS_ALLOW_ALL_ORIGINS`` outside DEBUG draws the warning
    ``aether_kit.W002``.
    """
    with env.collect_errors():
        origins = env.list("CORS_ALLOWED_ORIGINS", [])
        for origin in origins:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
                env.error(
                    "CORS_ALLOWED_ORIGINS",
                    f"{origin!r} is not an origin such as 'https://example.org'",
                    None,
                )
        result = {
            "CORS_ALLOWED_ORIGINS": origins,
            "CORS_ALLOWED_ORIGIN_REGEXES": env.list("CORS_ALLOWED_ORIGIN_REGEXES", []),
            "CORS_ALLOW_ALL_ORIGINS": env.bool("CORS_ALLOW_ALL_ORIGINS"),
            "CORS_ALLOW_CREDENTIALS": env.bool("CORS_ALLOW_CREDENTIALS"),
        }
    return result
