"""CACHES, sessions and django-cacheops from aether.sdk's cache variables.

Off by default: a local-memory cache per process and database sessions. With
``DJANGO_USE_CACHE`` on, django-cacheops caches ORM queries in Redis and the
``REDIS_DJANGO_CACHE`` / ``REDIS_SESSION_CACHE`` switches move Django's cache and
the sessions to Redis too, each in its own database number so that flushing
one never empties another.
"""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import extra_installed
from .redis import SOCKET_TIMEOUT, read_redis

__all__ = ["SESSION_CACHE_ALIAS", "configure_cache"]

SESSION_CACHE_ALIAS = "session"
# the Redis classes whose connections go through the process's circuit breaker of
# their server (aether_kit.ops.redis), named here so that configuring imports nothing
REDIS_POOL_CLASS = "aether_kit.ops.redis.BreakerConnectionPool"
REDIS_CLIENT_CLASS = "aether_kit.ops.redis.BreakerRedis"
DEFAULT_TIMEOUT = 60 * 5


def configure_cache(env: Env) -> dict[str, Any]:
    """Cache settings; ``cacheops`` joins ``INSTALLED_APPS`` through ``kit_apps(env)``.

    aether.sdk's variables and defaults: ``REDIS_DB_CACHEOPS`` defaults to
    ``REDIS_DB + 1``, ``REDIS_DB_CACHE_DJANGO`` to the cacheops database + 1 and
    ``REDIS_DB_CACHE_SESSION`` to the Django cache database + 1
    (``REDIS_DB_DJANGO`` and ``REDIS_DB_SESSION`` are accepted as other names).

    As in aether.sdk, ``TESTING`` switches cacheops off (``CACHEOPS_ENABLED``):
    a test must see the database, not answers cached by an earlier test.

    Unlike aether.sdk, sessions stay in the database unless
    ``REDIS_SESSION_CACHE`` is on: a per-process memory cache loses a user's
    session whenever the next request reaches another worker.
    """
    with env.collect_errors():
        use_cache = env.bool("DJANGO_USE_CACHE")
        timeout = env.int("DJANGO_CACHE_TIMEOUT", DEFAULT_TIMEOUT, min_value=0)
        result: dict[str, Any] = {
            "DJANGO_USE_CACHE": use_cache,
            "CACHE_TTL": timeout,
            "CACHES": {
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "aether-kit-default",
                    "TIMEOUT": timeout,
                }
            },
        }
        if not use_cache:
            return result

        extra_installed(env, "DJANGO_USE_CACHE", "cacheops", "cache")
        redis = read_redis(env)
        host, port, password, base_db = redis.host, redis.port, redis.password, redis.db
        cacheops_db = env.int("REDIS_DB_CACHEOPS", base_db + 1, min_value=0)
        django_db = _db_number(env, "REDIS_DB_CACHE_DJANGO", "REDIS_DB_DJANGO", cacheops_db + 1)
        session_db = _db_number(env, "REDIS_DB_CACHE_SESSION", "REDIS_DB_SESSION", django_db + 1)
        pool_size = env.int("CACHE_POOL_SIZE", 100, min_value=1)
        django_on = env.bool("REDIS_DJANGO_CACHE")
        session_on = env.bool("REDIS_SESSION_CACHE")
        if django_on or session_on:
            name = "REDIS_DJANGO_CACHE" if django_on else "REDIS_SESSION_CACHE"
            extra_installed(env, name, "django_redis", "cache")

        def redis_cache(db: int) -> dict[str, Any]:
            return {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": f"redis://{host}:{port}/{db}",
                "TIMEOUT": timeout,
                "OPTIONS": {
                    "PASSWORD": password,
                    "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
                    # a Redis outage turns cache reads into misses, not into 500s
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT,
                    "SOCKET_TIMEOUT": SOCKET_TIMEOUT,
                    "CONNECTION_POOL_KWARGS": {"max_connections": pool_size},
                    # one circuit breaker per Redis server for every client of the process
                    "CONNECTION_POOL_CLASS": REDIS_POOL_CLASS,
                },
            }

        if django_on:
            result["CACHES"]["default"] = redis_cache(django_db)
        if session_on:
            result["CACHES"][SESSION_CACHE_ALIAS] = redis_cache(session_db)
            result["SESSION_ENGINE"] = "aether_kit.ops.sessions"
            result["SESSION_CACHE_ALIAS"] = SESSION_CACHE_ALIAS
        result.update(
            {
                "REDIS_HOST": host,
                "REDIS_PORT": port,
                "REDIS_PASSWORD": password,
                "REDIS_DB": base_db,
                "REDIS_DB_CACHEOPS": cacheops_db,
                "REDIS_DB_DJANGO": django_db,
                "REDIS_DB_SESSION": session_db,
                # django-redis logs every error it swallows (logger "django_redis.cache")
                "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS": True,
                "CACHEOPS_ENABLED": not env.bool("TESTING"),
                "CACHEOPS_LRU": env.bool("CACHEOPS_LRU"),
                # cacheops answers from the database (and warns) while Redis is down
                "CACHEOPS_DEGRADE_ON_FAILURE": True,
                "CACHEOPS_CLIENT_CLASS": REDIS_CLIENT_CLASS,
                "CACHEOPS_REDIS": {
                    "host": host,
                    "port": port,
                    "password": password,
                    "db": cacheops_db,
                    "socket_timeout": SOCKET_TIMEOUT,
                    "socket_connect_timeout": SOCKET_TIMEOUT,
                    # redis-py retries 3 times with growing pauses by default: while
                    # Redis is down that would add seconds to every cached query
                    "retry": None,
                },
                "CACHEOPS_DEFAULTS": {
                    "ops": ("fetch", "get", "exists"),
                    "timeout": timeout,
                    "cache_on_save": True,
                },
                "CACHEOPS": _cacheops_models(env.str("APP_MODULE", "")),
            }
        )
    return result


def _db_number(env: Env, name: str, other_name: str, default: int) -> int:
    """aether.sdk's variable name first, then the shorter one."""
    if env.is_set(name):
        return int(env.int(name, default, min_value=0))
    return int(env.int(other_name, default, min_value=0))


def _cacheops_models(app_module: str) -> dict[str, Any]:
    """Models whose queries are cached; invalidation on save keeps them fresh."""
    day = 60 * 60 * 24
    models: dict[str, Any] = {
        "auth.user": {"ops": ("get", "exists"), "timeout": day},
        "auth.permission": {},
        "auth.group": {},
        "authtoken.token": {},
        "contenttypes.contenttype": {"ops": ("get", "exists"), "local_get": True},
    }
    if app_module:
        # no cache_on_save: cacheops would compute the saved object's key in the realm of
        # the code that saves it, so an object of realm b saved inside realm a would be
        # served to realm a's ``get(pk=...)`` (and a save outside any realm would raise)
        models[f"{app_module.rsplit('.', 1)[-1]}.*"] = {"cache_on_save": False}
    return models
