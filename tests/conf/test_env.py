import pytest
from django.core.exceptions import ImproperlyConfigured

from aether_kit.conf import REQUIRED, Env, EnvError

FALSE_SPELLINGS = ["", "  ", "0", "false", "False", "FALSE", "no", "No", "off", "OFF", " off "]
TRUE_SPELLINGS = ["1", "true", "True", "TRUE", "yes", "Yes", "on", "ON", " on "]


def test_reads_os_environ_when_given_no_mapping(monkeypatch):
    monkeypatch.setenv("AETHER_KIT_TEST_VALUE", "from-the-process")

    assert Env().str("AETHER_KIT_TEST_VALUE") == "from-the-process"


@pytest.mark.parametrize("value", FALSE_SPELLINGS)
def test_bool_reads_these_spellings_as_false(value):
    assert Env({"FLAG": value}).bool("FLAG") is False


@pytest.mark.parametrize("value", [v for v in FALSE_SPELLINGS if v.strip()])
def test_bool_reads_false_spellings_as_false_even_when_the_default_is_true(value):
    assert Env({"FLAG": value}).bool("FLAG", default=True) is False


@pytest.mark.parametrize("value", ["", "   "])
def test_bool_blank_value_means_the_default(value):
    assert Env({"FLAG": value}).bool("FLAG", default=True) is True


@pytest.mark.parametrize("value", TRUE_SPELLINGS)
def test_bool_reads_these_spellings_as_true(value):
    assert Env({"FLAG": value}).bool("FLAG") is True


@pytest.mark.parametrize("value", ["maybe", "y", "n", "2", "enabled", "truee", "-1"])
def test_bool_reports_any_other_word_naming_the_variable(value):
    with pytest.raises(EnvError, match=rf"FLAG: '{value}' is not a boolean: use true/false"):
        Env({"FLAG": value}).bool("FLAG")


def test_bool_hands_back_the_default_inside_collect_errors():
    env = Env({"FLAG": "maybe", "OTHER": "perhaps"})

    with pytest.raises(EnvError) as error, env.collect_errors():
        assert (env.bool("FLAG", True), env.bool("OTHER")) == (True, False)

    assert error.value.names == ["FLAG", "OTHER"]


def test_bool_is_false_when_unset():
    assert Env({}).bool("FLAG") is False


def test_bool_is_the_default_when_unset():
    assert Env({}).bool("FLAG", default=True) is True


def test_bool_required_reports_an_unset_variable():
    with pytest.raises(EnvError, match=r"FLAG: is required but not set"):
        Env({}).bool("FLAG", REQUIRED)


def test_bool_required_reports_a_blank_variable_as_unset():
    with pytest.raises(EnvError, match=r"FLAG: is required but not set"):
        Env({"FLAG": "  "}).bool("FLAG", REQUIRED)


@pytest.mark.parametrize(("value", "expected"), [("off", False), ("on", True)])
def test_bool_required_reads_a_set_variable(value, expected):
    assert Env({"FLAG": value}).bool("FLAG", REQUIRED) is expected


def test_bool_required_hands_back_false_inside_collect_errors():
    env = Env({})

    with pytest.raises(EnvError) as error, env.collect_errors():
        assert env.bool("FLAG", REQUIRED) is False

    assert error.value.names == ["FLAG"]


def test_empty_values_count_as_unset():
    env = Env({"PAGE_SIZE": "", "NAME": "   "})

    assert env.int("PAGE_SIZE", 10) == 10
    assert env.str("NAME", "default") == "default"
    assert not env.is_set("NAME")


def test_str_strips_surrounding_blanks():
    assert Env({"NAME": "  value \n"}).str("NAME") == "value"


def test_str_outside_a_block_raises_at_once_for_a_required_variable():
    with pytest.raises(EnvError) as error:
        Env({}).str("DJANGO_SECRET_KEY")

    assert error.value.names == ["DJANGO_SECRET_KEY"]
    assert "DJANGO_SECRET_KEY: is required but not set" in str(error.value)


def test_env_error_is_an_improperly_configured():
    assert issubclass(EnvError, ImproperlyConfigured)


def test_str_rejects_a_value_outside_its_choices():
    with pytest.raises(EnvError, match=r"'yaml' is not one of 'json', 'verbose'"):
        Env({"FORMAT": "yaml"}).str("FORMAT", "json", choices=("json", "verbose"))


@pytest.mark.parametrize(
    ("value", "expected"), [("7", 7), (" 42 ", 42), ("-3", -3), ("+5", 5), ("007", 7)]
)
def test_int_parses_whole_numbers(value, expected):
    assert Env({"N": value}).int("N") == expected


@pytest.mark.parametrize("value", ["ten", "1.5", "0x10", "1e3"])
def test_int_rejects_a_malformed_value_naming_the_variable_and_the_value(value):
    with pytest.raises(EnvError) as error:
        Env({"PAGE_SIZE": value}).int("PAGE_SIZE", 10)

    assert error.value.names == ["PAGE_SIZE"]
    assert f"PAGE_SIZE: {value!r} is not a whole number" in str(error.value)


