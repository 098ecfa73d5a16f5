"""Outbound HTTP: one session factory with timeouts and bounded retries, and the external apps."""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "get_file_content": "files",
        "PaginationError": "paginated",
        "get_all_docs": "paginated",
        "REALM_PLACEHOLDER": "registry",
        "ExternalApp": "registry",
        "UnknownExternalApp": "registry",
        "get_external_app": "registry",
        "get_external_app_names": "registry",
        "RETRY_STATUSES": "session",
        "DeadlineExceeded": "session",
        "DependencyUnavailable": "session",
        "TimeoutSession": "session",
        "get_session": "session",
        "get_timeout": "session",
        "accepts_credentials": "tokens",
        "auth_header": "tokens",
        "is_app_reachable": "tokens",
        "is_token_valid": "tokens",
        "request_user_token": "tokens",
    },
)
