"""get_file_content streams a remote or local file back as a download."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aether_kit.external import TimeoutSession, get_file_content
from tests.external.servers import RoutesServer, serve
from tests.fake_external_app import FakeExternalApp

# a hanging file server never answers, so a download without a timeout fails this guard
hang_guard = pytest.mark.timeout(10)


@pytest.fixture
def file_server() -> Iterator[RoutesServer]:
    with serve(
        {
            "/files/report.csv": (200, {"Content-Type": "text/csv", "ETag": '"v1"'}, b"a,b\n1,2\n"),
            "/files/gone.csv": (404, {"Content-Type": "text/plain"}, b"no such file"),
        }
    ) as server:
        yield server


@pytest.fixture
def short_timeouts(settings: Any) -> None:
    settings.REQUEST_CONNECT_TIMEOUT = 1.0
    settings.REQUEST_READ_TIMEOUT = 0.3
    settings.REQUEST_ERROR_RETRIES = 1


@pytest.fixture
def closed_sessions(monkeypatch: pytest.MonkeyPatch) -> list[TimeoutSession]:
    """Every session closed during the test, in order."""
    closed: list[TimeoutSession] = []
    close = TimeoutSession.close

    def recording_close(session: TimeoutSession) -> None:
        closed.append(session)
        close(session)

    monkeypatch.setattr(TimeoutSession, "close", recording_close)
    return closed


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def detail(response: Any) -> str:
    return str(json.loads(response.content)["detail"])


def test_remote_file_is_streamed_with_its_content_type(file_server: RoutesServer) -> None:
    response = get_file_content(None, f"{file_server.url}/files/report.csv")

    assert response.status_code == 200
    assert body(response) == b"a,b\n1,2\n"
    assert response["Content-Type"] == "text/csv"
    assert response["ETag"] == '"v1"'
    assert response["Content-Disposition"] == 'inline; filename="report.csv"'
    assert "Access-Control-Expose-Headers" not in response


def test_attachment_is_named_after_file_name_and_readable_cross_origin(
    file_server: RoutesServer,
) -> None:
    response = get_file_content("exports/2024/q1.csv", f"{file_server.url}/files/report.csv", True)

    assert response["Content-Disposition"] == 'attachment; filename="q1.csv"'
    assert response["Access-Control-Expose-Headers"] == "Content-Disposition"


def test_remote_error_status_is_passed_on(file_server: RoutesServer) -> None:
    response = get_file_content(None, f"{file_server.url}/files/gone.csv")

    assert response.status_code == 404
    assert body(response) == b"no such file"


def test_local_file_is_served_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"abc")

    response = get_file_content(None, str(path), as_attachment=True)

    assert body(response) == b"abc"
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["Content-Type"] == "text/plain"


def test_a_file_server_that_refuses_is_a_bad_gateway(short_timeouts: None, down_url: str) -> None:
    response = get_file_content(None, f"{down_url}/files/report.csv")

    assert response.status_code == 502
    assert "could not be reached" in detail(response)


@hang_guard
def test_a_file_server_that_hangs_is_a_gateway_timeout(
    short_timeouts: None, fake_app: FakeExternalApp
) -> None:
    response = get_file_content(None, f"{fake_app.url}/slow")

    assert response.status_code == 504
    assert "in time" in detail(response)


def test_a_failed_download_closes_its_session(
    short_timeouts: None, down_url: str, closed_sessions: list[TimeoutSession]
) -> None:
    get_file_content(None, f"{down_url}/files/report.csv")

    assert len(closed_sessions) == 1
