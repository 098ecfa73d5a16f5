from __future__ import annotations

from typing import Any

import pytest

BRANDING = {
    "APP_NAME": "Acme Health",
    "APP_NAME_HTML": "<b>Acme</b> Health",
    "APP_LINK": "https://acme.example/",
    "APP_LOGO": "https://cdn.acme.example/logo.png",
    "APP_FAVICON": "acme/favicon.ico",
    "APP_EXTRA_STYLE": "acme/brand.css",
    "APP_EXTRA_META": "Acme's records service",
    "VERSION": "4.5.6",
    "REVISION": "f00dcafe",
}


@pytest.fixture
def branded(settings: Any) -> dict[str, str]:
    """The pages' branding settings set to recognisable values."""
    for name, value in BRANDING.items():
        setattr(settings, name, value)
    return BRANDING


@pytest.fixture
def page_urls(settings: Any) -> None:
    """The demo's URLs plus the API pages of ``tests.pages.urls``."""
    settings.ROOT_URLCONF = "tests.pages.urls"


# the user-tokens page's apps: a fake app on 127.0.0.1 and one that is down
from tests.fake_external_app import down_url, external_apps, fake_app  # noqa: E402

__all__ = ["down_url", "external_apps", "fake_app"]
