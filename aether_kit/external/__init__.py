"""Outbound HTTP: one session factory with timeouts and bounded retries."""

from .session import RETRY_STATUSES, TimeoutSession, get_session, get_timeout

__all__ = ["RETRY_STATUSES", "TimeoutSession", "get_session", "get_timeout"]
