"""Pagination sized by PAGE_SIZE and capped at MAX_PAGE_SIZE: by page number, or by keyset."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.settings import api_settings

__all__ = ["CustomPagination", "KeysetPagination"]


def _sizes() -> tuple[int | None, int]:
    """PAGE_SIZE and MAX_PAGE_SIZE as configured now (not when the module was imported)."""
    options = api_settings.user_settings
    return options.get("PAGE_SIZE", api_settings.PAGE_SIZE), options.get("MAX_PAGE_SIZE", 5000)


class CustomPagination(PageNumberPagination):
    """``?page_size=N`` up to ``REST_FRAMEWORK['MAX_PAGE_SIZE']``.

    Sizes are read when a request is paginated, not when the module is
    imported, so ``override_settings`` and late configuration apply. A
    non-numeric, zero or negative ``page_size`` falls back to the default.
    """

    page_size_query_param = "page_size"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_size, self.max_page_size = _sizes()


class KeysetPagination(CursorPagination):
    """Pages that cost the same at page 1 and page 10,000 of a realm of a million rows.

    ``CustomPagination`` counts the realm's rows for every page and skips
    ``(page - 1) * page_size`` of them with ``OFFSET``: both grow with the
    realm. This one does neither: ``next`` and ``previous`` carry an opaque
    ``cursor`` holding the last row's ordering value, and a page is
    ``WHERE <ordering field> > <value> ORDER BY … LIMIT page_size + 1``, read
    from an index on ``(realm, <ordering>)`` (``realm_index``).

    Kept from the page-number contract: ``page_size`` (capped at
    ``MAX_PAGE_SIZE``), and ``next``, ``previous`` and ``results`` in the
    body. Not kept: ``count``, and page numbers: ``?page=1`` is page 1, any
    other page number is a 400 that says to follow ``next``.

    The order is the view's ``OrderingFilter`` choice when it has one, else
    the queryset's ``order_by()``, else the model's ``Meta.ordering``, else the
    primary key. The cursor's position is the first ordering field, which
    should be unique (``id``) or nearly so: rows that share a value are
    stepped over by an offset within that value.
    """

    page_size_query_param = "page_size"
    page_number_query_param = "page"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_size, self.max_page_size = _sizes()

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.refuse_page_numbers(request)
        return super().paginate_queryset(queryset, request, view)

    def refuse_page_numbers(self, request: Any) -> None:
        page = request.query_params.get(self.page_number_query_param)
        if page not in (None, "", "1"):
            raise ValidationError(
                {
                    self.page_number_query_param: "This list is paginated by cursor: "
                    "follow the 'next' and 'previous' links instead of page numbers."
                }
            )

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        self.ordering = self.default_ordering(queryset)  # an OrderingFilter's choice wins
        return tuple(super().get_ordering(request, queryset, view))

    def default_ordering(self, queryset: Any) -> tuple[str, ...]:
        """The queryset's ``order_by()``, else the model's ``Meta.ordering``, else the key."""
        ordering = tuple(str(field) for field in queryset.query.order_by)
        if not ordering:
            ordering = tuple(str(field) for field in queryset.model._meta.ordering or ())
        return ordering or ("pk",)
