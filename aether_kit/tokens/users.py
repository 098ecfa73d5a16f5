"""From verified claims to a Django user: ``<realm>__<preferred_username>`` in the realm group.

Steady state costs one read and no write: the user and its realm membership
come from a single query, and name or e-mail are saved only when a claim
changed them. A first-time user costs that read and, in one transaction, the
user's row and its membership's row. The Keycloak sign-in shares the rules of
:func:`username_fits` and :func:`profile_from_claims`, so a user is the same
whichever way it came.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, router, transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.multitenancy.realms import provider_username
from aether_kit.multitenancy.users import add_user_to_realm, realm_group

from .identity_cache import identity_cache
from .verifier import TokenRejected

__all__ = [
    "GatewayUserMapper",
    "profile_from_claims",
    "username_fits",
    "username_from_claims",
    "username_max_length",
]

logger = logging.getLogger(__name__)

# claim -> user field, as Keycloak names them
PROFILE_CLAIMS = {"given_name": "first_name", "family_name": "last_name", "email": "email"}

# stand-ins for the username and the realm while the find-user query is compiled
_USERNAME = "\x00username\x00"
_REALM = "\x00realm\x00"


class _CompiledFindUser:
    """The find-user query's SQL, compiled once per user model and database.

    Compiling the query (a filter and an ``Exists`` subquery) costs the ORM
    several times what running it costs, and each token of a user the process
    does not remember runs it. The SQL is compiled with stand-in values, which
    the parameters of each run replace; when the stand-ins do not come out as
    given (a custom username field that rewrites its value), there is no
    compiled form and the ORM builds the query each time.
    """

    def __init__(self) -> None:
        self._compiled: dict[tuple[Any, str], tuple[str, list[Any]] | None] = {}
        self._lock = threading.Lock()

    def run(self, model: Any, queryset_for: Any, username: str, realm: str) -> Any:
        db = router.db_for_read(model)
        key = (model, db)
        with self._lock:
            if key not in self._compiled:
                self._compiled[key] = self._compile(queryset_for(_USERNAME, _REALM).using(db))
            compiled = self._compiled[key]
        if compiled is None:
            return queryset_for(username, realm).using(db).first()
        sql, slots = compiled
        values = {_USERNAME: username, _REALM: realm}
        params = [values.get(slot, slot) if isinstance(slot, str) else slot for slot in slots]
        for user in model._default_manager.raw(sql, params, using=db):
            user.in_realm = bool(user.in_realm)  # SQLite answers EXISTS with 0 or 1
            return user
        return None

    @staticmethod
    def _compile(queryset: Any) -> tuple[str, list[Any]] | None:
        if queryset.query.is_empty():
            return None
        sql, params = queryset.order_by("pk")[:1].query.sql_with_params()
        if [param for param in params if param in (_USERNAME, _REALM)] not in (
            [_USERNAME, _REALM],
            [_REALM, _USERNAME],
        ):
            return None
        return sql, list(params)


_find_user = _CompiledFindUser()


def _user_field(name: str) -> Any:
    """The user model's field ``name``, or None for a custom model without it."""
    try:
        return get_user_model()._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def username_max_length() -> int | None:
    """How long a stored username may be (150 for Django's user), prefix included."""
    return getattr(_user_field(get_user_model().USERNAME_FIELD), "max_length", None)


def username_fits(username: str) -> bool:
    """Whether the user model can store ``username``.

    ``<realm>__`` comes on top of Keycloak's own name, which may be long: a name
    over the column's length is a database error on PostgreSQL (a 500), and SQLite
    would store it silently, so the limit is checked here, the same on both.
    """
    limit = username_max_length()
    return limit is None or len(username) <= limit


def profile_from_claims(claims: dict[str, Any]) -> dict[str, str]:
    """User fields from the profile claims present, cut to their columns.

    An absent claim (or one that is not a string) leaves its field alone: Keycloak
    leaves out what a user never filled in, or what a client's scope does not ask
    for, and that is no reason to blank what the service knows.
    """
    profile: dict[str, str] = {}
    for claim, field_name in PROFILE_CLAIMS.items():
        value = claims.get(claim)
        field = _user_field(field_name)
        if not isinstance(value, str) or field is None:
            continue
        max_length = getattr(field, "max_length", None)
        profile[field_name] = value[:max_length] if max_length else value
    return profile


def username_from_claims(claims: dict[str, Any], *, fallback: bool = True) -> str | None:
    """The user's name: the claim ``KEYCLOAK_USERNAME_CLAIM`` names, else ``sub``.

    Keycloak puts ``preferred_username`` in every token; a standard provider may
    leave it out of access tokens (RFC 9068 does not list it), and then the
    stable ``sub`` stands in, unless ``fallback`` is False (the sign-in asks
    userinfo first). None when neither is a non-blank string.
    """
    names = [claims.get(str(kit_settings.KEYCLOAK_USERNAME_CLAIM))]
    if fallback:
        names.append(claims.get("sub"))
    for name in names:
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


