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
dropped while reading (a stale keep-alive connection) still is.

A call that could not connect or timed out opens its origin's circuit
breaker (:mod:`aether_kit.breaker`): for ``DEPENDENCY_BACKOFF`` seconds
every call to that origin, from any request of the process, fails at once
with :class:`DependencyUnavailable` instead of waiting its timeout again; then
one call tries, and an answer (whatever its status) closes the breaker.

A read timeout bounds each wait for bytes, not the whole answer: a peer that
trickles its body one byte at a time never trips it. So a call that reads the
whole body (any call not made with ``stream=True``) also has a deadline, the
connect plus the read timeout after it began: the body is read in pieces,
each wait cut short at the deadline, and a body still arriving then ends the
call with :class:`DeadlineExceeded`. Streamed answers (a proxy passing a long
download on) are left to their reader, bounded per read only.

The longest a call can wait is therefore ``(retries + 1)`` connect timeouts
plus the backoff pauses plus one read timeout per answer waited for (more
than one only when a 502/503/504 answer is retried). The deadline is never
later than that, so reading the whole body adds nothing to it. What the
deadline does not cover, each bounded per read only: a status line and
headers trickled out, and the body of a 502/503/504 urllib3 discards before
retrying.
"""

from __future__ import annotations

import contextlib
import socket
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError
from urllib3.util.retry import Retry

from aether_kit import __version__
from aether_kit.breaker import CircuitBreaker, CircuitOpen, get_breaker
from aether_kit.conf.kit_settings import kit_settings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = [
    "RETRY_STATUSES",
    "DeadlineExceeded",
    "DependencyUnavailable",
    "TimeoutSession",
    "get_session",
    "get_timeout",
    "url_for_logs",
    "url_origin",
]

# answers that mean "try again later" rather than "you asked wrongly"
RETRY_STATUSES = frozenset({502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"})
DEFAULT_PORTS = {"http": 80, "https": 443}
BODY_PIECE = 64 * 1024  # bytes asked for per read of a body with a deadline


def get_timeout() -> tuple[float, float]:
    """``(connect, read)`` seconds from ``REQUEST_CONNECT_TIMEOUT`` / ``REQUEST_READ_TIMEOUT``."""
    return (
        float(kit_settings.REQUEST_CONNECT_TIMEOUT),
        float(kit_settings.REQUEST_READ_TIMEOUT),
    )


def url_origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, the default port spelled out.

    Two URLs with the same origin reach the same server; user information,
    which may hold a password, is left out.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return f"{scheme}://{parts.hostname or ''}:{parts.port or DEFAULT_PORTS.get(scheme, '')}"


def url_for_logs(url: str) -> str:
    """``url`` without user information or query string, either of which may hold a secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{parts.path}"


class DeadlineExceeded(requests.ReadTimeout):
    """The body was still arriving when the call's deadline passed.

    A ``ReadTimeout``, so callers that handle timeouts handle it too: for the
    caller it is the same "the peer is too slow", only trickling, not silent.
    """


class DependencyUnavailable(requests.ConnectionError):
    """The origin could not be reached or timed out moments ago: nothing was sent.

    A ``ConnectionError``, so callers that handle an unreachable peer handle it
    too; ``retry_in`` says when the origin is tried again (for a Retry-After).
    """

    def __init__(self, error: CircuitOpen) -> None:
        super().__init__(str(error))
        self.retry_in = error.retry_in


# the peer did not answer in time, or could not be reached: its breaker opens
TRANSPORT_FAILURES = (requests.ConnectionError, requests.Timeout)


def origin_breaker(url: str) -> CircuitBreaker:
    """The process's circuit breaker of ``url``'s origin."""
    return get_breaker(url_origin(url))


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
    """A ``requests.Session`` that never sends a request without a timeout.

    A request not made with ``stream=True`` also gets a deadline for its whole
    body (see the module docstring): it is sent streamed, and a ``response``
    hook reads each answer, redirects included, before the call returns.
    """

    def __init__(self, timeout: float | tuple[float, float]) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        limits = _deadline_limits(kwargs["timeout"])
        if not kwargs.get("stream") and limits is not None:
            budget, read_timeout = limits
            reader = _BodyReader(time.monotonic() + budget, budget, read_timeout)
            hooks = dict(kwargs.get("hooks") or {})
            theirs = hooks.get("response", [])
            hooks["response"] = [reader, *([theirs] if callable(theirs) else theirs)]
            kwargs.update(stream=True, hooks=hooks)
        breaker = origin_breaker(url.decode() if isinstance(url, bytes) else url)
        try:
            with breaker.guard(TRANSPORT_FAILURES):
                return super().request(method, url, *args, **kwargs)
        except CircuitOpen as error:
            raise DependencyUnavailable(error) from None


