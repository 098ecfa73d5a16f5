"""Abstract models for realm-scoped data.

``MtModelMixin`` keeps the realm in an indexed column on the model's own
table, so scoping a query is a ``WHERE realm = %s`` on an index, not a join
through a side table. ``MtModelChildMixin`` is for models whose realm is the
one of a parent reached through foreign keys (``mt_field = "project"`` or
deeper, ``"task__project"``); their queries filter on ``<mt_field>__realm``
in the same SQL statement, never with a query per object.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from aether_kit.conf import kit_settings
from aether_kit.realms.context import RealmScopeError, get_current_realm

from .querysets import RealmManager
from .realms import validate_realm
from .rls import rls_bypass

__all__ = ["MtModelChildMixin", "MtModelMixin", "realm_index"]


def realm_index(*ordering: str, name: str) -> models.Index:
    """An index on ``(realm, *ordering)`` for a model's ``Meta.indexes``.

    The realm's list is then read in order from the index, page after page,
    instead of finding every row of the realm and sorting them: page 1 of a
    realm of a million rows costs what it costs in a realm of a thousand.
    Pass the model's default ordering (``realm_index("id", name=…)``,
    ``realm_index("-created", "id", name=…)``).
    """
    if not ordering:
        raise TypeError("realm_index() needs the ordering the index serves, e.g. 'id'")
    return models.Index(fields=["realm", *ordering], name=name)


class MtModelMixin(models.Model):
    """A model whose rows each belong to one realm.

    ``realm`` is filled on save from the current realm; while multitenancy is
    off it is ``DEFAULT_REALM``, so data created before multitenancy was
    switched on belongs to the default realm afterwards.
    """

    realm = models.CharField(_("realm"), max_length=63, db_index=True, editable=False)

    objects = RealmManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._fill_realm()
        super().save(*args, **kwargs)

    @classmethod
    def realm_lookup(cls) -> str:
        return "realm"

    def _fill_realm(self) -> None:
        if self.realm:
            return
        current = get_current_realm()
        if isinstance(current, str):
            self.realm = current
        elif not kit_settings.MULTITENANCY:
            self.realm = kit_settings.DEFAULT_REALM
        else:
            raise RealmScopeError(
                f"{type(self).__name__} saved with no realm: set its realm, call "
                "add_to_realm(), or save it inside realm_scope('<realm>')."
            )

    def add_to_realm(self, realm: str) -> None:
        """Move the object to ``realm`` (saved at once when it already exists)."""
        self.realm = validate_realm(realm)
        if self.pk is not None:
            with rls_bypass():  # a move between realms is outside any one realm's policy
                type(self)._base_manager.filter(pk=self.pk).update(realm=self.realm)

    def get_realm(self) -> str:
        return self.realm or kit_settings.DEFAULT_REALM

    def is_accessible(self, realm: str | None) -> bool:
        """Whether a request in ``realm`` may see this object (always, without multitenancy)."""
        if not kit_settings.MULTITENANCY:
            return True
        return realm is not None and self.get_realm() == realm


class MtModelChildMixin(models.Model):
    """A model whose realm is its parent's: declare ``mt_field`` (a lookup path)."""

    mt_field: ClassVar[str] = ""

    objects = RealmManager()

    class Meta:
        abstract = True

    @classmethod
    def realm_lookup(cls) -> str:
        if not cls.mt_field:
            raise TypeError(f"{cls.__name__} needs mt_field, the path to its realm-scoped parent")
        return f"{cls.mt_field}__realm"

    def get_mt_instance(self) -> MtModelMixin:
        """The realm-scoped ancestor, following ``mt_field`` through forward relations."""
        obj: Any = self
        for name in type(self).mt_field.split("__"):
            obj = getattr(obj, name)
        return obj

    def get_realm(self) -> str:
        return self.get_mt_instance().get_realm()

    def is_accessible(self, realm: str | None) -> bool:
        return self.get_mt_instance().is_accessible(realm)
