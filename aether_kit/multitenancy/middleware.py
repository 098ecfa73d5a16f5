"""``RealmMiddleware``: resolve the request's realm, expose it, forget it afterwards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.module_loading import import_string

from aether_kit.conf import kit_settings
from aether_kit.realms.context import ALL_REALMS, reset_current_realm, set_current_realm
from aether_kit.realms.paths import request_path

from .realms import InvalidRealm, validate_realm
from .resolvers import RealmResolver, ResolvedRealm

__all__ = ["RealmMiddleware", "invalid_realm_response", "load_resolvers"]


def load_resolvers() -> list[RealmResolver]:
    return [import_string(path)() for path in kit_settings.REALM_RESOLVERS]


def invalid_realm_response(error: InvalidRealm) -> JsonResponse:
    return JsonResponse({"detail": f"Invalid realm. {error}"}, status=400)


class RealmMiddleware:
    """Sets ``request.realm`` and the current-realm context variable for one request.

    ``request.realm`` is a realm name or None; the admin site's all-realms
    scope (:data:`ALL_REALMS`) lives only in the context variable.
    Put it after ``AuthenticationMiddleware`` so the user's realm can be read.
    The context variable is reset when the response leaves (also when the view
    raised), so nothing carries over to the next request on the same thread or
    task. With multitenancy off, and on the probes of ``REALM_EXEMPT_PATHS``,
    ``request.realm`` is None and nothing is set.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.resolvers = load_resolvers()
        self.exempt_paths = frozenset(path.strip("/") for path in kit_settings.REALM_EXEMPT_PATHS)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def is_exempt(self, request: HttpRequest) -> bool:
        """Whether the path is one of ``REALM_EXEMPT_PATHS``, plain or behind the gateway.

        A string comparison, no URL resolution: probes hit these paths every few
        seconds, and resolving the realm would read the session and the user
        (a database that is down would fail ``/health``) or answer a stray
        malformed realm cookie with 400.
        """
        path = request.path_info
        gateway = request_path(request)
        if gateway is not None:
            endpoint = gateway.endpoint
        elif path.startswith(kit_settings.APP_URL):
            endpoint = path[len(kit_settings.APP_URL) :]
        else:
            return False
        return endpoint.strip("/") in self.exempt_paths

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        """The first answer of the chain, validated; raises InvalidRealm."""
        for resolver in self.resolvers:
            value = resolver.resolve(request)
            if value is ALL_REALMS:
                return value
            if value is not None:
                return validate_realm(value)
        return None

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        request.realm = None  # type: ignore[attr-defined]
        if not kit_settings.MULTITENANCY or self.is_exempt(request):
            return self.get_response(request)
        try:
            realm = self.resolve(request)
        except InvalidRealm as error:
            return invalid_realm_response(error)
        request.realm = realm if isinstance(realm, str) else None  # type: ignore[attr-defined]
        token = set_current_realm(realm)
        try:
            return self.get_response(request)
        finally:
            reset_current_realm(token)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        request.realm = None  # type: ignore[attr-defined]
        get_response: Callable[[HttpRequest], Awaitable[HttpResponse]] = self.get_response
        if not kit_settings.MULTITENANCY or self.is_exempt(request):
            return await get_response(request)
        try:
            # resolvers may read the session or the user: database work
            realm = await sync_to_async(self.resolve)(request)
        except InvalidRealm as error:
            return invalid_realm_response(error)
        request.realm = realm if isinstance(realm, str) else None  # type: ignore[attr-defined]
        token = set_current_realm(realm)
        try:
            return await get_response(request)
        finally:
            reset_current_realm(token)
