import pytest

from aether_kit.conf import Env, configure_cors


def test_cors_is_closed_by_default():
    assert configure_cors(Env({})) == {
        "CORS_ALLOWED_ORIGINS": [],
        "CORS_ALLOWED_ORIGIN_REGEXES": [],
        "CORS_ALLOW_ALL_ORIGINS": False,
        "CORS_ALLOW_CREDENTIALS": False,
    }


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "CORS_ALLOWED_ORIGINS",
            "https://a.example.org, http://localhost:3000",
            ["https://a.example.org", "http://localhost:3000"],
        ),
        (
            "CORS_ALLOWED_ORIGIN_REGEXES",
            r"^https://\w+\.example\.org$",
            [r"^https://\w+\.example\.org$"],
        ),
        ("CORS_ALLOW_ALL_ORIGINS", "true", True),
        ("CORS_ALLOW_CREDENTIALS", "on", True),
    ],
)
def test_variable_sets_its_setting(variable, value, expected):
    assert configure_cors(Env({variable: value}))[variable] == expected


@pytest.mark.parametrize("origin", ["example.org", "https://example.org/path", "ftp://example.org"])
def test_a_value_that_is_not_an_origin_is_an_error(config_error, origin):
    error = config_error(configure_cors, Env({"CORS_ALLOWED_ORIGINS": origin}))

    assert error.names == ["CORS_ALLOWED_ORIGINS"]
    assert f"{origin!r} is not an origin" in str(error)


def test_every_bad_origin_is_named(config_error):
    error = config_error(
        configure_cors, Env({"CORS_ALLOWED_ORIGINS": "a.org,https://ok.org,b.org"})
    )

    assert "'a.org'" in str(error)
    assert "'b.org'" in str(error)
