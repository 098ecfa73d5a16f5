"""The demo service starts from an empty environment, exactly as the README runs it."""

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.services import POSTGRES, closed_port, is_reachable, scratch_postgres_database

# each subprocess picks its own database, so these run once, in the SQLite pass of tests.run
pytestmark = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
)

ROOT = Path(__file__).resolve().parents[2]
MANAGE = str(ROOT / "testproject" / "manage.py")

# a guard against a demo that never starts or never stops, not a speed requirement
answers = pytest.mark.timeout(120)


@pytest.fixture
def empty_environment(tmp_path):
    """Nothing but PATH and HOME, plus a scratch SQLite file so the repository stays clean."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "SQLITE_PATH": str(tmp_path / "var" / "demo.sqlite3"),
    }


def manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )


@answers
def test_check_passes_with_an_empty_environment(empty_environment):
    result = manage("check", env=empty_environment)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@answers
def test_rundemo_migrates_and_prints_the_demo_admin_password(empty_environment):
    result = manage("rundemo", "--no-serve", env=empty_environment)

    assert result.returncode == 0, result.stderr
    assert "Demo admin: username 'admin', password '" in result.stdout
    assert Path(empty_environment["SQLITE_PATH"]).is_file()


@pytest.fixture
def scratch_database():
    """A database of its own on the real PostgreSQL server, dropped afterwards."""
    with scratch_postgres_database("aether_demo") as name:
        yield name


@answers
def test_rundemo_migrates_and_seeds_on_postgresql(empty_environment, scratch_database):
    environment = {
        **empty_environment,
        "PGHOST": POSTGRES[0],
        "PGPORT": str(POSTGRES[1]),
        "PGUSER": "postgres",
        "DB_NAME": scratch_database,
    }

    result = manage("rundemo", "--no-serve", env=environment)

    assert result.returncode == 0, result.stderr
    assert "Realm 'north'" in result.stdout
    assert not Path(empty_environment["SQLITE_PATH"]).exists()


# what `pip install -e .` does not install: the demo, Keycloak mode included, must not need it
NOT_IN_THE_CORE = [
    "pytest",
    "factory",
    "playwright",
    "moto",
    "cacheops",
    "django_redis",
    "django_rq",
    "silk",
    "django_prometheus",
    "storages",
    "webpack_loader",
    "sentry_sdk",
]
DEMO_IMPORTS = (
    "import sys, testproject.urls, testproject.management.commands.rundemo, "
    "aether_kit.testing.oidc_provider, aether_kit.auth.keycloak.views; "
    f"print(sorted(set({NOT_IN_THE_CORE!r}) & set(sys.modules)))"
)


@answers
def test_the_demo_imports_nothing_the_core_install_lacks(empty_environment):
    result = manage("shell", "-c", DEMO_IMPORTS, env=empty_environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@answers
def test_migrate_works_on_a_fresh_clone_without_the_demos_folder(empty_environment):
    result = manage("migrate", env=empty_environment)

    assert result.returncode == 0, result.stderr
    assert Path(empty_environment["SQLITE_PATH"]).is_file()


@answers
def test_rundemo_prints_the_gateways_addresses_behind_the_gateway(empty_environment):
    gateway = {
        "GATEWAY_SERVICE_ID": "svc",
        "KEYCLOAK_SERVER_URL": f"http://127.0.0.1:{closed_port()}/realms",
    }

    result = manage(
        "rundemo", "--no-serve", "--addrport", "8123", env={**empty_environment, **gateway}
    )

    assert result.returncode == 0, result.stderr
    assert "the Django admin at http://127.0.0.1:8123/-/svc/admin/" in result.stdout
    assert "Realm 'north': browse http://127.0.0.1:8123/north/svc/projects/" in result.stdout


@answers
def test_rundemo_can_run_again_and_resets_the_password(empty_environment):
    first = manage("rundemo", "--no-serve", env=empty_environment)
    second = manage("rundemo", "--no-serve", env=empty_environment)

    assert second.returncode == 0, second.stderr
    assert first.stdout != second.stdout


@answers
def test_rundemo_serves_health_and_check_app(empty_environment):
    port = closed_port()
    demo = subprocess.Popen(  # noqa: S603
        [sys.executable, MANAGE, "rundemo", "--addrport", f"127.0.0.1:{port}"],
        env=empty_environment,
        cwd=empty_environment["HOME"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = get_when_up(port, "/health")
        check_app = get(port, "/check-app")
    finally:
        demo.terminate()
        demo.wait(timeout=30)

    assert (health.status, health.body) == (200, b"")
    assert check_app.status == 200
    assert json.loads(check_app.body)["app_name"] == "aether_kit demo"


class Answer:
    def __init__(self, status, body):
        self.status, self.body = status, body


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return Answer(response.status, response.read())
    finally:
        connection.close()


def get_when_up(port, path, attempts=200):
    for _ in range(attempts):
        try:
            return get(port, path)
        except ConnectionRefusedError:
            time.sleep(0.25)
    raise AssertionError(f"the demo never listened on port {port}")


@answers
def test_rundemo_with_oidc_serves_the_demo_realms_at_the_provider(empty_environment):
    port, provider_port = closed_port(), closed_port()
    demo = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            MANAGE,
            "rundemo",
            "--with-oidc",
            "--oidc-port",
            str(provider_port),
            "--addrport",
            f"127.0.0.1:{port}",
        ],
        env=empty_environment,
        cwd=empty_environment["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        provider_url = printed_provider_url(demo.stdout)
        get_when_up(port, "/health")
        provider = urlsplit(provider_url)
        realms = {
            realm: get(provider.port, f"{provider.path}/{realm}/.well-known/openid-configuration")
            for realm in REALMS
        }
    finally:
        demo.terminate()
        demo.wait(timeout=30)

    assert provider.port == provider_port
    assert {realm: answer.status for realm, answer in realms.items()} == {
        "north": 200,
        "south": 200,
    }


@answers
def test_rundemo_with_oidc_stops_its_server_when_terminated(empty_environment):
    port = closed_port()
    demo = subprocess.Popen(  # noqa: S603
        [sys.executable, MANAGE, "rundemo", "--with-oidc", "--addrport", f"127.0.0.1:{port}"],
        env=empty_environment,
        cwd=empty_environment["HOME"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    get_when_up(port, "/health")

    demo.terminate()
    demo.wait(timeout=30)

    assert not is_reachable(("127.0.0.1", port))


REALMS = ("north", "south")


def printed_provider_url(stdout):
    for line in stdout:
        if "OpenID Connect provider at " in line:
            return line.split(" at ", 1)[1].strip()
    raise AssertionError("rundemo --with-oidc never printed the provider's address")
