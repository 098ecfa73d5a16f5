"""``path("", include("aether_kit.health.urls"))`` serves /health, /check-db, /check-app
and the readiness probe /check-ready.

Also /check-app/<name>, /check-tokens and the user tokens page
(``CHECK_TOKEN_URL``) for the external apps; with no ``EXTERNAL_APPS`` they
answer 404, 200 and an empty list.

The views are named by dotted path (:func:`~aether_kit._lazy_views.lazy_path`):
a worker imports a probe's module, and the tokens page's forms and HTTP client,
only when a request first reaches it.
"""

from django.urls import URLPattern

from aether_kit._lazy_views import lazy_path
from aether_kit.conf.kit_settings import kit_settings

VIEWS = "aether_kit.health.views"
EXTERNAL = "aether_kit.health.external"


def health_urls() -> list[URLPattern]:
    """The patterns, built now: ``aether_kit.urls.app_urls`` lists them without an include."""
    return [
        lazy_path("health", f"{VIEWS}.HealthView", name="health"),
        lazy_path("check-db", f"{VIEWS}.CheckDbView", name="check-db"),
        lazy_path("check-app", f"{VIEWS}.CheckAppView", name="check-app"),
        lazy_path(
            "check-app/<slug:name>", f"{EXTERNAL}.CheckExternalAppView", name="check-external"
        ),
        lazy_path("check-tokens", f"{EXTERNAL}.CheckTokensView", name="check-tokens"),
        lazy_path(
            kit_settings.CHECK_TOKEN_URL,
            "aether_kit.auth.apptoken.views.UserTokensView",
            name="check-user-tokens",
        ),
        lazy_path("check-ready", "aether_kit.health.readiness.ReadinessView", name="check-ready"),
    ]


urlpatterns = health_urls()
