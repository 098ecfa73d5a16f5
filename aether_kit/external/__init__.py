"""Outbound HTTP: one session factory with timeouts and bounded retries, and the external apps."""

from .files import get_file_content
from .paginated import PaginationError, get_all_docs
from .registry import (
    REALM_PLACEHOLDER,
    ExternalApp,
    UnknownExternalApp,
    get_external_app,
    get_external_app_names,
)
from .session import RETRY_STATUSES, DeadlineExceeded, TimeoutSession, get_session, get_timeout
from .tokens import (
    accepts_credentials,
    auth_header,
    is_app_reachable,
    is_token_valid,
    request_user_token,
)

__all__ = [
    "REALM_PLACEHOLDER",
    "RETRY_STATUSES",
    "DeadlineExceeded",
    "ExternalApp",
    "PaginationError",
    "TimeoutSession",
    "UnknownExternalApp",
    "accepts_credentials",
    "auth_header",
    "get_all_docs",
    "get_external_app",
    "get_external_app_names",
    "get_file_content",
    "get_session",
    "get_timeout",
    "is_app_reachable",
    "is_token_valid",
    "request_user_token",
]
