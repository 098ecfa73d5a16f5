"""Hand a stored file (a remote URL or a local path) to the client as a download."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import requests
from django.http import FileResponse

from .session import get_session

__all__ = ["get_file_content"]

REMOTE_SCHEMES = ("http", "https")
# answer headers of the file server worth passing on
PASSED_HEADERS = ("Content-Type", "Last-Modified", "ETag")


def get_file_content(
    file_name: str | None, file_url: str, as_attachment: bool = False
) -> FileResponse:
    """A streaming response with the content of ``file_url``.

    An ``http(s)`` URL (typically a storage's signed URL) is fetched through
    the kit's session and streamed, keeping the file server's status and
    content type; anything else is opened as a local file. The download is
    named after the last part of ``file_name``, else of ``file_url``. With
    ``as_attachment`` the browser saves the file, and cross-origin callers
    may read ``Content-Disposition``.

    ``file_url`` must come from the service (a storage backend, a model
    field), never from the client: a local path is opened as given.
    """
    filename = (file_name or urlsplit(file_url).path or file_url).rstrip("/").split("/")[-1]
    headers: dict[str, Any] = {}
    if urlsplit(file_url).scheme in REMOTE_SCHEMES:
        session = get_session()
        remote = session.get(file_url, stream=True)
        remote.raw.decode_content = True
        response = FileResponse(
            _RemoteFile(remote, session),
            as_attachment=as_attachment,
            filename=filename,
            status=remote.status_code,
        )
        headers = {name: remote.headers[name] for name in PASSED_HEADERS if name in remote.headers}
    else:
        response = FileResponse(
            open(os.path.abspath(file_url), "rb"),  # noqa: SIM115 - closed by the response
            as_attachment=as_attachment,
            filename=filename,
        )
    for name, value in headers.items():
        response[name] = value
    if as_attachment:
        response["Access-Control-Expose-Headers"] = "Content-Disposition"
    return response


class _RemoteFile:
    """The streamed body of a remote answer; closing it frees the connection and session."""

    def __init__(self, response: requests.Response, session: requests.Session) -> None:
        self._response = response
        self._session = session

    def read(self, size: int = -1) -> bytes:
        return bytes(self._response.raw.read(None if size < 0 else size) or b"")

    def close(self) -> None:
        self._response.close()
        self._session.close()
