"""System checks of the multitenancy settings: ids aether_kit.E020-E029 and W010-W019."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.core.exceptions import FieldDoesNotExist

from aether_kit.conf import kit_settings
from aether_kit.conf.checking import CheckFunction, class_findings, finding
from aether_kit.conf.multitenancy import COOKIE_NAME_PATTERN, REALM_MIDDLEWARE
from aether_kit.realms.names import is_valid_realm

__all__ = [
    "CHECKS",
    "REALM_MIDDLEWARE",
    "check_default_realm",
    "check_mt_fields",
    "check_realm_cookie",
    "check_realm_middleware",
    "check_realm_middleware_order",
    "check_realm_resolvers",
    "check_rls_database",
    "check_rls_role",
]

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def check_realm_middleware(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return finding(
        kit_settings.MULTITENANCY and REALM_MIDDLEWARE not in settings.MIDDLEWARE,
        "Multitenancy is on but RealmMiddleware is not installed, so no request "
        "would have a realm and every realm-scoped view would refuse to answer.",
        hint=f"Add '{REALM_MIDDLEWARE}' to MIDDLEWARE after AuthenticationMiddleware.",
        id="aether_kit.E003",
    )


def check_default_realm(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    realm = kit_settings.DEFAULT_REALM
    return finding(
        not is_valid_realm(realm),
        f"DEFAULT_REALM is {realm!r}, which is not a valid realm name.",
        hint="Use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit, "
        "without '__'.",
        id="aether_kit.E004",
    )


def check_realm_resolvers(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    from .resolvers import RealmResolver

    paths = kit_settings.REALM_RESOLVERS
    if not isinstance(paths, (list, tuple)):
        return finding(
            True,
            f"REALM_RESOLVERS is {paths!r}; it must be a list of dotted paths.",
            hint="List RealmResolver subclasses, e.g. "
            "['aether_kit.multitenancy.resolvers.CookieResolver'].",
            id="aether_kit.E020",
        )
    errors: list[CheckMessage] = []
    for path in paths:
        errors += class_findings(
            "REALM_RESOLVERS",
            path,
            import_id="aether_kit.E021",
            hint="Fix the dotted path or remove it from REALM_RESOLVERS.",
            base=RealmResolver,
            type_id="aether_kit.E022",
            type_hint="Subclass aether_kit.multitenancy.RealmResolver and implement resolve().",
        )
    return errors


def check_realm_cookie(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    name = kit_settings.REALM_COOKIE
    return finding(
        not isinstance(name, str) or not COOKIE_NAME_PATTERN.fullmatch(name),
        f"REALM_COOKIE is {name!r}; it is sent as a cookie and a header name.",
        hint="Use letters, digits, '-' and '_', e.g. 'eha-realm'.",
        id="aether_kit.E023",
    )


def check_realm_middleware_order(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    if REALM_MIDDLEWARE not in middleware or AUTH_MIDDLEWARE not in middleware:
        return []
    return finding(
        middleware.index(REALM_MIDDLEWARE) < middleware.index(AUTH_MIDDLEWARE),
        "RealmMiddleware runs before AuthenticationMiddleware, so it cannot read "
        "the signed-in user's realm.",
        hint=f"Move '{REALM_MIDDLEWARE}' after '{AUTH_MIDDLEWARE}' in MIDDLEWARE.",
        id="aether_kit.W010",
        level=Warning,
    )


def _mt_field_problem(model: Any) -> str | None:
    """Why ``model.mt_field`` does not lead to a realm-scoped model, or None."""
    from .models import MtModelMixin

    if not model.mt_field:
        return "has no mt_field"
    current = model
    for name in model.mt_field.split("__"):
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return f"mt_field {model.mt_field!r}: {current.__name__} has no field {name!r}"
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return f"mt_field {model.mt_field!r}: {name!r} is not a forward foreign key"
        current = field.related_model
    if not issubclass(current, MtModelMixin):
        return f"mt_field {model.mt_field!r} ends at {current.__name__}, which has no MtModelMixin"
    return None


def check_mt_fields(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    from .models import MtModelChildMixin

    errors: list[CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, MtModelChildMixin):
            continue
        problem = _mt_field_problem(model)
        errors += finding(
            problem is not None,
            f"{model._meta.label} {problem}, so its rows cannot be scoped to a realm.",
            hint="Set mt_field to the path of forward foreign keys to a model with "
            "MtModelMixin, e.g. mt_field = 'project' or 'task__project'.",
            obj=model,
            id="aether_kit.E024",
        )
    return errors


def check_realm_exempt_paths(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    paths = kit_settings.REALM_EXEMPT_PATHS
    if isinstance(paths, (list, tuple)) and all(isinstance(path, str) for path in paths):
        return []
    return [
        Error(
            f"REALM_EXEMPT_PATHS is {paths!r}; it must be a list of endpoint paths.",
            hint="List paths under APP_URL without the prefix, e.g. ['health', 'check-db'].",
            id="aether_kit.E025",
        )
    ]


def _rls_on() -> bool:
    return bool(kit_settings.MULTITENANCY and kit_settings.MULTITENANCY_RLS)


def check_rls_database(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    """Row-level security is PostgreSQL's: on another database it protects nothing."""
    if not _rls_on():
        return []
    engine = settings.DATABASES.get("default", {}).get("ENGINE", "")
    if "postgresql" in engine:
        return []
    return [
        Warning(
            f"MULTITENANCY_RLS is on but the default database is {engine!r}; row-level "
            "security needs PostgreSQL, so only the ORM's realm filter applies.",
            hint="Use PostgreSQL (PGHOST …) or set MULTITENANCY_RLS=false.",
            id="aether_kit.W011",
        )
    ]


