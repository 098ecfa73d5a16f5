"""``{% load aether_kit %}``: get_fullname, prettified, accessible_widget."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import RequestFactory

from aether_kit.realms.context import realm_scope
from aether_kit.templatetags.aether_kit import accessible_widget, get_fullname, prettified


def user(username: str = "eha__ana", first_name: str = "", last_name: str = "") -> Any:
    return get_user_model()(username=username, first_name=first_name, last_name=last_name)


def request_in(realm: str) -> Any:
    request = RequestFactory().get("/")
    request.realm = realm
    return request


def test_fullname_is_first_and_last_name() -> None:
    assert get_fullname(user(first_name="Ana", last_name="Silva")) == "Ana Silva"


@pytest.mark.parametrize(("first", "last"), [("Ana", ""), ("", "Silva"), ("", "")])
def test_fullname_without_both_names_is_the_username(first: str, last: str) -> None:
    assert get_fullname(user("ana", first, last)) == "ana"


def test_fullname_strips_the_requests_realm() -> None:
    assert get_fullname(user("eha__ana"), request_in("eha")) == "ana"


def test_fullname_keeps_another_realms_prefix() -> None:
    assert get_fullname(user("eha__ana"), request_in("other")) == "eha__ana"


def test_fullname_strips_the_current_realm_without_a_request() -> None:
    with realm_scope("eha"):
        assert get_fullname(user("eha__ana")) == "ana"


def test_fullname_strips_the_usernames_own_realm_when_none_is_known() -> None:
    assert get_fullname(user("eha__ana")) == "ana"


def test_fullname_is_escaped_in_templates() -> None:
    html = Template("{% load aether_kit %}{{ u|get_fullname }}").render(
        Context({"u": user(first_name="<b>Ana</b>", last_name="Silva")})
    )

    assert html == "&lt;b&gt;Ana&lt;/b&gt; Silva"


def test_prettified_highlights_json() -> None:
    html = Template("{% load aether_kit %}{{ data|prettified }}").render(Context({"data": {}}))

    assert '<span class="p">{}</span>' in html
    assert html.startswith('<div class="ak-json">')


def test_prettified_filter_is_json_prettified() -> None:
    assert str(prettified([1])) == str(prettified([1]))
    assert '<span class="mi">1</span>' in prettified([1])


class NameForm(forms.Form):
    name = forms.CharField(help_text="As on your ID card.")


def test_accessible_widget_points_at_help_text() -> None:
    html = accessible_widget(NameForm()["name"])

    assert 'aria-describedby="id_name_help"' in html
    assert "aria-invalid" not in html


def test_accessible_widget_marks_invalid_fields_and_points_at_errors() -> None:
    html = accessible_widget(NameForm(data={})["name"])

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_help id_name_errors"' in html
