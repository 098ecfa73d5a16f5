"""System checks of the cache, readiness, metrics and request-id settings (E050-E059, W050-W059)."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from aether_kit.conf import kit_settings
from aether_kit.conf.optional import REQUEST_ID_MIDDLEWARE

__all__ = ["REQUEST_ID_MIDDLEWARE"]

METRICS_MIDDLEWARE = "aether_kit.ops.metrics.RealmMetricsMiddleware"
HEALTH_CHECK_BASE = "aether_kit.health.probes.HealthCheck"


@register(Tags.caches)
def check_cacheops_installed(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    if (
        kit_settings.DJANGO_USE_CACHE
        and getattr(settings, "CACHEOPS_REDIS", None)
        and "cacheops" not in settings.INSTALLED_APPS
    ):
        return [
            Error(
                "DJANGO_USE_CACHE is on and CACHEOPS_REDIS is set, but 'cacheops' is not in "
                "INSTALLED_APPS, so no query would be cached.",
                hint="Pass installed_apps=INSTALLED_APPS to configure_cache(), or add "
                "'cacheops' to INSTALLED_APPS.",
                id="aether_kit.E050",
            )
        ]
    return []


@register(Tags.caches)
def check_redis_cache_ignores_errors(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    for alias, options in settings.CACHES.items():
        backend = str(options.get("BACKEND", ""))
        if "django_redis" in backend and not options.get("OPTIONS", {}).get("IGNORE_EXCEPTIONS"):
            warnings.append(
                Warning(
                    f"CACHES['{alias}'] uses django-redis without IGNORE_EXCEPTIONS, so a "
                    "Redis outage turns every request that touches the cache into a 500.",
                    hint=f"Set CACHES['{alias}']['OPTIONS']['IGNORE_EXCEPTIONS'] = True "
                    "(configure_cache does).",
                    id="aether_kit.W050",
                )
            )
    return warnings


@register()
def check_health_checks(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    base = import_string(HEALTH_CHECK_BASE)
    for path in kit_settings.HEALTH_CHECKS:
        try:
            check_class = import_string(path)
        except ImportError as error:
            errors.append(
                Error(
                    f"HEALTH_CHECKS names {path!r}, which cannot be imported: {error}",
                    hint="Use the dotted path of a HealthCheck subclass.",
                    id="aether_kit.E051",
                )
            )
            continue
        if not (
            isinstance(check_class, type)
            and issubclass(check_class, base)
            and not inspect.isabstract(check_class)
        ):
            errors.append(
                Error(
                    f"HEALTH_CHECKS names {path!r}, which is not a complete HealthCheck subclass.",
                    hint=f"Subclass {HEALTH_CHECK_BASE} and implement probe().",
                    id="aether_kit.E051",
                )
            )
    timeout = kit_settings.HEALTH_CHECK_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        errors.append(
            Error(
                f"HEALTH_CHECK_TIMEOUT is {timeout!r}; readiness probes need a positive timeout.",
                hint="Set HEALTH_CHECK_TIMEOUT to a number of seconds such as 5.",
                id="aether_kit.E052",
            )
        )
    return errors


@register()
def check_metrics(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not kit_settings.METRICS_ENABLED:
        return []
    errors: list[CheckMessage] = []
    if "django_prometheus" not in settings.INSTALLED_APPS:
        errors.append(
            Error(
                "METRICS_ENABLED is on but 'django_prometheus' is not in INSTALLED_APPS.",
                hint="Pass installed_apps=INSTALLED_APPS to configure_metrics().",
                id="aether_kit.E053",
            )
        )
    if METRICS_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "METRICS_ENABLED is on but RealmMetricsMiddleware is not in MIDDLEWARE, so "
                "no request would be counted by view and realm.",
                hint="Pass middleware=MIDDLEWARE to configure_metrics().",
                id="aether_kit.E054",
            )
        )
    limit = kit_settings.METRICS_MAX_REALMS
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        errors.append(
            Error(
                f"METRICS_MAX_REALMS is {limit!r}; it must be a whole number above 0.",
                hint="Set METRICS_MAX_REALMS to the number of realms you expect, e.g. 100.",
                id="aether_kit.E055",
            )
        )
    token = kit_settings.METRICS_TOKEN
    if token is not None and (not isinstance(token, str) or len(token) < 16):
        errors.append(
            Error(
                "METRICS_TOKEN is set but shorter than 16 characters; it could be guessed.",
                hint="Use a long random value, e.g. from `openssl rand -hex 32`.",
                id="aether_kit.E056",
            )
        )
    return errors


@register()
def check_request_id_middleware(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    if REQUEST_ID_MIDDLEWARE in middleware and middleware.index(REQUEST_ID_MIDDLEWARE) > 1:
        return [
            Warning(
                "RequestIdMiddleware is not at the top of MIDDLEWARE, so log lines written "
                "by the middleware above it carry no request id.",
                hint=f"Move '{REQUEST_ID_MIDDLEWARE}' to the start of MIDDLEWARE.",
                id="aether_kit.W051",
            )
        ]
    return []
