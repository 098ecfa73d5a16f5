"""Logout by POST only, whatever the Django version.

A logout link that answers GET lets any page log the user out with an
``<img src>``; Django refuses GET since 5.0, and this view keeps refusing it
whatever the parent view allows. When the user signed in
with Keycloak, the Keycloak session ends too (see
:mod:`aether_kit.auth.keycloak.signals`): server side, or by sending the
browser to the provider's ``end_session_endpoint`` (RP-initiated logout). A
logout the provider did not confirm is shown to the user (502), not hidden.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from aether_kit.conf.kit_settings import kit_settings

from .responses import MethodNotAllowedMixin

__all__ = ["LogoutView"]


class LogoutView(MethodNotAllowedMixin, views.LogoutView):
    http_method_names = ["post", "options"]
    # None: LOGGED_OUT_TEMPLATE, read per request; as_view(template_name=...) overrides
    template_name: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # refused before Django's LogoutView sees the request
        if request.method is None or request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        return [self.template_name or kit_settings.LOGGED_OUT_TEMPLATE]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        from .keycloak.backend import LOGOUT_OUTCOME_ATTRIBUTE
        from .keycloak.errors import KeycloakError

        outcome = getattr(request, LOGOUT_OUTCOME_ATTRIBUTE, None)
        if isinstance(outcome, str):
            # RP-initiated logout: the provider ends its session in the browser
            return HttpResponseRedirect(outcome)
        if isinstance(outcome, KeycloakError):
            context = self.get_context_data(logout_error=outcome.message)
            return self.render_to_response(context, status=502)
        return response
