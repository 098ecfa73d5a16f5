"""Realm-scoped querysets: filtered by the current realm, refusing to run without one.

The filter is added when the query is compiled to SQL (fetched, counted,
updated, deleted, used as a subquery or in a union), not when it is built, so a
``queryset = Project.objects.all()`` written at class level is filtered by the
realm of the request that evaluates it.

With multitenancy on and no realm set, evaluating raises
:class:`~aether_kit.multitenancy.context.RealmScopeError` (django-scopes'
rule): forgetting the realm is a loud programming error, never a silent leak
of every tenant's rows. The escape hatches are explicit and greppable:
``with realm_scope(ALL_REALMS):`` and ``Model.objects.unscoped()``.

Django's own plumbing keeps working without a realm: deletion cascades,
``refresh_from_db``, forward foreign keys (``task.project``) and ``save()``
use the plain base manager, and migrations get a plain manager because this
one is not ``use_in_migrations``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, sql

from aether_kit.conf import kit_settings

from .context import ALL_REALMS, RealmScopeError, get_current_realm
from .realms import validate_realm

__all__ = ["RealmManager", "RealmQuery", "RealmQuerySet", "realm_lookup"]

_M = TypeVar("_M", bound=models.Model)

# how a queryset is scoped: by the current realm when evaluated, or not at all
_AUTO = "auto"
_OFF = "off"


def realm_lookup(model: type[models.Model]) -> str:
    """The lookup path from ``model`` to its realm column (``realm``, ``project__realm``)."""
    lookup = getattr(model, "realm_lookup", None)
    if lookup is None:
        raise TypeError(f"{model.__name__} is not realm-scoped (no MtModelMixin)")
    return str(lookup())


class RealmQuery(sql.Query):
    """A query that adds its realm filter when compiled to SQL.

    Compiling is the one step every path to the database shares: fetching,
    counting, ``exists()``, subqueries (``Subquery``, ``Exists``, ``__in``)
    and each part of a ``union()``. The mode travels with clones.
    """

    realm_mode = _AUTO

    def apply_realm(self) -> None:
        if self.realm_mode != _AUTO:
            return
        if self.combinator or self.is_empty():
            self.realm_mode = _OFF  # each combined part is a RealmQuery of its own
            return
        if not kit_settings.MULTITENANCY:
            self.realm_mode = _OFF
            return
        realm = get_current_realm()
        if realm is ALL_REALMS:
            self.realm_mode = _OFF
            return
        model = self.model
        name = model.__name__ if model is not None else "?"
        if realm is None or model is None:
            raise RealmScopeError(
                f"A realm-scoped query on {name} ran with no realm set. "
                "In a request, install aether_kit.multitenancy.RealmMiddleware; elsewhere "
                "wrap the code in realm_scope('<realm>') or realm_scope(ALL_REALMS), or use "
                f"{name}.objects.unscoped() / .for_realm('<realm>'). "
                "For dumpdata pass --all."
            )
        self.realm_mode = _OFF  # applied once; clones inherit the filter itself
        self.add_q(Q(**{realm_lookup(model): realm}))

    def get_compiler(self, *args: Any, **kwargs: Any) -> Any:
        self.apply_realm()
        return super().get_compiler(*args, **kwargs)


class RealmQuerySet(models.QuerySet[_M]):
    """Scoped by :class:`RealmQuery`; ``update`` and ``delete`` apply the scope first."""

    def __init__(self, model: Any = None, query: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(model, RealmQuery(model) if query is None else query, *args, **kwargs)

    # -- public API ------------------------------------------------------------------------

    def unscoped(self) -> RealmQuerySet[_M]:
        """Every realm's rows: the explicit escape hatch for admin code and commands."""
        clone = self._chain()  # type: ignore[attr-defined]
        clone.query.realm_mode = _OFF
        return clone

    def for_realm(self, realm: str) -> RealmQuerySet[_M]:
        """The rows of ``realm``, whatever the current realm is."""
        return self.unscoped().filter(**{realm_lookup(self.model): validate_realm(realm)})

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        for obj in objs:
            fill = getattr(obj, "_fill_realm", None)
            if fill is not None:
                fill()
        return super().bulk_create(objs, *args, **kwargs)

    # -- writes turn the query into an UpdateQuery / DeleteQuery, and aggregates wrap it:
    # -- scope the queryset's own query first ----------------------------------------------

    def _apply_realm(self) -> None:
        apply_realm = getattr(self.query, "apply_realm", None)
        if apply_realm is not None:
            apply_realm()

    def count(self) -> int:
        if self._result_cache is None:
            self._apply_realm()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._apply_realm()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._apply_realm()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._apply_realm()
        return super().update(**kwargs)

    def _update(self, values: Any) -> Any:
        self._apply_realm()
        return super()._update(values)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._apply_realm()
        return super().delete()

    def _raw_delete(self, using: Any) -> Any:
        self._apply_realm()
        return super()._raw_delete(using)


class RealmManager(models.Manager.from_queryset(RealmQuerySet)):  # type: ignore[misc]
    """``objects`` of a realm-scoped model: see :class:`RealmQuerySet`."""

    use_in_migrations = False
