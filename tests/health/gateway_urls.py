"""The kit's health URLs behind the gateway ``svc``, as a service behind it serves them."""

from django.urls import include, path

urlpatterns = [path("<slug:realm>/svc/", include("aether_kit.health.urls"))]
