"""Sessions in a cache that gives up at once when the cache is down.

Django's cache session store tries up to 10,000 new keys before it reports
that the cache is unavailable; behind a django-redis cache that ignores
errors, every try is a failed connection, so one sign-in against a Redis
that is down takes seconds (and writes thousands of log lines). This store
makes a few attempts, then raises :class:`SessionCacheUnavailable`.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.base import CreateError
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

__all__ = ["SessionCacheUnavailable", "SessionStore"]

logger = logging.getLogger(__name__)


class SessionCacheUnavailable(RuntimeError):
    """No session could be created: the session cache does not answer."""


class SessionStore(CacheSessionStore):
    # two random 32-character keys colliding is not a thing; failing twice means the cache is down
    create_attempts = 3

    def create(self) -> None:
        for _ in range(self.create_attempts):
            self._session_key = self._get_new_session_key()  # type: ignore[attr-defined]
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return
        logger.error(
            "no session could be created: the session cache %r is down", self.cache_key_prefix
        )
        raise SessionCacheUnavailable(
            "The session cache is unavailable, so no session could be created."
        )
