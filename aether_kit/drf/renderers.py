"""DRF's browsable API and admin renderers dressed in the kit's branded pages.

The template is read from ``DRF_API_RENDERER_TEMPLATE`` /
``DRF_ADMIN_RENDERER_TEMPLATE`` when a response is rendered, not when the
module is imported, so ``override_settings`` and late settings both apply.
"""

from __future__ import annotations

from typing import Any

from rest_framework import renderers

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["AdminRenderer", "BrowsableAPIRenderer", "HTMLFormRenderer", "head_only_actions"]


class HTMLFormRenderer(renderers.HTMLFormRenderer):
    """DRF's HTML forms in the kit's template pack: labelled inputs, no inline style.

    DRF asks for its Bootstrap "horizontal" pack, whose labels name no input;
    this renderer swaps in ``aether_kit/drf_form/``. A field that sets its own
    ``template`` or ``template_pack`` in ``style`` keeps it.
    """

    template_pack = "aether_kit/drf_form/"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> str:
        context = dict(renderer_context or {})
        context["style"] = {**context.get("style", {}), "template_pack": self.template_pack}
        return str(super().render(data, accepted_media_type, context))


def head_only_actions(view: Any) -> list[str]:
    """Names of the view's extra actions that answer HEAD alone (``is-accessible``).

    DRF shows every extra action as a link, which a browser follows with GET: an
    action that answers only HEAD would answer 405. The kit's page sends those
    with HEAD instead and shows the status line.
    """
    extra_actions = getattr(view, "get_extra_actions", None)
    if extra_actions is None:
        return []
    names = []
    for action in extra_actions():
        methods = {method.lower() for method in getattr(action, "mapping", {})}
        if methods == {"head"}:
            names.append(view.__class__(**action.kwargs).get_view_name())
    return names


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """``rest_framework.renderers.BrowsableAPIRenderer`` with the kit's page and forms."""

    form_renderer_class = HTMLFormRenderer

    def get_context(self, data: Any, accepted_media_type: Any, renderer_context: Any) -> Any:
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["head_only_actions"] = head_only_actions(renderer_context["view"])
        return context

    @property
    def template(self) -> str:  # type: ignore[override]
        return str(kit_settings.DRF_API_RENDERER_TEMPLATE)

    def get_extra_actions(self, view: Any, status_code: int) -> dict[str, str] | None:
        """The "Extra Actions" menu, each link under the gateway prefix the page came in by.

        DRF builds these links with its own ``reverse``, which knows nothing of the
        ``/<realm>/<service-id>/`` prefix: through the gateway they would answer 404.
        """
        from aether_kit.gateway.reverse import keep_gateway_prefix

        actions = super().get_extra_actions(view, status_code)
        if not actions:
            return actions
        request = getattr(view, "request", None)
        return {name: keep_gateway_prefix(url, request) for name, url in actions.items()}


class AdminRenderer(renderers.AdminRenderer):
    """``rest_framework.renderers.AdminRenderer`` with the kit's page and forms."""

    form_renderer_class = HTMLFormRenderer

    @property
    def template(self) -> str:  # type: ignore[override]
        return str(kit_settings.DRF_ADMIN_RENDERER_TEMPLATE)
