"""Sentry error reporting: validated here, started by the app when Django is ready."""

from __future__ import annotations

import importlib.util
from typing import Any

from .env import Env

__all__ = ["configure_sentry"]


def configure_sentry(env: Env) -> dict[str, Any]:
    """``SENTRY_DSN`` and friends, or ``{"SENTRY_DSN": None}`` when reporting is off.

    Calling ``sentry_sdk.init`` from a settings module is a side effect at
    import; the kit's app config does it in ``ready()`` instead
    (:func:`aether_kit.ops.sentry.init_sentry`).
    """
    if not env.is_set("SENTRY_DSN"):
        return {"SENTRY_DSN": None}
    with env.collect_errors():
        dsn = env.url("SENTRY_DSN", schemes=("http", "https"))
        if importlib.util.find_spec("sentry_sdk") is None:
            env.error("SENTRY_DSN", "needs sentry-sdk: pip install 'aether-kit[sentry]'", None)
        options = {
            "SENTRY_DSN": dsn,
            "SENTRY_ENVIRONMENT": env.str("SENTRY_ENVIRONMENT", None),
            # None: the app's VERSION (when known) names the release
            "SENTRY_RELEASE": env.str("SENTRY_RELEASE", None),
            "SENTRY_TRACES_SAMPLE_RATE": env.float(
                "SENTRY_TRACES_SAMPLE_RATE", 0.0, min_value=0.0, max_value=1.0
            ),
            "SENTRY_SEND_DEFAULT_PII": env.bool("SENTRY_SEND_DEFAULT_PII"),
        }
    return options
