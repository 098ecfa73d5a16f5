import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.fake_external_app import SERVICE_TOKEN, down_url, fake_app

__all__ = ["down_url", "fake_app"]  # fixtures


def check_url(*args: str) -> str:
    out = StringIO()
    call_command("check_url", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def fast(settings):
    settings.REQUEST_CONNECT_TIMEOUT = 1.0
    settings.REQUEST_READ_TIMEOUT = 0.3
    settings.REQUEST_ERROR_RETRIES = 1


def test_a_url_that_answers_is_reported_as_responding(fast, fake_app):
    assert "is responding" in check_url("-u", f"{fake_app.url}/status/200")


def test_the_token_is_sent_as_an_authorization_header(fast, fake_app):
    check_url("--url", f"{fake_app.url}/token", "--token", SERVICE_TOKEN)

    assert fake_app.received[-1].headers["Authorization"] == f"Token {SERVICE_TOKEN}"


def test_an_error_status_fails_with_the_status(fast, fake_app):
    with pytest.raises(CommandError, match="answered 500"):
        check_url("-u", f"{fake_app.url}/status/500")


def test_a_rejected_token_fails_without_showing_it(fast, fake_app):
    fake_app.behaviour = "rejects"

    with pytest.raises(CommandError, match="answered 401") as raised:
        check_url("-u", f"{fake_app.url}/token", "-t", SERVICE_TOKEN)

    assert SERVICE_TOKEN not in str(raised.value)


def test_a_refused_connection_fails_with_the_reason(fast, down_url):
    with pytest.raises(CommandError, match="connection was refused"):
        check_url("-u", down_url)


def test_a_silent_server_fails_with_a_timeout(fast, fake_app):
    with pytest.raises(CommandError, match="timed out"):
        check_url("-u", f"{fake_app.url}/slow")


def test_an_unknown_host_fails_with_a_name_resolution_reason(fast):
    with pytest.raises(CommandError, match="could not be resolved"):
        check_url("-u", "http://no-such-host.invalid/")


def test_a_password_in_the_url_is_not_repeated(fast, down_url):
    url = down_url.replace("http://", "http://user:pa55word@")

    with pytest.raises(CommandError) as raised:
        check_url("-u", url)

    assert "pa55word" not in str(raised.value)


@pytest.mark.parametrize("url", ["kernel:8000/health", "ftp://kernel/", "http://"])
def test_a_malformed_url_fails_with_the_reason(url):
    with pytest.raises(CommandError, match="not a valid http"):
        check_url("-u", url)


def test_the_url_is_required():
    with pytest.raises(CommandError, match="--url"):
        call_command("check_url")


def run_manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "testproject/manage.py", "check_url", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "REQUEST_ERROR_RETRIES": "1",
        },
        check=False,
    )


def test_from_the_shell_success_exits_0(fake_app):
    result = run_manage("-u", f"{fake_app.url}/status/204")

    assert result.returncode == 0
    assert "is responding" in result.stdout


def test_from_the_shell_failure_exits_1_with_one_line(down_url):
    result = run_manage("-u", down_url, "-t", "shell-secret")

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "connection was refused" in result.stderr
    assert "shell-secret" not in result.stderr
