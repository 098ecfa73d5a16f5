"""The renderers read their template when they render, from the settings."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from aether_kit.drf.renderers import AdminRenderer, BrowsableAPIRenderer, HTMLFormRenderer
from aether_kit.testing.html import inline_code


class Items(APIView):
    """Items, for the renderers."""

    permission_classes: list[Any] = []

    def get(self, request: Any) -> Response:
        return Response([{"id": 1, "name": "first"}])


def render(renderer: type, user: Any = None) -> str:
    request = APIRequestFactory().get("/items/", HTTP_ACCEPT="text/html")
    if user is not None:
        force_authenticate(request, user)
    view = Items.as_view(renderer_classes=[renderer])
    response = view(request)
    response.render()
    return response.content.decode()


def test_browsable_api_uses_the_kits_page_by_default() -> None:
    assert BrowsableAPIRenderer().template == "aether_kit/api.html"
    assert '<body class="ak-api">' in render(BrowsableAPIRenderer)


def test_admin_renderer_uses_the_kits_page_by_default() -> None:
    assert AdminRenderer().template == "aether_kit/admin.html"
    assert '<body class="ak-api ak-admin">' in render(AdminRenderer)


def test_browsable_api_template_follows_the_setting(settings: Any) -> None:
    settings.DRF_API_RENDERER_TEMPLATE = "rest_framework/api.html"

    assert "Django REST framework" in render(BrowsableAPIRenderer)


def test_admin_template_follows_the_setting(settings: Any) -> None:
    settings.DRF_ADMIN_RENDERER_TEMPLATE = "rest_framework/admin.html"

    assert "Django REST framework" in render(AdminRenderer)


@pytest.mark.parametrize("renderer", [BrowsableAPIRenderer, AdminRenderer])
def test_renderers_are_exported_by_the_drf_package(renderer: type) -> None:
    import aether_kit.drf

    assert getattr(aether_kit.drf, renderer.__name__) is renderer


class Address(serializers.Serializer):
    city = serializers.CharField(help_text="Where you live.")


class Everything(serializers.Serializer):
    name = serializers.CharField(max_length=10)
    notes = serializers.CharField(style={"base_template": "textarea.html"}, required=False)
    colour = serializers.ChoiceField(choices=["red", "blue"], allow_blank=True)
    size = serializers.ChoiceField(choices=["s", "m"], style={"base_template": "radio.html"})
    tags = serializers.MultipleChoiceField(choices=["a", "b"])
    extras = serializers.MultipleChoiceField(
        choices=["x", "y"], style={"base_template": "checkbox_multiple.html"}
    )
    active = serializers.BooleanField()
    address = Address()
    items = serializers.ListField(child=serializers.IntegerField())
    meta = serializers.DictField()


def render_form(data: dict[str, Any] | None = None) -> str:
    serializer = Everything(data=data) if data is not None else Everything()
    if data is not None:
        serializer.is_valid()
    return HTMLFormRenderer().render(serializer.data)


def test_form_pack_ties_every_input_to_a_label() -> None:
    html = render_form()

    for name in ("name", "notes", "colour", "tags", "active", "address-city"):
        assert f'<label for="id_{name}"' in html
        assert f'id="id_{name}"' in html
    assert "<legend>Size</legend>" in html
    assert "<legend>Extras</legend>" in html
    assert "<legend>Address</legend>" in html


def test_form_pack_has_no_inline_code() -> None:
    assert inline_code(render_form()) == []


def test_form_pack_links_help_text_to_its_input() -> None:
    html = render_form()

    assert 'id="id_address-city" name="address.city"' in html
    assert 'aria-describedby="id_address-city-messages"' in html
    assert '<div id="id_address-city-messages">' in html


def test_form_pack_marks_invalid_inputs() -> None:
    html = render_form({"name": "far too long a name"})

    assert 'aria-invalid="true" aria-describedby="id_name-messages"' in html
    assert 'class="help-block ak-field-error"' in html


def test_form_pack_explains_fields_html_cannot_edit() -> None:
    assert render_form().count("Edit this field in the raw data form.") == 2


def test_browsable_api_renders_forms_with_the_kits_pack() -> None:
    assert BrowsableAPIRenderer.form_renderer_class is HTMLFormRenderer
    assert AdminRenderer.form_renderer_class is HTMLFormRenderer


@pytest.mark.django_db
def test_extra_action_links_keep_the_gateway_prefix(settings: Any, client_a: Any) -> None:
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.ROOT_URLCONF = "tests.drf.resolver_urls"

    page = client_a.get("/a/svc/projects/", HTTP_ACCEPT="text/html").content.decode()

    assert 'href="http://testserver/a/svc/projects/filtered-delete/"' in page
    assert 'href="http://testserver/a/svc/projects/filtered-partial-update/"' in page
