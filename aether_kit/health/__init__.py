"""Liveness and readiness endpoints: ``path("", include("aether_kit.health.urls"))``."""

from .checks import CheckResult, HealthCheck, HealthCheckWarning
from .readiness import ReadinessView
from .views import BAD_RESPONSE, OK_RESPONSE, CheckAppView, CheckDbView, HealthView

__all__ = [
    "BAD_RESPONSE",
    "OK_RESPONSE",
    "CheckAppView",
    "CheckDbView",
    "CheckResult",
    "HealthCheck",
    "HealthCheckWarning",
    "HealthView",
    "ReadinessView",
]
