"""System checks for an ``EXTERNAL_APPS`` written by hand, not by ``configure_external_apps``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error, Tags

from aether_kit.conf.checking import CheckFunction, finding, is_number
from aether_kit.conf.external_apps import APP_PREFIX_PATTERN, app_variable_prefix
from aether_kit.conf.kit_settings import kit_settings

HINT = (
    "Build EXTERNAL_APPS with configure_external_apps(env), or give each app a dict "
    "{'url': 'https://…', 'token': '…', 'test': {'url': …, 'token': …}}."
)


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _entry_problems(name: str, config: Any) -> list[str]:
    if not isinstance(config, dict):
        return [f"EXTERNAL_APPS[{name!r}] is not a dict"]
    problems = []
    sections = [(f"EXTERNAL_APPS[{name!r}]", config)]
    if "test" in config:
        if isinstance(config["test"], dict):
            sections.append((f"EXTERNAL_APPS[{name!r}]['test']", config["test"]))
        else:
            problems.append(f"EXTERNAL_APPS[{name!r}]['test'] is not a dict")
    for label, section in sections:
        if not _is_http_url(section.get("url")):
            problems.append(f"{label}['url'] is not an absolute http:// or https:// URL")
        if not isinstance(section.get("token"), str) or not section.get("token"):
            problems.append(f"{label}['token'] is missing or empty")
    return problems


def check_external_apps(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    apps = kit_settings.EXTERNAL_APPS
    if not isinstance(apps, dict):
        return [
            Error(
                f"EXTERNAL_APPS is a {type(apps).__name__}; it must be a dict of app name to "
                "settings.",
                hint=HINT,
                id="aether_kit.E070",
            )
        ]
    errors: list[CheckMessage] = []
    for name, config in apps.items():
        errors += finding(
            not isinstance(name, str) or not APP_PREFIX_PATTERN.match(app_variable_prefix(name)),
            f"EXTERNAL_APPS names the app {name!r}, which cannot map to environment variables.",
            hint="Use letters, digits, '-' and '_', starting with a letter.",
            id="aether_kit.E071",
        )
        errors.extend(
            Error(problem, hint=HINT, id="aether_kit.E072")
            for problem in _entry_problems(name, config)
        )
    return errors


def check_request_settings(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name in ("REQUEST_CONNECT_TIMEOUT", "REQUEST_READ_TIMEOUT"):
        value = getattr(kit_settings, name)
        errors += finding(
            not is_number(value, above=True),
            f"{name} is {value!r}; outbound HTTP calls need a positive timeout.",
            hint=f"Set {name} to a number of seconds such as 5.",
            id="aether_kit.E008",
        )
    retries = kit_settings.REQUEST_ERROR_RETRIES
    errors += finding(
        not is_number(retries, minimum=1, whole=True) or retries > 10,
        f"REQUEST_ERROR_RETRIES is {retries!r}; it must be a whole number of attempts "
        "from 1 to 10.",
        hint="Unbounded retries turn one slow dependency into an outage.",
        id="aether_kit.E009",
    )
    backoff = kit_settings.DEPENDENCY_BACKOFF
    return errors + finding(
        not is_number(backoff),
        f"DEPENDENCY_BACKOFF is {backoff!r}; it must be a number of seconds, 0 or more.",
        hint="Set DEPENDENCY_BACKOFF to the seconds a failed dependency is left alone, such as 10.",
        id="aether_kit.E018",
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_external_apps, Tags.compatibility),
    (check_request_settings, Tags.compatibility),
)
