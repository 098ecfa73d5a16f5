"""Django's messages, made for a request only when something reads or adds one.

``django.contrib.messages``' middleware builds the request's message storage
(a cookie store with its signer and a session store) on every request, and
asks it on every response whether it has anything to save. An API request
behind the gateway never uses messages; the admin and the sign-in pages do.
:class:`LazyMessageMiddleware` hands the request a storage that is built on
its first use and skips the response's step when it never was: an unused
storage has nothing to store, so the answer is the same.
"""

from __future__ import annotations

from typing import Any

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

__all__ = ["LazyMessageMiddleware"]


class LazyMessageMiddleware(MessageMiddleware):
    """``MessageMiddleware`` whose storage costs a request nothing until it is used.

    A subclass of Django's, so the admin's check (``admin.E409``) and code
    that looks for it find it.
    """

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> Any:
        messages = request.__dict__.get("_messages")
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response  # never built: nothing was read, added or is to be stored
        return super().process_response(request, response)