class GatewayUserMapper:
    """Finds or creates the user a token stands for; override a step to change one rule.

    A user found or created is remembered (``identity_cache``) for
    ``GATEWAY_TOKEN_CACHE_TTL`` seconds: the user's next new token, with the
    same profile claims, skips ``find_user`` and ``update_user``. Saving,
    deleting or regrouping the user in this process forgets it at once.
    """

    def get_user(self, claims: dict[str, Any], realm: str) -> Any:
        username = self.get_username(claims, realm)
        if not username_fits(username):
            raise TokenRejected(
                "The user name is too long for this service "
                f"(at most {username_max_length()} characters with the realm prefix).",
                status=403,
                code="username_too_long",
            )
        profile = self.get_profile(claims)
        user = identity_cache.get_user(realm, username, profile)
        if user is not None:
            return user  # active, in the realm, profile unchanged: as find_user would say
        user = self.find_user(username, realm)
        if user is None:
            user = self.create_user(username, claims, realm)
        else:
            self.update_user(user, claims)
            if not user.in_realm:
                add_user_to_realm(user, realm)
        if not user.is_active:
            raise TokenRejected("This account is disabled.", status=403, code="inactive_user")
        identity_cache.put_user(realm, username, user, profile)
        return user

    def get_username(self, claims: dict[str, Any], realm: str) -> str:
        """``KEYCLOAK_USERNAME_CLAIM`` (``preferred_username``), else ``sub``: see
        :func:`username_from_claims`."""
        name = username_from_claims(claims)
        if name is None:
            claim = kit_settings.KEYCLOAK_USERNAME_CLAIM
            raise TokenRejected(f"The token names no user ({claim} or sub).", code="no_user")
        return provider_username(realm, name)

    def find_user(self, username: str, realm: str) -> Any:
        """The user with ``username`` and whether it is in the realm group (``in_realm``),
        in one query compiled once."""
        model = get_user_model()

        def queryset_for(username: str, realm: str) -> Any:
            membership = model.groups.through.objects.filter(
                **{model.groups.field.m2m_field_name(): OuterRef("pk")},
                group__name=realm,
            )
            return model._default_manager.filter(**{model.USERNAME_FIELD: username}).annotate(
                in_realm=Exists(membership)
            )

        return _find_user.run(model, queryset_for, username, realm)

    def get_profile(self, claims: dict[str, Any]) -> dict[str, str]:
        """User fields from the claims present; an absent claim leaves its field alone."""
        return profile_from_claims(claims)

    def create_user(self, username: str, claims: dict[str, Any], realm: str) -> Any:
        """The new user and its membership, in one transaction: two rows written."""
        model = get_user_model()
        group_id = self.realm_group_id(realm)
        user = model(**{model.USERNAME_FIELD: username}, **self.get_profile(claims))
        user.set_unusable_password()  # signs in through Keycloak only
        try:
            with transaction.atomic(using=router.db_for_write(model)):
                user.save()
                self.join_new_user(user, group_id)
        except IntegrityError:
            # another request created the same user a moment ago (or the group is gone)
            identity_cache.forget_groups()
            existing = self.find_user(username, realm)
            if existing is None:
                raise
            if not existing.in_realm:
                add_user_to_realm(existing, realm)
            return existing
        logger.info("Created user %s for realm %s from a gateway token", username, realm)
        return user

    def realm_group_id(self, realm: str) -> Any:
        """The pk of ``realm``'s group (created on first use), remembered once committed.

        Read outside the new user's transaction: with autocommit the row read
        is committed, so it is remembered at once; inside a transaction it is
        remembered when that commits, never if it rolls back.
        """
        group_id = identity_cache.get_group(realm)
        if group_id is None:
            group = realm_group(realm)
            group_id = group.pk
            transaction.on_commit(
                partial(identity_cache.put_group, realm, group_id),
                using=router.db_for_write(type(group)),
            )
        return group_id

    def join_new_user(self, user: Any, group_id: Any) -> None:
        """Put a user created in this transaction in the group ``group_id``: one INSERT.

        ``user.groups.add`` would first read which of the groups the user is
        in, and a user created a moment ago is in none. ``m2m_changed`` is sent
        as ``add`` sends it, so its listeners see the same.
        """
        related = type(user).groups
        through = related.through
        source, target = related.field.m2m_field_name(), related.field.m2m_reverse_field_name()
        db = router.db_for_write(through, instance=user)
        pk_set = {group_id}
        signal = {
            "sender": through,
            "instance": user,
            "reverse": False,
            "model": related.field.related_model,
            "pk_set": pk_set,
            "using": db,
        }
        m2m_changed.send(action="pre_add", **signal)
        membership = through(**{f"{source}_id": user.pk, f"{target}_id": group_id})
        through._default_manager.using(db).bulk_create([membership])
        m2m_changed.send(action="post_add", **signal)

    def update_user(self, user: Any, claims: dict[str, Any]) -> None:
        changed: list[str] = []
        for field_name, value in self.get_profile(claims).items():
            if getattr(user, field_name) != value:
                setattr(user, field_name, value)
                changed.append(field_name)
        if changed:
            user.save(update_fields=changed)
