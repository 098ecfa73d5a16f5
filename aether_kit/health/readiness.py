"""``/check-ready``: readiness in the IETF "Health Check Response Format for HTTP APIs".

Anonymous callers (load balancers, orchestrators) get the verdict only —
``{"status": "pass"}`` — and the status code: 200 for pass and warn, 503 for
fail. Staff users also get one entry per check and component, with the time
it took and, for what is not passing, why — however they authenticate: a
session or the gateway's middleware, or the credentials the API takes (DRF's
authentication classes: a token, basic, the gateway's header), since an
operator checks readiness with the same credentials as the API.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

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
        user = self.get_caller(request)
        return bool(user is not None and user.is_active and user.is_staff)

    def get_caller(self, request: HttpRequest) -> Any:
        """The user Django's middleware set, else the one the API's authentication finds.

        A probe is no API view, so DRF never ran; credentials it would refuse (a
        wrong token, an identity provider that cannot be reached) leave the caller
        anonymous: the verdict is still answered, only without details.
        """
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        classes: list[Any] = list(api_settings.DEFAULT_AUTHENTICATION_CLASSES)
        authenticators = [auth() for auth in classes]
        try:
            return Request(request, authenticators=authenticators).user
        except APIException:
            return None

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
