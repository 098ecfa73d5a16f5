"""RQ_QUEUES for django-rq and rq-scheduler, from aether.sdk's SCHEDULER_REQUIRED and REDIS_*."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .env import Env
from .optional import add_app, extra_installed, passed_lists
from .redis import SOCKET_TIMEOUT, read_redis

__all__ = ["configure_scheduler"]

# aether.sdk's job timeout: five minutes
DEFAULT_JOB_TIMEOUT = 300
# redis-py's default retries back off for seconds; two quick ones ride out a blip
REDIS_RETRIES = 2


def configure_scheduler(env: Env, *, installed_apps: Sequence[str] = ()) -> dict[str, Any]:
    """The ``default`` queue on Redis; ``installed_apps`` comes back with ``django_rq`` added.

    As with ``configure_cache``, a project passes its ``INSTALLED_APPS`` and
    gets the updated list back under the same name, so nothing is added behind
    its back and nothing is forgotten.
    """
    with env.collect_errors():
        required = env.bool("SCHEDULER_REQUIRED")
        result: dict[str, Any] = {"SCHEDULER_REQUIRED": required, **passed_lists(installed_apps)}
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

    add_app(result, "django_rq")
    result.update(
        {
            "REDIS_HOST": host,
            "REDIS_PORT": port,
            "REDIS_DB": db,
            "REDIS_PASSWORD": password,
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
