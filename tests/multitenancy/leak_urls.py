"""Two bare views to watch the current realm across requests."""

from django.http import JsonResponse
from django.urls import path

from aether_kit.multitenancy import get_current_realm


def current(request):
    return JsonResponse({"realm": get_current_realm(), "request_realm": request.realm})


def boom(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("current", current), path("boom", boom)]
