"""The kit's middleware under ASGI: few hand-overs to threads, realm and request id kept apart."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, async_to_sync, iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpResponse
from django.test import AsyncClient

from aether_kit.auth.keycloak.middleware import KeycloakRefreshMiddleware
from aether_kit.conf.stack import SYNC_STACK_MIDDLEWARE
from aether_kit.gateway.middleware import GatewayAuthenticationMiddleware
from aether_kit.multitenancy import get_current_realm
from aether_kit.multitenancy.middleware import RealmMiddleware
from aether_kit.ops.metrics import RealmMetricsMiddleware
from aether_kit.ops.request_id import RequestIdMiddleware, get_request_id
from aether_kit.ops.unavailable import DatabaseUnavailableMiddleware

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.async_urls")]

KIT_MIDDLEWARE = [
    RequestIdMiddleware,
    GatewayAuthenticationMiddleware,
    KeycloakRefreshMiddleware,
    RealmMiddleware,
    RealmMetricsMiddleware,
    DatabaseUnavailableMiddleware,
]


@pytest.fixture
def keycloak_on(settings):
    settings.KEYCLOAK_SERVER_URL = "http://127.0.0.1:1/auth"  # only switches the middleware on


@pytest.mark.parametrize("middleware", KIT_MIDDLEWARE)
def test_each_middleware_serves_both_modes(middleware, keycloak_on):
    async def get_response(request):
        return HttpResponse()

    assert middleware.sync_capable
    assert middleware.async_capable
    assert iscoroutinefunction(middleware(get_response))
    assert not iscoroutinefunction(middleware(lambda request: HttpResponse()))


def adaptations(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What Django's handler logged adapting to its middleware (DEBUG only)."""
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        ASGIHandler()
    return [r.getMessage() for r in caplog.records if "adapted" in r.getMessage()]


def test_without_the_sync_stack_the_asgi_stack_adapts_none_of_the_kits_middleware(
    settings, caplog, keycloak_on
):
    settings.DEBUG = True
    settings.MIDDLEWARE = [
        *(name for name in settings.MIDDLEWARE if name != SYNC_STACK_MIDDLEWARE),
        "aether_kit.ops.metrics.RealmMetricsMiddleware",
    ]

    adapted = adaptations(caplog)

    assert not [message for message in adapted if "aether_kit" in message], adapted


def test_with_the_sync_stack_the_handler_adapts_once_below_the_whole_stack(
    settings, caplog, keycloak_on
):
    settings.DEBUG = True
    assert settings.MIDDLEWARE[-1] == SYNC_STACK_MIDDLEWARE

    adapted = adaptations(caplog)

    assert len(adapted) == 1, adapted
    assert "SyncStackMiddleware" in adapted[0]


class HandOvers:
    """Counts ``sync_to_async`` hand-overs from the event loop to a thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = SyncToAsync.__call__

        async def counted(adapter: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(adapter, *args, **kwargs)

        monkeypatch.setattr(SyncToAsync, "__call__", counted)


def hand_overs_of_one_request(monkeypatch: pytest.MonkeyPatch) -> int:
    client = AsyncClient()
    async_to_sync(client.get)("/sync", headers={"eha-realm": "north"})  # the stack is built
    hand_overs = HandOvers(monkeypatch)
    response = async_to_sync(client.get)("/sync", headers={"eha-realm": "north"})
    assert response.status_code == 200
    return hand_overs.count


def test_with_the_sync_stack_a_sync_view_costs_few_hand_overs(settings, monkeypatch):
    with_stack = hand_overs_of_one_request(monkeypatch)
    monkeypatch.undo()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != SYNC_STACK_MIDDLEWARE]
    without = hand_overs_of_one_request(monkeypatch)

    # with it: into the stack, CSRF's view hook, the view, and the handler's own two (the
    # request signals' sync receivers); without it, besides, one for each hook of Django's
    # middleware (sessions, CSRF, authentication, messages, security, common, clickjacking)
    assert with_stack <= 5
    assert without - with_stack >= 10


@pytest.mark.parametrize("view", ["/sync", "/async"])
def test_views_see_the_realm_and_the_request_id(view):
    response = async_to_sync(AsyncClient().get)(
        view, headers={"eha-realm": "north", "X-Request-ID": "abc-1"}
    )

    assert response.json() == {"realm": "north", "request_realm": "north", "request_id": "abc-1"}
    assert response.headers["X-Request-ID"] == "abc-1"


@pytest.mark.parametrize("view", ["/sync", "/async"])
def test_concurrent_requests_keep_their_own_realm_and_id(view):
    async def many() -> list[dict[str, str]]:
        client = AsyncClient()
        responses = await asyncio.gather(
            *(
                client.get(view, headers={"eha-realm": f"r{n}", "X-Request-ID": f"id-{n}"})
                for n in range(20)
            )
        )
        return [response.json() for response in responses]

    seen = async_to_sync(many)()

    assert [(s["realm"], s["request_id"]) for s in seen] == [
        (f"r{n}", f"id-{n}") for n in range(20)
    ]


def test_nothing_is_left_set_after_an_async_request():
    async_to_sync(AsyncClient().get)("/async", headers={"eha-realm": "north"})

    assert get_current_realm() is None
    assert get_request_id() is None
