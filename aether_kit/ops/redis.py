"""Every Redis client of the kit goes through one circuit breaker per Redis server.

Django's cache (django-redis), sessions, cacheops and the job queues each
keep their own clients and connection pools; without a shared breaker, a
Redis that accepts connections and never answers costs each of them a socket
timeout, one after the other, in every request. Their connections are
:class:`BreakerConnection`\\ s: connecting, sending and reading go through
the breaker of ``host:port`` (see :mod:`aether_kit.breaker`), and while it is
open they raise :class:`RedisCircuitOpen` at once. It is a
``redis.ConnectionError``, so each client does what it already does when
Redis is down: django-redis (``IGNORE_EXCEPTIONS``) reads a miss, cacheops
(``CACHEOPS_DEGRADE_ON_FAILURE``) runs the query on the database, and an
enqueue answers 503.

How each client gets them: django-redis through
``OPTIONS["CONNECTION_POOL_CLASS"]`` (:class:`BreakerConnectionPool`),
cacheops through ``CACHEOPS_CLIENT_CLASS`` (:class:`BreakerRedis`), and the
scheduler helpers through :func:`guarded`, which ``configure_cache`` and
``aether_kit.ops.scheduler`` apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from redis.connection import Connection, ConnectionPool
from redis.exceptions import AuthenticationError, AuthorizationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from aether_kit.breaker import CircuitBreaker, CircuitOpen, get_breaker

__all__ = [
    "BreakerConnection",
    "BreakerConnectionPool",
    "BreakerRedis",
    "RedisCircuitOpen",
    "guarded",
    "redis_breaker",
]

# what "Redis did not answer" looks like from a connection: refused, dropped, timed out
FAILURES: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
# connection errors that Redis itself answered: a wrong password is a mistake, not an outage
ANSWERS: tuple[type[BaseException], ...] = (AuthenticationError, AuthorizationError)


class RedisCircuitOpen(RedisConnectionError):
    """The Redis server failed moments ago: the command was not sent."""

    def __init__(self, error: CircuitOpen) -> None:
        super().__init__(str(error))
        self.retry_in = error.retry_in


def redis_breaker(host: str, port: int | str) -> CircuitBreaker:
    """The process's breaker of the Redis server at ``host:port``."""
    return get_breaker(f"Redis at {host}:{port}")


class _Refused(Exception):
    """A breaker's refusal on its way through a retry policy, which must not retry it."""

    def __init__(self, error: RedisCircuitOpen) -> None:
        super().__init__(str(error))
        self.error = error


class _NoRetryWhileOpen(Retry):
    """The client's retry policy, except that a breaker's refusal is not retried.

    Retrying it would only wait the policy's pauses to be refused again.
    """

    def call_with_retry(self, do: Any, fail: Any, *args: Any, **kwargs: Any) -> Any:
        def attempt() -> Any:
            try:
                return do()
            except RedisCircuitOpen as error:
                raise _Refused(error) from None

        try:
            return super().call_with_retry(attempt, fail, *args, **kwargs)
        except _Refused as refused:
            raise refused.error from None


class BreakerConnection(Connection):
    """A TCP connection to Redis that asks its server's breaker before every exchange.

    Connecting, sending and reading are each guarded; the calls they make to
    each other (a send that connects first, a connect that reads the
    handshake's answers) count once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        retry = self.retry
        self.retry = _NoRetryWhileOpen(retry._backoff, retry._retries, retry._supported_errors)
        self._guarded_now = False  # a connection serves one thread at a time

    @property
    def breaker(self) -> CircuitBreaker:
        return redis_breaker(self.host, self.port)

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        if self._guarded_now:
            yield
            return
        self._guarded_now = True
        try:
            with self.breaker.guard(FAILURES, ANSWERS):
                yield
        except CircuitOpen as error:
            raise RedisCircuitOpen(error) from None
        finally:
            self._guarded_now = False

    def connect(self) -> None:
        if self._sock is not None and not self._guarded_now:
            # connected earlier: nothing is exchanged, so nothing to report, but a pool
            # must not hand it out while the breaker is open
            if not self.breaker.allow():
                raise RedisCircuitOpen(self.breaker.open_error())
            return
        with self._guarded():
            super().connect()

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        with self._guarded():
            super().send_packed_command(command, check_health)

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        with self._guarded():
            return super().read_response(*args, **kwargs)


def _breaker_class(connection_class: type) -> type:
    """Plain TCP connections become :class:`BreakerConnection`; others (TLS, Unix) stay."""
    return BreakerConnection if connection_class is Connection else connection_class


class BreakerConnectionPool(ConnectionPool):
    """A connection pool of :class:`BreakerConnection` (django-redis' ``CONNECTION_POOL_CLASS``)."""

    def __init__(self, connection_class: type = Connection, **kwargs: Any) -> None:
        super().__init__(connection_class=_breaker_class(connection_class), **kwargs)


def guarded(client: redis.Redis) -> redis.Redis:
    """``client``, its connections made :class:`BreakerConnection` (before it makes any)."""
    pool = client.connection_pool
    pool.connection_class = _breaker_class(pool.connection_class)
    return client


class BreakerRedis(redis.Redis):
    """A ``redis.Redis`` whose connections go through the breaker (cacheops' client class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guarded(self)
