"""Django admin for realm-scoped models: staff choose the realm of what they create.

Staff on the admin site work across every realm (``AdminSiteResolver``), so
an object created there has no current realm to inherit. ``MtModelAdmin``
adds a validated ``realm`` field to the form; the column itself stays
non-editable, so no serializer or model form exposes it by accident.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets

from .realms import REALM_RULE, InvalidRealm, validate_realm

__all__ = ["MtModelAdmin", "RealmAdminForm"]


class RealmAdminForm(forms.ModelForm):
    realm = forms.CharField(max_length=63, help_text=REALM_RULE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["realm"].initial = self.instance.realm

    def clean_realm(self) -> str:
        try:
            return validate_realm(self.cleaned_data["realm"])
        except InvalidRealm as error:
            raise forms.ValidationError(str(error)) from error

    def save(self, commit: bool = True) -> Any:
        self.instance.realm = self.cleaned_data["realm"]
        return super().save(commit=commit)


class MtModelAdmin(admin.ModelAdmin):
    """``admin.site.register(Project, MtModelAdmin)``: lists show and filter by realm."""

    form = RealmAdminForm
    list_filter = ("realm",)

    def get_list_display(self, request: Any) -> Any:
        fields = list(super().get_list_display(request))
        return fields if "realm" in fields else [*fields, "realm"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # the model's realm column is not editable: the form's own field stands in for it
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "realm"]
        return super().get_form(request, obj, change, **kwargs)
