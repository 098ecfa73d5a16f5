"""``/check-ready``: readiness in the IETF "Health Check Response Format for HTTP APIs".

Anonymous callers (load balancers, orchestrators) get the verdict only —
``{"status": "pass"}`` — and the status code: 200 for pass and warn, 503 for
fail. Staff users also get one entry per check and component, with the time
it took and, for what is not passing, why.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View

from aether_kit.conf import kit_settings

from .probes import FAIL, CheckResult, run_checks, worst_status

__all__ = ["HEALTH_CONTENT_TYPE", "ReadinessView"]

HEALTH_CONTENT_TYPE = "application/health+json"


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ReadinessView(View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        results = run_checks()
        status = worst_status(results)
        body: dict[str, Any] = {"status": status}
        if self.show_details(request):
            body.update(self.details(results))
        response = HttpResponse(
            json.dumps(body),
            content_type=HEALTH_CONTENT_TYPE,
            status=503 if status == FAIL else 200,
        )
        response["Cache-Control"] = "no-store"
        return response

    def show_details(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_active and user.is_staff)

    def details(self, results: list[CheckResult]) -> dict[str, Any]:
        checks: dict[str, list[dict[str, Any]]] = {}
        for result in results:
            checks.setdefault(result.name, []).append(result.as_dict())
        return {
            "version": kit_settings.VERSION,
            "releaseId": kit_settings.REVISION,
            "serviceId": kit_settings.APP_NAME,
            "checks": checks,
        }
