"""The user tokens page and the proxy that calls an external app on the user's behalf."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import requests
import urllib3
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from aether_kit.auth.responses import MethodNotAllowedMixin
from aether_kit.breaker import retry_after
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import (
    DependencyUnavailable,
    ExternalApp,
    UnknownExternalApp,
    get_external_app,
    get_external_app_names,
    get_session,
)

from .decorators import tokens_page_url
from .operations import NoAppToken, credentials_for, renew_token, user_token_statuses
from .request_context import current_realm, gateway_token, path_realm

__all__ = ["HOP_BY_HOP_HEADERS", "TokenProxyView", "UserTokensView"]

logger = logging.getLogger(__name__)

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"

# RFC 9110 §7.6.1: meaningful for one connection only, never forwarded
HOP_BY_HOP_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# the client's credentials for *this* service and headers the proxy sets itself
REQUEST_HEADERS_NOT_FORWARDED = frozenset(
    {"host", "content-length", "cookie", "authorization", "x-csrftoken"}
)
# the app's cookies and CORS answers are about the app's origin, not this one
RESPONSE_HEADERS_NOT_COPIED = frozenset({"set-cookie", "server", "date"})


class UserTokensView(LoginRequiredMixin, TemplateView):
    """The signed-in user's external apps and whether their token works (never the token)."""

    template_name = "aether_kit/tokens.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["user_tokens"] = user_token_statuses(self.request.user, path_realm(self.request))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Get (or renew) the user's token for the app named by the ``app`` field."""
        app_name = request.POST.get("app", "")
        if app_name not in get_external_app_names():
            return _reason(f"'{app_name}' is not one of the external apps.", 400)
        if renew_token(request.user, app_name, path_realm(request)):
            messages.success(
                request, gettext("A new token for %(app)s is stored.") % {"app": app_name}
            )
        else:
            messages.error(
                request,
                gettext("%(app)s gave no token: it refused, or did not answer.")
                % {"app": app_name},
            )
        # back to the page by GET, so that reloading it does not ask again
        return HttpResponseRedirect(request.get_full_path(), status=303)


def is_relative_path(path: str) -> bool:
    """Whether ``path`` stays below the app's URL: no dot segment, however encoded.

    Django has decoded the path once; the app's server may decode it again, so
    ``%2e%2e`` and ``%252e%252e`` count as ``..`` too. A backslash is a
    separator to some servers.
    """
    for segment in path.split("/"):
        decoded = segment
        for _ in range(3):
            decoded = unquote(decoded)
        if decoded in (".", "..") or "/" in decoded or "\\" in decoded:
            return False
    return True


