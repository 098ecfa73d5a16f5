"""Serializer fields: realm-keeping hyperlinks and realm-prefixed usernames."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rest_framework import serializers

from aether_kit.gateway.fields import (
    GatewayHyperlinkedIdentityField,
    GatewayHyperlinkedRelatedField,
)
from aether_kit.multitenancy.realms import realm_username, strip_realm
from aether_kit.multitenancy.scoping import request_realm

__all__ = [
    "FilteredHyperlinkedRelatedField",
    "HyperlinkedIdentityField",
    "HyperlinkedRelatedField",
    "UserNameField",
    "UsernameField",
]


# links that stay under the gateway's ``/<realm>/<service>/`` prefix (one implementation)
HyperlinkedRelatedField = GatewayHyperlinkedRelatedField
HyperlinkedIdentityField = GatewayHyperlinkedIdentityField


class FilteredHyperlinkedRelatedField(HyperlinkedRelatedField):
    """A reverse relation shown as a filtered list link: ``/tasks/?project=<pk>``.

    Use it on a to-many relation with ``source`` the related manager and
    ``lookup_field`` the list's filter parameter; one link, no query per row.
    """

    def __init__(self, view_name: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(view_name, **kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def get_url(self, obj: Any, view_name: str, request: Any, format: str | None) -> str:
        base = self.reverse(view_name, kwargs={}, request=request, format=format)
        return with_query(base, {self.lookup_field: obj.pk})


def with_query(url: str, params: dict[str, Any]) -> str:
    """``url`` with ``params`` in its query, beside (or instead of) what it already carries.

    DRF's ``reverse`` keeps the request's ``?format=json``; pasting ``?project=1``
    after it would make ``format`` read ``json?project=1`` and lose the filter.
    """
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in params]
    query += [(key, str(value)) for key, value in params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


class UsernameField(serializers.CharField):
    """Shows ``ana`` for the stored ``<realm>__ana``; stores what it receives with the prefix."""

    def to_representation(self, value: Any) -> str:
        return strip_realm(request_realm(self.context.get("request")), str(value))

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        return realm_username(request_realm(self.context.get("request")), value)


class UserNameField(serializers.ReadOnlyField):
    """A user's readable name: first and last name, else the username without its realm."""

    def to_representation(self, value: Any) -> str:
        if getattr(value, "first_name", "") and getattr(value, "last_name", ""):
            return f"{value.first_name} {value.last_name}"
        realm = request_realm(self.context.get("request"))
        return strip_realm(realm, value.get_username())
