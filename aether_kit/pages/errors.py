"""Branded 400, 403, 404 and 500 pages, and their JSON form for API clients.

One line in the project's root ``urls.py`` wires them::

    from aether_kit.pages.errors import handler400, handler403, handler404, handler500  # noqa: F401

A browser gets the page in the kit's look (``aether_kit/errors/<status>.html``,
overridable one template at a time); a client that asks for JSON, or sends
it, gets ``{"detail": "..."}`` as DRF's own errors look. DRF views answer
their errors themselves; these handlers serve everything else: unknown URLs,
Django views, middleware refusals, crashes.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

__all__ = [
    "ErrorPage",
    "handler400",
    "handler403",
    "handler404",
    "handler500",
    "wants_json",
]

logger = logging.getLogger(__name__)

JSON_TYPES = ("application/json", "application/problem+json")


def wants_json(request: HttpRequest) -> bool:
    """An API client: it asks for JSON, sends JSON, or does not take HTML at all."""
    accept = request.headers.get("Accept", "")
    if any(kind in accept for kind in JSON_TYPES):
        return True
    if request.content_type in JSON_TYPES:
        return True
    return bool(accept) and not request.accepts("text/html")


class ErrorPage:
    """One error answer: its status, its message, and the template of its page.

    Subclass and override :meth:`detail`, :meth:`render_page` or :meth:`render_json`
    to change one step; ``ErrorPage(404)`` is what :data:`handler404` does.
    """

    titles = {
        400: "Bad request",
        403: "Access denied",
        404: "Page not found",
        500: "Something went wrong",
    }
    details = {
        400: "The request could not be understood.",
        403: "You do not have permission to perform this action.",
        404: "Not found.",
        500: "A server error occurred.",
    }

    def __init__(self, status: int) -> None:
        self.status = status

    def __call__(self, request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        if wants_json(request):
            return self.render_json(request, exception)
        return self.render_page(request, exception)

    def detail(self, exception: Exception | None) -> str:
        """The message: the reason a 403 names, else the status' own (a 404 never echoes a path)."""
        if self.status == 403 and exception is not None and str(exception):
            return str(exception)
        return _(self.details[self.status])

    def render_json(self, request: HttpRequest, exception: Exception | None) -> HttpResponse:
        return JsonResponse({"detail": self.detail(exception)}, status=self.status)

    def render_page(self, request: HttpRequest, exception: Exception | None) -> HttpResponse:
        context: dict[str, Any] = {
            "status": self.status,
            "title": _(self.titles[self.status]),
            "detail": self.detail(exception),
        }
        name = f"aether_kit/errors/{self.status}.html"
        try:
            body = loader.render_to_string(name, context, request)
        except Exception:
            if self.status != 500:
                raise
            # a 500 page must not fail in turn: no context processors, no request
            logger.exception("the branded 500 page could not be rendered")
            return HttpResponse(
                f"<h1>{context['title']}</h1><p>{context['detail']}</p>",
                status=500,
            )
        return HttpResponse(body, status=self.status)


def _server_error(request: HttpRequest) -> HttpResponse:
    return ErrorPage(500)(request)


# Django's names, imported into the root URLconf
handler400 = ErrorPage(400)
handler403 = ErrorPage(403)
handler404 = ErrorPage(404)
handler500 = _server_error
