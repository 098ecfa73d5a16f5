"""Serving one set of URL patterns both inside the network and behind the gateway.

.. code-block:: python

    # urls.py
    urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(
        app=[path("", include(router.urls)), path("", include("aether_kit.health.urls"))],
        public=[path("admin/", admin.site.urls), path("accounts/", include(auth_urls))],
    )

With the gateway off (no ``GATEWAY_SERVICE_ID``) both lists are served at
``<APP_URL>``. With it on:

* ``<APP_URL><endpoint>`` — the app patterns, for callers inside the network;
* ``<APP_URL><realm>/<service-id>/<endpoint>`` — the app patterns, per realm;
* ``<APP_URL><public-realm>/<service-id>/<endpoint>`` — the app patterns and
  the public ones (admin, sign-in): those exist only there, never under a
  tenant's realm.

Views do not receive the path's realm as a ``realm`` keyword argument unless
they ask for it: a function view with a ``realm`` parameter, or a class-based
view with ``gateway_realm_kwarg = True``. Everyone else reads
``request.realm`` (set by ``RealmMiddleware``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from django.urls.resolvers import RegexPattern, ResolverMatch

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.realms.names import REALM_REGEX

__all__ = ["GatewayPrefixResolver", "RealmURLResolver"]

URLs = Sequence[URLPattern | URLResolver]


@lru_cache(maxsize=1024)
def _wants_realm(view: Any) -> bool:
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is not None:
        return bool(getattr(view_class, "gateway_realm_kwarg", False))
    try:
        return "realm" in inspect.signature(view).parameters
    except (TypeError, ValueError):
        return False


class RealmURLResolver(URLResolver):
    """A resolver whose ``realm`` group reaches only the views that ask for it."""

    def resolve(self, path: str) -> ResolverMatch:
        match = super().resolve(path)
        if "realm" in match.kwargs and not _wants_realm(match.func):
            match.kwargs = {name: value for name, value in match.kwargs.items() if name != "realm"}
        return match


class GatewayPrefixResolver:
    """Builds a project's root urlpatterns with the gateway's URL shapes."""

    def __init__(
        self,
        *,
        app_url: str = "/",
        service_id: str | None = None,
        public_realm: str = "-",
    ) -> None:
        self.app_url = "/" + app_url.strip("/") + "/" if app_url.strip("/") else "/"
        self.service_id = service_id
        self.public_realm = public_realm

    @classmethod
    def from_settings(cls) -> GatewayPrefixResolver:
        """From ``APP_URL``, ``GATEWAY_SERVICE_ID`` and ``GATEWAY_PUBLIC_REALM``."""
        return cls(
            app_url=kit_settings.APP_URL,
            service_id=kit_settings.GATEWAY_SERVICE_ID,
            public_realm=kit_settings.GATEWAY_PUBLIC_REALM,
        )

    @property
    def enabled(self) -> bool:
        return bool(self.service_id)

    def urlpatterns(self, app: URLs, public: URLs = ()) -> list[URLPattern | URLResolver]:
        """The root patterns: ``app`` everywhere, ``public`` only where no tenant is named."""
        app, public = list(app), list(public)
        root = self.app_url.lstrip("/")
        if not self.enabled:
            return self._under_root(root, [*public, *app])
        service = re.escape(str(self.service_id))
        gateway: list[URLPattern | URLResolver] = [
            path(f"{self.public_realm}/{self.service_id}/", include([*public, *app])),
            RealmURLResolver(RegexPattern(rf"^(?P<realm>{REALM_REGEX})/{service}/"), app),
            # inside the network; last, so that a catch-all app pattern cannot swallow the
            # gateway forms, and so that reverse() without a realm names this form
            *app,
        ]
        return self._under_root(root, gateway)

    @staticmethod
    def _under_root(
        root: str, patterns: list[URLPattern | URLResolver]
    ) -> list[URLPattern | URLResolver]:
        """``patterns`` under ``APP_URL``; as they are when that is ``/``.

        Every level of ``include`` is a resolver each request goes through (and
        a ``ResolverMatch`` built for it): an empty prefix needs none.
        """
        return [path(root, include(patterns))] if root else patterns
