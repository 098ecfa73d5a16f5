"""``AppTokenAdmin``: the tokens in the admin, without the tokens themselves.

Not registered by the kit (composition by hand): ``admin.site.register(AppToken, AppTokenAdmin)``.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import AppToken

__all__ = ["AppTokenAdmin"]


class AppTokenAdmin(admin.ModelAdmin):
    """Lists and deletes app tokens; deleting one makes the next call obtain a fresh token."""

    list_display = ("user", "app", "has_token")
    list_filter = ("app",)
    search_fields = ("user__username", "app")
    fields = ("user", "app", "has_token")
    readonly_fields = ("user", "app", "has_token")

    @admin.display(boolean=True, description="has a token")
    def has_token(self, app_token: AppToken) -> bool:
        return app_token.token is not None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