def _deadline_limits(timeout: Any) -> tuple[float, float] | None:
    """``(connect + read, read)`` seconds of a requests timeout, or None when either is unset."""
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    if not isinstance(connect, int | float) or not isinstance(read, int | float):
        return None
    return float(connect) + float(read), float(read)


class _BodyReader:
    """A ``response`` hook: reads the whole body before ``deadline`` or raises.

    Each read asks for whatever has arrived, and the socket's timeout is
    lowered to what is left before the deadline, so no single wait outlasts
    it either.
    """

    def __init__(self, deadline: float, budget: float, read_timeout: float) -> None:
        self.deadline = deadline
        self.budget = budget
        self.read_timeout = read_timeout

    def __call__(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        try:
            body = self.read(response)
        except BaseException:
            response.close()
            raise
        response._content = body
        response.content  # noqa: B018 - requests marks the body read when first asked for it
        return response

    def read(self, response: requests.Response) -> bytes:
        sock = _socket_of(response.raw)
        original = sock.gettimeout() if sock is not None else None
        arriving = _arriving(response.raw)
        pieces: list[bytes] = []
        try:
            while True:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    raise self.exceeded(response)
                _set_timeout(sock, min(self.read_timeout, left))
                piece = next(arriving, None)
                if piece is None:
                    return b"".join(pieces)
                pieces.append(piece)
        # urllib3's errors become requests' own, as in Response.content, but a timeout stays one
        except ReadTimeoutError as error:
            if time.monotonic() >= self.deadline:
                raise self.exceeded(response) from error
            raise requests.ReadTimeout(error, response=response) from error
        except ProtocolError as error:
            raise requests.exceptions.ChunkedEncodingError(error, response=response) from error
        except DecodeError as error:
            raise requests.exceptions.ContentDecodingError(error, response=response) from error
        except SSLError as error:
            raise requests.exceptions.SSLError(error, response=response) from error
        finally:
            _set_timeout(sock, original)

    def exceeded(self, response: requests.Response) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"the answer of {url_for_logs(response.url)} was still arriving "
            f"{self.budget:g} s (connect + read timeout) after the call began",
            response=response,
        )


def _set_timeout(sock: socket.socket | None, seconds: float | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):  # closed by now: the body is all read
            sock.settimeout(seconds)


def _arriving(raw: Any) -> Iterator[bytes]:
    """The decoded body in pieces, each read asking only for what has arrived (one ``recv``)."""
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # urllib3 before 2.1: each piece waits until it is whole
        yield from raw.stream(BODY_PIECE, decode_content=True)
        return
    while piece := read1(BODY_PIECE, decode_content=True):
        yield piece


def _socket_of(raw: Any) -> socket.socket | None:
    """The socket under a urllib3 response, or None where it cannot be found.

    http.client keeps no public handle on it: the path is the response's file
    (``makefile``) down to its ``SocketIO``. Without it the deadline is still
    checked between reads, each bounded by the read timeout.
    """
    buffered = getattr(getattr(raw, "_fp", None), "fp", None)
    sock = getattr(getattr(buffered, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def get_session(
    *,
    retries: int | None = None,
    timeout: float | tuple[float, float] | None = None,
    backoff_factor: float = 0.2,
    user_agent: str | None = None,
) -> TimeoutSession:
    """A new session with the kit's timeout, retry policy and User-Agent.

    ``retries`` (after the first attempt) defaults to one less than
    ``REQUEST_ERROR_RETRIES``, which counts attempts as aether.sdk did, and ``timeout`` to
    :func:`get_timeout`. Status answers are handed back as they are once the
    retries are spent (``raise_on_status=False``): the caller decides what a
    503 means. Sessions are cheap; make one per unit of work rather than
    sharing one across threads.
    """
    total = max(kit_settings.REQUEST_ERROR_RETRIES - 1, 0) if retries is None else retries
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
