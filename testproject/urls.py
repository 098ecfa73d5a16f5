from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views import WhoAmIView

router = DefaultRouter()

app_urls = [
    path("", include("aether_kit.health.urls")),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path(f"{settings.AUTH_URL}/", include("aether_kit.auth.urls")),
    path("whoami", WhoAmIView.as_view(), name="whoami"),
    path("", include(router.urls)),
]

# APP_URL is "/" or a prefix such as "/demo/"
urlpatterns = [path(settings.APP_URL.lstrip("/"), include(app_urls))]
