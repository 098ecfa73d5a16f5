import pytest
import requests

from aether_kit.external import get_session


@pytest.fixture
def short_timeouts(settings):
    settings.REQUEST_CONNECT_TIMEOUT = 1.0
    settings.REQUEST_READ_TIMEOUT = 0.3


def test_a_silent_server_ends_in_a_read_timeout(short_timeouts, fake_app):
    with get_session() as session, pytest.raises(requests.ReadTimeout):
        session.get(f"{fake_app.url}/slow")


def test_a_read_timeout_is_not_retried(short_timeouts, fake_app):
    with get_session(retries=3) as session, pytest.raises(requests.ReadTimeout):
        session.get(f"{fake_app.url}/slow")

    assert len(fake_app.requests_to("/slow")) == 1


def test_an_idempotent_request_is_retried_on_503(fake_app):
    with get_session(retries=2, backoff_factor=0) as session:
        response = session.get(f"{fake_app.url}/status/503")

    assert response.status_code == 503
    assert len(fake_app.requests_to("/status/503")) == 3


def test_a_post_is_never_sent_twice(fake_app):
    with get_session(retries=2, backoff_factor=0) as session:
        session.post(f"{fake_app.url}/status/503", data=b"once")

    assert len(fake_app.requests_to("/status/503")) == 1


def test_a_refused_connection_raises_a_connection_error(down_url):
    with (
        get_session(retries=1, backoff_factor=0) as session,
        pytest.raises(requests.ConnectionError),
    ):
        session.get(down_url)


def test_the_user_agent_names_the_app(settings, fake_app):
    settings.APP_NAME = "kit-demo"

    with get_session() as session:
        session.get(f"{fake_app.url}/status/204")

    assert fake_app.requests_to("/status/204")[0].headers["User-Agent"].startswith("kit-demo ")


def test_an_explicit_timeout_wins_over_the_default(settings, fake_app):
    settings.REQUEST_READ_TIMEOUT = 30.0

    with get_session() as session, pytest.raises(requests.ReadTimeout):
        session.get(f"{fake_app.url}/slow", timeout=0.2)
