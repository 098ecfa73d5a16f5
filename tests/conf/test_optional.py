from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from aether_kit.conf import Env, EnvError
from aether_kit.conf.optional import extra_installed, import_extra


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
