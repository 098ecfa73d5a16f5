import io
import json
import logging
import logging.config
import warnings
from datetime import datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client

from aether_kit.conf import Env, configure_logging
from aether_kit.ops.log_context import REDACTED, redact, redact_text
from tests.ops.realm_middleware import REALM_HEADER

pytestmark = pytest.mark.urls("tests.ops.urls")

SECRET = "s3cr3t-value-never-logged"


@pytest.fixture
def log_lines(settings):
    """Configures logging as a deployed service would and returns its parsed JSON lines."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.ops.realm_middleware.HeaderRealmMiddleware"]
    stream = io.StringIO()
    config = configure_logging(Env({"LOGGING_FORMATTER": "json", "LOGGING_LEVEL": "INFO"}))
    config["LOGGING"]["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config["LOGGING"])

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logging.config.dictConfig(django_settings.LOGGING)


def test_each_line_is_one_json_object_with_the_request_id_and_realm(client, log_lines):
    response = client.get(
        "/test/log?who=ada", headers={REALM_HEADER: "north", "X-Request-ID": "req-42"}
    )

    [line] = [line for line in log_lines() if line["logger"] == "aether_kit.tests"]
    assert line["message"] == "report for ada"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert line["realm"] == "north"
    assert datetime.fromisoformat(line["timestamp"]).utcoffset() == timedelta(0)


def test_lines_outside_a_request_say_so(log_lines):
    logging.getLogger("aether_kit.tests").warning("starting up")

    [line] = log_lines()
    assert (line["request_id"], line["realm"]) == ("-", "-")


def test_secrets_in_arguments_and_extras_are_redacted(log_lines):
    logger = logging.getLogger("aether_kit.tests")

    logger.warning("login with %s", {"username": "ada", "password": SECRET})
    logger.warning("calling", extra={"headers": {"Authorization": f"Bearer {SECRET}"}})
    logger.warning("token=%s; next", SECRET)

    output = json.dumps(log_lines())
    assert SECRET not in output
    assert output.count(REDACTED) == 3
    assert "ada" in output


def test_secrets_in_tracebacks_are_redacted(log_lines):
    try:
        raise ValueError(f"could not connect to redis://user:{SECRET}@cache:6379/0")
    except ValueError:
        logging.getLogger("aether_kit.tests").exception("cache down")

    [line] = log_lines()
    assert SECRET not in json.dumps(line)
    assert "ValueError" in line["exc_info"]


@pytest.mark.parametrize(
    "text",
    [
        f"password={SECRET}",
        f'{{"client_secret": "{SECRET}"}}',
        f"Authorization: Bearer {SECRET}",
        f"X-Oauth-Token: {SECRET}",
        f"postgres://aether:{SECRET}@db:5432/aether",
        f"sent eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.{SECRET}",
        f"api_key: '{SECRET}'",
        f"Cookie: sessionid={SECRET}",
    ],
)
def test_secret_bearing_text_is_redacted(text):
    assert SECRET not in redact_text(text)


def test_ordinary_text_is_left_alone():
    text = "GET /projects/?page=2 HTTP/1.1 200 from 10.0.0.1 (user ada, realm north)"

    assert redact_text(text) == text


def test_nested_secret_keys_are_masked_and_others_kept():
    data = {"user": "ada", "auth": {"refresh_token": SECRET, "expires": 300}}

    assert redact(data) == {"user": "ada", "auth": {"refresh_token": REDACTED, "expires": 300}}


def test_library_warnings_such_as_a_cacheops_outage_reach_the_json_log(log_lines):
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        logging.captureWarnings(True)  # as Django does when it configures logging
        try:
            warnings.warn("The cacheops cache is unreachable!", RuntimeWarning, stacklevel=1)
        finally:
            logging.captureWarnings(False)

    [line] = log_lines()
    assert line["logger"] == "py.warnings"
    assert "cacheops cache is unreachable" in line["message"]


def test_a_failed_request_logged_by_django_does_not_leak_its_query_string(log_lines):
    client = Client(raise_request_exception=False)

    response = client.get(f"/test/fail?access_token={SECRET}")

    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert response.status_code == 500
    assert "/test/fail" in lines[0]["request"]
    assert SECRET not in json.dumps(lines)
