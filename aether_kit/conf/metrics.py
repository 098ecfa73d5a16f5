"""Prometheus metrics through django-prometheus, off unless METRICS_ENABLED is on.

aether.sdk always installed django-prometheus (outside tests) and had no
variable for it; here it is opt-in, and the endpoint is closed to everyone
but staff and holders of ``METRICS_TOKEN``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

from .env import Env

__all__ = [
    "METRICS_EXTRA",
    "METRICS_MIDDLEWARE_FIRST",
    "METRICS_MIDDLEWARE_LAST",
    "configure_metrics",
]

METRICS_EXTRA = "pip install 'aether-kit[metrics]'"
METRICS_MIDDLEWARE_FIRST = "django_prometheus.middleware.PrometheusBeforeMiddleware"
METRICS_MIDDLEWARE_LAST = [
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "aether_kit.ops.metrics.RealmMetricsMiddleware",
]


def configure_metrics(
    env: Env, *, installed_apps: Sequence[str] = (), middleware: Sequence[str] = ()
) -> dict[str, Any]:
    """Metrics settings; ``installed_apps`` and ``middleware`` come back with the metrics added.

    django-prometheus' timing middleware goes first and last, so that it
    measures the whole stack; the kit's per-realm counters go last, after
    RealmMiddleware has set ``request.realm``.
    """
    with env.collect_errors():
        enabled = env.bool("METRICS_ENABLED")
        result: dict[str, Any] = {
            "METRICS_ENABLED": enabled,
            "METRICS_TOKEN": env.str("METRICS_TOKEN", None),
            "METRICS_MAX_REALMS": env.int("METRICS_MAX_REALMS", 100, min_value=1),
        }
        if installed_apps:
            result["INSTALLED_APPS"] = list(installed_apps)
        if middleware:
            result["MIDDLEWARE"] = list(middleware)
        if not enabled:
            return result
        if importlib.util.find_spec("django_prometheus") is None:
            env.error("METRICS_ENABLED", f"needs django-prometheus: {METRICS_EXTRA}", None)
        token = result["METRICS_TOKEN"]
        if token is not None and len(token) < 16:
            env.error("METRICS_TOKEN", "must be at least 16 characters long", None)
        if installed_apps and "django_prometheus" not in installed_apps:
            result["INSTALLED_APPS"].append("django_prometheus")
        if middleware:
            result["MIDDLEWARE"] = [
                METRICS_MIDDLEWARE_FIRST,
                *(name for name in middleware if name != METRICS_MIDDLEWARE_FIRST),
                *(name for name in METRICS_MIDDLEWARE_LAST if name not in middleware),
            ]
    return result
