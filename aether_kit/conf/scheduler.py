"""RQ_QUEUES for django-rq and rq-scheduler, from aether.sdk's SCHEDULER_REQUIRED and REDIS_*."""

from __future__ import annotations

from typing import Any

from .env import Env
from .optional import import_extra

__all__ = ["configure_scheduler"]

# aether.sdk's job timeout: five minutes
DEFAULT_JOB_TIMEOUT = 300
# an unreachable Redis must fail an enqueue quickly, not hang the request
REDIS_CONNECT_TIMEOUT = 5
# redis-py's default retries back off for seconds; two quick ones ride out a blip
REDIS_RETRIES = 2


def configure_scheduler(env: Env) -> dict[str, Any]:
    """The ``default`` queue on Redis, and the app list that turns django-rq on.

    Returns ``SCHEDULER_INSTALLED_APPS`` (``["django_rq"]`` when on, else empty)
    for the project to add to ``INSTALLED_APPS``: this function only describes
    settings, it never edits the project's own lists.
    """
    with env.collect_errors():
        required = env.bool("SCHEDULER_REQUIRED")
        if not required:
            return {"SCHEDULER_REQUIRED": False, "SCHEDULER_INSTALLED_APPS": []}
        import_extra("django_rq", "scheduler", feature="SCHEDULER_REQUIRED")
        import_extra("rq_scheduler", "scheduler", feature="SCHEDULER_REQUIRED")
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry

        host = env.str("REDIS_HOST")
        port = env.int("REDIS_PORT", min_value=1, max_value=65535)
        db = env.int("REDIS_DB", 0, min_value=0)
        password = env.str("REDIS_PASSWORD", None)
        timeout = env.int("SCHEDULER_JOB_TIMEOUT", DEFAULT_JOB_TIMEOUT, min_value=1)
    return {
        "SCHEDULER_REQUIRED": True,
        "SCHEDULER_INSTALLED_APPS": ["django_rq"],
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
                    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                    "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), REDIS_RETRIES),
                },
            },
        },
    }
