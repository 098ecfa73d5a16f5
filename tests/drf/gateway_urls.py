"""The demo's URLs served twice, directly and behind the gateway at ``<realm>/svc/``."""

from django.urls import include, path

from testproject.urls import app_urls

urlpatterns = [
    path("<slug:realm>/svc/", include(app_urls)),
    path("", include(app_urls)),
]
