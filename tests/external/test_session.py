import socket
import threading

import pytest
import requests

from aether_kit.breaker import CLOSED
from aether_kit.external import DeadlineExceeded, DependencyUnavailable, get_session
from aether_kit.external.session import origin_breaker
from tests.external.servers import TRICKLE_SIZE, serve, trickle, trickle_guard
from tests.fake_external_app import GZIP_TEXT
from tests.faultproxy import FaultProxy, wait_for_half_open


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


def test_request_error_retries_counts_attempts_as_aether_sdk_did(settings, fake_app):
    settings.REQUEST_ERROR_RETRIES = 3

    with get_session(backoff_factor=0) as session:
        session.get(f"{fake_app.url}/status/503")

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


@pytest.fixture
def drops_first_connection():
    """A server that hangs up on the first request without answering, then answers 200."""
    server = socket.create_server(("127.0.0.1", 0))
    connections = []

    def serve():
        for attempt in range(2):
            connection, _ = server.accept()
            connections.append(connection)
            connection.recv(65536)
            if attempt:
                connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/", connections
    server.close()
    thread.join(timeout=5)


def test_a_connection_dropped_before_the_answer_is_retried(drops_first_connection):
    url, connections = drops_first_connection

    with get_session(retries=1, backoff_factor=0) as session:
        response = session.get(url)

    assert (response.status_code, response.text) == (200, "ok")
    assert len(connections) == 2


@trickle_guard
def test_a_body_trickled_out_ends_at_the_deadline(short_timeouts):
    with (
        trickle(TRICKLE_SIZE) as url,
        get_session() as session,
        pytest.raises(DeadlineExceeded),
    ):
        session.get(url)


@trickle_guard
def test_a_streamed_answer_is_read_past_the_deadline(short_timeouts):
    with trickle(TRICKLE_SIZE) as url, get_session() as session:
        response = session.get(url, stream=True)
        # 20 bytes take 2 s, longer than the 1.3 s of connect + read timeout
        start = response.raw.read(20)
        response.close()

    assert start == b" " * 20


def test_a_compressed_body_is_decoded(fake_app):
    with get_session() as session:
        response = session.get(f"{fake_app.url}/gzip")

    assert response.content == GZIP_TEXT


def test_a_redirect_is_followed_to_the_body_it_leads_to():
    routes = {"/old": (302, {"Location": "/new"}, b"moved"), "/new": (200, {}, b"here")}

    with serve(routes) as server, get_session() as session:
        response = session.get(f"{server.url}/old")

    assert (response.status_code, response.text) == (200, "here")


# -- one circuit breaker per origin ----------------------------------------------------------


@pytest.fixture
def app_proxy(fake_app):
    """The fake app reached through a fault proxy."""
    proxy = FaultProxy.in_front_of(fake_app.url)
    yield proxy
    proxy.close()


def proxied_get(proxy, path="/status/204", **kwargs):
    with get_session(retries=0) as session:
        return session.get(f"{proxy.url}{path}", **kwargs)


def test_a_silent_origin_is_not_called_again_during_its_backoff(short_timeouts, app_proxy):
    app_proxy.blackhole()
    with pytest.raises(requests.ReadTimeout):
        proxied_get(app_proxy)

    with pytest.raises(DependencyUnavailable) as refused:
        proxied_get(app_proxy)

    assert app_proxy.accepted == 1
    assert isinstance(refused.value, requests.ConnectionError)
    assert 0 < refused.value.retry_in <= 10


def test_a_refused_origin_is_not_called_again_during_its_backoff(app_proxy):
    app_proxy.stop()
    with pytest.raises(requests.ConnectionError):
        proxied_get(app_proxy)
    app_proxy.blackhole()  # it would accept again, if called

    with pytest.raises(DependencyUnavailable):
        proxied_get(app_proxy)

    assert app_proxy.accepted == 0


def test_an_error_status_is_an_answer_and_keeps_the_origin_called(fake_app, app_proxy):
    assert proxied_get(app_proxy, "/status/503").status_code == 503

    assert proxied_get(app_proxy, "/status/503").status_code == 503
    assert len(fake_app.requests_to("/status/503")) == 2


def test_other_origins_are_still_called_while_one_is_refused(short_timeouts, fake_app, app_proxy):
    app_proxy.blackhole()
    with pytest.raises(requests.ReadTimeout):
        proxied_get(app_proxy)

    with get_session(retries=0) as session:
        assert session.get(f"{fake_app.url}/status/204").status_code == 204


def test_an_origin_is_called_again_once_it_answers(settings, short_timeouts, app_proxy):
    settings.DEPENDENCY_BACKOFF = 0.2
    app_proxy.blackhole()
    with pytest.raises(requests.ReadTimeout):
        proxied_get(app_proxy)
    app_proxy.start()
    breaker = origin_breaker(app_proxy.url)
    wait_for_half_open(breaker)

    assert proxied_get(app_proxy).status_code == 204
    assert breaker.state == CLOSED
