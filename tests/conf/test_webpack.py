from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError, configure_webpack

ON = {"WEBPACK_REQUIRED": "true"}


def test_webpack_is_off_by_default():
    assert configure_webpack(Env({})) == {"WEBPACK_REQUIRED": False}


def test_stats_file_defaults_to_static_root():
    result = configure_webpack(Env({**ON, "STATIC_ROOT": "/srv/static"}))

    assert result["WEBPACK_STATS_FILE"] == "/srv/static/webpack-stats.json"
    assert result["WEBPACK_LOADER"]["DEFAULT"]["STATS_FILE"] == "/srv/static/webpack-stats.json"


def test_stats_file_can_be_named():
    result = configure_webpack(Env({**ON, "WEBPACK_STATS_FILE": "/build/stats.json"}))

    assert result["WEBPACK_STATS_FILE"] == "/build/stats.json"


def test_stats_are_cached_unless_debugging():
    assert configure_webpack(Env(ON))["WEBPACK_LOADER"]["DEFAULT"]["CACHE"] is True
    debugging = configure_webpack(Env({**ON, "DEBUG": "true"}))
    assert debugging["WEBPACK_LOADER"]["DEFAULT"]["CACHE"] is False


def test_relative_stats_file_is_named():
    with pytest.raises(EnvError) as error:
        configure_webpack(Env({**ON, "WEBPACK_STATS_FILE": "build/stats.json"}))

    assert error.value.names == ["WEBPACK_STATS_FILE"]


def test_relative_static_root_is_named_when_it_places_the_stats_file():
    with pytest.raises(EnvError) as error:
        configure_webpack(Env({**ON, "STATIC_ROOT": "static"}))

    assert error.value.names == ["STATIC_ROOT"]
