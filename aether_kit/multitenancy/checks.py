"""System checks of the multitenancy settings: ids aether_kit.E020-E029 and W010-W019."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import import_string

from aether_kit.conf import kit_settings
from aether_kit.conf.checks import REALM_MIDDLEWARE
from aether_kit.conf.multitenancy import COOKIE_NAME_PATTERN

__all__ = [
    "check_mt_fields",
    "check_realm_cookie",
    "check_realm_middleware_order",
    "check_realm_resolvers",
]

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


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
    if not isinstance(name, str) or not COOKIE_NAME_PATTERN.fullmatch(name):
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


def _mt_field_problem(model: Any) -> str | None:
    """Why ``model.mt_field`` does not lead to a realm-scoped model, or None."""
    from .models import MtModelMixin

    if not model.mt_field:
        return "has no mt_field"
    current = model
    for name in model.mt_field.split("__"):
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return f"mt_field {model.mt_field!r}: {current.__name__} has no field {name!r}"
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return f"mt_field {model.mt_field!r}: {name!r} is not a forward foreign key"
        current = field.related_model
    if not issubclass(current, MtModelMixin):
        return f"mt_field {model.mt_field!r} ends at {current.__name__}, which has no MtModelMixin"
    return None


@register(Tags.models)
def check_mt_fields(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    from .models import MtModelChildMixin

    errors: list[CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, MtModelChildMixin):
            continue
        problem = _mt_field_problem(model)
        if problem is not None:
            errors.append(
                Error(
                    f"{model._meta.label} {problem}, so its rows cannot be scoped to a realm.",
                    hint="Set mt_field to the path of forward foreign keys to a model with "
                    "MtModelMixin, e.g. mt_field = 'project' or 'task__project'.",
                    obj=model,
                    id="aether_kit.E024",
                )
            )
    return errors


@register(Tags.compatibility)
def check_realm_exempt_paths(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    paths = kit_settings.REALM_EXEMPT_PATHS
    if isinstance(paths, (list, tuple)) and all(isinstance(path, str) for path in paths):
        return []
    return [
        Error(
            f"REALM_EXEMPT_PATHS is {paths!r}; it must be a list of endpoint paths.",
            hint="List paths under APP_URL without the prefix, e.g. ['health', 'check-db'].",
            id="aether_kit.E025",
        )
    ]
