"""The demo's URLs plus proxies to the test apps, at ``/proxy/<app>/…`` and under a realm."""

from django.urls import include, path

from aether_kit.auth.apptoken.views import TokenProxyView

urlpatterns = [
    path("", include("testproject.urls")),
    path("proxy/fake/<path:path>", TokenProxyView.as_view(app_name="fake"), name="proxy-fake"),
    path("proxy/down/<path:path>", TokenProxyView.as_view(app_name="down")),
    path("proxy/unknown/<path:path>", TokenProxyView.as_view(app_name="unknown")),
    path("<slug:realm>/svc/proxy/fake/<path:path>", TokenProxyView.as_view(app_name="fake")),
]
