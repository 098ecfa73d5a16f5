"""Liveness and readiness endpoints: ``path("", include("aether_kit.health.urls"))``."""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CheckResult": "probes",
        "HealthCheck": "probes",
        "HealthCheckWarning": "probes",
        "ReadinessView": "readiness",
        "BAD_RESPONSE": "views",
        "OK_RESPONSE": "views",
        "CheckAppView": "views",
        "CheckDbView": "views",
        "HealthView": "views",
    },
)
