"""Prometheus metrics through django-prometheus, off unless METRICS_ENABLED is on.

aether.sdk always installed django-prometheus (outside tests) and had no
variable for it; here it is opt-in, and the endpoint is closed to everyone
but staff and holders of ``METRICS_TOKEN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .env import Env
from .optional import add_app, add_middleware, extra_installed, passed_lists

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


def configure_metrics(
    env: Env, *, installed_apps: Sequence[str] = (), middleware: Sequence[str] = ()
) -> dict[str, Any]:
    """Metrics settings; ``installed_apps`` and ``middleware`` come back with the metrics added.

    django-prometheus' timing middleware goes first (below a leading
    RequestIdMiddleware, which stays on top) and last, so that it measures the
    whole stack; the kit's per-realm counters go last, after RealmMiddleware
    has set ``request.realm``. As in aether.sdk, ``TESTING`` switches metrics off.
    """
    with env.collect_errors():
        enabled = env.bool("METRICS_ENABLED") and not env.bool("TESTING")
        result: dict[str, Any] = {
            "METRICS_ENABLED": enabled,
            "METRICS_TOKEN": env.str("METRICS_TOKEN", None),
            "METRICS_MAX_REALMS": env.int("METRICS_MAX_REALMS", 100, min_value=1),
            **passed_lists(installed_apps, middleware),
        }
        if not enabled:
            return result
        extra_installed(env, "METRICS_ENABLED", "django_prometheus", "metrics")
        token = result["METRICS_TOKEN"]
        if token is not None and len(token) < 16:
            env.error("METRICS_TOKEN", "must be at least 16 characters long", None)
        add_app(result, "django_prometheus")
        add_middleware(result, first=[METRICS_MIDDLEWARE_FIRST], last=METRICS_MIDDLEWARE_LAST)
    return result
