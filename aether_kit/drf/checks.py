"""System checks of the DRF settings the kit's pagination reads (``aether_kit.E001``, ``E002``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags

from aether_kit.conf.checking import CheckFunction, finding, is_number

__all__ = ["CHECKS", "check_page_sizes"]


def check_page_sizes(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    page_size, max_page_size = drf.get("PAGE_SIZE"), drf.get("MAX_PAGE_SIZE")
    errors: list[CheckMessage] = []
    for name, value in (("PAGE_SIZE", page_size), ("MAX_PAGE_SIZE", max_page_size)):
        errors += finding(
            value is not None and not is_number(value, above=True, whole=True),
            f"REST_FRAMEWORK['{name}'] is {value!r}; it must be a whole number above 0.",
            hint=f"Set the {name} environment variable to a number such as 10.",
            id="aether_kit.E002",
        )
    both_valid = not errors and is_number(page_size, above=True, whole=True)
    both_valid = both_valid and is_number(max_page_size, above=True, whole=True)
    return errors or finding(
        both_valid and max_page_size < page_size,  # type: ignore[operator]
        f"REST_FRAMEWORK['MAX_PAGE_SIZE'] ({max_page_size}) is smaller than "
        f"REST_FRAMEWORK['PAGE_SIZE'] ({page_size}).",
        hint="Raise MAX_PAGE_SIZE or lower PAGE_SIZE.",
        id="aether_kit.E001",
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = ((check_page_sizes, Tags.compatibility),)
