"""The external applications a service talks to, as configured in ``EXTERNAL_APPS``.

``settings.EXTERNAL_APPS`` keeps aether.sdk's shape (``{name: {"url", "token",
"test": {"url", "token"}}}``) so a migrated project's own code that reads it
keeps working; the kit itself only reads it through :func:`get_external_app`,
which picks the ``test`` values while ``TESTING`` is on and never lets the
service token appear in a ``repr`` or an error message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aether_kit.conf.kit_settings import kit_settings

__all__ = [
    "REALM_PLACEHOLDER",
    "ExternalApp",
    "UnknownExternalApp",
    "get_external_app",
    "get_external_app_names",
]

# an app URL may name the realm, e.g. ``http://gateway/{realm}/kernel``
REALM_PLACEHOLDER = "{realm}"


class UnknownExternalApp(LookupError):
    """The name is not one of ``EXTERNAL_APPS``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"'{name}' is not an external app; configured: {get_external_app_names()}")
        self.name = name


@dataclass(frozen=True)
class ExternalApp:
    """One sibling service: where it lives and the service token the kit uses to call it."""

    name: str
    url: str
    token: str = field(repr=False)

    def base_url(self, realm: str | None = None) -> str:
        """The URL without trailing slash, with ``{realm}`` replaced when the URL names it.

        Under the gateway the realm is the one of the current request's path;
        elsewhere it is the gateway's public realm.
        """
        url = self.url
        if REALM_PLACEHOLDER in url:
            url = url.replace(REALM_PLACEHOLDER, realm or kit_settings.GATEWAY_PUBLIC_REALM)
        return url.rstrip("/")

    def token_url(self, realm: str | None = None) -> str:
        """The app's token endpoint (``<url>/<TOKEN_URL>``), as aether.sdk services serve it."""
        return f"{self.base_url(realm)}/{kit_settings.TOKEN_URL.strip('/')}"

    def url_for(self, path: str, realm: str | None = None) -> str:
        return f"{self.base_url(realm)}/{path.lstrip('/')}"


def get_external_app_names() -> list[str]:
    return list(_configured())


def get_external_app(name: str) -> ExternalApp:
    """The app called ``name``; raises :class:`UnknownExternalApp` for any other name."""
    config = _configured().get(name)
    if not isinstance(config, dict):
        raise UnknownExternalApp(name)
    if kit_settings.TESTING and isinstance(config.get("test"), dict):
        config = {**config, **config["test"]}
    return ExternalApp(
        name=name, url=str(config.get("url") or ""), token=str(config.get("token") or "")
    )


def _configured() -> dict[str, Any]:
    apps = kit_settings.EXTERNAL_APPS
    return apps if isinstance(apps, dict) else {}
