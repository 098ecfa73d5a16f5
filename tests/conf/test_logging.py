import json
import logging
import logging.config

import pytest
from django.conf import settings

from aether_kit.conf import Env, configure_logging


@pytest.fixture
def live_logging():
    """Applies a LOGGING dict for real; the test settings' logging comes back afterwards."""

    def apply(variables):
        logging.config.dictConfig(configure_logging(Env(variables))["LOGGING"])

    yield apply
    logging.config.dictConfig(settings.LOGGING)


def handler(result):
    return result["LOGGING"]["handlers"]["console"]


def test_defaults_are_json_at_info_on_stderr():
    result = configure_logging(Env({}))

    assert (result["LOGGING_LEVEL"], result["LOGGING_FORMATTER"]) == ("INFO", "json")
    assert handler(result) | {"filters": None} == {
        "level": "INFO",
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": None,
    }


def test_testing_silences_the_console():
    assert handler(configure_logging(Env({"TESTING": "true"})))["class"] == "logging.NullHandler"


def test_the_string_false_does_not_silence_the_console():
    assert handler(configure_logging(Env({"TESTING": "false"})))["class"] == "logging.StreamHandler"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DEBUG", "DEBUG"),
        ("warning", "WARNING"),
        ("Error", "ERROR"),
        ("50", "CRITICAL"),
        ("10", "DEBUG"),
    ],
)
def test_level_accepts_names_in_any_case_and_numbers(value, expected):
    result = configure_logging(Env({"LOGGING_LEVEL": value}))

    assert result["LOGGING_LEVEL"] == expected
    assert handler(result)["level"] == expected


def test_verbose_formatter_can_be_chosen():
    assert (
        handler(configure_logging(Env({"LOGGING_FORMATTER": "verbose"})))["formatter"] == "verbose"
    )


def test_app_module_gets_its_own_logger_at_the_level():
    loggers = configure_logging(Env({"APP_MODULE": "kernel", "LOGGING_LEVEL": "DEBUG"}))["LOGGING"][
        "loggers"
    ]

    assert loggers["kernel"]["level"] == "DEBUG"
    assert loggers["aether_kit"]["level"] == "DEBUG"
    assert loggers["django"]["level"] == "ERROR"


def test_without_app_module_there_is_no_nameless_logger():
    assert "" not in configure_logging(Env({}))["LOGGING"]["loggers"]


@pytest.mark.parametrize("value", ["LOUD", "15", "-1"])
def test_unknown_level_is_an_error(config_error, value):
    error = config_error(configure_logging, Env({"LOGGING_LEVEL": value}))

    assert error.names == ["LOGGING_LEVEL"]
    assert repr(value) in str(error)


def test_unknown_formatter_is_an_error(config_error):
    error = config_error(configure_logging, Env({"LOGGING_FORMATTER": "xml"}))

    assert error.names == ["LOGGING_FORMATTER"]
    assert "'xml' is not one of 'json', 'verbose'" in str(error)


def test_unknown_level_and_formatter_are_named_in_one_error(config_error):
    error = config_error(
        configure_logging, Env({"LOGGING_LEVEL": "LOUD", "LOGGING_FORMATTER": "xml"})
    )

    assert error.names == ["LOGGING_LEVEL", "LOGGING_FORMATTER"]


def test_json_output_is_one_json_object_per_line(live_logging, capsys):
    live_logging({"LOGGING_FORMATTER": "json", "APP_MODULE": "kernel"})

    logging.getLogger("kernel").info("first")
    logging.getLogger("aether_kit.conf").warning("second\nwith a line break")

    lines = capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["level"], r["logger"], r["message"]) for r in records] == [
        ("INFO", "kernel", "first"),
        ("WARNING", "aether_kit.conf", "second\nwith a line break"),
    ]


def test_records_below_the_level_are_dropped(live_logging, capsys):
    live_logging({"LOGGING_LEVEL": "WARNING", "APP_MODULE": "kernel"})

    logging.getLogger("kernel").info("hidden")
    logging.getLogger("kernel").warning("shown")

    assert [json.loads(line)["message"] for line in capsys.readouterr().err.splitlines()] == [
        "shown"
    ]


def test_verbose_output_is_a_text_line(live_logging, capsys):
    live_logging({"LOGGING_FORMATTER": "verbose", "APP_MODULE": "kernel"})

    logging.getLogger("kernel").info("plain")

    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("INFO ")
    assert line.endswith(" plain")
    assert " kernel " in line
