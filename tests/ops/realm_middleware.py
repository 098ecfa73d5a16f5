"""Test-only stand-in for RealmMiddleware: the realm comes from the X-Test-Realm header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from aether_kit.realms.context import realm_scope

REALM_HEADER = "X-Test-Realm"


class HeaderRealmMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        realm = request.headers.get(REALM_HEADER)
        request.realm = realm  # type: ignore[attr-defined]
        with realm_scope(realm):
            return self.get_response(request)
