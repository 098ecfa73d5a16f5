"""LOGGING: one JSON object per line (or a verbose text line), validated names."""

from __future__ import annotations

import logging
from typing import Any

from .env import Env

__all__ = ["FORMATTERS", "LEVELS", "configure_logging"]

LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
FORMATTERS = ("json", "verbose")
LOG_FORMAT = "%(levelname)s %(asctime)s %(name)s %(module)s %(process)d %(thread)d %(message)s"
# JSON lines carry an ISO 8601 UTC "timestamp" and the request's id and realm
# (set by aether_kit.ops.log_context)
JSON_FORMAT = (
    "%(levelname)s %(name)s %(module)s %(process)d %(thread)d %(message)s %(request_id)s %(realm)s"
)
JSON_FIELD_NAMES = {"levelname": "level", "name": "logger"}


def configure_logging(env: Env) -> dict[str, Any]:
    """Logging for the app module, the kit, Django and the root logger.

    aether.sdk silently fell back to JSON for an unknown formatter; a typo in
    ``LOGGING_FORMATTER`` or ``LOGGING_LEVEL`` is a configuration error here.
    Numeric levels (``20``) are accepted as well as names.
    """
    with env.collect_errors():
        level = _level(env)
        formatter = env.str("LOGGING_FORMATTER", "json", choices=FORMATTERS)
        testing = env.bool("TESTING")
        app_module = env.str("APP_MODULE", "")

    handler_class = "logging.NullHandler" if testing else "logging.StreamHandler"
    quiet = {"level": "ERROR", "handlers": ["console"], "propagate": False}
    loud = {"level": level, "handlers": ["console"], "propagate": False}
    loggers: dict[str, Any] = {"aether_kit": dict(loud), "django": dict(quiet)}
    # Django routes Python warnings here: cacheops reports a Redis outage as one
    loggers["py.warnings"] = {"level": "WARNING", "handlers": ["console"], "propagate": False}
    if app_module:
        loggers[app_module] = dict(loud)
    return {
        "LOGGING_LEVEL": level,
        "LOGGING_FORMATTER": formatter,
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "verbose": {"format": LOG_FORMAT},
                "json": {
                    "()": "pythonjsonlogger.json.JsonFormatter",
                    "format": JSON_FORMAT,
                    "rename_fields": JSON_FIELD_NAMES,
                    "timestamp": True,
                },
            },
            "filters": {
                "no_health": {"()": "aether_kit.ops.log_filters.HealthUrlFilter"},
                "no_static": {"()": "aether_kit.ops.log_filters.StaticUrlFilter"},
                "request_context": {"()": "aether_kit.ops.log_context.RequestContextFilter"},
                "redact_secrets": {"()": "aether_kit.ops.log_context.RedactSecretsFilter"},
            },
            "handlers": {
                "console": {
                    "level": level,
                    "class": handler_class,
                    "formatter": formatter,
                    "filters": ["no_health", "no_static", "request_context", "redact_secrets"],
                },
            },
            "loggers": loggers,
            "root": {"level": "ERROR", "handlers": ["console"]},
        },
    }


def _level(env: Env) -> str:
    value = env.str("LOGGING_LEVEL", "INFO")
    if value.isdigit():
        if int(value) in (10, 20, 30, 40, 50):
            return str(logging.getLevelName(int(value)))
        return env.error("LOGGING_LEVEL", f"{value!r} is not a logging level", "INFO")
    if value.upper() not in LEVELS:
        allowed = ", ".join(LEVELS)
        return env.error("LOGGING_LEVEL", f"{value!r} is not one of {allowed}", "INFO")
    return value.upper()
