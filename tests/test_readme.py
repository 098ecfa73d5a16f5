"""The README's set-up commands stay the ones the repository runs; its Quick start runs."""

import re
from pathlib import Path

import pytest

from tests.processes import run_python, settings_error_names

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_the_readme_has_exactly_two_set_up_commands():
    assert len(readme_commands()) == 2


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()

    assert ci_lines[-1] == readme_commands()[1]


def test_the_readme_demo_command_runs_the_demo_service():
    assert readme_commands()[0].endswith("testproject/manage.py rundemo")


# -- the Quick start: its code runs as written ---------------------------------------------

QUICK_START_FILE = re.compile(r"^# (myservice/\w+\.py)\n")
# the README's example of the one error, and the environment that produces it
ERROR_EXAMPLE_VARIABLES = {
    "DEBUG": "true",
    "LOGGING_LEVEL": "LOUD",
    "PGHOST": "db",
    "PGPORT": "5432",
    "PGUSER": "kernel",
    "PAGE_SIZE": "ten",
    "GATEWAY_SERVICE_ID": "a/b",
}
# a bad value in each of seven areas
BAD_EVERYWHERE = {
    "DEBUG": "false",  # app: DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS become required
    "LOGGING_LEVEL": "LOUD",
    "PGHOST": "db",  # database: PGPORT, DB_NAME, PGUSER become required
    "PAGE_SIZE": "ten",
    "DEFAULT_REALM": "a b",
    "GATEWAY_SERVICE_ID": "a/b",
    "KEYCLOAK_SERVER_URL": "login.example.org",
}
BAD_NAMES = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "LOGGING_LEVEL",
    "PGPORT",
    "DB_NAME",
    "PGUSER",
    "PAGE_SIZE",
    "DEFAULT_REALM",
    "GATEWAY_SERVICE_ID",
    "KEYCLOAK_SERVER_URL",
]


def quick_start() -> str:
    return (
        (ROOT / "README.md")
        .read_text(encoding="utf-8")
        .split("## Quick start", 1)[1]
        .split("\n## ", 1)[0]
    )


def quick_start_files() -> dict[str, str]:
    """``myservice/<name>.py`` -> code, for every Python block that names its file."""
    files = {}
    for block in re.findall(r"```python\n(.+?)\n```", quick_start(), re.DOTALL):
        named = QUICK_START_FILE.match(block)
        if named:
            files[named.group(1)] = block + "\n"
    return files


@pytest.fixture
def myservice(tmp_path):
    """The Quick start's files, written out as the package ``myservice``."""
    (tmp_path / "myservice").mkdir()
    (tmp_path / "myservice" / "__init__.py").write_text("")
    for name, code in quick_start_files().items():
        (tmp_path / name).write_text(code, encoding="utf-8")
    return tmp_path


def django(project, *arguments, **variables):
    return run_python(
        "-m",
        "django",
        *arguments,
        cwd=project,
        DJANGO_SETTINGS_MODULE="myservice.settings",
        **variables,
    )


def test_the_quick_start_has_settings_models_views_and_urls():
    assert sorted(quick_start_files()) == [
        "myservice/models.py",
        "myservice/settings.py",
        "myservice/urls.py",
        "myservice/views.py",
    ]


def test_the_quick_start_settings_are_short_and_need_no_word_on_order():
    settings = quick_start_files()["myservice/settings.py"]
    lines = [line for line in settings.splitlines() if line.strip()]

    assert len(lines) <= 45
    assert not re.search(r"#.*\b(after|before|order of)\b", settings)
    assert "import *" not in settings


def test_the_quick_start_passes_the_system_checks(myservice):
    result = django(myservice, "check", DEBUG="true", MULTITENANCY="true")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_quick_start_passes_the_system_checks_with_gateway_and_keycloak_on(myservice):
    result = django(
        myservice,
        "check",
        DEBUG="true",
        GATEWAY_SERVICE_ID="myservice",
        KEYCLOAK_SERVER_URL="https://login.example.org/auth/realms",
    )

    assert result.returncode == 0, result.stderr


