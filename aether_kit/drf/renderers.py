"""DRF's browsable API and admin renderers dressed in the kit's branded pages.

The template is read from ``DRF_API_RENDERER_TEMPLATE`` /
``DRF_ADMIN_RENDERER_TEMPLATE`` when a response is rendered, not when the
module is imported, so ``override_settings`` and late settings both apply.
"""

from __future__ import annotations

from rest_framework import renderers

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["AdminRenderer", "BrowsableAPIRenderer"]


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """``rest_framework.renderers.BrowsableAPIRenderer`` with the kit's page."""

    @property
    def template(self) -> str:  # type: ignore[override]
        return str(kit_settings.DRF_API_RENDERER_TEMPLATE)


class AdminRenderer(renderers.AdminRenderer):
    """``rest_framework.renderers.AdminRenderer`` with the kit's page."""

    @property
    def template(self) -> str:  # type: ignore[override]
        return str(kit_settings.DRF_ADMIN_RENDERER_TEMPLATE)
