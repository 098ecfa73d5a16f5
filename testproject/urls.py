"""URLs of the demo service: its API, the kit's health and sign-in pages, the admin.

Two lists, served by :class:`~aether_kit.gateway.GatewayPrefixResolver`:
``app_urls`` (the kit's and the demo's API) everywhere, ``public_urls`` (the
kit's admin and sign-in) only where no tenant is named. With ``GATEWAY_SERVICE_ID``
unset both are served at ``APP_URL``; with it set the app is also served at
``APP_URL<realm>/<GATEWAY_SERVICE_ID>/`` and the public pages move to
``APP_URL<GATEWAY_PUBLIC_REALM>/<GATEWAY_SERVICE_ID>/``.
"""

from django.conf import settings
from django.urls import include, path

import aether_kit.urls
from aether_kit.auth.apptoken.views import TokenProxyView
from aether_kit.gateway import GatewayAPIRootView, GatewayDefaultRouter, GatewayPrefixResolver
from aether_kit.pages.errors import handler400, handler403, handler404, handler500  # noqa: F401

from .ops_views import FileUploadView, FileView, JobView, WordCountJobView
from .views import WhoAmIView
from .viewsets import ProjectViewSet, TaskViewSet, UserViewSet


class DemoAPIRootView(GatewayAPIRootView):
    """The demo's API. Each realm sees only its own projects, tasks and users."""

    name = "API root"


# the API root's links keep the gateway prefix the request came in by
router = GatewayDefaultRouter()
router.APIRootView = DemoAPIRootView
router.register("projects", ProjectViewSet)
router.register("tasks", TaskViewSet)
router.register("users", UserViewSet)

# the kit's /health, /check-*, /token, then the demo's API
app_urls = [
    *aether_kit.urls.app_urls(),  # health, token checks, /token, aether.sdk's <APP_URL>logout
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

# the admin (with ~realms and the operations pages switched on) and sign-in
public_urls = aether_kit.urls.public_urls()

urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(app_urls, public=public_urls)
