"""Hand a stored file (a remote URL or a local path) to the client as a download."""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from django.http import FileResponse, JsonResponse

from aether_kit.breaker import retry_after

from .session import DependencyUnavailable, get_session, url_for_logs

__all__ = ["get_file_content"]

logger = logging.getLogger(__name__)

REMOTE_SCHEMES = ("http", "https")
# answer headers of the file server worth passing on
PASSED_HEADERS = ("Content-Type", "Last-Modified", "ETag")


def get_file_content(
    file_name: str | None, file_url: str, as_attachment: bool = False
) -> FileResponse | JsonResponse:
    """A streaming response with the content of ``file_url``.

    An ``http(s)`` URL (typically a storage's signed URL) is fetched through
    the kit's session and streamed, keeping the file server's status and
    content type; anything else is opened as a local file. The download is
    named after the last part of ``file_name``, else of ``file_url``. With
    ``as_attachment`` the browser saves the file, and cross-origin callers
    may read ``Content-Disposition``.

    A file server that cannot be reached answers 502, one that does not
    answer in time 504, each with a JSON ``detail`` (as the app proxy
    does): the view stays a clear answer rather than a 500. Until its
    back-off is over, a server that just failed answers 503 at once.

    ``file_url`` must come from the service (a storage backend, a model
    field), never from the client: a local path is opened as given.
    """
    filename = (file_name or urlsplit(file_url).path or file_url).rstrip("/").split("/")[-1]
    headers: dict[str, Any] = {}
    if urlsplit(file_url).scheme in REMOTE_SCHEMES:
        session = get_session()
        try:
            remote = session.get(file_url, stream=True)
        except requests.RequestException as error:
            session.close()
            return _unreachable(file_url, error)
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


def _unreachable(file_url: str, error: requests.RequestException) -> JsonResponse:
    """The 504 (too slow) or 502 (no usable answer) for a file server that failed."""
    # a signed URL's query string is a credential: it stays out of the log
    logger.warning(
        "the file %s could not be fetched: %s", url_for_logs(file_url), error.__class__.__name__
    )
    if isinstance(error, DependencyUnavailable):
        response = JsonResponse(
            {"detail": "The file server is unavailable; try again later."}, status=503
        )
        response["Retry-After"] = str(retry_after(error.retry_in))
        return response
    if isinstance(error, requests.Timeout):
        return JsonResponse({"detail": "The file server did not answer in time."}, status=504)
    return JsonResponse({"detail": "The file server could not be reached."}, status=502)


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
