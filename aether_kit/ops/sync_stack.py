"""One hand-over to a thread per request under ASGI, instead of one per Django middleware hook.

Under ASGI Django runs each middleware in the mode of the handler it wraps.
Django's own middleware (sessions, CSRF, authentication, messages, security
headers …) are written as ``process_request``/``process_response`` hooks that
are sync code; in async mode each hook is handed to a thread and back, some
ten hand-overs a request for the README's stack, each costing more than the
hook's own work. This middleware is sync-only and goes last: Django then runs
every middleware above it in sync mode, in the request's one thread, and hands
over once on the way in (and once for the view). Under WSGI it does nothing.

The cost moves to async views: with it, an ``async def`` view is awaited
through one more hand-over. A service of async views leaves it out
(``kit_middleware(env)`` omits it with ``ASGI_SYNC_STACK=false``). A project
that adds middleware of its own after it gets those run in async mode (or
adapted once, if sync-only) and everything above still in one thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

__all__ = ["SyncStackMiddleware"]


class SyncStackMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)
