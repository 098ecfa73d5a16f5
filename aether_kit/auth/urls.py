"""Login and logout, included at ``AUTH_URL``.

``path(f"{settings.AUTH_URL}/", include("aether_kit.auth.urls"))``

The URL names are aether.sdk's (``rest_framework:login``, ``rest_framework:logout``),
so DRF's browsable API links to these pages. Which pages answer is read from the
settings on each request:

* ``KEYCLOAK_SERVER_URL`` unset: Django's login form (``LOGIN_TEMPLATE``);
* set: the Keycloak realm step and ``callback`` (``KEYCLOAK_TEMPLATE``), or with
  ``KEYCLOAK_BEHIND_SCENES`` the realm/username/password form
  (``KEYCLOAK_BEHIND_TEMPLATE``).

Logout is POST-only in every mode (``LOGGED_OUT_TEMPLATE``).

No sign-in or logout view is imported with the URLconf: each is imported by
the first request that reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path

from aether_kit._lazy_views import lazy_path
from aether_kit.conf.kit_settings import kit_settings

__all__ = ["app_name", "urlpatterns"]

app_name = "rest_framework"

View = Callable[..., HttpResponseBase]


@lru_cache(maxsize=8)
def _login_view(keycloak: bool, behind_scenes: bool, login_template: str) -> View:
    if not keycloak:
        from django.contrib.auth.views import LoginView

        return LoginView.as_view(template_name=login_template)
    from .keycloak.views import KeycloakLoginView, KeycloakPasswordLoginView

    if behind_scenes:
        return KeycloakPasswordLoginView.as_view()
    return KeycloakLoginView.as_view()


@lru_cache(maxsize=1)
def _callback_view() -> View:
    from .keycloak.views import KeycloakCallbackView

    return KeycloakCallbackView.as_view()


def _keycloak_redirect_mode() -> bool:
    return bool(kit_settings.KEYCLOAK_SERVER_URL) and not kit_settings.KEYCLOAK_BEHIND_SCENES


def login(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    view = _login_view(
        bool(kit_settings.KEYCLOAK_SERVER_URL),
        bool(kit_settings.KEYCLOAK_BEHIND_SCENES),
        str(kit_settings.LOGIN_TEMPLATE),
    )
    return view(request, *args, **kwargs)


def callback(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    if not _keycloak_redirect_mode():
        raise Http404("Keycloak redirect login is off")
    return _callback_view()(request, *args, **kwargs)


urlpatterns = [
    path("login", login, name="login"),
    lazy_path("logout", "aether_kit.auth.logout.LogoutView", name="logout"),
    path("callback", callback, name="keycloak-callback"),
]
