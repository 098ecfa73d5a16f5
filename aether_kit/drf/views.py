"""``FilteredMixin``: bulk delete and bulk partial update of a filtered list.

A bulk write trusts its query string to say which rows it touches, so it reads
that query string strictly: a parameter nobody recognises (a typo, a filter the
view does not have) would otherwise be ignored and the write would reach every
row of the realm. Unknown parameters and a missing filter are refused before
anything is read or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from aether_kit.conf.env import BOOLEAN_WORDS, parse_bool

__all__ = [
    "NO_FILTER",
    "NO_VALUES_TO_UPDATE",
    "UNKNOWN_QUERY_PARAMETER",
    "FilteredMixin",
]

NO_VALUES_TO_UPDATE = "No values to update"
NO_FILTER = (
    "A bulk write needs at least one filter; add ?{param}=true to change every object you can see."
)
UNKNOWN_QUERY_PARAMETER = "Unknown query parameter: this view does not filter on it."

#: query parameters of the serializers' dynamic fields (``?fields=`` / ``?omit=``)
DYNAMIC_FIELDS_PARAMS = ("fields", "omit")


class FilteredMixin:
    """``DELETE …/filtered-delete/?<filters>`` and ``PATCH …/filtered-partial-update/?<filters>``.

    Both start from ``filter_queryset(get_queryset())`` — never a class-level
    queryset — so they touch only what a list with the same filters shows
    (the current realm's objects under ``MtViewSetMixin``). Each runs in one
    transaction: one invalid record and nothing is changed.

    Before that, the query string is checked: every parameter must be one the
    view knows (:meth:`get_known_query_params`), or the answer is 400 naming
    each unknown one; and at least one filtering parameter must have a value
    (:meth:`get_filter_query_params`), unless the caller sends
    ``?all=true`` or the view sets ``allow_unfiltered_bulk = True``.
    """

    #: the parameter that asks for a write to everything the caller can see
    bulk_all_param: str = "all"
    #: ``True``: a bulk write without a filter changes everything, as aether.sdk did
    allow_unfiltered_bulk: bool = False
    #: parameters the view's own ``get_queryset()`` filters on (no filter backend knows them)
    filter_query_params: Iterable[str] = ()

    # -- hooks: which parameters the view understands --------------------------------------

    def get_filter_query_params(self) -> set[str]:
        """Parameters that narrow the rows: the filter backends' and ``filter_query_params``.

        Each filter backend is asked through DRF's schema hook
        (``get_schema_operation_parameters``), which DRF's ``SearchFilter`` answers,
        and django-filter's ``DjangoFilterBackend`` through its filterset;
        ``OrderingFilter`` only sorts, so its parameter is known but is no filter.
        Override this (calling ``super()``) for a backend that does not describe its
        parameters.
        """
        params = set(self.filter_query_params)
        request = self.request  # type: ignore[attr-defined]
        for backend_class in self.filter_backends:  # type: ignore[attr-defined]
            backend = backend_class()
            if isinstance(backend, OrderingFilter):
                continue
            view: Any = self
            if isinstance(backend, SearchFilter) and not backend.get_search_fields(view, request):
                continue  # without search_fields, ?search= filters nothing
            params |= self.get_backend_query_params(backend)
        return params

    def get_backend_query_params(self, backend: Any) -> set[str]:
        """The parameter names a filter backend or paginator describes for this view."""
        describe = getattr(backend, "get_schema_operation_parameters", None)
        names = {parameter["name"] for parameter in describe(self)} if describe else set()
        return names | self.get_filterset_query_params(backend)

    def get_filterset_query_params(self, backend: Any) -> set[str]:
        """django-filter: the form's data keys, with the suffixes of multi-value widgets.

        A ``RangeFilter`` named ``size`` reads ``size_min`` and ``size_max``, which the
        schema hook does not list.
        """
        get_filterset_class = getattr(backend, "get_filterset_class", None)
        if get_filterset_class is None:
            return set()
        filterset_class = get_filterset_class(self, self.get_queryset())  # type: ignore[attr-defined]
        if filterset_class is None:
            return set()
        names = set()
        for name, filter_ in filterset_class.base_filters.items():
            names.add(name)
            widget = filter_.field.widget
            for suffix in getattr(widget, "suffixes", ()):
                names.add(f"{name}_{suffix}" if suffix else name)
        return names

    def get_known_query_params(self) -> set[str]:
        """Every parameter a bulk write accepts; anything else is a 400.

        The filters, the ordering, the paginator's parameters, the format override
        of the renderers, the dynamic fields' ``fields`` / ``omit`` and ``all``.
        A project whose views read other parameters extends this with ``super()``.
        """
        known = self.get_filter_query_params() | {self.bulk_all_param}
        for backend_class in self.filter_backends:  # type: ignore[attr-defined]
            if issubclass(backend_class, OrderingFilter):
                known.add(backend_class.ordering_param)
        paginator = self.paginator  # type: ignore[attr-defined]
        if paginator is not None:
            known |= self.get_backend_query_params(paginator)
        if api_settings.URL_FORMAT_OVERRIDE:
            known.add(api_settings.URL_FORMAT_OVERRIDE)
        known.update(DYNAMIC_FIELDS_PARAMS)
        return known

    # -- the checks ------------------------------------------------------------------------

    def check_bulk_query_params(self, request: Request) -> None:
        """400 naming every unknown parameter; 400 when nothing filters and ``all`` is not asked."""
        params = request.query_params
        unknown = sorted(set(params) - self.get_known_query_params())
        if unknown:
            raise ValidationError({name: [UNKNOWN_QUERY_PARAMETER] for name in unknown})
        asks_for_all = self.parse_all_param(params.get(self.bulk_all_param, ""))
        if self.allow_unfiltered_bulk or asks_for_all:
            return
        filters = self.get_filter_query_params()
        if not any(value.strip() for name in filters for value in params.getlist(name)):
            raise ValidationError({"detail": NO_FILTER.format(param=self.bulk_all_param)})

    def parse_all_param(self, value: str) -> bool:
        """The environment's boolean words (``true``/``1``/``yes``/``on``…); any other is a 400."""
        answer = parse_bool(value)
        if answer is None:
            raise ValidationError({self.bulk_all_param: [f"Expected {BOOLEAN_WORDS}."]})
        return answer

    def get_filtered_queryset(self) -> Any:
        return self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]

    # -- the actions -----------------------------------------------------------------------

    @action(detail=False, methods=["delete"], url_path="filtered-delete")
    def filtered_delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """``{"deleted": n, "objects": {label: n}}``; 409 when a protected relation forbids it.

        ``deleted`` counts the view's objects, ``objects`` every row the deletion
        removed, cascades included, by model label. Nothing is deleted on a 4xx.
        """
        self.check_bulk_query_params(request)
        queryset = self.get_filtered_queryset()
        try:
            with transaction.atomic():
                _total, per_model = queryset.delete()
        except (ProtectedError, RestrictedError) as error:
            return Response({"detail": str(error.args[0])}, status=status.HTTP_409_CONFLICT)
        deleted = per_model.get(queryset.model._meta.label, 0)
        return Response({"deleted": deleted, "objects": per_model}, status=status.HTTP_200_OK)

    @action(detail=False, methods=["patch"], url_path="filtered-partial-update")
    def filtered_partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """``{"updated": n}``; 400 with the reasons when a record would be invalid."""
        self.check_bulk_query_params(request)
        if not request.data:
            raise ValidationError({"detail": NO_VALUES_TO_UPDATE})
        updated = 0
        with transaction.atomic():
            for record in self.get_filtered_queryset():
                serializer = self.get_serializer(  # type: ignore[attr-defined]
                    record, data=request.data, partial=True
                )
                serializer.is_valid(raise_exception=True)
                self.perform_update(serializer)  # type: ignore[attr-defined]
                updated += 1
        return Response({"updated": updated}, status=status.HTTP_200_OK)
