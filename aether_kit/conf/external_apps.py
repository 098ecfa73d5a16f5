"""``EXTERNAL_APPS``: the sibling services this one calls, with their URLs and service tokens."""

from __future__ import annotations

import re
from typing import Any

from .env import Env

__all__ = ["APP_PREFIX_PATTERN", "app_variable_prefix", "configure_external_apps"]

# what an app name must turn into: a valid, conventional environment variable prefix
APP_PREFIX_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")


def app_variable_prefix(name: str) -> str:
    """``app-1`` reads ``APP_1_URL``: upper case, ``-`` becomes ``_``."""
    return name.upper().replace("-", "_")


def configure_external_apps(env: Env) -> dict[str, Any]:
    """``EXTERNAL_APPS`` from the comma separated list of app names of the same variable.

    Each ``app-1`` needs ``APP_1_URL`` and ``APP_1_TOKEN``; ``APP_1_URL_TEST``
    and ``APP_1_TOKEN_TEST`` default to them and are the ones used while
    ``TESTING`` is on. Every missing or malformed variable of every app is
    reported in one error, and so is a name that cannot become a variable
    prefix (``my app``, ``1st``) or two names that would share one
    (``app-1`` and ``app_1``).
    """
    external_apps: dict[str, Any] = {}
    with env.collect_errors():
        names = env.list("EXTERNAL_APPS", [])
        seen: dict[str, str] = {}
        for name in names:
            prefix = app_variable_prefix(name)
            if not APP_PREFIX_PATTERN.match(prefix):
                env.error(
                    "EXTERNAL_APPS",
                    f"{name!r} cannot name environment variables: use letters, digits, '-' "
                    "and '_', starting with a letter",
                    None,
                )
                continue
            if prefix in seen:
                env.error(
                    "EXTERNAL_APPS",
                    f"{seen[prefix]!r} and {name!r} would both read {prefix}_URL",
                    None,
                )
                continue
            seen[prefix] = name
            url = env.url(f"{prefix}_URL")
            token = env.str(f"{prefix}_TOKEN")
            external_apps[name] = {
                "url": url,
                "token": token,
                "test": {
                    "url": env.url(f"{prefix}_URL_TEST", url),
                    "token": env.str(f"{prefix}_TOKEN_TEST", token),
                },
            }
    return {"EXTERNAL_APPS": external_apps}
