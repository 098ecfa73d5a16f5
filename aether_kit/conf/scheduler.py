"""RQ_QUEUES for django-rq and rq-scheduler, from aether.sdk's SCHEDULER_REQUIRED and REDIS_*."""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import extra_installed
from .redis import SOCKET_TIMEOUT, read_redis

__all__ = ["configure_scheduler"]

# aether.sdk's job timeout: five minutes
DEFAULT_JOB_TIMEOUT = 300
# redis-py's default retries back off for seconds; two quick ones ride out a blip
REDIS_RETRIES = 2


def configure_scheduler(env: Env) -> dict[str, Any]:
    """The ``default`` queue on Redis while ``SCHEDULER_REQUIRED`` is on.

    ``django_rq`` joins ``INSTALLED_APPS`` through ``kit_apps(env)``; the Redis
    server's own settings (``REDIS_HOST`` …) are written by ``configure_cache``.
    """
    with env.collect_errors():
        required = env.bool("SCHEDULER_REQUIRED")
        result: dict[str, Any] = {"SCHEDULER_REQUIRED": required}
        if not required:
            return result
        extra_installed(env, "SCHEDULER_REQUIRED", "django_rq", "scheduler")
        extra_installed(env, "SCHEDULER_REQUIRED", "rq_scheduler", "scheduler")
        redis = read_redis(env)
        host, port, db, password = redis.host, redis.port, redis.db, redis.password
        timeout = env.int("SCHEDULER_JOB_TIMEOUT", DEFAULT_JOB_TIMEOUT, min_value=1)
    # past collect_errors the extra is known to be installed, redis with it
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.retry import Retry

    result.update(
        {
            "RQ_SHOW_ADMIN_LINK": True,
            "RQ_QUEUES": {
                "default": {
                    "HOST": host,
                    "PORT": port,
                    "DB": db,
                    "PASSWORD": password,
                    "DEFAULT_TIMEOUT": timeout,
                    "REDIS_CLIENT_KWARGS": {
                        # an enqueue fails within seconds instead of holding the request;
                        # workers are not cut short: RQ raises a worker's socket timeout
                        # above its blocking dequeue wait
                        "socket_connect_timeout": SOCKET_TIMEOUT,
                        "socket_timeout": SOCKET_TIMEOUT,
                        # a refused or dropped connection is retried, a timeout is not: a
                        # Redis that does not answer would hold the request once per try
                        "retry": Retry(
                            ExponentialBackoff(cap=0.5, base=0.05),
                            REDIS_RETRIES,
                            supported_errors=(RedisConnectionError,),
                        ),
                    },
                },
            },
        }
    )
    return result
