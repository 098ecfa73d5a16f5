"""LazyMessageMiddleware: Django's messages, built only for the requests that use them."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from aether_kit.conf import Env, kit_middleware
from aether_kit.conf.stack import MESSAGE_MIDDLEWARE
from aether_kit.ops import messages as lazy_messages
from aether_kit.ops.messages import LazyMessageMiddleware


def through_the_middleware(view, request=None):
    """``view`` behind sessions and the lazy messages, as in the kit's stack."""
    request = request or RequestFactory().get("/")
    handler = SessionMiddleware(LazyMessageMiddleware(view))
    return request, handler(request)


def quiet(request):
    return HttpResponse("ok")


def says_hello(request):
    messages.info(request, "hello")
    return HttpResponse("ok")


def lists_messages(request):
    return HttpResponse(",".join(str(message) for message in messages.get_messages(request)))


def test_a_request_that_uses_no_message_builds_no_storage():
    with mock.patch.object(
        lazy_messages, "default_storage", wraps=lazy_messages.default_storage
    ) as storage:
        _, response = through_the_middleware(quiet)

    assert storage.call_count == 0
    assert "messages" not in response.cookies


def test_a_message_added_by_a_view_is_stored_for_the_next_request():
    _, response = through_the_middleware(says_hello)

    next_request = RequestFactory().get("/")
    next_request.COOKIES["messages"] = response.cookies["messages"].value
    _, shown = through_the_middleware(lists_messages, next_request)

    assert shown.content == b"hello"


def test_messages_read_by_a_view_are_cleared_from_the_cookie():
    _, response = through_the_middleware(says_hello)
    next_request = RequestFactory().get("/")
    next_request.COOKIES["messages"] = response.cookies["messages"].value

    _, shown = through_the_middleware(lists_messages, next_request)

    assert shown.cookies["messages"].value == ""  # Django deletes a cookie it has read


def test_the_kits_stack_has_the_lazy_subclass_of_djangos_middleware():
    middleware = kit_middleware(Env({}))

    assert MESSAGE_MIDDLEWARE in middleware
    assert "django.contrib.messages.middleware.MessageMiddleware" not in middleware
    assert issubclass(LazyMessageMiddleware, MessageMiddleware)


@pytest.mark.django_db
def test_the_admin_shows_a_message_through_the_kits_stack(admin_client):
    # adding a group makes the admin add a success message, shown on the page it redirects to
    response = admin_client.post("/admin/auth/group/add/", {"name": "editors"}, follow=True)

    assert response.status_code == 200
    assert any("editors" in str(message) for message in response.context["messages"])
