from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from aether_kit.conf import Env, EnvError
from aether_kit.conf.optional import (
    add_app,
    add_middleware,
    extra_installed,
    import_extra,
    passed_lists,
)


def test_an_installed_extra_is_imported():
    assert import_extra("json", "storage", feature="X").__name__ == "json"


def test_a_missing_extra_names_the_switch_and_the_pip_command():
    with pytest.raises(ImproperlyConfigured) as error:
        import_extra("not_installed_anywhere", "storage", feature="STORAGE_REQUIRED")

    assert "STORAGE_REQUIRED" in str(error.value)
    assert "pip install 'aether-kit[storage]'" in str(error.value)


def configure_with_a_missing_extra(env: Env) -> None:
    with env.collect_errors():
        extra_installed(env, "PROFILING_ENABLED", "not_installed_anywhere", "profiling")
        env.str("REDIS_HOST")


def test_a_missing_extra_is_reported_with_the_other_problems_of_the_call():
    with pytest.raises(EnvError) as error:
        configure_with_a_missing_extra(Env({}))

    assert error.value.names == ["PROFILING_ENABLED", "REDIS_HOST"]
    assert "pip install 'aether-kit[profiling]'" in str(error.value)


def test_an_installed_module_passes_the_configuration_check():
    env = Env({})

    with env.collect_errors():
        assert extra_installed(env, "STORAGE_REQUIRED", "json", "storage")


def test_passed_lists_are_copied_under_their_setting_names():
    apps, middleware = ["app"], ["mw"]

    result = passed_lists(apps, middleware)

    assert result == {"INSTALLED_APPS": ["app"], "MIDDLEWARE": ["mw"]}
    assert result["INSTALLED_APPS"] is not apps


def test_lists_not_passed_are_left_out():
    assert passed_lists((), ()) == {}


def test_an_app_is_added_once():
    result = passed_lists(["app", "extra"])

    add_app(result, "extra")

    assert result["INSTALLED_APPS"] == ["app", "extra"]


def test_no_app_is_added_when_none_were_passed():
    result: dict[str, object] = {}

    add_app(result, "extra")

    assert result == {}


def test_first_middleware_moves_to_the_top_and_last_joins_the_end_once():
    result = passed_lists((), ["a", "first", "last"])

    add_middleware(result, first=["first"], last=["last", "end"])

    assert result["MIDDLEWARE"] == ["first", "a", "last", "end"]
