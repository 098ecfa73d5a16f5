"""Realm-scoped querysets: filtered by the current realm, refusing to run without one.

The filter is added when the query is compiled to SQL (fetched, counted,
updated, deleted, used as a subquery or in a union), not when it is built, so a
``queryset = Project.objects.all()`` written at class level is filtered by the
realm of the request that evaluates it. It is added to a copy made for that
one evaluation: the queryset and query a caller holds (and the subqueries they
share with their clones) are never changed, and rows a queryset has fetched are
reused only in the realm that fetched them.

With multitenancy on and no realm set, evaluating raises
:class:`~aether_kit.realms.context.RealmScopeError` (django-scopes'
rule): forgetting the realm is a loud programming error, never a silent leak
of every tenant's rows. The escape hatches are explicit and greppable:
``with realm_scope(ALL_REALMS):`` and ``Model.objects.unscoped()``.

Django's own plumbing keeps working without a realm: deletion cascades,
``refresh_from_db``, forward foreign keys (``task.project``) and ``save()``
use the plain base manager, and migrations get a plain manager because this
one is not ``use_in_migrations``.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any, TypeVar, cast

from django.db import models
from django.db.models import Q, sql

from aether_kit.conf import kit_settings
from aether_kit.realms.context import ALL_REALMS, RealmScopeError, get_current_realm, realm_scope

from .realms import validate_realm
from .rls import rls_bypass

__all__ = ["RealmManager", "RealmQuery", "RealmQuerySet", "realm_lookup"]

_M = TypeVar("_M", bound=models.Model)

# how a queryset is scoped: by the current realm when evaluated, or not at all
_AUTO = "auto"
_OFF = "off"
_END = object()


def realm_lookup(model: type[models.Model]) -> str:
    """The lookup path from ``model`` to its realm column (``realm``, ``project__realm``)."""
    lookup = getattr(model, "realm_lookup", None)
    if lookup is None:
        raise TypeError(f"{model.__name__} is not realm-scoped (no MtModelMixin)")
    return str(lookup())


class RealmQuery(sql.Query):
    """A query that adds its realm filter when compiled to SQL, to a copy of itself.

    Compiling is the one step every path to the database shares: fetching,
    counting, ``exists()``, subqueries (``Subquery``, ``Exists``, ``__in``)
    and each part of a ``union()``. The filter goes into a clone made for that
    one compilation, never into ``self``: Django shares a subquery between all
    the clones of the query that holds it, and a queryset written at module or
    class level is evaluated in many realms, so a filter written into the query
    itself would answer the next realm with the rows of the first. The mode
    travels with clones.
    """

    realm_mode = _AUTO
    realm_bypass = False  # set by unscoped(): row-level security's bypass while it runs

    def scoped(self) -> sql.Query:
        """This query as the current realm may run it: a filtered clone, or ``self`` unchanged.

        Raises :class:`RealmScopeError` when multitenancy is on and no realm is set.
        """
        if self.realm_mode != _AUTO or not kit_settings.MULTITENANCY:
            return self
        if self.combinator or self.is_empty():
            return self  # each combined part is a RealmQuery of its own
        realm = get_current_realm()
        if realm is ALL_REALMS:
            return self
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
        clone = cast(RealmQuery, self.clone())
        clone.realm_mode = _OFF  # the clone carries the filter; compiling it adds no other
        _add_filter(clone, Q(**{realm_lookup(model): realm}))
        return clone

    def get_compiler(self, *args: Any, **kwargs: Any) -> Any:
        scoped = self.scoped()
        if scoped is not self:
            return scoped.get_compiler(*args, **kwargs)
        return super().get_compiler(*args, **kwargs)


def _add_filter(query: sql.Query, condition: Q) -> None:
    """Add ``condition`` to ``query`` (a private clone) without renaming an outer query's table.

    A join gets its table's bare name when the query has no alias for that
    table yet. In a correlated subquery that name can be the one by which the
    subquery already refers to the outer query's row (``OuterRef``), and the
    new join would silently take its place; those names are reserved for the
    call, so such a join gets a prefixed alias (``U2``) instead.
    """
    # clone() copies table_map but shares its lists: copy them before add_q appends aliases
    query.table_map = {table: list(aliases) for table, aliases in query.table_map.items()}
    reserved = [
        alias
        for alias, aliased in query.external_aliases.items()
        if not aliased and alias not in query.table_map
    ]
    for alias in reserved:
        query.table_map[alias] = [alias]
    query.add_q(condition)
    for alias in reserved:
        added = [name for name in query.table_map[alias] if name != alias]
        if added:
            query.table_map[alias] = added
        else:
            del query.table_map[alias]


class RealmQuerySet(models.QuerySet[_M]):
    """Scoped by :class:`RealmQuery`; writes and cached rows are scoped without changing ``self``.

    ``update()`` and raw deletes turn the query into an ``UpdateQuery`` /
    ``DeleteQuery``, which no longer adds the filter, so they run on a clone
    that already carries it. Fetched rows are reused only in the realm that
    fetched them: iterating a module-level queryset in realm ``b`` after realm
    ``a`` filled its cache runs the query again instead of answering with
    ``a``'s rows.
    """

    def __init__(self, model: Any = None, query: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(model, RealmQuery(model) if query is None else query, *args, **kwargs)

    # -- the result cache remembers the realm that filled it -------------------------------
    # Stored in __dict__ under Django's own name, so that __deepcopy__ (which resets
    # __dict__["_result_cache"]) and pickling keep working.

    @property
    def _result_cache(self) -> list[Any] | None:
        rows: list[Any] | None = self.__dict__.get("_result_cache")
        if rows is not None and self.__dict__.get("_result_realm") != get_current_realm():
            return None
        return rows

    @_result_cache.setter
    def _result_cache(self, rows: list[Any] | None) -> None:
        self.__dict__["_result_cache"] = rows
        self.__dict__["_result_realm"] = get_current_realm()

    # -- public API ------------------------------------------------------------------------

    def unscoped(self) -> RealmQuerySet[_M]:
        """Every realm's rows: the explicit escape hatch for admin code and commands.

        With ``MULTITENANCY_RLS`` on, the queryset also runs with the policies'
        bypass (:func:`~aether_kit.multitenancy.rls.rls_bypass`) whenever it is
        evaluated itself; used as a subquery of a scoped queryset it stays
        within the current realm's policy.
        """
        clone = self._chain()  # type: ignore[attr-defined]
        clone.query.realm_mode = _OFF
        clone.query.realm_bypass = True
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

    # -- evaluation: unscoped querysets run with row-level security's bypass -------------

    def _bypass(self) -> Any:
        return rls_bypass() if getattr(self.query, "realm_bypass", False) else nullcontext()

    def _fetch_all(self) -> None:
        with self._bypass():
            super()._fetch_all()

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Any:
        rows = super()._iterator(use_chunked_fetch, chunk_size)  # type: ignore[misc]
        while True:
            # the bypass is on only while a row is fetched, never while the caller holds it
            with self._bypass():
                row = next(rows, _END)
            if row is _END:
                return
            yield row

    def count(self) -> int:
        with self._bypass():
            return super().count()

    def exists(self) -> bool:
        with self._bypass():
            return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        with self._bypass():
            return super().aggregate(*args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        with self._bypass():
            return super().delete()

    def explain(self, *args: Any, **kwargs: Any) -> str:
        with self._bypass():
            return super().explain(*args, **kwargs)

    # -- writes: run on a clone whose query already carries the filter ---------------------
    # (count(), exists(), aggregate() and delete()'s fetch compile a RealmQuery: no override)

    def _scoped(self) -> RealmQuerySet[_M]:
        clone: RealmQuerySet[_M] = self._chain()  # type: ignore[attr-defined]
        scoped = getattr(clone.query, "scoped", None)
        if scoped is not None:
            clone.query = scoped()
        return clone

    def update(self, **kwargs: Any) -> int:
        with self._bypass():
            rows = super(RealmQuerySet, self._scoped()).update(**kwargs)
        self._result_cache = None  # as QuerySet.update() does for its own queryset
        return rows

    def _update(self, values: Any) -> Any:
        with self._bypass():
            rows = super(RealmQuerySet, self._scoped())._update(values)  # type: ignore[misc]
        self._result_cache = None
        return rows

    def _raw_delete(self, using: Any) -> Any:
        with self._bypass():
            return super(RealmQuerySet, self._scoped())._raw_delete(using)


class RealmManager(models.Manager.from_queryset(RealmQuerySet)):  # type: ignore[misc]
    """``objects`` of a realm-scoped model: see :class:`RealmQuerySet`."""

    use_in_migrations = False

    def _pre_save(self, sender: Any, instance: Any, using: Any, **kwargs: Any) -> None:
        """django-cacheops' pre-save hook (there only when cacheops is installed), in every realm.

        cacheops reads the stored row before a save to invalidate the queries
        that cached its old values. That row's realm need not be the saver's:
        outside any realm the read would raise, and in another realm it would
        miss and leave those queries cached with stale values.
        """
        hook = getattr(super(), "_pre_save", None)
        if hook is None:
            return
        with realm_scope(ALL_REALMS):
            hook(sender, instance, using, **kwargs)
