"""The pages' system checks name the wrong setting and how to fix it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from aether_kit.pages.checks import (
    BRANDING_PROCESSOR,
    admin_branding_warnings,
    check_admin_branding,
    check_page_context_processors,
    check_page_templates,
    check_prettified_cutoff,
)


def ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_the_demos_settings_pass() -> None:
    assert check_page_templates(None) == []
    assert check_prettified_cutoff(None) == []
    assert check_page_context_processors(None) == []
    assert check_admin_branding(None) == []


def test_the_kit_listed_after_the_admin_is_a_warning() -> None:
    warnings = admin_branding_warnings(["django.contrib.admin", "aether_kit"])

    assert ids(warnings) == ["aether_kit.W082"]
    assert "before 'django.contrib.admin'" in warnings[0].hint


def test_the_kit_listed_before_the_admin_or_without_it_passes() -> None:
    assert admin_branding_warnings(["aether_kit", "django.contrib.admin"]) == []
    assert admin_branding_warnings(["aether_kit.apps.AetherKitConfig", "x"]) == []


@pytest.mark.parametrize(
    "name", ["LOGIN_TEMPLATE", "DRF_API_RENDERER_TEMPLATE", "KEYCLOAK_TEMPLATE"]
)
def test_a_missing_page_template_is_an_error_naming_the_setting(settings: Any, name: str) -> None:
    setattr(settings, name, "acme/nowhere.html")

    errors = check_page_templates(None)

    assert ids(errors) == ["aether_kit.E080"]
    assert name in errors[0].msg
    assert "'acme/nowhere.html'" in errors[0].msg


@pytest.mark.parametrize("value", [0, -1, "100", True])
def test_a_cutoff_that_is_not_a_positive_number_is_an_error(settings: Any, value: Any) -> None:
    settings.PRETTIFIED_CUTOFF = value

    assert ids(check_prettified_cutoff(None)) == ["aether_kit.E082"]


def test_missing_branding_processor_is_a_warning(settings: Any) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(BRANDING_PROCESSOR)
    settings.TEMPLATES = templates

    warnings = check_page_context_processors(None)

    assert ids(warnings) == ["aether_kit.W080"]
    assert BRANDING_PROCESSOR in warnings[0].hint


def test_missing_request_processor_is_a_warning(settings: Any) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(
        "django.template.context_processors.request"
    )
    settings.TEMPLATES = templates

    assert ids(check_page_context_processors(None)) == ["aether_kit.W081"]


def test_no_django_templates_backend_means_nothing_to_check(settings: Any) -> None:
    settings.TEMPLATES = []

    assert check_page_context_processors(None) == []


def test_a_page_template_that_does_not_compile_is_an_error(settings: Any, tmp_path: Any) -> None:
    (tmp_path / "broken.html").write_text("{% if %}")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]
    settings.TEMPLATES = templates
    settings.LOGIN_TEMPLATE = "broken.html"

    assert ids(check_page_templates(None)) == ["aether_kit.E081"]
