"""Log filters that keep probe and static-file noise out of request logs."""

from __future__ import annotations

import logging

__all__ = ["HealthUrlFilter", "StaticUrlFilter"]

HEALTH_PATHS = ("/health", "/check-db", "/check-app", "/check-ready")


class _PathFilter(logging.Filter):
    """Drops records whose message mentions one of ``fragments`` (Django's request lines)."""

    fragments: tuple[str, ...] = ()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(fragment in message for fragment in self.fragments)


class HealthUrlFilter(_PathFilter):
    fragments = tuple(f"GET {path}" for path in HEALTH_PATHS) + tuple(
        f"{path} HTTP" for path in HEALTH_PATHS
    )


class StaticUrlFilter(_PathFilter):
    fragments = ("GET /static/", "/static/")
