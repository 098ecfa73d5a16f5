"""System checks of the pages: templates that exist, and the context they need.

Ids ``aether_kit.E080`` to ``E082`` and ``W080`` to ``W082``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from aether_kit.conf.checking import CheckFunction, finding
from aether_kit.conf.kit_settings import kit_settings

__all__ = [
    "BRANDING_PROCESSOR",
    "CHECKS",
    "TEMPLATE_SETTINGS",
]

BRANDING_PROCESSOR = "aether_kit.pages.context_processors.branding"
# the path settings written before the pages package keep using
OLD_BRANDING_PROCESSOR = "aether_kit.context_processors.branding"
REQUEST_PROCESSOR = "django.template.context_processors.request"
DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"
# settings naming a page template; the Keycloak ones exist only where Keycloak is set up
TEMPLATE_SETTINGS = (
    "LOGIN_TEMPLATE",
    "LOGGED_OUT_TEMPLATE",
    "DRF_API_RENDERER_TEMPLATE",
    "DRF_ADMIN_RENDERER_TEMPLATE",
    "KEYCLOAK_TEMPLATE",
    "KEYCLOAK_BEHIND_TEMPLATE",
)


def check_page_templates(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name in TEMPLATE_SETTINGS:
        template = getattr(settings, name, None)
        if not template:
            continue
        try:
            get_template(template)
        except TemplateDoesNotExist:
            errors.append(
                Error(
                    f"{name} names the template {template!r}, which no template loader finds.",
                    hint=(
                        f"Create {template!r} in a templates directory, or unset {name} "
                        "to use the kit's page (with 'aether_kit' in INSTALLED_APPS)."
                    ),
                    id="aether_kit.E080",
                )
            )
        except TemplateSyntaxError as error:
            errors.append(
                Error(
                    f"{name} names the template {template!r}, which does not compile: {error}",
                    hint="Fix the template; the page cannot render until then.",
                    id="aether_kit.E081",
                )
            )
    return errors


def check_prettified_cutoff(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    value = kit_settings.PRETTIFIED_CUTOFF
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return []
    return [
        Error(
            f"PRETTIFIED_CUTOFF is {value!r}; it must be a whole number above 0.",
            hint="Set the PRETTIFIED_CUTOFF environment variable to a number such as 10000.",
            id="aether_kit.E082",
        )
    ]


def check_page_context_processors(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    backends = [
        t for t in getattr(settings, "TEMPLATES", []) if t.get("BACKEND") == DJANGO_TEMPLATES
    ]
    if not backends:
        return []
    processors = {
        processor
        for backend in backends
        for processor in backend.get("OPTIONS", {}).get("context_processors", [])
    }
    warnings: list[CheckMessage] = []
    warnings += finding(
        not processors & {BRANDING_PROCESSOR, OLD_BRANDING_PROCESSOR},
        "The kit's pages render without the app's name, logo and version: the "
        "branding context processor is not installed.",
        hint=f"Add '{BRANDING_PROCESSOR}' to TEMPLATES[...]['OPTIONS']['context_processors'].",
        id="aether_kit.W080",
        level=Warning,
    )
    warnings += finding(
        REQUEST_PROCESSOR not in processors,
        "The kit's pages need the request in their context (sign-in links, forms).",
        hint=f"Add '{REQUEST_PROCESSOR}' to TEMPLATES[...]['OPTIONS']['context_processors'].",
        id="aether_kit.W081",
        level=Warning,
    )
    return warnings


ADMIN_APP = "django.contrib.admin"
KIT_APP = "aether_kit"


def check_admin_branding(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return admin_branding_warnings(settings.INSTALLED_APPS)


def admin_branding_warnings(installed_apps: Sequence[str]) -> list[CheckMessage]:
    """The kit's ``admin/base_site.html`` is found only when the kit's app comes first."""
    apps = [app.split(".apps.")[0] for app in installed_apps]
    return finding(
        ADMIN_APP in apps and KIT_APP in apps and apps.index(KIT_APP) > apps.index(ADMIN_APP),
        "The Django admin shows Django's name and colours, not the app's: "
        f"'{ADMIN_APP}' comes before '{KIT_APP}' in INSTALLED_APPS, so its "
        "admin/base_site.html is found first.",
        hint=f"List '{KIT_APP}' before '{ADMIN_APP}' in INSTALLED_APPS.",
        id="aether_kit.W082",
        level=Warning,
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_page_templates, Tags.templates),
    (check_prettified_cutoff, Tags.templates),
    (check_page_context_processors, Tags.templates),
    (check_admin_branding, Tags.templates),
)
