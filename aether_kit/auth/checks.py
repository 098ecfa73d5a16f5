"""System checks of DRF token authentication (``aether_kit.E005``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags

from aether_kit.conf.checking import CheckFunction, finding

__all__ = ["CHECKS", "TOKEN_AUTHENTICATIONS", "check_token_authentication_app"]

# the classes that look tokens up in rest_framework.authtoken's table
TOKEN_AUTHENTICATIONS = (
    "rest_framework.authentication.TokenAuthentication",
    "aether_kit.auth.authentication.RealmTokenAuthentication",
)


def check_token_authentication_app(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    classes = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_AUTHENTICATION_CLASSES", [])
    return finding(
        any(name in classes for name in TOKEN_AUTHENTICATIONS)
        and "rest_framework.authtoken" not in settings.INSTALLED_APPS,
        "DRF TokenAuthentication is enabled but 'rest_framework.authtoken' is not "
        "installed, so every request with a token would fail.",
        hint="Add 'rest_framework.authtoken' to INSTALLED_APPS, or remove "
        "TokenAuthentication from REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'].",
        id="aether_kit.E005",
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_token_authentication_app, Tags.compatibility),
)
