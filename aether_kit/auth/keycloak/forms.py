"""The realm form (first step of every Keycloak login) and the behind-the-scenes login form."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aether_kit.multitenancy.realms import InvalidRealm, validate_realm

from .backend import KeycloakBackend, require_keycloak_backend
from .errors import KeycloakError, KeycloakUnavailable

__all__ = ["RealmForm", "RealmPasswordForm"]

logger = logging.getLogger(__name__)


class RealmFieldMixin:
    """A ``realm`` field whose value is a valid name of a realm Keycloak knows."""

    cleaned_data: dict[str, Any]

    def get_backend(self) -> KeycloakBackend:
        return require_keycloak_backend()

    def clean_realm(self) -> str:
        try:
            realm = validate_realm(self.cleaned_data.get("realm"))
        except InvalidRealm as exc:
            raise forms.ValidationError(str(exc), code="invalid_realm") from exc
        try:
            exists = self.get_backend().realm_exists(realm)
        except KeycloakUnavailable as exc:
            logger.warning("Realm check failed: %s", exc)
            raise forms.ValidationError(exc.message, code="unavailable") from exc
        if not exists:
            raise forms.ValidationError(
                _("Unknown realm %(realm)s."), code="unknown_realm", params={"realm": realm}
            )
        return realm


class RealmForm(RealmFieldMixin, forms.Form):
    """Redirect mode: which realm to sign in to; Keycloak asks for the rest."""

    realm = forms.CharField(
        label=_("Realm"),
        max_length=63,
        strip=True,
        widget=forms.TextInput(attrs={"autofocus": True, "autocapitalize": "none"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        # LoginView hands the request to its form
        self.request = request
        super().__init__(*args, **kwargs)


class RealmPasswordForm(RealmFieldMixin, AuthenticationForm):
    """Behind-the-scenes mode: realm, username and password, checked by the realm itself."""

    realm = forms.CharField(
        label=_("Realm"),
        max_length=63,
        strip=True,
        widget=forms.TextInput(attrs={"autocapitalize": "none"}),
    )

    field_order = ["realm", "username", "password"]

    def clean(self) -> dict[str, Any]:
        realm = self.cleaned_data.get("realm")
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if realm and username and password:
            try:
                self.user_cache = authenticate(
                    self.request, realm=realm, username=username, password=password
                )
            except KeycloakError as exc:
                logger.warning("Keycloak login into realm %s failed: %s", realm, exc)
                raise forms.ValidationError(exc.message, code="keycloak") from exc
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
