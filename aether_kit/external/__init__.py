"""Outbound HTTP: one session factory with timeouts and bounded retries."""

from .files import get_file_content  # noqa: F401  (public)
from .paginated import PaginationError, get_all_docs  # noqa: F401  (public)
from .session import RETRY_STATUSES, TimeoutSession, get_session, get_timeout

__all__ = ["RETRY_STATUSES", "TimeoutSession", "get_session", "get_timeout"]
