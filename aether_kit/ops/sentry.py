"""Starts Sentry from settings prepared by ``configure_sentry``."""

from __future__ import annotations

from django.conf import settings

__all__ = ["init_sentry"]


def init_sentry() -> bool:
    """Initialise sentry-sdk once Django is ready; True when reporting is on."""
    dsn = getattr(settings, "SENTRY_DSN", None)
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=getattr(settings, "SENTRY_ENVIRONMENT", None),
        traces_sample_rate=getattr(settings, "SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=getattr(settings, "SENTRY_SEND_DEFAULT_PII", False),
        release=getattr(settings, "VERSION", None),
        integrations=[DjangoIntegration()],
    )
    return True
