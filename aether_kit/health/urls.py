"""``path("", include("aether_kit.health.urls"))`` serves /health, /check-db, /check-app
and the readiness probe /check-ready.

Also /check-app/<name>, /check-tokens and the user tokens page
(``CHECK_TOKEN_URL``) for the external apps; with no ``EXTERNAL_APPS`` they
answer 404, 200 and an empty list.
"""

from django.urls import path

from aether_kit.auth.apptoken.views import UserTokensView
from aether_kit.conf.kit_settings import kit_settings

from .external import CheckExternalAppView, CheckTokensView
from .readiness import ReadinessView
from .views import CheckAppView, CheckDbView, HealthView

urlpatterns = [
    path("health", HealthView.as_view(), name="health"),
    path("check-db", CheckDbView.as_view(), name="check-db"),
    path("check-app", CheckAppView.as_view(), name="check-app"),
    path("check-app/<slug:name>", CheckExternalAppView.as_view(), name="check-external"),
    path("check-tokens", CheckTokensView.as_view(), name="check-tokens"),
    path(kit_settings.CHECK_TOKEN_URL, UserTokensView.as_view(), name="check-user-tokens"),
    path("check-ready", ReadinessView.as_view(), name="check-ready"),
]
