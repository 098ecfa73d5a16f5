"""``path("", include("aether_kit.health.urls"))`` serves /health, /check-db and /check-app."""

from django.urls import path

from .views import CheckAppView, CheckDbView, HealthView

urlpatterns = [
    path("health", HealthView.as_view(), name="health"),
    path("check-db", CheckDbView.as_view(), name="check-db"),
    path("check-app", CheckAppView.as_view(), name="check-app"),
]
