"""Realm-scoped querysets: filtered by the current realm, refusing to run without one.

The filter is added when the queryset is *evaluated* (fetched, counted,
updated, deleted or used as a subquery), not when it is built, so a
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
from django.db.models import Q

from aether_kit.conf import kit_settings

from .context import ALL_REALMS, RealmScopeError, get_current_realm
from .realms import validate_realm

__all__ = ["RealmManager", "RealmQuerySet", "realm_lookup"]

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


class RealmQuerySet(models.QuerySet[_M]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._realm_mode = _AUTO

    def _clone(self) -> RealmQuerySet[_M]:
        clone: RealmQuerySet[_M] = super()._clone()  # type: ignore[misc]
        clone._realm_mode = self._realm_mode
        return clone

    # -- public API ------------------------------------------------------------------------

    def unscoped(self) -> RealmQuerySet[_M]:
        """Every realm's rows: the explicit escape hatch for admin code and commands."""
        clone = self._chain()  # type: ignore[attr-defined]
        clone._realm_mode = _OFF
        return clone

    def for_realm(self, realm: str) -> RealmQuerySet[_M]:
        """The rows of ``realm``, whatever the current realm is."""
        clone = self.unscoped().filter(**{realm_lookup(self.model): validate_realm(realm)})
        return clone

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        for obj in objs:
            fill = getattr(obj, "_fill_realm", None)
            if fill is not None:
                fill()
        return super().bulk_create(objs, *args, **kwargs)

    # -- the scope, applied on evaluation --------------------------------------------------

    def _apply_realm(self) -> None:
        if self._realm_mode != _AUTO or self.query.is_empty():
            return
        self._realm_mode = _OFF  # applied once; clones inherit the filter itself
        if not kit_settings.MULTITENANCY:
            return
        realm = get_current_realm()
        if realm is ALL_REALMS:
            return
        if realm is None:
            self._realm_mode = _AUTO
            raise RealmScopeError(
                f"A realm-scoped query on {self.model.__name__} ran with no realm set. "
                "In a request, install aether_kit.multitenancy.RealmMiddleware; elsewhere "
                "wrap the code in realm_scope('<realm>') or realm_scope(ALL_REALMS), or use "
                f"{self.model.__name__}.objects.unscoped() / .for_realm('<realm>'). "
                "For dumpdata pass --all."
            )
        self.query.add_q(Q(**{realm_lookup(self.model): realm}))

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._apply_realm()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._apply_realm()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._apply_realm()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._apply_realm()
        return super().exists()

    def contains(self, obj: models.Model) -> bool:
        if self._result_cache is None:
            self._apply_realm()
        return super().contains(obj)

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

    def in_bulk(self, *args: Any, **kwargs: Any) -> dict[Any, _M]:
        self._apply_realm()
        return super().in_bulk(*args, **kwargs)

    def explain(self, *args: Any, **kwargs: Any) -> str:
        self._apply_realm()
        return super().explain(*args, **kwargs)

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        # used as a subquery: ``Task.objects.filter(project__in=Project.objects.all())``
        self._apply_realm()
        return super().resolve_expression(*args, **kwargs)


class RealmManager(models.Manager.from_queryset(RealmQuerySet)):  # type: ignore[misc]
    """``objects`` of a realm-scoped model: see :class:`RealmQuerySet`."""

    use_in_migrations = False
