"""The suite's runner and its safety nets, run as CI runs them: in a fresh process."""

import os
import subprocess
import sys

import pytest

from tests.services import closed_port

# each subprocess picks its own database, so these run once, in the SQLite pass of tests.run
pytestmark = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
)

ONE_TEST = "tests/conf/test_env.py::test_required_marker_has_a_readable_repr"
# a guard against a runner that hangs, not a speed requirement
answers = pytest.mark.timeout(240)


def run(args, **env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=230,
        check=False,
    )


@answers
def test_run_passes_when_the_selected_tests_pass_on_both_databases():
    result = run(["-m", "tests.run", "-q", "-p", "no:cacheprovider", ONE_TEST])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "=== test suite on sqlite ===" in result.stdout
    assert "=== test suite on postgres ===" in result.stdout


@answers
def test_run_fails_when_no_test_is_collected():
    result = run(["-m", "tests.run", "-q", "-p", "no:cacheprovider", "-k", "no_test_has_this_name"])

    assert result.returncode != 0
    assert "FAILED on: sqlite (pytest exit code 5), postgres (pytest exit code 5)" in result.stdout


@answers
def test_an_unreachable_postgresql_fails_the_run_under_ci():
    result = run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_TEST],
        AETHER_TEST_DB="postgres",
        PGHOST="127.0.0.1",
        PGPORT=str(closed_port()),
        CI="true",
    )

    assert result.returncode != 0
    assert "PostgreSQL is not reachable" in result.stdout + result.stderr


@answers
def test_an_unreachable_postgresql_skips_the_run_outside_ci():
    environ = {"AETHER_TEST_DB": "postgres", "PGHOST": "127.0.0.1", "PGPORT": str(closed_port())}
    result = run(
        ["-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_TEST], CI="", **environ
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout


def test_the_whole_suite_runs_the_realm_and_gateway_tests_again_through_pgbouncer():
    from tests.run import PGBOUNCER_TESTS, passes

    _, environment, arguments = passes([])[-1]

    assert environment == {"AETHER_TEST_DB": "postgres", "AETHER_TEST_PGBOUNCER": "true"}
    assert arguments == PGBOUNCER_TESTS == ["tests/multitenancy", "tests/gateway", "tests/tokens"]


def test_chosen_tests_run_on_both_databases_only():
    from tests.run import passes

    assert [name for name, _, _ in passes(["-q", ONE_TEST])] == ["sqlite", "postgres"]
