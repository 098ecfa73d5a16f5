"""``{% load aether_kit %}``: the filters the kit's pages use, for a project's pages too."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.safestring import SafeString

from aether_kit.multitenancy.realms import realm_of_username, strip_realm
from aether_kit.pages.context_processors import current_realm
from aether_kit.pages.prettify import json_prettified

__all__ = ["accessible_widget", "form_field_id", "get_fullname", "prettified"]

register = template.Library()


@register.filter(name="get_fullname")
def get_fullname(user: Any, request: HttpRequest | None = None) -> str:
    """``"First Last"`` when both are set, else the username without its realm prefix.

    ``{{ request.user|get_fullname:request }}``. The realm stripped is the
    request's (``request.realm``), else the current realm, else the realm
    the stored username itself names: people never see ``eha__ana``.
    Autoescaping applies to the result as to any other string.
    """
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if first and last:
        return f"{first} {last}"
    username = user.get_username() if hasattr(user, "get_username") else str(user)
    realm = current_realm(request) or realm_of_username(username)
    return strip_realm(realm, username)


@register.filter(name="prettified")
def prettified(value: Any) -> SafeString:
    """``{{ data|prettified }}``: indented, highlighted JSON cut at ``PRETTIFIED_CUTOFF``."""
    return json_prettified(value)


@register.filter(name="accessible_widget")
def accessible_widget(field: BoundField) -> SafeString:
    """The field's input, pointing at its help text and errors (``aria-describedby``).

    The ids match ``aether_kit/includes/field.html``: ``<id>_help`` and
    ``<id>_errors``; an invalid field also carries ``aria-invalid="true"``.
    """
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter(name="form_field_id")
def form_field_id(name: str) -> str:
    """The element id of a DRF form field: ``"address.city"`` → ``"id_address-city"``."""
    return "id_" + "".join(c if c.isalnum() or c in "-_" else "-" for c in str(name))
