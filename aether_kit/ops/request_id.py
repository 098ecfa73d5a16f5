"""A request id for every request: taken from the caller when sound, made up otherwise.

The id is kept in a ``ContextVar`` for the logging filter to stamp on every
record, set on ``request.request_id`` and echoed in the response header, so
one id ties the gateway's, this service's and the client's logs together.
An incoming id is used only if it is 1 to 128 letters, digits, ``-``, ``_``,
``.`` or ``:`` — anything else (log injection, a megabyte of header) is
replaced by a fresh one.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from aether_kit._middleware import HybridMiddleware
from aether_kit.conf import kit_settings

__all__ = [
    "RequestIdMiddleware",
    "get_request_id",
    "is_valid_request_id",
    "new_request_id",
]

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

_request_id: ContextVar[str | None] = ContextVar("aether_kit_request_id", default=None)


def get_request_id() -> str | None:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def is_valid_request_id(value: str | None) -> bool:
    return bool(value and REQUEST_ID_PATTERN.match(value))


class RequestIdMiddleware(HybridMiddleware):
    """Put it first in MIDDLEWARE so that every later log line carries the id.

    Sync and async: under ASGI the id is set in the request's task, and every
    view, thread and log record of the request sees it.
    """

    def request_id(self, request: HttpRequest) -> str:
        incoming = request.headers.get(kit_settings.REQUEST_ID_HEADER)
        request_id = incoming if incoming and is_valid_request_id(incoming) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        return request_id

    def handle(self, request: HttpRequest) -> HttpResponse:
        request_id = self.request_id(request)
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[kit_settings.REQUEST_ID_HEADER] = request_id
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        request_id = self.request_id(request)
        token = _request_id.set(request_id)
        try:
            response = await self.get_response(request)
        finally:
            _request_id.reset(token)
        response[kit_settings.REQUEST_ID_HEADER] = request_id
        return response
