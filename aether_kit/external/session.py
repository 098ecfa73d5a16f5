"""The one way the kit makes outbound HTTP calls: timeouts and bounded retries, always.

A ``requests`` call without a timeout waits forever on a peer that accepted
the connection and went quiet; one slow dependency then holds every worker.
Every call the kit makes (Keycloak, external apps, ``check_url``) goes through
:func:`get_session`, whose session applies a connect/read timeout to every
request that does not name one and retries connection errors and 502/503/504
answers a bounded number of times with exponential backoff — only for
idempotent methods, so a POST is never sent twice.

A read timeout is never retried: the peer accepted the request and went
quiet, and asking again would multiply the time a caller waits. A connection
dropped while reading (a stale keep-alive connection) still is. The longest a
call can wait is therefore ``(retries + 1)`` connect timeouts plus the backoff
pauses plus one read timeout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from aether_kit import __version__
from aether_kit.conf.kit_settings import kit_settings

if TYPE_CHECKING:
    from types import TracebackType

    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = ["RETRY_STATUSES", "TimeoutSession", "get_session", "get_timeout"]

# answers that mean "try again later" rather than "you asked wrongly"
RETRY_STATUSES = frozenset({502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"})


def get_timeout() -> tuple[float, float]:
    """``(connect, read)`` seconds from ``REQUEST_CONNECT_TIMEOUT`` / ``REQUEST_READ_TIMEOUT``."""
    return (
        float(kit_settings.REQUEST_CONNECT_TIMEOUT),
        float(kit_settings.REQUEST_READ_TIMEOUT),
    )


class _Retry(Retry):
    """urllib3's policy, except that a read timeout ends the call at once."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> _Retry:
        # with read=False urllib3 gives up on a read error at once instead of counting it
        policy = self.new(read=False) if isinstance(error, ReadTimeoutError) else self
        return Retry.increment(policy, method, url, response, error, _pool, _stacktrace)


class TimeoutSession(requests.Session):
    """A ``requests.Session`` that never sends a request without a timeout."""

    def __init__(self, timeout: float | tuple[float, float]) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)


def get_session(
    *,
    retries: int | None = None,
    timeout: float | tuple[float, float] | None = None,
    backoff_factor: float = 0.2,
    user_agent: str | None = None,
) -> TimeoutSession:
    """A new session with the kit's timeout, retry policy and User-Agent.

    ``retries`` defaults to ``REQUEST_ERROR_RETRIES`` and ``timeout`` to
    :func:`get_timeout`. Status answers are handed back as they are once the
    retries are spent (``raise_on_status=False``): the caller decides what a
    503 means. Sessions are cheap; make one per unit of work rather than
    sharing one across threads.
    """
    total = kit_settings.REQUEST_ERROR_RETRIES if retries is None else retries
    policy = _Retry(
        total=total,
        connect=total,
        read=total,
        status=total,
        backoff_factor=backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=IDEMPOTENT_METHODS,
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    session = TimeoutSession(get_timeout() if timeout is None else timeout)
    adapter = HTTPAdapter(max_retries=policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent or (
        f"{kit_settings.APP_NAME} (aether_kit/{__version__})"
    )
    return session
