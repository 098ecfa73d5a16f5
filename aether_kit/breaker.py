"""Circuit breakers: after one failure a dependency is left alone for a short back-off.

A dependency that accepts connections and never answers costs every call its
whole timeout; a request that calls it five times waits five timeouts, and
every worker that serves such a request is held as long. A breaker turns that
into one timeout per process: the first call that times out (or cannot
connect) *opens* it, and for ``DEPENDENCY_BACKOFF`` seconds every call fails
at once with :class:`CircuitOpen` instead of being tried. Then one call is let
through as a probe (*half-open*): an answer closes the breaker and every
caller uses the dependency again, another failure opens it for another
back-off. Nothing needs a restart.

There is one breaker per process and per dependency (a Redis server, an HTTP
origin), created on first use by :func:`get_breaker`, so every client of the
same server shares what the first one learnt. This module sits beside
``external/`` and ``ops/`` and reads settings only (it knows nothing of Redis or
HTTP): the Redis connection class in ``aether_kit.ops.redis`` and the outbound
HTTP session in ``aether_kit.external.session`` both build on it.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from aether_kit.conf.kit_settings import kit_settings

__all__ = [
    "CLOSED",
    "HALF_OPEN",
    "OPEN",
    "CircuitBreaker",
    "CircuitOpen",
    "all_breakers",
    "get_breaker",
    "reset_breakers",
    "retry_after",
]

logger = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitOpen(Exception):
    """The dependency failed moments ago and is not called again before ``retry_in`` seconds."""

    def __init__(self, name: str, retry_in: float, backoff: float) -> None:
        # the same words for every refusal of one back-off, so that repeated warnings fold
        super().__init__(
            f"{name} failed moments ago and is not called again before its {backoff:g} s "
            "back-off is over"
        )
        self.name = name
        self.retry_in = retry_in


def retry_after(seconds: float) -> int:
    """A ``Retry-After`` value for a refusal: whole seconds, at least one."""
    return max(1, math.ceil(seconds))


class CircuitBreaker:
    """The state of one dependency, shared by every thread of the process.

    ``backoff`` is a number of seconds or a function returning it (read on
    every failure, so a changed setting takes effect without a restart);
    ``clock`` is ``time.monotonic`` unless a subclass knows better.
    """

    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self, name: str, backoff: float | Callable[[], float] | None = None) -> None:
        self.name = name
        self._backoff = backoff
        self._state = CLOSED
        self._opened_at = 0.0  # when it last opened, or when the running probe began
        self._open_for = 0.0  # the back-off of the last opening
        self._prober: int | None = None  # the thread whose call is the probe
        self._failures = 0  # failures in a row (for the logs)
        self._lock = threading.Lock()

    # -- what the callers ask -----------------------------------------------------------

    @property
    def state(self) -> str:
        """``closed``, ``open``, or ``half-open`` once the back-off has passed."""
        if self._state == CLOSED:
            return CLOSED
        return OPEN if self.retry_in() > 0 else HALF_OPEN

    def retry_in(self) -> float:
        """Seconds before the next call is let through (0 while closed)."""
        if self._state == CLOSED:
            return 0.0
        return max(0.0, self._opened_at + self._open_for - self.clock())

    def backoff(self) -> float:
        value = self._backoff
        if value is None:
            value = kit_settings.DEPENDENCY_BACKOFF
        return max(0.0, float(value() if callable(value) else value))

    def allow(self) -> bool:
        """Whether a call may go out now; one caller at a time is the probe of an open breaker."""
        if self._state == CLOSED:
            return True
        me = threading.get_ident()
        with self._lock:
            if self._state == CLOSED or self._prober == me:
                return True
            if self.clock() < self._opened_at + self._open_for:
                return False
            # the back-off is over (or the last probe never reported): this call is the probe,
            # and the others keep failing fast for one more back-off while it runs
            self._prober = me
            self._opened_at = self.clock()
            return True

    def check(self) -> None:
        """Raise :class:`CircuitOpen` unless :meth:`allow` lets the call through."""
        if not self.allow():
            raise self.open_error()

    def open_error(self) -> CircuitOpen:
        return CircuitOpen(self.name, self.retry_in(), self._open_for)

    # -- what the calls report ----------------------------------------------------------

    def record_success(self) -> None:
        if self._state == CLOSED:
            return
        with self._lock:
            was_open, self._state, self._prober, self._failures = self._state, CLOSED, None, 0
        if was_open != CLOSED:
            logger.warning("%s answers again; calling it again", self.name)

    def record_failure(self, error: BaseException) -> None:
        with self._lock:
            first = self._state == CLOSED
            self._state, self._prober = OPEN, None
            self._opened_at, self._open_for = self.clock(), self.backoff()
            self._failures += 1
        if first:
            logger.warning(
                "%s failed (%s: %s); not calling it for %g s",
                self.name,
                type(error).__name__,
                error,
                self._open_for,
            )
        else:
            logger.info("%s still fails (%s); next try in %g s", self.name, error, self._open_for)

    @contextmanager
    def guard(
        self,
        failures: tuple[type[BaseException], ...],
        answers: tuple[type[BaseException], ...] = (),
    ) -> Iterator[None]:
        """Check the breaker, run the block, and report how it went.

        An exception in ``failures`` opens the breaker, unless it is one of
        ``answers`` (a refusal the dependency sent, such as a wrong password);
        any other outcome, another exception included, means the dependency
        answered and closes it.
        """
        self.check()
        try:
            yield
        except answers:
            self.record_success()
            raise
        except failures as error:
            self.record_failure(error)
            raise
        except Exception:
            self.record_success()
            raise
        self.record_success()

    def reset(self) -> None:
        with self._lock:
            self._state, self._prober, self._failures = CLOSED, None, 0


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def get_breaker(
    name: str, factory: Callable[[str], CircuitBreaker] = CircuitBreaker
) -> CircuitBreaker:
    """The process-wide breaker of the dependency called ``name``, created on first use.

    Names say what and where, e.g. ``"Redis at 10.0.0.5:6379"`` or
    ``"https://keycloak.example:443"``: the same server reached by different
    clients is one dependency.
    """
    breaker = _breakers.get(name)
    if breaker is None:
        with _breakers_lock:
            breaker = _breakers.setdefault(name, factory(name))
    return breaker


def all_breakers() -> list[CircuitBreaker]:
    return list(_breakers.values())


def reset_breakers() -> None:
    """Close every breaker (tests; an operator who knows the dependency is back)."""
    for breaker in all_breakers():
        breaker.reset()
