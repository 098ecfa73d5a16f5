"""django-silk request profiling from PROFILING_ENABLED and aether.sdk's SILKY_* variables."""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import extra_installed

__all__ = ["SILK_MIDDLEWARE", "configure_profiling", "is_active_staff"]

SILK_MIDDLEWARE = "silk.middleware.SilkyMiddleware"
# silk stores request headers and bodies: these keys are masked on top of silk's own list
SENSITIVE_KEYS = frozenset(
    {
        "api",
        "key",
        "password",
        "secret",
        "signature",
        "token",
        "username",
        "authorization",
        "cookie",
        "x-oauth-token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
    }
)


def is_active_staff(user: Any) -> bool:
    """Silk's permission test: profiles show other people's requests, so staff only."""
    return bool(user and user.is_active and user.is_staff)


def configure_profiling(env: Env) -> dict[str, Any]:
    """Silk's settings when ``PROFILING_ENABLED`` is on, with its pages for staff only.

    ``silk`` and its middleware join ``INSTALLED_APPS`` and ``MIDDLEWARE``
    through ``kit_apps(env)`` and ``kit_middleware(env)``; the middleware goes
    near the top, below Prometheus' timer, so that it times everything below it.
    """
    with env.collect_errors():
        enabled = env.bool("PROFILING_ENABLED")
        result: dict[str, Any] = {
            "PROFILING_ENABLED": enabled,
        }
        if not enabled:
            return result
        extra_installed(env, "PROFILING_ENABLED", "silk", "profiling")
        result |= {
            # not configurable: an open profiler leaks every request it recorded
            "SILKY_AUTHENTICATION": True,
            "SILKY_AUTHORISATION": True,
            "SILKY_PERMISSIONS": is_active_staff,
            "SILKY_SENSITIVE_KEYS": set(SENSITIVE_KEYS),
            "SILKY_PYTHON_PROFILER": env.bool("SILKY_PYTHON_PROFILER"),
            "SILKY_PYTHON_PROFILER_BINARY": env.bool("SILKY_PYTHON_PROFILER_BINARY", True),
            "SILKY_PYTHON_PROFILER_RESULT_PATH": env.str(
                "SILKY_PYTHON_PROFILER_RESULT_PATH",
                "/tmp/",  # noqa: S108
            ),
            "SILKY_META": env.bool("SILKY_META", True),
            "SILKY_MAX_REQUEST_BODY_SIZE": env.int("SILKY_MAX_REQUEST_BODY_SIZE", -1, min_value=-1),
            "SILKY_MAX_RESPONSE_BODY_SIZE": env.int(
                "SILKY_MAX_RESPONSE_BODY_SIZE", -1, min_value=-1
            ),
            "SILKY_INTERCEPT_PERCENT": env.int(
                "SILKY_INTERCEPT_PERCENT", 100, min_value=0, max_value=100
            ),
            "SILKY_MAX_RECORDED_REQUESTS": env.int(
                "SILKY_MAX_RECORDED_REQUESTS", 10000, min_value=1
            ),
            "SILKY_MAX_RECORDED_REQUESTS_CHECK_PERCENT": env.int(
                "SILKY_MAX_RECORDED_REQUESTS_CHECK_PERCENT", 10, min_value=0, max_value=100
            ),
        }
    return result
