"""get_file_content streams a remote or local file back as a download."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aether_kit.external import get_file_content
from tests.external.servers import RoutesServer, serve


@pytest.fixture
def file_server() -> Iterator[RoutesServer]:
    with serve(
        {
            "/files/report.csv": (200, {"Content-Type": "text/csv", "ETag": '"v1"'}, b"a,b\n1,2\n"),
            "/files/gone.csv": (404, {"Content-Type": "text/plain"}, b"no such file"),
        }
    ) as server:
        yield server


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


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
