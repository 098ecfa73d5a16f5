"""WEBPACK_LOADER for django-webpack-loader, from WEBPACK_REQUIRED and WEBPACK_STATS_FILE."""

from __future__ import annotations

import os
from typing import Any

from .env import Env
from .optional import extra_installed

__all__ = ["configure_webpack"]

STATS_FILE_NAME = "webpack-stats.json"


def configure_webpack(env: Env) -> dict[str, Any]:
    """The bundle loader's settings, reading the stats file webpack-bundle-tracker writes.

    The stats file defaults to ``webpack-stats.json`` in ``STATIC_ROOT`` (as in
    aether.sdk). ``webpack_loader`` joins ``INSTALLED_APPS`` through ``kit_apps(env)``.
    """
    with env.collect_errors():
        required = env.bool("WEBPACK_REQUIRED")
        result: dict[str, Any] = {"WEBPACK_REQUIRED": required}
        if not required:
            return result
        extra_installed(env, "WEBPACK_REQUIRED", "webpack_loader", "webpack")
        static_root = env.str("STATIC_ROOT", "/var/www/static/")
        stats_file = env.str("WEBPACK_STATS_FILE", os.path.join(static_root, STATS_FILE_NAME))
        if not os.path.isabs(stats_file):
            # a relative path would be resolved against whatever directory the server starts in
            name = "WEBPACK_STATS_FILE" if env.is_set("WEBPACK_STATS_FILE") else "STATIC_ROOT"
            env.error(name, f"{stats_file!r} must be an absolute path", None)
        debug = env.bool("DEBUG")
    result |= {
        "WEBPACK_STATS_FILE": stats_file,
        "WEBPACK_LOADER": {
            "DEFAULT": {
                # re-read the stats file on every request only while developing
                "CACHE": not debug,
                "BUNDLE_DIR_NAME": "/",
                "STATS_FILE": stats_file,
                "POLL_INTERVAL": 0.1,
                "TIMEOUT": None,
                "IGNORE": [r".+\.hot-update.js", r".+\.map"],
            },
        },
    }
    return result