# int() and float() read these too; an operator almost never means them
NOT_ASCII_DIGITS = [
    "1_0",  # a Python literal's separator
    "\u0665\u0660",  # Arabic-Indic 50
    "\uff15\uff14\uff13\uff12",  # fullwidth 5432
    "\u0967",  # Devanagari 1
]


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_int_rejects_anything_but_ascii_digits(value):
    with pytest.raises(EnvError) as error:
        Env({"PAGE_SIZE": value}).int("PAGE_SIZE", 10)

    assert f"PAGE_SIZE: {value!r} is not a whole number" in str(error.value)


@pytest.mark.parametrize("value", [*NOT_ASCII_DIGITS, "1_000.5", "\uff11.5", "1e\u0663"])
def test_float_rejects_anything_but_ascii_digits(value):
    with pytest.raises(EnvError) as error:
        Env({"REQUEST_READ_TIMEOUT": value}).float("REQUEST_READ_TIMEOUT", 30.0)

    assert f"REQUEST_READ_TIMEOUT: {value!r} is not a number" in str(error.value)


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_optional_int_rejects_anything_but_ascii_digits(value):
    with pytest.raises(EnvError, match="is not a whole number or None"):
        Env({"AGE": value}).optional_int("AGE", 0)


def test_int_enforces_its_bounds():
    env = Env({"LOW": "0", "HIGH": "11"})

    with pytest.raises(EnvError, match=r"LOW: '0' is below the minimum of 1"):
        env.int("LOW", min_value=1)
    with pytest.raises(EnvError, match=r"HIGH: '11' is above the maximum of 10"):
        env.int("HIGH", max_value=10)


def test_while_errors_are_collected_an_out_of_range_number_reads_as_its_bound():
    env = Env({"LOW": "0", "HIGH": "11"})
    read = {}

    def configure() -> None:
        with env.collect_errors():
            read["low"] = env.int("LOW", min_value=1)
            read["high"] = env.float("HIGH", max_value=10)

    with pytest.raises(EnvError):
        configure()

    assert read == {"low": 1, "high": 10}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.5", 2.5), ("3", 3.0), ("1e-3", 0.001), ("-0.5", -0.5), (".5", 0.5), ("5.", 5.0)],
)
def test_float_parses_numbers(value, expected):
    assert Env({"X": value}).float("X") == expected


@pytest.mark.parametrize("value", ["fast", "nan", "inf", "-inf", "infinity", "1e999", "0x1p3"])
def test_float_rejects_malformed_and_non_finite_values(value):
    with pytest.raises(EnvError) as error:
        Env({"REQUEST_READ_TIMEOUT": value}).float("REQUEST_READ_TIMEOUT", 30.0, min_value=0.1)

    assert f"REQUEST_READ_TIMEOUT: {value!r} is not a number" in str(error.value)


@pytest.mark.parametrize("name", ["PGPASSWORD", "DJANGO_SECRET_KEY", "MY_TOKEN", "SENTRY_DSN"])
def test_errors_never_repeat_the_value_of_a_secret(name):
    with pytest.raises(EnvError) as error:
        Env({name: "hunter2-value"}).int(name)

    assert "hunter2-value" not in str(error.value)
    assert f"{name}: (hidden) is not a whole number" in str(error.value)


@pytest.mark.parametrize(("value", "expected"), [("None", None), ("null", None), ("60", 60)])
def test_optional_int_reads_a_number_or_none(value, expected):
    assert Env({"AGE": value}).optional_int("AGE", 0) == expected


def test_optional_int_is_the_default_when_unset():
    assert Env({}).optional_int("AGE", 0) == 0


def test_optional_int_rejects_other_words():
    with pytest.raises(EnvError, match=r"AGE: 'forever' is not a whole number or None"):
        Env({"AGE": "forever"}).optional_int("AGE", 0)


def test_list_splits_on_commas_and_drops_empty_items():
    assert Env({"HOSTS": " a.org, b.org ,,c.org, "}).list("HOSTS") == ["a.org", "b.org", "c.org"]


def test_list_default_is_a_copy():
    default = ["x"]

    result = Env({}).list("HOSTS", default)
    result.append("y")

    assert default == ["x"]


def test_url_accepts_an_absolute_url_without_its_trailing_slash():
    assert Env({"U": "https://kc.example.org/auth/"}).url("U") == "https://kc.example.org/auth"


@pytest.mark.parametrize("value", ["kc.example.org", "ftp://kc.example.org", "https://"])
def test_url_rejects_a_value_that_is_not_an_absolute_http_url(value):
    with pytest.raises(EnvError, match=r"U: .* is not an absolute http:// or https:// URL"):
        Env({"U": value}).url("U")


