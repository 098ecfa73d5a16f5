from __future__ import annotations

from django.apps import AppConfig


class AetherKitConfig(AppConfig):
    name = "aether_kit"
    label = "aether_kit"
    verbose_name = "aether_kit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # registering the checks is the import's only effect
        from .auth.apptoken import checks as apptoken_checks  # noqa: F401
        from .auth.keycloak import checks as keycloak_checks  # noqa: F401
        from .auth.keycloak import signals as keycloak_signals
        from .conf import checks  # noqa: F401
        from .external import checks as external_checks  # noqa: F401
        from .gateway import checks as gateway_checks  # noqa: F401
        from .multitenancy import checks as multitenancy_checks  # noqa: F401
        from .ops import checks as ops_checks  # noqa: F401
        from .ops import install_checks  # noqa: F401
        from .ops.sentry import init_sentry
        from .pages import checks as page_checks  # noqa: F401

        init_sentry()
        keycloak_signals.connect()
