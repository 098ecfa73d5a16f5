"""Liveness and readiness endpoints: ``path("", include("aether_kit.health.urls"))``."""

from .views import BAD_RESPONSE, OK_RESPONSE, CheckAppView, CheckDbView, HealthView

__all__ = ["BAD_RESPONSE", "OK_RESPONSE", "CheckAppView", "CheckDbView", "HealthView"]