@pytest.mark.parametrize("value", ["http://::garbage", "https://kc:99999/", "http://a b/"])
def test_url_rejects_a_url_whose_host_or_port_is_malformed(value):
    with pytest.raises(EnvError, match=r"U: .* is not an absolute http:// or https:// URL"):
        Env({"U": value}).url("U")


@pytest.mark.parametrize(
    "value", ["redis", "redis_1", "cache.internal.", "10.0.0.7", "::1", "[fd00::7]"]
)
def test_host_accepts_names_and_addresses(value):
    assert Env({"H": value}).host("H") == value


@pytest.mark.parametrize(
    "value", ["redis://::garbage", "::not a host::", "redis:6379", "a..b", "-redis", "x" * 254]
)
def test_host_rejects_anything_else_naming_the_variable(value):
    with pytest.raises(EnvError, match=r"H: .* is not a host name or IP address"):
        Env({"H": value}).host("H")


def test_host_hides_the_value_of_a_secret_variable():
    with pytest.raises(EnvError, match=r"DB_SECRET_HOST: \(hidden\)"):
        Env({"DB_SECRET_HOST": "::x"}).host("DB_SECRET_HOST")


def test_host_accepts_a_socket_directory_when_asked():
    assert Env({"H": "/var/run/postgresql"}).host("H", socket_dir=True) == "/var/run/postgresql"


def test_host_refuses_a_path_unless_asked():
    with pytest.raises(EnvError):
        Env({"H": "/var/run/postgresql"}).host("H")


def test_host_reads_a_list_when_asked():
    assert Env({"H": "db1, db2"}).host("H", multiple=True) == "db1, db2"


def test_host_checks_every_item_of_a_list():
    with pytest.raises(EnvError, match="H: "):
        Env({"H": "db1,::bad::"}).host("H", multiple=True)


def test_host_accepts_a_leading_dot_for_a_domain():
    assert Env({"H": ".example.org"}).host("H", domain=True) == ".example.org"


def test_hosts_accepts_names_domains_and_the_wildcard():
    value = "api.example.org, .example.org, *, 10.0.0.1, [::1]"

    assert Env({"H": value}).hosts("H") == [
        "api.example.org",
        ".example.org",
        "*",
        "10.0.0.1",
        "[::1]",
    ]


@pytest.mark.parametrize(
    "item", ["https://api.example.org", "api.example.org:8000", "*.example.org"]
)
def test_hosts_rejects_urls_ports_and_inner_wildcards(item):
    with pytest.raises(EnvError, match=r"H: .* is not a host name, IP address, '.domain' or '\*'"):
        Env({"H": f"ok.example.org,{item}"}).hosts("H")


@pytest.mark.parametrize(
    "value", ["minio:9000", "minio", "http://minio:9000", "https://s3.example.org/x", "[::1]:9000"]
)
def test_url_with_host_port_accepts_a_host_with_a_port_or_a_url(value):
    assert Env({"E": value}).url("E", host_port=True) == value


@pytest.mark.parametrize("value", ["::not a host::", "minio:99999", "minio:port", "minio/bucket"])
def test_url_with_host_port_rejects_anything_else_naming_the_variable(value):
    with pytest.raises(EnvError, match=r"E: .* is not a host\[:port\] or an http\(s\) URL"):
        Env({"E": value}).url("E", host_port=True)


@pytest.mark.parametrize("value", ["ftp://minio", "http://::garbage", "https://minio:99999"])
def test_url_with_host_port_reads_a_url_as_url_does(value):
    with pytest.raises(EnvError, match=r"E: .* is not an absolute http:// or https:// URL"):
        Env({"E": value}).url("E", host_port=True)


def read_database_settings(env):
    with env.collect_errors():
        return [env.str("DB_NAME"), env.int("PAGE_SIZE", 10), env.str("PGUSER")]


def test_collect_errors_reports_every_problem_at_once():
    with pytest.raises(EnvError) as error:
        read_database_settings(Env({"PAGE_SIZE": "ten"}))

    assert error.value.names == ["DB_NAME", "PAGE_SIZE", "PGUSER"]
    assert str(error.value).startswith("3 environment variables are missing or malformed:")


def test_collect_errors_hands_back_placeholders_and_carries_on():
    env = Env({})
    seen = []

    def read():
        with env.collect_errors():
            seen.extend([env.int("A"), env.list("B"), env.str("C")])

    with pytest.raises(EnvError):
        read()

    assert seen == [0, [], ""]


def test_nested_blocks_report_once_from_the_outermost():
    env = Env({})

    def read():
        with env.collect_errors():
            env.str("OUTER")
            with env.collect_errors():
                env.str("INNER")

    with pytest.raises(EnvError) as error:
        read()

    assert error.value.names == ["OUTER", "INNER"]


def test_collect_errors_is_silent_when_everything_is_fine():
    env = Env({"A": "1"})

    with env.collect_errors():
        value = env.int("A")

    assert value == 1


def test_required_marker_has_a_readable_repr():
    assert repr(REQUIRED) == "REQUIRED"
