"""A sync and an async view that report the realm and request id they see."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from aether_kit.multitenancy import get_current_realm
from aether_kit.ops.request_id import get_request_id


def seen(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "realm": get_current_realm(),
            "request_realm": request.realm,  # type: ignore[attr-defined]
            "request_id": get_request_id(),
        }
    )


async def seen_async(request: HttpRequest) -> JsonResponse:
    return seen(request)


urlpatterns = [path("sync", seen), path("async", seen_async)]
