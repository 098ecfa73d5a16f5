"""Paths as a service serves them: under ``APP_URL``, and behind the gateway.

Tests that write ``"/eha/my-service/projects/"`` by hand break when
``APP_URL`` or ``GATEWAY_SERVICE_ID`` changes; these helpers read both from
the settings at call time.
"""

from __future__ import annotations

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["app_path", "gateway_path", "public_gateway_path"]


def app_path(path: str = "") -> str:
    """``<APP_URL><path>``: ``app_path("projects/")`` → ``"/my-app/projects/"``."""
    return f"{kit_settings.APP_URL}{path.lstrip('/')}"


def gateway_path(realm: str, path: str = "", *, service_id: str | None = None) -> str:
    """``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/<path>``, the form the gateway forwards.

    ``service_id`` defaults to ``GATEWAY_SERVICE_ID``; with neither, the
    gateway is off and there is no such path, which is a mistake in the test.
    """
    service = service_id or kit_settings.GATEWAY_SERVICE_ID
    if not service:
        raise ValueError(
            "GATEWAY_SERVICE_ID is not set, so the service has no gateway paths; "
            "set it in the test settings or pass service_id=."
        )
    return app_path(f"{realm}/{service}/{path.lstrip('/')}")


def public_gateway_path(path: str = "", *, service_id: str | None = None) -> str:
    """The gateway path under the public realm (``GATEWAY_PUBLIC_REALM``): sign-in, admin."""
    return gateway_path(kit_settings.GATEWAY_PUBLIC_REALM, path, service_id=service_id)
