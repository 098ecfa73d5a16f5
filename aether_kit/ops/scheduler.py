"""Background jobs: enqueue now, at a time or after a delay, and read a job back.

A thin layer over django-rq and rq-scheduler that adds what every caller
would otherwise repeat: a clear error when the scheduler is switched off, and
a 503 with a JSON reason (:class:`SchedulerUnavailable`, a DRF exception) when
Redis does not answer, instead of a ``redis.ConnectionError`` becoming a 500.
Its Redis connections go through the circuit breaker the cache shares
(:mod:`aether_kit.ops.redis`): once Redis has failed, an enqueue answers the
503 at once, with a ``Retry-After`` header, until the back-off is over.

Jobs run in separate worker processes (``manage.py rqworker``); scheduled jobs
are moved onto their queue by ``manage.py rqscheduler`` (or rq-scheduler's own
``rqscheduler`` script).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import status
from rest_framework.exceptions import APIException

from aether_kit.breaker import retry_after
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.conf.optional import import_extra

__all__ = [
    "SchedulerUnavailable",
    "enqueue",
    "enqueue_at",
    "enqueue_in",
    "fetch_job",
]

logger = logging.getLogger(__name__)

# a module-level callable, or its dotted path
JobFunction = Callable[..., Any] | str


class SchedulerUnavailable(APIException):
    """Redis, where the job queues live, could not be reached; DRF answers it with 503.

    ``wait`` (seconds), when known, becomes DRF's ``Retry-After`` header.
    """

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The job scheduler is unavailable; try again later."
    default_code = "scheduler_unavailable"

    def __init__(self, detail: Any = None, code: Any = None, wait: float | None = None) -> None:
        super().__init__(detail, code)
        self.wait = None if wait is None else retry_after(wait)


def _django_rq() -> Any:
    if not kit_settings.SCHEDULER_REQUIRED:
        raise ImproperlyConfigured(
            "The scheduler is off: set SCHEDULER_REQUIRED, REDIS_HOST and REDIS_PORT, "
            "compose configure_scheduler and add kit_apps(env) to INSTALLED_APPS."
        )
    return import_extra("django_rq", "scheduler", feature="SCHEDULER_REQUIRED")


@contextmanager
def _redis_errors() -> Iterator[None]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from .redis import RedisCircuitOpen

    try:
        yield
    except RedisCircuitOpen as exc:
        # the breaker logged the failure once: no line per refused enqueue
        raise SchedulerUnavailable(wait=exc.retry_in) from exc
    except (RedisConnectionError, RedisTimeoutError) as exc:
        logger.warning("job scheduler unavailable: %s", exc)
        # the failure opened the breaker: Redis is tried again after the back-off
        raise SchedulerUnavailable(wait=float(kit_settings.DEPENDENCY_BACKOFF)) from exc


def _connection(rq: Any, queue: str) -> Any:
    """The queue's Redis client, its connections guarded by the server's breaker."""
    from .redis import guarded

    return guarded(rq.get_connection(queue))


def _scheduler(queue: str) -> Any:
    rq = _django_rq()
    connection = _connection(rq, queue)
    return rq.get_scheduler(
        queue, queue=rq.get_queue(queue, connection=connection), connection=connection
    )


def enqueue(func: JobFunction, *args: Any, queue: str = "default", **kwargs: Any) -> Any:
    """Put ``func(*args, **kwargs)`` on ``queue`` for a worker; returns the RQ ``Job``.

    ``func`` is a module-level callable or its dotted path: workers import it
    by name, so lambdas and nested functions cannot be queued. The job is
    queued at once, not when the current transaction commits: a job that reads
    rows written in the same transaction is enqueued from
    ``transaction.on_commit(lambda: enqueue(...))``.
    """
    rq = _django_rq()
    with _redis_errors():
        # "auto": put on the queue now, even inside a transaction, so the caller gets
        # the job (and its id) or a 503 straight away
        connection = _connection(rq, queue)
        return rq.get_queue(queue, commit_mode="auto", connection=connection).enqueue(
            func, *args, **kwargs
        )


def enqueue_at(
    when: datetime,
    func: JobFunction,
    *args: Any,
    queue: str = "default",
    **kwargs: Any,
) -> Any:
    """Run ``func`` once at ``when`` (an aware datetime, or naive UTC as rq-scheduler expects)."""
    with _redis_errors():
        return _scheduler(queue).enqueue_at(when, func, *args, **kwargs)


def enqueue_in(
    delay: timedelta,
    func: JobFunction,
    *args: Any,
    queue: str = "default",
    **kwargs: Any,
) -> Any:
    """Run ``func`` once, ``delay`` from now."""
    with _redis_errors():
        return _scheduler(queue).enqueue_in(delay, func, *args, **kwargs)


def fetch_job(job_id: str, queue: str = "default") -> Any | None:
    """The RQ ``Job`` with ``job_id``, or None when Redis has no such job (or it expired)."""
    rq = _django_rq()
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    with _redis_errors():
        try:
            return Job.fetch(job_id, connection=_connection(rq, queue))
        except NoSuchJobError:
            return None
