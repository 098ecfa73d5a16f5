"""The branding context: aether.sdk's variable names, plus where the visitor is."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from aether_kit.pages.context_processors import branding, current_realm, static_or_url
from aether_kit.realms.context import ALL_REALMS, realm_scope


def request_to(path: str = "/", realm: str | None = None) -> Any:
    request = RequestFactory().get(path)
    if realm is not None:
        request.realm = realm
    return request


def test_context_carries_the_app_identity(settings: Any) -> None:
    settings.APP_NAME = "Acme"
    settings.APP_NAME_HTML = "<b>Acme</b>"
    settings.APP_LINK = "https://acme.example/"
    settings.VERSION = "4.5.6"
    settings.REVISION = "f00d"

    context = branding(request_to())

    assert context["app_name"] == "Acme"
    assert context["app_name_html"] == "<b>Acme</b>"
    assert context["app_link"] == "https://acme.example/"
    assert (context["app_version"], context["app_revision"]) == ("4.5.6", "f00d")
    assert context["app_url"] == "/"


@pytest.mark.parametrize(("revision", "known"), [("f00d", True), ("---", False), ("", False)])
def test_a_revision_is_known_unless_it_is_the_placeholder(
    settings: Any, revision: str, known: bool
) -> None:
    settings.REVISION = revision

    assert branding(request_to())["app_revision_known"] is known


def test_app_name_html_falls_back_to_app_name(settings: Any) -> None:
    settings.APP_NAME = "Acme"
    settings.APP_NAME_HTML = None

    assert branding(request_to())["app_name_html"] == "Acme"


@pytest.mark.parametrize("debug", [True, False])
def test_dev_mode_follows_debug(settings: Any, debug: bool) -> None:
    settings.DEBUG = debug

    assert branding(request_to())["dev_mode"] is debug


# unset, or aether.sdk's own image (which does not ship with the kit)
@pytest.mark.parametrize("value", ["", "eha/images/eHA-icon.svg"])
def test_logo_and_favicon_default_to_the_kits_own(settings: Any, value: str) -> None:
    settings.APP_LOGO = value
    settings.APP_FAVICON = value

    context = branding(request_to())

    assert context["app_logo_url"] == "/static/aether_kit/img/logo.svg"
    assert context["app_favicon_url"] == "/static/aether_kit/img/favicon.svg"


def test_an_eha_image_the_project_ships_is_kept(settings: Any, tmp_path: Any) -> None:
    (tmp_path / "eha" / "images").mkdir(parents=True)
    (tmp_path / "eha" / "images" / "own.svg").write_text("<svg/>", encoding="utf-8")
    settings.STATICFILES_DIRS = [str(tmp_path)]
    settings.APP_LOGO = "eha/images/own.svg"

    assert branding(request_to())["app_logo_url"] == "/static/eha/images/own.svg"


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("acme/logo.png", "/static/acme/logo.png"),
        ("https://cdn.acme.example/logo.png", "https://cdn.acme.example/logo.png"),
        ("/media/logo.png", "/media/logo.png"),
    ],
)
def test_static_names_become_static_urls_and_urls_stay(value: str, url: str) -> None:
    assert static_or_url(value) == url


def test_extra_style_and_meta_are_offered(settings: Any) -> None:
    settings.APP_EXTRA_STYLE = "acme/brand.css"
    settings.APP_EXTRA_META = "Acme's records"

    context = branding(request_to())

    assert context["app_extra_style_url"] == "/static/acme/brand.css"
    assert context["app_extra_meta"] == "Acme's records"


def test_no_extra_style_by_default() -> None:
    assert branding(request_to())["app_extra_style_url"] == ""


def test_current_realm_is_the_requests() -> None:
    with realm_scope("other"):
        assert branding(request_to(realm="eha"))["current_realm"] == "eha"


def test_current_realm_falls_back_to_the_context_variable() -> None:
    with realm_scope("eha"):
        assert current_realm(request_to()) == "eha"


def test_all_realms_is_no_current_realm() -> None:
    with realm_scope(ALL_REALMS):
        assert current_realm(request_to()) is None


def test_app_url_is_the_gateway_prefix_behind_the_gateway(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = "records"

    context = branding(request_to("/eha/records/projects/", realm="eha"))

    assert context["app_url"] == "/eha/records/"


def test_app_url_keeps_app_url_outside_the_gateway_prefix(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = "records"
    settings.APP_URL = "/app/"

    assert branding(request_to("/app/projects/", realm="eha"))["app_url"] == "/app/"


def test_app_url_ignores_realm_paths_while_the_gateway_is_off(settings: Any) -> None:
    settings.GATEWAY_SERVICE_ID = None

    assert branding(request_to("/eha/records/", realm="eha"))["app_url"] == "/"
