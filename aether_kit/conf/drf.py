"""REST_FRAMEWORK with aether.sdk's defaults and validated page sizes."""

from __future__ import annotations

from typing import Any

from .env import Env

__all__ = ["configure_drf"]


def configure_drf(env: Env) -> dict[str, Any]:
    """DRF settings: JSON first, gateway/token/session/basic auth, authenticated by default.

    ``MAX_PAGE_SIZE`` below ``PAGE_SIZE`` is reported here and by the system
    check ``aether_kit.E001`` (for settings written by hand).
    """
    with env.collect_errors():
        page_size = env.int("PAGE_SIZE", 10, min_value=1)
        max_page_size = env.int("MAX_PAGE_SIZE", 5000, min_value=1)
        if max_page_size < page_size:
            env.error(
                "MAX_PAGE_SIZE",
                f"{max_page_size} is smaller than PAGE_SIZE ({page_size})",
                None,
            )
        html_select_cutoff = env.int("HTML_SELECT_CUTOFF", 100, min_value=1)
    return {
        "REST_FRAMEWORK": {
            "DEFAULT_RENDERER_CLASSES": [
                "rest_framework.renderers.JSONRenderer",
                "rest_framework.renderers.BrowsableAPIRenderer",
            ],
            "DEFAULT_PARSER_CLASSES": [
                # DRF's, with a nesting limit: a deep body is a 400, not a RecursionError
                "aether_kit.drf.parsers.JSONParser",
                "rest_framework.parsers.FormParser",
                "rest_framework.parsers.MultiPartParser",
            ],
            # the gateway's token first: the class steps aside (returns None) while
            # GATEWAY_SERVICE_ID is unset and for requests that did not come through it.
            # DRF answers 401 (not 403) to an anonymous call only when the first class
            # names a WWW-Authenticate challenge; the gateway's and Token's do, without
            # the browser's Basic-auth pop-up that a Basic challenge would open on the
            # browsable API. Token and Basic keep users inside the request's realm
            # (DRF's own with multitenancy off)
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "aether_kit.gateway.GatewayAuthentication",
                "aether_kit.auth.authentication.RealmTokenAuthentication",
                "rest_framework.authentication.SessionAuthentication",
                "aether_kit.auth.authentication.RealmBasicAuthentication",
            ],
            "DEFAULT_PERMISSION_CLASSES": [
                "rest_framework.permissions.IsAuthenticated",
            ],
            "DEFAULT_FILTER_BACKENDS": [
                "rest_framework.filters.SearchFilter",
                "rest_framework.filters.OrderingFilter",
            ],
            "DEFAULT_PAGINATION_CLASS": "aether_kit.drf.pagination.CustomPagination",
            "PAGE_SIZE": page_size,
            "MAX_PAGE_SIZE": max_page_size,
            "HTML_SELECT_CUTOFF": html_select_cutoff,
        },
        "DRF_DYNAMIC_FIELDS": {"SUPPRESS_CONTEXT_WARNING": True},
    }
