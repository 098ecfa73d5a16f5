from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from aether_kit.ops.profiling import profiling_urlpatterns
from aether_kit.ops.scheduler import scheduler_urlpatterns

from .ops_views import FileUploadView, FileView, JobView, WordCountJobView
from .views import WhoAmIView

router = DefaultRouter()

app_urls = [
    path("", include("aether_kit.health.urls")),
    path(f"{settings.ADMIN_URL}/", include(scheduler_urlpatterns() + profiling_urlpatterns())),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path(f"{settings.AUTH_URL}/", include("rest_framework.urls")),
    path("whoami", WhoAmIView.as_view(), name="whoami"),
    path("files", FileUploadView.as_view(), name="file-upload"),
    path("files/<path:name>", FileView.as_view(), name="file"),
    path("jobs/word-count", WordCountJobView.as_view(), name="job-word-count"),
    path("jobs/<str:job_id>", JobView.as_view(), name="job"),
    path("", include(router.urls)),
]

# APP_URL is "/" or a prefix such as "/demo/"
urlpatterns = [path(settings.APP_URL.lstrip("/"), include(app_urls))]
