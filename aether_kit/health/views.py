"""Health endpoints with aether.sdk's exact status codes and bodies.

Probes call these every few seconds, so they stay cheap: ``/health`` touches
nothing, ``/check-db`` runs one ``SELECT 1`` per configured database and never
runs inside ``ATOMIC_REQUESTS`` (a transaction that cannot start would turn a
clear "database down" answer into Django's generic error page).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
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


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class CheckDbView(View):
    """200 when every database in ``HEALTH_CHECK_DATABASES`` answers, 500 otherwise."""

    http_method_names = ["get", "head"]

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
        except DatabaseError as error:
            logger.warning("database %r is not available: %s", alias, error)
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
