"""``path("", include("aether_kit.health.urls"))``: liveness, database, app and readiness."""

from django.urls import path

from .readiness import ReadinessView
from .views import CheckAppView, CheckDbView, HealthView

urlpatterns = [
    path("health", HealthView.as_view(), name="health"),
    path("check-db", CheckDbView.as_view(), name="check-db"),
    path("check-app", CheckAppView.as_view(), name="check-app"),
    path("check-ready", ReadinessView.as_view(), name="check-ready"),
]
