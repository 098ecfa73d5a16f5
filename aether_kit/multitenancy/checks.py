"""System checks of the multitenancy settings: ids aether_kit.E020-E029 and W010-W019."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from aether_kit.conf import kit_settings
from aether_kit.conf.checks import REALM_MIDDLEWARE

__all__ = ["check_realm_cookie", "check_realm_middleware_order", "check_realm_resolvers"]

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
COOKIE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@register(Tags.compatibility)
def check_realm_resolvers(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    from .resolvers import RealmResolver

    paths = kit_settings.REALM_RESOLVERS
    if not isinstance(paths, (list, tuple)):
        return [
            Error(
                f"REALM_RESOLVERS is {paths!r}; it must be a list of dotted paths.",
                hint="List RealmResolver subclasses, e.g. "
                "['aether_kit.multitenancy.resolvers.CookieResolver'].",
                id="aether_kit.E020",
            )
        ]
    errors: list[CheckMessage] = []
    for path in paths:
        try:
            resolver = import_string(path)
        except ImportError as error:
            errors.append(
                Error(
                    f"REALM_RESOLVERS names {path!r}, which cannot be imported ({error}).",
                    hint="Fix the dotted path or remove it from REALM_RESOLVERS.",
                    id="aether_kit.E021",
                )
            )
            continue
        if not (isinstance(resolver, type) and issubclass(resolver, RealmResolver)):
            errors.append(
                Error(
                    f"REALM_RESOLVERS names {path!r}, which is not a RealmResolver subclass.",
                    hint="Subclass aether_kit.multitenancy.RealmResolver and implement resolve().",
                    id="aether_kit.E022",
                )
            )
    return errors


@register(Tags.compatibility)
def check_realm_cookie(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    name = kit_settings.REALM_COOKIE
    if not isinstance(name, str) or not COOKIE_NAME.fullmatch(name):
        return [
            Error(
                f"REALM_COOKIE is {name!r}; it is sent as a cookie and a header name.",
                hint="Use letters, digits, '-' and '_', e.g. 'eha-realm'.",
                id="aether_kit.E023",
            )
        ]
    return []


@register(Tags.security)
def check_realm_middleware_order(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    if REALM_MIDDLEWARE not in middleware or AUTH_MIDDLEWARE not in middleware:
        return []
    if middleware.index(REALM_MIDDLEWARE) < middleware.index(AUTH_MIDDLEWARE):
        return [
            Warning(
                "RealmMiddleware runs before AuthenticationMiddleware, so it cannot read "
                "the signed-in user's realm.",
                hint=f"Move '{REALM_MIDDLEWARE}' after '{AUTH_MIDDLEWARE}' in MIDDLEWARE.",
                id="aether_kit.W010",
            )
        ]
    return []
