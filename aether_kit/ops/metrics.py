"""Request metrics per view and realm, and the metrics endpoint for staff or a bearer token.

Label values must stay few: every distinct value is a time series kept
forever. The view label is the URL pattern's name (never the raw path), and
the realm label is the realm only for authenticated requests, while it looks
like a realm and fewer than ``METRICS_MAX_REALMS`` distinct realms have been
seen by the process; anything else is counted under ``other``. Anonymous
requests with a realm are counted under ``anonymous``: anyone can name any
realm in a cookie, a header or a gateway path, and made-up names would use up
the cap for the life of the process, after which real realms would count as
``other``. Requests without a realm are counted under ``none``.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from aether_kit._middleware import HybridMiddleware
from aether_kit.conf import kit_settings
from aether_kit.conf.optional import import_extra
from aether_kit.realms.names import REALM_PATTERN

__all__ = [
    "ANONYMOUS",
    "NO_REALM",
    "OTHER",
    "RealmLabels",
    "RealmMetricsMiddleware",
    "metrics_view",
]

NO_REALM = "none"
OTHER = "other"
ANONYMOUS = "anonymous"
UNRESOLVED_VIEW = "<unresolved>"


class RealmLabels:
    """Maps realms to label values, admitting at most ``limit`` distinct realms."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def label(self, realm: Any, limit: int) -> str:
        if not realm:
            return NO_REALM
        if not isinstance(realm, str) or not REALM_PATTERN.match(realm):
            return OTHER
        if realm in self._seen:
            return realm
        with self._lock:
            if len(self._seen) >= limit:
                return OTHER
            self._seen.add(realm)
        return realm

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


realm_labels = RealmLabels()
_metrics: dict[str, Any] = {}
_metrics_lock = threading.Lock()


def _prometheus() -> Any:
    return import_extra("prometheus_client", "metrics", feature="METRICS_ENABLED")


def request_metrics() -> dict[str, Any]:
    """The kit's two metrics, registered once per process on first use."""
    if not _metrics:
        prometheus = _prometheus()
        with _metrics_lock:
            if not _metrics:
                _metrics["requests"] = prometheus.Counter(
                    "aether_kit_requests_total",
                    "Requests answered, by view, realm, method and status code.",
                    ["view", "realm", "method", "status"],
                )
                _metrics["latency"] = prometheus.Histogram(
                    "aether_kit_request_duration_seconds",
                    "Time spent answering requests, by view and realm.",
                    ["view", "realm"],
                )
    return _metrics


class RealmMetricsMiddleware(HybridMiddleware):
    """Counts and times each request under its view name and (bounded) realm (sync and async)."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        super().__init__(get_response)
        self.metrics = request_metrics()

    def handle(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        return self.record(request, response, time.perf_counter() - started)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = await self.get_response(request)
        return self.record(request, response, time.perf_counter() - started)

    def record(self, request: HttpRequest, response: HttpResponse, elapsed: float) -> HttpResponse:
        view = self.view_label(request)
        realm = self.realm_label(request)
        method = request.method if request.method in KNOWN_METHODS else OTHER
        self.metrics["requests"].labels(view, realm, method, str(response.status_code)).inc()
        self.metrics["latency"].labels(view, realm).observe(elapsed)
        return response

    def realm_label(self, request: HttpRequest) -> str:
        """The realm for authenticated requests only; an anonymous caller's realm is unchecked.

        Read after the view ran, so that a user DRF authenticated in the view counts too.
        """
        realm = getattr(request, "realm", None)
        if not realm:
            return NO_REALM
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ANONYMOUS
        return realm_labels.label(realm, kit_settings.METRICS_MAX_REALMS)

    def view_label(self, request: HttpRequest) -> str:
        match = getattr(request, "resolver_match", None)
        if match is None:
            return UNRESOLVED_VIEW
        return match.view_name or match._func_path


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def has_metrics_token(request: HttpRequest) -> bool:
    """True for ``Authorization: Bearer <METRICS_TOKEN>``, compared in constant time."""
    expected = kit_settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), str(expected).encode())


def metrics_view(request: HttpRequest) -> HttpResponse:
    """``/admin/~prometheus/metrics``: the Prometheus text format, for staff or the token."""
    user = getattr(request, "user", None)
    is_staff = bool(user is not None and user.is_active and user.is_staff)
    if not (is_staff or has_metrics_token(request)):
        authenticated = bool(user is not None and user.is_authenticated)
        response = JsonResponse(
            {"detail": "Metrics are for staff users or holders of the metrics token."},
            status=403 if authenticated else 401,
        )
        if not authenticated:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    exports = import_extra("django_prometheus.exports", "metrics", feature="METRICS_ENABLED")
    response = exports.ExportToDjangoView(request)
    response["Cache-Control"] = "no-store"
    return response