def _reason(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class TokenProxyView(MethodNotAllowedMixin, View):
    """Forwards any request under its URL to the external app ``app_name``.

    Mount one subclass per app with a wildcard ``path`` argument::

        class KernelProxyView(TokenProxyView):
            app_name = "kernel"

        path("kernel/<path:path>", KernelProxyView.as_view())

    The method, the rest of the path, the raw query string and the body go to
    ``<APP>_URL/<path>``. The call carries the user's app token
    (``Authorization: Token …``) or, when the gateway put its token on the
    request, that token instead; the current realm travels in the
    ``REALM_COOKIE`` header. The client's own ``Authorization``, cookies and
    ``Host`` and the hop-by-hop headers stay behind. The answer streams back
    with its status and content headers. An app that cannot be reached
    answers 502, one that does not answer in time 504, and a user without a
    token 403, each with a JSON ``detail``.

    CSRF: the body is read before the CSRF check runs (Django's middleware
    would otherwise consume a multipart body while looking for the form
    token); requests carrying the gateway token need no CSRF token.
    """

    app_name: str | None = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    chunk_size = 64 * 1024

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method is None or request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        try:
            app = get_external_app(self.app_name or "")
        except UnknownExternalApp:
            logger.error(
                "%s proxies to %r, which is not in EXTERNAL_APPS",
                type(self).__name__,
                self.app_name,
            )
            return _reason(f"The external app '{self.app_name}' is not configured.", 500)

        try:
            body = request.body
        except RequestDataTooBig:
            return _reason("The request body is larger than this proxy accepts.", 413)

        path = kwargs.get("path") or ""
        if not is_relative_path(path):
            return _reason("The path must stay inside the external app.", 400)
        uses_gateway = gateway_token(request) is not None
        if not uses_gateway:
            if not request.user.is_authenticated:
                return _reason("Authentication credentials were not provided.", 403)
            rejected = self.check_csrf(request)
            if rejected is not None:
                return rejected

        return self.forward(request, app, path, body)

    def check_csrf(self, request: HttpRequest) -> HttpResponseBase | None:
        """Django's CSRF check, run after the body was read (see the class docstring)."""
        if CSRF_MIDDLEWARE not in settings.MIDDLEWARE:
            return None
        return CsrfViewMiddleware(_not_called).process_view(request, _not_called, (), {})

    # -- building the outbound request -------------------------------------------------------

    def get_url(self, request: HttpRequest, app: ExternalApp, path: str) -> str:
        url = app.url_for(path, path_realm(request))
        query = request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url

    def get_headers(self, request: HttpRequest) -> dict[str, str]:
        """The client's end-to-end headers plus the realm; credentials are added separately."""
        connection_named = {
            name.strip().lower() for name in request.headers.get("Connection", "").split(",")
        }
        skipped = (
            HOP_BY_HOP_HEADERS
            | REQUEST_HEADERS_NOT_FORWARDED
            | connection_named
            | {kit_settings.GATEWAY_HEADER_TOKEN.lower(), kit_settings.REALM_COOKIE.lower()}
        )
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in skipped and value
        }
        realm = path_realm(request) or current_realm(request)
        if realm:
            headers[kit_settings.REALM_COOKIE] = realm
        return headers

    def send(
        self,
        session: requests.Session,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
    ) -> requests.Response:
        return session.request(
            method,
            url,
            headers=headers,
            data=body or None,
            stream=True,
            allow_redirects=False,
        )

    def forward(
        self, request: HttpRequest, app: ExternalApp, path: str, body: bytes
    ) -> HttpResponseBase:
        method = str(request.method)
        url = self.get_url(request, app, path)
        headers = self.get_headers(request)
        session = get_session()
        try:
            credentials = credentials_for(request, app.name)
            upstream = self.send(session, method, url, {**headers, **credentials}, body)
            if upstream.status_code in (401, 403) and gateway_token(request) is None:
                # the stored token may have expired: renew it and ask once more
                fresh = credentials_for(request, app.name, refresh=True)
                if fresh != credentials:
                    upstream.close()
                    upstream = self.send(session, method, url, {**headers, **fresh}, body)
        except NoAppToken:
            session.close()
            return _reason(
                f"You have no valid token for the external app '{app.name}'; "
                f"see {tokens_page_url(request)}.",
                403,
            )
        except DependencyUnavailable as error:
            session.close()
            # the app failed moments ago: answer at once, without calling it again
            response = _reason(
                f"The external app '{app.name}' is unavailable; try again later.", 503
            )
            response["Retry-After"] = str(retry_after(error.retry_in))
            return response
        except requests.Timeout:
            session.close()
            logger.warning("app %r did not answer %s %s in time", app.name, method, _shown(url))
            return _reason(f"The external app '{app.name}' did not answer in time.", 504)
        except requests.RequestException as error:
            session.close()
            logger.warning(
                "app %r could not be reached for %s %s: %s",
                app.name,
                method,
                _shown(url),
                type(error).__name__,
            )
            return _reason(f"The external app '{app.name}' could not be reached.", 502)
        return self.build_response(request, upstream, session)

    # -- answering -------------------------------------------------------------------------

    def build_response(
        self, request: HttpRequest, upstream: requests.Response, session: requests.Session
    ) -> HttpResponseBase:
        response: HttpResponse | StreamingHttpResponse
        if request.method == "HEAD" or upstream.status_code in (204, 304):
            upstream.close()
            session.close()
            response = HttpResponse(status=upstream.status_code)
        else:
            response = StreamingHttpResponse(
                self.stream(upstream, session), status=upstream.status_code
            )
        response.reason_phrase = upstream.reason or response.reason_phrase
        for name, value in upstream.headers.items():
            lowered = name.lower()
            if (
                lowered in HOP_BY_HOP_HEADERS
                or lowered in RESPONSE_HEADERS_NOT_COPIED
                or lowered.startswith("access-control-")
            ):
                continue
            response[name] = value
        if "Content-Type" not in upstream.headers and "Content-Type" in response:
            del response["Content-Type"]
        return response

    def stream(self, upstream: requests.Response, session: requests.Session) -> Iterator[bytes]:
        """The body as the app sent it (still compressed, if it was), as it arrives.

        Each chunk is passed on as soon as it is read, up to ``chunk_size``
        bytes, rather than after a full ``chunk_size`` has arrived, so a slow
        or long-polling app's answer reaches the client as it goes.
        """
        try:
            yield from _arriving_chunks(upstream.raw, self.chunk_size)
        except urllib3.exceptions.HTTPError as error:
            # the status line has gone out already: all that is left is to stop
            logger.warning(
                "the answer from %s broke off: %s", _shown(upstream.url), type(error).__name__
            )
        finally:
            upstream.close()
            session.close()


def _arriving_chunks(raw: Any, size: int) -> Iterator[bytes]:
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # urllib3 before 2.1 has no read1: whole chunks only
        yield from raw.stream(size, decode_content=False)
        return
    while chunk := read1(size, decode_content=False):
        yield chunk


def _not_called(request: HttpRequest) -> HttpResponse:
    """Stands in for the view in the CSRF check, which only needs to know it is not exempt."""
    return HttpResponse(status=500)


def _shown(url: str) -> str:
    """The URL without its query string, which may carry anything."""
    return url.split("?", 1)[0]
