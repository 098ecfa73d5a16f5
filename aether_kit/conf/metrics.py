"""Prometheus metrics through django-prometheus, off unless METRICS_ENABLED is on.

aether.sdk always installed django-prometheus (outside tests) and had no
variable for it; here it is opt-in, and the endpoint is closed to everyone
but staff and holders of ``METRICS_TOKEN``.
"""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import extra_installed

__all__ = [
    "METRICS_MIDDLEWARE_FIRST",
    "METRICS_MIDDLEWARE_LAST",
    "configure_metrics",
]

METRICS_MIDDLEWARE_FIRST = "django_prometheus.middleware.PrometheusBeforeMiddleware"
METRICS_MIDDLEWARE_LAST = [
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "aether_kit.ops.metrics.RealmMetricsMiddleware",
]


def metrics_enabled(env: Env) -> bool:
    """``METRICS_ENABLED``, unless ``TESTING`` switches metrics off as in aether.sdk."""
    return env.bool("METRICS_ENABLED") and not env.bool("TESTING")


def configure_metrics(env: Env) -> dict[str, Any]:
    """Metrics settings while ``METRICS_ENABLED`` is on.

    ``django_prometheus`` and its middleware join ``INSTALLED_APPS`` and
    ``MIDDLEWARE`` through ``kit_apps(env)`` and ``kit_middleware(env)``: the
    timing middleware first (below RequestIdMiddleware) and last, so that it
    measures the whole stack, and the kit's per-realm counters last, after
    RealmMiddleware has set ``request.realm``. As in aether.sdk, ``TESTING``
    switches metrics off.
    """
    with env.collect_errors():
        enabled = metrics_enabled(env)
        result: dict[str, Any] = {
            "METRICS_ENABLED": enabled,
            "METRICS_TOKEN": env.str("METRICS_TOKEN", None),
            "METRICS_MAX_REALMS": env.int("METRICS_MAX_REALMS", 100, min_value=1),
        }
        if not enabled:
            return result
        extra_installed(env, "METRICS_ENABLED", "django_prometheus", "metrics")
        token = result["METRICS_TOKEN"]
        if token is not None and len(token) < 16:
            env.error("METRICS_TOKEN", "must be at least 16 characters long", None)
    return result
