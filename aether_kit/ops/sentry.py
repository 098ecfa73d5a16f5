"""Starts Sentry from settings prepared by ``configure_sentry``."""

from __future__ import annotations

from django.conf import settings

from aether_kit.conf.optional import import_extra

__all__ = ["init_sentry"]

# what configure_app reports when neither APP_VERSION nor the VERSION file says
UNKNOWN_VERSION = "#.#.#"


def init_sentry() -> bool:
    """Initialise sentry-sdk once Django is ready; True when reporting is on."""
    dsn = getattr(settings, "SENTRY_DSN", None)
    if not dsn:
        return False
    sentry_sdk = import_extra("sentry_sdk", "sentry", feature="SENTRY_DSN")
    integration = import_extra("sentry_sdk.integrations.django", "sentry", feature="SENTRY_DSN")
    sentry_sdk.init(
        dsn=dsn,
        environment=getattr(settings, "SENTRY_ENVIRONMENT", None),
        traces_sample_rate=getattr(settings, "SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=getattr(settings, "SENTRY_SEND_DEFAULT_PII", False),
        release=_release(),
        integrations=[integration.DjangoIntegration()],
    )
    return True


def _release() -> str | None:
    """SENTRY_RELEASE, else the app's VERSION unless it is the "unknown" placeholder."""
    release = getattr(settings, "SENTRY_RELEASE", None)
    version = getattr(settings, "VERSION", None)
    return release or (version if version and version != UNKNOWN_VERSION else None)
