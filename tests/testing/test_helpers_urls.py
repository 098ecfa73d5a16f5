"""Gateway and app paths follow APP_URL and GATEWAY_SERVICE_ID."""

from __future__ import annotations

from typing import Any

import pytest

from aether_kit.testing.urls import app_path, gateway_path, public_gateway_path


def test_app_path_prefixes_app_url(settings: Any) -> None:
    settings.APP_URL = "/records/"

    assert app_path("/projects/") == "/records/projects/"


def test_gateway_path_is_app_url_realm_service_and_path(settings: Any) -> None:
    settings.APP_URL = "/records/"
    settings.GATEWAY_SERVICE_ID = "kernel"

    assert gateway_path("eha", "projects/") == "/records/eha/kernel/projects/"


def test_gateway_path_takes_a_service_id(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = None

    assert gateway_path("eha", "/x", service_id="odk") == "/eha/odk/x"


def test_gateway_path_without_a_service_id_is_a_clear_error(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = None

    with pytest.raises(ValueError, match="GATEWAY_SERVICE_ID is not set"):
        gateway_path("eha", "x")


def test_public_gateway_path_uses_the_public_realm(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = "kernel"
    settings.GATEWAY_PUBLIC_REALM = "-"

    assert public_gateway_path("accounts/login") == "/-/kernel/accounts/login"


def test_the_url_fixtures_are_the_helpers(gateway_path: Any, app_path: Any) -> None:
    from aether_kit.testing import urls

    assert (gateway_path, app_path) == (urls.gateway_path, urls.app_path)
