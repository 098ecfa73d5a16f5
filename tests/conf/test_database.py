import sys

import pytest
from django.db.utils import ConnectionHandler

from aether_kit.conf import Env, configure_database
from aether_kit.conf.optional import module_installed
from tests.services import POSTGRES, require_service

# the run with psycopg2 alone (what the [postgres] extra installs) has no pool to test
needs_psycopg3 = pytest.mark.skipif(
    not module_installed("psycopg_pool"), reason="psycopg 3 with its pool is not installed"
)
PG = {"PGHOST": "db.internal", "PGPORT": "5432", "DB_NAME": "kernel", "PGUSER": "kernel"}


def default_db(**variables):
    return configure_database(Env(variables))["DATABASES"]["default"]


def test_without_pghost_the_database_is_embedded_sqlite():
    assert default_db() == {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}


def test_sqlite_path_names_the_sqlite_file(tmp_path):
    assert default_db(SQLITE_PATH=str(tmp_path / "x.sqlite3"))["NAME"] == str(
        tmp_path / "x.sqlite3"
    )


def test_pghost_switches_to_postgresql_with_its_defaults():
    assert default_db(**PG) == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.internal",
        "PORT": 5432,
        "NAME": "kernel",
        "USER": "kernel",
        "PASSWORD": "",
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
        "TEST": {"CHARSET": "UTF8"},
    }


@pytest.mark.parametrize(
    ("variable", "value", "key", "expected"),
    [
        ("PGPASSWORD", "pw", "PASSWORD", "pw"),
        ("DB_CONN_HEALTH_CHECKS", "false", "CONN_HEALTH_CHECKS", False),
        ("DB_CONN_MAX_AGE", "60", "CONN_MAX_AGE", 60),
        ("DB_CONN_MAX_AGE", "None", "CONN_MAX_AGE", None),
        ("DB_CONN_MAX_AGE", "none", "CONN_MAX_AGE", None),
        ("DB_CONN_MAX_AGE", "0", "CONN_MAX_AGE", 0),
        ("DB_CONNECT_TIMEOUT", "2", "OPTIONS", {"connect_timeout": 2}),
    ],
)
def test_variable_sets_its_database_key(variable, value, key, expected):
    assert default_db(**PG, **{variable: value})[key] == expected


def test_pghost_names_every_missing_postgresql_variable_in_one_error(config_error):
    error = config_error(configure_database, Env({"PGHOST": "db.internal"}))

    assert error.names == ["PGPORT", "DB_NAME", "PGUSER"]
    for name in ("PGPORT", "DB_NAME", "PGUSER"):
        assert f"{name}: is required but not set" in str(error)


def test_every_malformed_number_is_named_in_one_error(config_error):
    env = Env({**PG, "PGPORT": "postgres", "DB_CONN_MAX_AGE": "forever", "DB_CONNECT_TIMEOUT": "0"})

    error = config_error(configure_database, env)

    assert error.names == ["PGPORT", "DB_CONN_MAX_AGE", "DB_CONNECT_TIMEOUT"]
    assert "PGPORT: 'postgres' is not a whole number" in str(error)
    assert "DB_CONN_MAX_AGE: 'forever' is not a whole number or None" in str(error)


def test_negative_conn_max_age_is_an_error(config_error):
    error = config_error(configure_database, Env({**PG, "DB_CONN_MAX_AGE": "-1"}))

    assert error.names == ["DB_CONN_MAX_AGE"]


def test_port_out_of_range_is_an_error(config_error):
    error = config_error(configure_database, Env({**PG, "PGPORT": "70000"}))

    assert "PGPORT: '70000' is above the maximum of 65535" in str(error)


def test_external_pool_disables_server_side_cursors_and_keeps_connections():
    db = default_db(**PG, ENABLE_CONNECTION_POOL="true")

    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert db["CONN_MAX_AGE"] is None


@pytest.mark.skipif(not module_installed("psycopg"), reason="psycopg2 prepares no statements")
def test_external_pool_turns_psycopg3_prepared_statements_off():
    db = default_db(**PG, ENABLE_CONNECTION_POOL="true")

    assert "prepare_threshold" in db["OPTIONS"]
    assert db["OPTIONS"]["prepare_threshold"] is None


@pytest.mark.skipif(module_installed("psycopg"), reason="psycopg 3 is installed")
def test_external_pool_passes_psycopg2_no_option_it_would_refuse():
    assert "prepare_threshold" not in default_db(**PG, ENABLE_CONNECTION_POOL="true")["OPTIONS"]


