"""What ``setup_admin`` and ``create_user`` share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def replace_token(command: BaseCommand, user: Any, key: str, shown_name: str) -> None:
    """Give ``user`` exactly the DRF auth token ``key``; skipped without the authtoken app."""
    if "rest_framework.authtoken" not in settings.INSTALLED_APPS:
        command.stderr.write("rest_framework.authtoken is not installed: token not set")
        return
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    command.stdout.write(f'Deleted previous token for user "{shown_name}"')
    Token.objects.create(user=user, key=key)
    command.stdout.write(f'Created token for user "{shown_name}"')
