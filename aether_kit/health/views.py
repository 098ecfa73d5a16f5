"""Health endpoints with aether.sdk's exact status codes and bodies.

Probes call these every few seconds, so they stay cheap: ``/health`` touches
nothing, ``/check-db`` runs one ``SELECT 1`` per configured database and never
runs inside ``ATOMIC_REQUESTS`` (a transaction that cannot start would turn a
clear "database down" answer into Django's generic error page).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import View

from aether_kit.conf import kit_settings

__all__ = ["BAD_RESPONSE", "OK_RESPONSE", "CheckAppView", "CheckDbView", "HealthView"]

logger = logging.getLogger(__name__)

BAD_RESPONSE = "Always Look on the Bright Side of Life!!!"
OK_RESPONSE = "Brought to you by eHealth Africa - good tech for hard places"


class HealthView(View):
    """Liveness: 200 with an empty body, without database, session or authentication work."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse()


class _EveryDatabase(set[str]):
    """A ``_non_atomic_requests`` marker that exempts every alias, even one added later.

    ``transaction.non_atomic_requests`` names aliases one by one, and Django
    checks the marker against each database with ``ATOMIC_REQUESTS`` on.
    """

    def __contains__(self, alias: object) -> bool:
        return True


class CheckDbView(View):
    """200 when every database in ``HEALTH_CHECK_DATABASES`` answers, 500 otherwise."""

    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        view = super().as_view(**initkwargs)
        view._non_atomic_requests = _EveryDatabase()  # type: ignore[attr-defined]
        return view

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        down = [alias for alias in self.get_databases() if not self.check_database(alias)]
        if down:
            return HttpResponse(BAD_RESPONSE, status=500)
        return HttpResponse(OK_RESPONSE)

    def get_databases(self) -> list[str]:
        return list(kit_settings.HEALTH_CHECK_DATABASES)

    def check_database(self, alias: str) -> bool:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as error:
            # any failure (refused, timed out, misconfigured backend) means "not available"
            logger.warning(
                "database %r is not available: %s: %s", alias, type(error).__name__, error
            )
            # a broken connection must not be reused: the next check reconnects,
            # so the endpoint recovers as soon as the server is back
            connection.close()
            return False
        return True


class CheckAppView(View):
    """The application's name, version and revision as JSON."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return JsonResponse(
            {
                "app_name": kit_settings.APP_NAME,
                "app_version": kit_settings.VERSION,
                "app_revision": kit_settings.REVISION,
            }
        )
