import socket

import pytest

from tests.services import closed_port, is_reachable, require_service, under_ci


@pytest.fixture
def listening_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("1", True), ("false", False), ("", False)]
)
def test_under_ci_reads_ci_as_a_boolean(monkeypatch, value, expected):
    monkeypatch.setenv("CI", value)

    assert under_ci() is expected


def test_under_ci_is_false_when_ci_is_unset(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    assert under_ci() is False


def test_a_listening_port_is_reachable(listening_port):
    assert is_reachable(("127.0.0.1", listening_port))


def test_a_closed_port_is_not_reachable():
    assert not is_reachable(("127.0.0.1", closed_port()))


def test_require_service_lets_the_test_run_when_the_service_answers(monkeypatch, listening_port):
    monkeypatch.setenv("CI", "true")

    require_service("Thing", ("127.0.0.1", listening_port))


def test_require_service_skips_outside_ci_when_the_service_is_down(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="Thing is not reachable"):
        require_service("Thing", ("127.0.0.1", closed_port()))


def test_require_service_fails_under_ci_when_the_service_is_down(monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match=r"Thing is not reachable .*CI is set"):
        require_service("Thing", ("127.0.0.1", closed_port()))
