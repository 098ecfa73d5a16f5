from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig

# each area's system checks, registered by ready(): importing a checks module has no side effect
CHECK_MODULES = (
    "aether_kit.conf.checks",
    "aether_kit.external.checks",
    "aether_kit.ops.checks",
    "aether_kit.ops.install_checks",
    "aether_kit.multitenancy.checks",
    "aether_kit.gateway.checks",
    "aether_kit.auth.checks",
    "aether_kit.auth.apptoken.checks",
    "aether_kit.auth.keycloak.checks",
    "aether_kit.health.checks",
    "aether_kit.drf.checks",
    "aether_kit.pages.checks",
)


class AetherKitConfig(AppConfig):
    name = "aether_kit"
    label = "aether_kit"
    verbose_name = "aether_kit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .auth.keycloak import signals as keycloak_signals
        from .conf.checking import register_checks
        from .multitenancy import rls
        from .ops.sentry import init_sentry

        for module in CHECK_MODULES:
            register_checks(import_module(module).CHECKS)
        init_sentry()
        keycloak_signals.connect()
        rls.connect()
