from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from aether_kit.auth.token import TokenView

from .views import WhoAmIView
from .viewsets import ProjectViewSet, TaskViewSet, UserViewSet

router = DefaultRouter()
router.register("projects", ProjectViewSet)
router.register("tasks", TaskViewSet)
router.register("users", UserViewSet)

app_urls = [
    path("", include("aether_kit.health.urls")),
    # /admin/~realms, before the admin's own catch-all
    path(f"{settings.ADMIN_URL}/", include("aether_kit.multitenancy.urls")),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path(f"{settings.AUTH_URL}/", include("rest_framework.urls")),
    path(settings.TOKEN_URL, TokenView.as_view(), name="token"),
    path("whoami", WhoAmIView.as_view(), name="whoami"),
    path("", include(router.urls)),
]

# APP_URL is "/" or a prefix such as "/demo/"
urlpatterns = [path(settings.APP_URL.lstrip("/"), include(app_urls))]
