"""``FilteredMixin``: bulk delete and bulk partial update of a filtered list."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

__all__ = ["NO_VALUES_TO_UPDATE", "FilteredMixin"]

NO_VALUES_TO_UPDATE = "No values to update"


class FilteredMixin:
    """``DELETE …/filtered-delete/?<filters>`` and ``PATCH …/filtered-partial-update/?<filters>``.

    Both start from ``filter_queryset(get_queryset())`` — never a class-level
    queryset — so they touch only what a list with the same filters shows
    (the current realm's objects under ``MtViewSetMixin``). Each runs in one
    transaction: one invalid record and nothing is changed.
    """

    def get_filtered_queryset(self) -> Any:
        return self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]

    @action(detail=False, methods=["delete"], url_path="filtered-delete")
    def filtered_delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """204 when done; 409 when a protected relation forbids it (nothing deleted)."""
        try:
            with transaction.atomic():
                self.get_filtered_queryset().delete()
        except (ProtectedError, RestrictedError) as error:
            return Response({"detail": str(error.args[0])}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["patch"], url_path="filtered-partial-update")
    def filtered_partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """``{"updated": n}``; 400 with the reasons when a record would be invalid."""
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
