"""The base of the kit's middleware: one class serving both WSGI and ASGI without a switch.

Django adapts a middleware that is sync-only by running it in a thread when
the stack is served over ASGI (and an async-only one in an event loop under
WSGI): each adaptation is a hand-over between the event loop and a thread
pool, paid on every request. A middleware built on this base declares both
capabilities; Django hands it a coroutine ``get_response`` under ASGI, and
``__call__`` then returns the coroutine of :meth:`__acall__`.

Subclasses write :meth:`handle` (sync) and :meth:`__acall__` (async). Work
that may block (database, network) goes through ``sync_to_async`` in
``__acall__``; context variables set there (realm, request id) are seen by
the code it awaits, threads included, as ``sync_to_async`` copies the context.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest

__all__ = ["HybridMiddleware"]


class HybridMiddleware(ABC):
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        return self.handle(request)

    @abstractmethod
    def handle(self, request: HttpRequest) -> Any:
        """The request under WSGI: ``self.get_response(request)`` and the work around it."""

    @abstractmethod
    async def __acall__(self, request: HttpRequest) -> Any:
        """The same under ASGI, awaiting ``self.get_response(request)``."""
