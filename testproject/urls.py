from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from aether_kit.gateway import GatewayPrefixResolver

from .views import WhoAmIView

router = DefaultRouter()

app_urls = [
    path("", include("aether_kit.health.urls")),
    path("whoami", WhoAmIView.as_view(), name="whoami"),
    path("", include(router.urls)),
]

# admin and sign-in pages: behind the gateway only under the public realm
public_urls = [
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path(f"{settings.AUTH_URL}/", include("aether_kit.auth.urls")),
]

# served at APP_URL ("/" or a prefix such as "/demo/"), and with GATEWAY_SERVICE_ID set also
# at APP_URL<realm>/<GATEWAY_SERVICE_ID>/
urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(app_urls, public=public_urls)
