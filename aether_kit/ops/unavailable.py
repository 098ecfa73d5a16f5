"""A database that is down answers 503 with a JSON reason, not Django's 500 page.

Django turns every uncaught exception into a 500, whether the code is wrong
or the database cannot be reached; a client (or a load balancer) cannot tell
"retry later" from "this is a bug". :class:`DatabaseUnavailableMiddleware`
answers a request that failed on a database connection error
(``OperationalError``, ``InterfaceError``) with 503 and
``{"detail": "The database is unavailable; try again later."}``; any other
error stays a 500.

Django converts an exception into its response inside each middleware, so no
middleware can catch another's exception; but it sends
``got_request_exception`` with the request, while the exception is being
handled, before building the 500. The middleware's receiver notes a database
error on the request, and the middleware, placed near the top of
``MIDDLEWARE``, swaps the 500 for the 503 on the way out. With ``DEBUG`` on
Django's debug page is kept.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

from aether_kit._middleware import HybridMiddleware

__all__ = ["DATABASE_UNAVAILABLE", "DatabaseUnavailableMiddleware"]

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "The database is unavailable; try again later."
# where the receiver leaves the error for the middleware
_ERROR_ATTRIBUTE = "_aether_kit_database_error"
# errors of the connection to the database, not of the query
CONNECTION_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def _note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, CONNECTION_ERRORS):
        request.__dict__[_ERROR_ATTRIBUTE] = error


class DatabaseUnavailableMiddleware(HybridMiddleware):
    """Place it right after ``RequestIdMiddleware``, above everything that reads the database.

    Sync and async: under ASGI it costs no hand-over to a thread.
    """

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        super().__init__(get_response)
        got_request_exception.connect(
            _note_database_error, dispatch_uid="aether_kit.ops.unavailable"
        )

    def handle(self, request: HttpRequest) -> HttpResponse:
        return self.answer(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return self.answer(request, await self.get_response(request))

    def answer(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """The view's response, or a 503 when it was a 500 from a database that is down."""
        error = request.__dict__.pop(_ERROR_ATTRIBUTE, None)
        if error is None or response.status_code != 500 or settings.DEBUG:
            return response
        logger.warning("answered 503: the database is unavailable (%s)", type(error).__name__)
        return self.unavailable_response(request, error)

    def unavailable_response(self, request: HttpRequest, error: Exception) -> HttpResponse:
        """The 503; override to answer in another shape."""
        return JsonResponse({"detail": DATABASE_UNAVAILABLE}, status=503)
