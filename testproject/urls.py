from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from aether_kit.auth.apptoken.views import TokenProxyView
from aether_kit.auth.token import TokenView
from aether_kit.gateway import GatewayPrefixResolver
from aether_kit.ops.urls import ops_admin_urls

from .ops_views import FileUploadView, FileView, JobView, WordCountJobView
from .views import WhoAmIView
from .viewsets import ProjectViewSet, TaskViewSet, UserViewSet

router = DefaultRouter()
router.register("projects", ProjectViewSet)
router.register("tasks", TaskViewSet)
router.register("users", UserViewSet)

app_urls = [
    path("", include("aether_kit.health.urls")),
    path(settings.TOKEN_URL, TokenView.as_view(), name="token"),
    path("whoami", WhoAmIView.as_view(), name="whoami"),
    path("files", FileUploadView.as_view(), name="file-upload"),
    path("files/<path:name>", FileView.as_view(), name="file"),
    path("jobs/word-count", WordCountJobView.as_view(), name="job-word-count"),
    path("jobs/<str:job_id>", JobView.as_view(), name="job"),
    path("", include(router.urls)),
]
# one proxy per external app: /external/<app>/<path> is <APP>_URL/<path> with the user's token
app_urls += [
    path(
        f"external/{name}/<path:path>",
        TokenProxyView.as_view(app_name=name),
        name=f"external-{name}",
    )
    for name in settings.EXTERNAL_APPS
]

# admin and sign-in pages: behind the gateway only under the public realm
public_urls = [
    *ops_admin_urls(settings.ADMIN_URL),
    # the kit's admin pages go before Django's admin, whose catch-all would hide them
    path(f"{settings.ADMIN_URL}/", include("aether_kit.multitenancy.urls")),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path(f"{settings.AUTH_URL}/", include("aether_kit.auth.urls")),
]

# served at APP_URL ("/" or a prefix such as "/demo/"), and with GATEWAY_SERVICE_ID set also
# at APP_URL<realm>/<GATEWAY_SERVICE_ID>/
urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(app_urls, public=public_urls)
