"""System checks of the cache, metrics and request-id settings (E050-E059, W050-W059, W083)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning

from aether_kit.conf import kit_settings
from aether_kit.conf.checking import CheckFunction, finding
from aether_kit.conf.optional import REQUEST_ID_MIDDLEWARE

__all__ = ["CHECKS", "REQUEST_ID_MIDDLEWARE"]

METRICS_MIDDLEWARE = "aether_kit.ops.metrics.RealmMetricsMiddleware"


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
                hint="Add kit_apps(env) to INSTALLED_APPS, or add 'cacheops' to it.",
                id="aether_kit.E050",
            )
        ]
    return []


def check_redis_cache_ignores_errors(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    for alias, options in settings.CACHES.items():
        backend = str(options.get("BACKEND", ""))
        warnings += finding(
            "django_redis" in backend and not options.get("OPTIONS", {}).get("IGNORE_EXCEPTIONS"),
            f"CACHES['{alias}'] uses django-redis without IGNORE_EXCEPTIONS, so a "
            "Redis outage turns every request that touches the cache into a 500.",
            hint=f"Set CACHES['{alias}']['OPTIONS']['IGNORE_EXCEPTIONS'] = True "
            "(configure_cache does).",
            id="aether_kit.W050",
            level=Warning,
        )
    return warnings


RedisDatabase = tuple[str, int, int]  # host, port, database number


def _redis_database(url: str) -> RedisDatabase | None:
    """``redis://host:port/db`` as (host, port, db); None for a URL that names no TCP server."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        return None
    db = parts.path.strip("/")
    try:
        return parts.hostname.lower(), parts.port or 6379, int(db or 0)
    except ValueError:
        return None


def _cache_databases() -> Iterator[tuple[str, RedisDatabase]]:
    """Every Redis database a cache writes to and a purge empties, with the setting naming it."""
    cacheops = getattr(settings, "CACHEOPS_REDIS", None)
    if isinstance(cacheops, dict) and cacheops.get("host"):
        host, port = str(cacheops["host"]).lower(), int(cacheops.get("port") or 6379)
        yield "CACHEOPS_REDIS", (host, port, int(cacheops.get("db") or 0))
    elif isinstance(cacheops, str) and (database := _redis_database(cacheops)):
        yield "CACHEOPS_REDIS", database
    for alias, options in settings.CACHES.items():
        if "redis" not in str(options.get("BACKEND", "")).lower():
            continue
        locations = options.get("LOCATION") or []
        for location in locations.split(",") if isinstance(locations, str) else locations:
            if database := _redis_database(str(location).strip()):
                yield f"CACHES['{alias}']", database


def _queue_databases() -> Iterator[tuple[str, RedisDatabase]]:
    """The Redis database of every django-rq queue."""
    for name, queue in (getattr(settings, "RQ_QUEUES", None) or {}).items():
        if not isinstance(queue, dict):
            continue
        if queue.get("URL"):
            database = _redis_database(str(queue["URL"]))
            if database is not None:
                yield name, database
        elif queue.get("HOST"):
            port, db = int(queue.get("PORT") or 6379), int(queue.get("DB") or 0)
            yield name, (str(queue["HOST"]).lower(), port, db)


def check_cache_and_jobs_share_no_redis_database(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Purging the cache empties its whole Redis database: queued jobs there would go too."""
    queues = list(_queue_databases())
    warnings: list[CheckMessage] = []
    for setting, database in _cache_databases():
        for queue, queue_database in queues:
            host, port, db = database
            warnings += finding(
                database == queue_database,
                f"{setting} and the job queue '{queue}' share Redis database {db} on "
                f"{host}:{port}: purging the cache (/admin/~purge-cache, FLUSHDB) "
                "would delete the queued jobs.",
                hint="Give the cache its own database number: REDIS_DB_CACHEOPS, "
                "REDIS_DB_CACHE_DJANGO and REDIS_DB_CACHE_SESSION must differ from "
                "REDIS_DB (configure_cache's defaults do).",
                id="aether_kit.W083",
                level=Warning,
            )
    return warnings


def check_metrics(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not kit_settings.METRICS_ENABLED:
        return []
    errors: list[CheckMessage] = []
    errors += finding(
        "django_prometheus" not in settings.INSTALLED_APPS,
        "METRICS_ENABLED is on but 'django_prometheus' is not in INSTALLED_APPS.",
        hint="Add kit_apps(env) to INSTALLED_APPS, or add 'django_prometheus' to it.",
        id="aether_kit.E053",
    )
    errors += finding(
        METRICS_MIDDLEWARE not in settings.MIDDLEWARE,
        "METRICS_ENABLED is on but RealmMetricsMiddleware is not in MIDDLEWARE, so "
        "no request would be counted by view and realm.",
        hint="Use kit_middleware(env), which places django-prometheus' middleware too.",
        id="aether_kit.E054",
    )
    limit = kit_settings.METRICS_MAX_REALMS
    errors += finding(
        isinstance(limit, bool) or not isinstance(limit, int) or limit < 1,
        f"METRICS_MAX_REALMS is {limit!r}; it must be a whole number above 0.",
        hint="Set METRICS_MAX_REALMS to the number of realms you expect, e.g. 100.",
        id="aether_kit.E055",
    )
    token = kit_settings.METRICS_TOKEN
    errors += finding(
        token is not None and (not isinstance(token, str) or len(token) < 16),
        "METRICS_TOKEN is set but shorter than 16 characters; it could be guessed.",
        hint="Use a long random value, e.g. from `openssl rand -hex 32`.",
        id="aether_kit.E056",
    )
    return errors


def check_request_id_middleware(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    return finding(
        REQUEST_ID_MIDDLEWARE in middleware and middleware.index(REQUEST_ID_MIDDLEWARE) > 1,
        "RequestIdMiddleware is not at the top of MIDDLEWARE, so log lines written "
        "by the middleware above it carry no request id.",
        hint=f"Move '{REQUEST_ID_MIDDLEWARE}' to the start of MIDDLEWARE.",
        id="aether_kit.W051",
        level=Warning,
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_cacheops_installed, Tags.caches),
    (check_redis_cache_ignores_errors, Tags.caches),
    (check_cache_and_jobs_share_no_redis_database, Tags.caches),
    (check_metrics, None),
    (check_request_id_middleware, None),
)