def _rls_tables() -> list[str]:
    """The tables of every realm-scoped model, children included."""
    from .models import MtModelChildMixin, MtModelMixin

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, (MtModelMixin, MtModelChildMixin))
        and not model._meta.proxy
        and model._meta.managed
    )


def check_rls_role(
    app_configs: Sequence[Any] | None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """With RLS on, the role must be bound by the policies and every table must have one.

    A database check: ``manage.py check --database default`` and ``migrate`` run it.
    """
    if not _rls_on():
        return []
    from django.db import connections

    errors: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
            role, superuser, bypass = cursor.fetchone()
            tables = _rls_tables()
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s) "
                "AND relrowsecurity AND relforcerowsecurity "
                "AND pg_catalog.pg_table_is_visible(oid)",
                [tables],
            )
            protected = {name for (name,) in cursor.fetchall()}
        if superuser or bypass:
            errors.append(
                Error(
                    f"MULTITENANCY_RLS is on but the role {role!r} of database {alias!r} "
                    f"bypasses row-level security ({'superuser' if superuser else 'BYPASSRLS'}).",
                    hint="Connect as a role without SUPERUSER and BYPASSRLS (ALTER ROLE … "
                    "NOSUPERUSER NOBYPASSRLS); keep the superuser for administration.",
                    id="aether_kit.E026",
                )
            )
        missing = [table for table in tables if table not in protected]
        if missing:
            errors.append(
                Error(
                    f"MULTITENANCY_RLS is on but these realm-scoped tables of database "
                    f"{alias!r} have no forced row-level security: {', '.join(missing)}.",
                    hint="Add aether_kit.multitenancy.rls.EnableRealmRLS operations for their "
                    "models to a migration and run migrate.",
                    id="aether_kit.E027",
                )
            )
    return errors


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_realm_middleware, Tags.security),
    (check_default_realm, Tags.compatibility),
    (check_realm_resolvers, Tags.compatibility),
    (check_realm_cookie, Tags.compatibility),
    (check_realm_middleware_order, Tags.security),
    (check_mt_fields, Tags.models),
    (check_realm_exempt_paths, Tags.compatibility),
    (check_rls_database, Tags.compatibility),
    (check_rls_role, Tags.database),
)
