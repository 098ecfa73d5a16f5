"""``app_token_required``: a view that needs every external app reachable with the user's token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.gateway import keep_gateway_prefix

from .operations import request_reaches_every_app

__all__ = ["TOKENS_PAGE_URL_NAME", "app_token_required", "tokens_page_url"]

View = TypeVar("View", bound=Callable[..., HttpResponse])

TOKENS_PAGE_URL_NAME = "check-user-tokens"


def tokens_page_url(request: HttpRequest | None = None) -> str:
    """The user tokens page (``CHECK_TOKEN_URL`` under ``APP_URL``).

    For a request that came through the gateway, under that request's prefix
    (``<APP_URL><realm>/<service>/check-user-tokens``): the gateway routes only
    the service's prefixed paths, so the bare ``/check-user-tokens`` would not
    reach the service from outside.
    """
    try:
        url = reverse(TOKENS_PAGE_URL_NAME)
    except NoReverseMatch:
        url = f"{kit_settings.APP_URL}{kit_settings.CHECK_TOKEN_URL}"
    return keep_gateway_prefix(url, request)


def app_token_required(
    function: View | None = None,
    *,
    login_url: str | None = None,
    redirect_field_name: str | None = None,
) -> Any:
    """Signed-in users only, and only while every external app accepts their token.

    Anonymous users go to the login page; a user whose token any app refuses
    (or who cannot get one, or whose app is down) goes to ``login_url``,
    the user tokens page by default, with ``?<redirect_field_name>=<path>``
    when a field name is given. Missing tokens are obtained on the way. With
    the gateway on and its token on the request, that token is what each app
    must accept.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request_reaches_every_app(request):
                return redirect_to_login(
                    request.get_full_path(),
                    login_url or tokens_page_url(request),
                    redirect_field_name,
                )
            return view(request, *args, **kwargs)

        return cast(View, login_required(wrapper))

    return decorator(function) if function is not None else decorator
