"""The demo's settings report every bad variable of every area in one error at start-up."""

from __future__ import annotations

import pytest

from tests.processes import ROOT, run_python, settings_error_names

MANAGE = str(ROOT / "testproject" / "manage.py")
# a bad value in each of six areas, among them two the Quick start leaves out
BAD_EVERYWHERE = {
    "DEBUG": "false",
    "PAGE_SIZE": "ten",
    "DEFAULT_REALM": "a b",
    "CORS_ALLOWED_ORIGINS": "ui.example.org",
    "DJANGO_USE_CACHE": "true",
    "PGHOST": "db",
}
BAD_NAMES = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "PAGE_SIZE",
    "DEFAULT_REALM",
    "CORS_ALLOWED_ORIGINS",
    "REDIS_HOST",
    "REDIS_PORT",
    "PGPORT",
    "DB_NAME",
    "PGUSER",
]


@pytest.fixture
def scratch(tmp_path):
    """A working directory and SQLite file of the test's own, so the repository stays clean."""
    return {"cwd": tmp_path, "SQLITE_PATH": str(tmp_path / "demo.sqlite3")}


def test_check_names_every_bad_variable_of_every_area_in_one_error(scratch):
    result = run_python(MANAGE, "check", **scratch, **BAD_EVERYWHERE)

    assert sorted(settings_error_names(result)) == sorted(BAD_NAMES)


def test_the_error_is_printed_alone_without_a_traceback(scratch):
    result = run_python(MANAGE, "check", **scratch, PAGE_SIZE="ten", PGHOST="db")

    assert result.stderr.splitlines() == [
        "EnvError: 4 environment variables are missing or malformed:",
        "  - PGPORT: is required but not set",
        "  - DB_NAME: is required but not set",
        "  - PGUSER: is required but not set",
        "  - PAGE_SIZE: 'ten' is not a whole number",
    ]
    assert result.returncode == 1


def test_check_passes_with_every_component_switched_on(scratch):
    result = run_python(
        MANAGE,
        "check",
        **scratch,
        METRICS_ENABLED="true",
        PROFILING_ENABLED="true",
        SCHEDULER_REQUIRED="true",
        DJANGO_USE_CACHE="true",
        REDIS_HOST="127.0.0.1",
        REDIS_PORT="6379",
        WEBPACK_REQUIRED="true",
        CORS_ALLOWED_ORIGINS="https://ui.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