def test_the_quick_start_serves_health_and_challenges_anonymous_api_calls(myservice):
    probe = (
        "from django.test import Client; client = Client(HTTP_HOST='localhost'); "
        "print(client.get('/health').status_code, client.get('/projects/').status_code)"
    )

    result = django(myservice, "shell", "-c", probe, DEBUG="true", MULTITENANCY="true")

    assert result.stdout.split()[-2:] == ["200", "401"], result.stderr


def test_bad_values_in_seven_areas_are_named_in_one_error(myservice):
    result = django(myservice, "check", **BAD_EVERYWHERE)

    assert sorted(settings_error_names(result)) == sorted(BAD_NAMES)


def test_the_readmes_example_error_is_what_the_quick_start_prints(myservice):
    example = re.search(r"```text\n(.+?)\n```", quick_start(), re.DOTALL).group(1)

    result = django(myservice, "check", **ERROR_EXAMPLE_VARIABLES)

    assert result.stderr.rstrip().endswith(example)


# -- the Quick start's worker: what loading its URLconf imports -------------------------------

# the kit's views: each is imported by the first request that reaches it
KIT_VIEW_MODULES = [
    "aether_kit.auth.apptoken.views",
    "aether_kit.auth.keycloak.views",
    "aether_kit.auth.logout",
    "aether_kit.auth.token",
    "aether_kit.health.external",
    "aether_kit.health.readiness",
    "aether_kit.health.views",
]
LOADED_BY_THE_URLCONF = (
    "import sys, django; django.setup(); "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "print('loaded:', *sorted(name for name in {names!r} if name in sys.modules))"
)


def loaded_by_the_urlconf(project: Path, names: list[str]) -> list[str]:
    """Which of ``names`` a process has imported once it loaded the Quick start's URLconf,
    with the gateway and the Keycloak sign-in on."""
    result = run_python(
        "-c",
        LOADED_BY_THE_URLCONF.format(names=names),
        cwd=project,
        DJANGO_SETTINGS_MODULE="myservice.settings",
        DEBUG="true",
        MULTITENANCY="true",
        GATEWAY_SERVICE_ID="myservice",
        KEYCLOAK_SERVER_URL="https://login.example.org/auth/realms",
    )
    assert result.returncode == 0, result.stderr
    return re.findall(r"^loaded:(.*)$", result.stdout, re.MULTILINE)[-1].split()


def test_loading_the_quick_start_urls_imports_none_of_the_kits_views(myservice):
    assert loaded_by_the_urlconf(myservice, KIT_VIEW_MODULES) == []


def test_loading_the_quick_start_urls_imports_no_jose_library_or_openssl_binding(myservice):
    assert loaded_by_the_urlconf(myservice, ["cryptography", "joserfc"]) == []


ANSWERS_A_GATEWAY_TOKEN = (
    "import os, sys, django; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('migrate', run_syncdb=True, verbosity=0); "
    "from django.test import Client; "
    "response = Client(HTTP_HOST='localhost').get("
    "'/realm-a/myservice/projects/', headers={'X-Oauth-Token': os.environ['TOKEN']}); "
    "print('status:', response.status_code); "
    "print('loaded:', *sorted(name for name in ['cryptography', 'joserfc'] if name in sys.modules))"
)


def test_the_quick_start_verifies_an_rs256_gateway_token_without_an_openssl_binding(
    myservice, oidc_provider
):
    # RS256 (Keycloak's default) is checked by the kit itself: a worker never loads
    # cryptography's several megabytes for it
    result = run_python(
        "-c",
        ANSWERS_A_GATEWAY_TOKEN,
        cwd=myservice,
        DJANGO_SETTINGS_MODULE="myservice.settings",
        DEBUG="true",
        MULTITENANCY="true",
        DB_NAME=str(myservice / "db.sqlite3"),
        GATEWAY_SERVICE_ID="myservice",
        KEYCLOAK_SERVER_URL=oidc_provider.server_url,
        TOKEN=str(oidc_provider.issue_token("realm-a", "user")),
    )

    assert result.returncode == 0, result.stderr
    assert re.findall(r"^status: (\d+)$", result.stdout, re.MULTILINE) == ["200"]
    assert re.findall(r"^loaded:(.*)$", result.stdout, re.MULTILINE) == [""]
