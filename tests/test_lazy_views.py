"""aether_kit._lazy_views: a pattern names its view by dotted path and behaves as ``as_view()``."""

from __future__ import annotations

import copy
import functools

from django.urls import resolve, reverse

from aether_kit._lazy_views import lazy_path
from aether_kit.auth.token import TokenView
from aether_kit.health.views import HealthView

MISSING = "tests.no_such_module.NoSuchView"


def test_a_pattern_is_built_without_importing_its_view():
    pattern = lazy_path("nowhere", MISSING, name="nowhere")

    assert (str(pattern.pattern), pattern.name) == ("nowhere", "nowhere")


def test_the_lookup_string_every_reverse_collects_is_the_dotted_path_without_an_import():
    pattern = lazy_path("nowhere", MISSING)

    assert pattern.lookup_str == MISSING


def test_copying_or_wrapping_the_view_does_not_import_it():
    view = lazy_path("nowhere", MISSING).callback

    wrapped = functools.wraps(view)(lambda request: None)

    assert copy.copy(view).dotted_path == MISSING
    assert wrapped.__name__ == "NoSuchView"


def test_a_kit_url_resolves_to_its_view_class():
    match = resolve(reverse("health"))

    assert match.func.view_class is HealthView


def test_a_resolved_view_is_named_as_its_class_is():
    assert resolve(reverse("health"))._func_path == "aether_kit.health.views.HealthView"


def test_a_drf_view_keeps_its_csrf_exemption_and_its_class():
    view = lazy_path("token", "aether_kit.auth.token.TokenView").callback

    assert view.csrf_exempt is True
    assert view.cls is TokenView


def test_initkwargs_reach_the_view():
    view = lazy_path("token", "aether_kit.auth.token.TokenView", http_method_names=["get"]).callback

    assert view.initkwargs == {"http_method_names": ["get"]}


def test_calling_the_view_answers_as_the_view_does(rf):
    view = lazy_path("health", "aether_kit.health.views.HealthView").callback

    assert view(rf.get("/health")).status_code == 200
