"""Login pages for Keycloak: the realm step, the callback, and the behind-the-scenes form.

Redirect mode (the default)::

    GET  login     → the realm form (KEYCLOAK_TEMPLATE)
    POST login     → realm checked, browser sent to the realm's authorization endpoint
    GET  callback  → state, PKCE and tokens checked, user logged in, sent on to ``next``

Behind-the-scenes mode (``KEYCLOAK_BEHIND_SCENES``)::

    POST login     → realm, username and password checked by the realm's token endpoint
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import auth
from django.contrib.auth.views import LoginView
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from aether_kit.auth.responses import MethodNotAllowedMixin
from aether_kit.conf.kit_settings import kit_settings

from .backend import KeycloakBackend, require_keycloak_backend
from .errors import KeycloakError
from .forms import RealmForm, RealmPasswordForm

__all__ = ["KeycloakCallbackView", "KeycloakLoginView", "KeycloakPasswordLoginView"]

logger = logging.getLogger(__name__)


class KeycloakLoginView(LoginView):
    """Asks for the realm, then hands the browser over to that realm's Keycloak login page."""

    form_class = RealmForm  # type: ignore[assignment]

    template_name: str | None = None

    def get_template_names(self) -> list[str]:
        return [self.template_name or kit_settings.KEYCLOAK_TEMPLATE]

    def get_backend(self) -> KeycloakBackend:
        return require_keycloak_backend()

    def form_valid(self, form: Form) -> HttpResponse:
        url = self.get_backend().start_login(
            self.request, form.cleaned_data["realm"], next_url=self.get_redirect_url()
        )
        return HttpResponseRedirect(url)


@method_decorator(never_cache, name="dispatch")
class KeycloakCallbackView(MethodNotAllowedMixin, KeycloakLoginView):
    """Where Keycloak sends the browser back: finishes the sign-in or says why it cannot.

    A failure shows the realm form again with the reason and answers 400, so
    the user can start over; nothing is logged in.
    """

    # not HEAD: a prefetching client must not spend the sign-in
    http_method_names = ["get", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        backend = self.get_backend()
        try:
            flow = backend.get_login_flow(request, request.GET)
            user = auth.authenticate(request, keycloak_flow=flow, keycloak_callback=request.GET)
        except KeycloakError as exc:
            logger.warning("Keycloak sign-in failed: %s", exc)
            return self.failure(exc.message)
        if user is None:
            return self.failure(KeycloakError.message)
        auth.login(request, user)
        return HttpResponseRedirect(backend.get_success_url(request, flow.next_url))

    def failure(self, message: str) -> HttpResponse:
        form = self.get_form_class()(self.request)
        # an empty form for a new attempt, carrying the reason as its error
        form.full_clean()
        form.cleaned_data = {}
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class KeycloakPasswordLoginView(LoginView):
    """Realm, username and password on one page; Keycloak checks them behind the scenes."""

    form_class = RealmPasswordForm

    template_name: str | None = None

    def get_template_names(self) -> list[str]:
        return [self.template_name or kit_settings.KEYCLOAK_BEHIND_TEMPLATE]