def test_no_external_pool_leaves_prepared_statements_to_django():
    assert "prepare_threshold" not in default_db(**PG)["OPTIONS"]


def test_external_pool_keeps_an_explicit_conn_max_age():
    assert default_db(**PG, ENABLE_CONNECTION_POOL="1", DB_CONN_MAX_AGE="30")["CONN_MAX_AGE"] == 30


def test_external_pool_off_keeps_server_side_cursors():
    assert "DISABLE_SERVER_SIDE_CURSORS" not in default_db(**PG, ENABLE_CONNECTION_POOL="false")


@needs_psycopg3
def test_internal_pool_maps_aether_sdk_pool_sizes():
    db = default_db(
        **PG,
        DB_POOL_INTERNAL="true",
        DB_POOL_INITIAL_SIZE="4",
        DB_POOL_MAX_OVERFLOW="6",
        DB_POOL_RECYCLE_SECONDS="600",
        DB_POOL_TIMEOUT="3",
    )

    assert db["OPTIONS"]["pool"] == {
        "min_size": 4,
        "max_size": 10,
        "max_lifetime": 600,
        "timeout": 3,
    }
    assert db["CONN_MAX_AGE"] == 0


@needs_psycopg3
def test_internal_pool_defaults_follow_aether_sdk():
    pool = default_db(**PG, DB_POOL_INTERNAL="true")["OPTIONS"]["pool"]

    assert pool == {"min_size": 20, "max_size": 100, "max_lifetime": 3600, "timeout": 10}


@needs_psycopg3
def test_internal_pool_refuses_persistent_connections(config_error):
    error = config_error(
        configure_database, Env({**PG, "DB_POOL_INTERNAL": "1", "DB_CONN_MAX_AGE": "60"})
    )

    assert error.names == ["DB_CONN_MAX_AGE"]


@needs_psycopg3
def test_internal_pool_names_every_malformed_size(config_error):
    env = Env(
        {
            **PG,
            "DB_POOL_INTERNAL": "1",
            "DB_POOL_INITIAL_SIZE": "0",
            "DB_POOL_MAX_OVERFLOW": "lots",
            "DB_POOL_RECYCLE_SECONDS": "0",
            "DB_POOL_TIMEOUT": "x",
        }
    )

    error = config_error(configure_database, env)

    assert error.names == [
        "DB_POOL_INITIAL_SIZE",
        "DB_POOL_MAX_OVERFLOW",
        "DB_POOL_RECYCLE_SECONDS",
        "DB_POOL_TIMEOUT",
    ]


def test_postgresql_without_any_driver_names_the_extra_to_install(config_error, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg2", None)

    error = config_error(configure_database, Env(PG))

    assert error.names == ["PGHOST"]
    assert "pip install 'aether-kit[postgres]'" in str(error)


def test_postgresql_with_psycopg2_alone_needs_nothing_more(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)

    assert default_db(**PG)["ENGINE"] == "django.db.backends.postgresql"


def test_internal_pool_without_psycopg_3_is_a_clear_error(config_error, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg_pool", None)

    error = config_error(configure_database, Env({**PG, "DB_POOL_INTERNAL": "true"}))

    assert "DB_POOL_INTERNAL" in error.names
    assert "pip install 'aether-kit[pool]'" in str(error)


@needs_psycopg3
def test_internal_pool_serves_queries_from_the_real_postgresql(django_db_blocker):
    require_service("PostgreSQL", POSTGRES)
    db = default_db(
        PGHOST=POSTGRES[0],
        PGPORT=str(POSTGRES[1]),
        DB_NAME="postgres",
        PGUSER="postgres",
        DB_POOL_INTERNAL="true",
        DB_POOL_INITIAL_SIZE="1",
        DB_POOL_MAX_OVERFLOW="1",
    )
    connection = ConnectionHandler({"default": db})["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            answer = cursor.fetchone()
        assert answer == (1,)
        assert connection.pool is not None
    finally:
        connection.close()
        connection.close_pool()


def test_a_pghost_that_is_not_a_host_is_an_error(config_error):
    error = config_error(configure_database, Env({**PG, "PGHOST": "postgres://db.internal"}))

    assert error.names == ["PGHOST"]


@pytest.mark.parametrize("host", ["/var/run/postgresql", "db1.internal,db2.internal"])
def test_pghost_may_be_a_socket_directory_or_fail_over_hosts(host):
    assert default_db(**{**PG, "PGHOST": host})["HOST"] == host
