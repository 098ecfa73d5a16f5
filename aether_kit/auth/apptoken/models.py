"""A user's token for each external app, kept so the service can call the app on their behalf."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aether_kit.external.registry import UnknownExternalApp, get_external_app

__all__ = ["AppToken"]

logger = logging.getLogger(__name__)


class AppToken(models.Model):
    """The token ``user`` presents to the external app ``app`` (one of ``EXTERNAL_APPS``).

    The methods keep aether.sdk's names and answers: ``obtain_token`` asks the
    app for the user's token, ``validate_token`` checks the stored one still
    works and ``get_or_create_token`` combines both. A network failure
    (refused connection, timeout) raises ``requests.RequestException`` so the
    caller can tell "the app is down" from "the app said no".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="app_tokens",
        verbose_name=_("user"),
    )
    app = models.CharField(
        max_length=255,
        verbose_name=_("application"),
        help_text=_("One of the names in EXTERNAL_APPS."),
    )
    # None (not "") means "no token": the app refused or was never asked
    token = models.CharField(  # noqa: DJ001
        max_length=255,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("token"),
        help_text=_("The user's authorization token in the application."),
    )

    class Meta:
        app_label = "aether_kit"
        verbose_name = _("application token")
        verbose_name_plural = _("application tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "app"], name="aether_kit_unique_app_token"),
        ]

    def __str__(self) -> str:
        return f"{self.app} token of {self.user}"

    def __repr__(self) -> str:
        # the default would be harmless too; spelled out so no change ever adds the token
        has_token = self.token is not None
        return f"<AppToken app={self.app!r} user_id={self.user_id!r} has_token={has_token}>"

    def obtain_token(self, realm: str | None = None) -> str | None:
        """The user's token from the app itself, or None when the app is unknown or says no."""
        try:
            app = get_external_app(self.app)
        except UnknownExternalApp:
            return None
        from aether_kit.external.tokens import request_user_token  # the HTTP client, when used

        return request_user_token(app, self.user.get_username(), realm)

    def validate_token(self, realm: str | None = None) -> bool:
        """Whether the stored token still opens the app's token endpoint."""
        if self.token is None:
            return False
        try:
            app = get_external_app(self.app)
        except UnknownExternalApp:
            return False
        from aether_kit.external.tokens import is_token_valid  # the HTTP client, when used

        return is_token_valid(app, self.token, realm)

    def refresh_token(self, realm: str | None = None) -> str | None:
        """Replace the stored token with a fresh one from the app (None when refused) and save."""
        self.token = self.obtain_token(realm)
        self.save(update_fields=["token"])
        return self.token

    @classmethod
    def get_or_create_token(
        cls, user: Any, app_name: str, realm: str | None = None
    ) -> AppToken | None:
        """The user's working token for ``app_name``: the stored one if valid, else a new one.

        None when the app is not configured or will not give the user a token.
        """
        try:
            get_external_app(app_name)
        except UnknownExternalApp:
            return None
        app_token, _created = cls.objects.get_or_create(user=user, app=app_name)
        if not app_token.validate_token(realm):
            app_token.refresh_token(realm)
        return app_token if app_token.token is not None else None
